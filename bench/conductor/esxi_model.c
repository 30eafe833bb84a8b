// SPDX-License-Identifier: GPL-2.0-only
/*
 * A model of ESXi's balloon policy on the embedded host, for the emulated
 * VMware guest: its govc stand-in sets the VM's memory limit and reads
 * quickStats over the results channel ("esxi limit=N", "esxi stats"), and
 * every balance period the model sets the device's target to the VM's
 * touched memory above the limit, or to what the host's contention asks
 * of the VM ("esxi demand=N", from the rehearsal's contention loop),
 * whichever is more; the device caps it as ESXi does (max-percent).  It
 * is a model, and the results say so: ESXi's real policy weighs shares,
 * idle memory and the host's free memory to find that demand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu.h"
#include "scenario.h"
#include "session.h"
#include "util.h"
#include "vmw_balloon_proto.h"

#define FRAMES_PER_MIB (1024 * 1024 / VMW_BALLOON_FRAME_SIZE)
#define MIB (1024.0 * 1024.0)

/**
 * bb_esxi_model_start() - the model's settings from the scenario
 * @s: the session (embedded host)
 *
 * ESXI_MODEL=1 turns it on; ESXI_BALANCE_S (15, Mem.BalancePeriod) is
 * how often it recomputes the target.
 *
 * Return: 0, or -1 after an error line.
 */
int bb_esxi_model_start(struct bb_session *s)
{
	struct bb_esxi_model *m = &s->esxi;
	uint64_t balance_s;
	char *label;

	if (bb_scenario_bool(s->run, "ESXI_MODEL", false, &m->on) ||
	    bb_scenario_u64(s->run, "ESXI_BALANCE_S", 15, &balance_s))
		return -1;
	if (!m->on)
		return 0;
	if (!balance_s) {
		bb_error("scenario %s: ESXI_BALANCE_S must be at least 1",
			 s->run->scenario_name);
		return -1;
	}
	m->balance_ns = balance_s * NS_PER_S;
	m->limit_mib = -1;
	label = bb_strdup_printf("a model of ESXi, not ESXi: the target is the most memory the VM has touched above its limit, or the host's demand if more, within the device's max-percent cap, every %llu s",
				 (unsigned long long)balance_s);
	bb_conf_set(&s->run->context, "esxi_model", label);
	free(label);
	return 0;
}

/**
 * bb_esxi_model_tick() - recompute the target, as at a balance period
 * @s: the session
 *
 * Return: 0, or -1 when the device could not be read or set.
 */
int bb_esxi_model_tick(struct bb_session *s)
{
	struct bb_esxi_model *m = &s->esxi;
	uint64_t size, old, target = 0, now = bb_now_ns();
	long long limit, touched;
	char value[32];

	s->next_tick_ns = now + m->balance_ns;
	limit = m->limit_mib;
	if (bb_device_u64(&s->qmp, s->run, "size", &size) ||
	    bb_device_u64(&s->qmp, s->run, "target", &old))
		return -1;
	/*
	 * What the VM has touched since it started: a page the balloon gave
	 * back stays the VM's until the guest uses it again, so the memory
	 * behind it now counts too, or every deflate would lower the next
	 * target and the balloon would drain itself.
	 */
	touched = (long long)(bb_qemu_guest_ram_bytes(&s->qemu) / MIB) +
		  (long long)(size / FRAMES_PER_MIB);
	if (touched < m->touched_mib)
		touched = m->touched_mib;
	m->touched_mib = touched;
	if (limit >= 0 && touched > limit)
		target = (uint64_t)(touched - limit) * FRAMES_PER_MIB;
	if (m->demand_mib * FRAMES_PER_MIB > target)
		target = m->demand_mib * FRAMES_PER_MIB;
	if (target == old)
		return 0;
	bb_say("esxi model: limit %lld MiB, touched %lld MiB, demand %llu MiB: target %llu MiB",
	       limit, touched, (unsigned long long)m->demand_mib,
	       (unsigned long long)(target / FRAMES_PER_MIB));
	snprintf(value, sizeof(value), "%llu", (unsigned long long)target);
	return bb_qom_set_u64(&s->qmp, s->run, "target", value);
}

/**
 * bb_esxi_model_request() - the govc stand-in's request
 * @s: the session
 * @args: "limit=N" (MiB, -1: none), "demand=N" (MiB the host's
 *	contention asks of the VM) or "stats"
 *
 * A new limit or demand takes effect at once (ESXi acts on large changes
 * without waiting for the period), and then every period.
 *
 * Return: 0, or -1 when the run failed.
 */
int bb_esxi_model_request(struct bb_session *s, char *args)
{
	struct bb_esxi_model *m = &s->esxi;
	long long limit;
	unsigned long long demand;
	uint64_t size;
	char end;

	if (!m->on) {
		bb_fail(s->run, "guest sent an esxi request, and the scenario has no ESXI_MODEL=1");
		bb_reply(s, "fail no ESXi model");
		return -1;
	}
	if (sscanf(args, "limit=%lld%c", &limit, &end) == 1) {
		if (limit < -1 || limit > (long long)s->guest_mem_mib) {
			bb_reply(s, "fail limit %lld: -1 (none) to %llu MiB",
				 limit, (unsigned long long)s->guest_mem_mib);
			return 0;
		}
		bb_say("esxi model: the guest set the VM's limit to %lld MiB", limit);
		m->limit_mib = limit;
		s->next_tick_ns = bb_now_ns();
		bb_reply(s, "ok");
		return 0;
	}
	if (sscanf(args, "demand=%llu%c", &demand, &end) == 1) {
		if (demand > s->guest_mem_mib) {
			bb_reply(s, "fail demand %llu: 0 to %llu MiB", demand,
				 (unsigned long long)s->guest_mem_mib);
			return 0;
		}
		bb_say("esxi model: the host's contention asks %llu MiB of the VM",
		       demand);
		m->demand_mib = demand;
		s->next_tick_ns = bb_now_ns();
		bb_reply(s, "ok");
		return 0;
	}
	if (!strcmp(args, "stats")) {
		if (bb_device_u64(&s->qmp, s->run, "size", &size))
			return -1;
		bb_reply(s, "ok memory_mib=%llu limit_mib=%lld ballooned_mib=%llu swapped_mib=0 compressed_kib=0",
			 (unsigned long long)s->guest_mem_mib, m->limit_mib,
			 (unsigned long long)(size / FRAMES_PER_MIB));
		return 0;
	}
	bb_reply(s, "fail esxi takes limit=MIB, demand=MIB or stats, not '%s'", args);
	return 0;
}
