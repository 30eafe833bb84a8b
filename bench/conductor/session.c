// SPDX-License-Identifier: GPL-2.0-only
/*
 * The embedded host: one guest boot, QEMU started, the guest runner's
 * requests answered on the results channel (set a target and wait for the balloon to reach it;
 * sample host memory; record guest stats and files), the time limits
 * enforced, QEMU stopped, and the phases' figures taken from the host's
 * command trace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "balloon_host.h"
#include "vmci_core.h"
#include "qmp.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

#define FRAMES_PER_MIB (1024 * 1024 / VMW_BALLOON_FRAME_SIZE)
/* How often the balloon size is sampled while a phase waits. */
#define BB_SIZE_POLL_US 20000
/* A powered-off guest takes QEMU down within this. */
#define BB_EXIT_GRACE_NS (15 * NS_PER_S)

/* A number the device reports (a QOM property). */
int bb_device_u64(struct bb_lines *qmp, struct bb_run *run,
		  const char *property, uint64_t *value)
{
	char *error = NULL;
	json_t *v = bb_qmp_qom_get(qmp, BB_QEMU_DEVICE_PATH, property, &error);

	if (!v) {
		bb_fail(run, "qom-get %s: %s", property, error);
		free(error);
		return -1;
	}
	*value = (uint64_t)json_integer_value(v);
	json_decref(v);
	return 0;
}

static int bb_balloon_size(struct bb_lines *qmp, struct bb_run *run,
			   uint64_t *frames)
{
	return bb_device_u64(qmp, run, "size", frames);
}

/* Sets a device property to a number given as text. */
int bb_qom_set_u64(struct bb_lines *qmp, struct bb_run *run,
		   const char *property, const char *value)
{
	char *error = NULL;
	uint64_t num;

	if (bb_parse_u64(value, &num)) {
		bb_fail(run, "%s=%s: not a number", property, value);
		return -1;
	}
	if (bb_qmp_qom_set(qmp, BB_QEMU_DEVICE_PATH, property,
			   json_integer((json_int_t)num), &error)) {
		bb_fail(run, "qom-set %s=%s: %s", property, value, error);
		free(error);
		return -1;
	}
	return 0;
}

static int bb_apply_phase_sets(struct bb_session *s, const char *phase)
{
	size_t len = strlen(phase), i;

	for (i = 0; i < s->opt->nr_phase_sets; i++) {
		const char *set = s->opt->phase_sets[i];
		char *key, *eq;
		int ret;

		if (strncmp(set, phase, len) || set[len] != ':')
			continue;
		key = strdup(set + len + 1);
		eq = strchr(key, '=');
		*eq = '\0';
		bb_say("phase %s: %s=%s", phase, key, eq + 1);
		ret = bb_qom_set_u64(&s->qmp, s->run, key, eq + 1);
		free(key);
		if (ret)
			return -1;
	}
	return 0;
}

/*
 * The clock settle_s runs on.  On the virtual clock it is guest seconds,
 * read from the device, so that how much guest work fits in it does not
 * depend on how busy the host is; on the wall clock, host seconds.  A
 * phase without settle_s reads no clock.
 */
static int bb_settle_clock_now(struct bb_session *s, bool settling,
			       uint64_t *now)
{
	if (!settling) {
		*now = 0;
		return 0;
	}
	if (bb_run_virtual(s->run))
		return bb_device_u64(&s->qmp, s->run, "guest-clock-ns", now);
	*now = bb_now_ns();
	return 0;
}

/* "phase NAME target_mib=N": set the target, wait for the balloon. */
static int bb_handle_phase(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	struct bb_phase_request req;
	struct bb_phase *p = bb_phase_begin(s, args, &req);
	uint64_t target, capped, size, start, deadline, now, asked;
	unsigned long long mib, settle_s, max_cycles;
	const char *name;
	bool inflating, hold;
	char value[32];
	uint64_t last_change;

	if (!p)
		return -1;
	name = p->name;
	mib = p->target_mib;
	settle_s = req.settle_s;
	max_cycles = req.max_cycles;
	hold = req.hold;
	target = mib * FRAMES_PER_MIB;
	if (bb_apply_phase_sets(s, name) || bb_balloon_size(&s->qmp, run, &size))
		return -1;
	inflating = target > size;
	p->host_ram_start = bb_qemu_guest_ram_bytes(&s->qemu);
	if (bb_device_u64(&s->qmp, run, "frames-reclaimed", &p->reclaimed_start))
		return -1;
	bb_say("phase %s: target %llu MiB (balloon at %.0f MiB)", name, mib,
	       (double)size / FRAMES_PER_MIB);
	/* The device ends a max_cycles window, between two cycles. */
	snprintf(value, sizeof(value), "%llu", max_cycles);
	if (bb_qom_set_u64(&s->qmp, run, "target-window-cycles", value))
		return -1;
	snprintf(value, sizeof(value), "%llu", (unsigned long long)target);
	if (bb_qom_set_u64(&s->qmp, run, "target", value) ||
	    bb_device_u64(&s->qmp, run, "capped-target", &capped))
		return -1;
	asked = target;
	/* As ESXi, the host caps what it asks (max-percent, max-mib). */
	if (capped < target) {
		bb_say("phase %s: the host caps the target at %.0f MiB (max-percent, max-mib)",
		       name, (double)capped / FRAMES_PER_MIB);
		target = capped;
		inflating = target > size;
	}
	p->capped_mib = (double)target / FRAMES_PER_MIB;

	start = bb_now_ns();
	if (bb_settle_clock_now(s, settle_s, &now))
		return -1;
	last_change = now;
	deadline = bb_phase_deadline(s);
	/* A held phase is the guest's workload against the kept target. */
	while (!hold && !bb_target_reached(size, target, inflating)) {
		uint64_t before = size, now_asked;

		/* Best effort: the guest can give no more than it has. */
		if (settle_s && now - last_change >= settle_s * NS_PER_S) {
			bb_say("phase %s: settled at %.0f MiB short of the target",
			       name, (double)(target > size ? target - size :
					      size - target) / FRAMES_PER_MIB);
			break;
		}
		/*
		 * A measured window: how far the balloon gets in max_cycles
		 * cycles.  It is over once the host has told the next cycle to
		 * keep the balloon: its target is then no longer the one set.
		 */
		if (max_cycles && bb_device_u64(&s->qmp, run, "target", &now_asked))
			return -1;
		if (max_cycles && now_asked != asked) {
			bb_say("phase %s: %.0f MiB short of the target after %llu cycles",
			       name, (double)(target > size ? target - size :
					      size - target) / FRAMES_PER_MIB,
			       max_cycles);
			break;
		}
		if (bb_converse_pending(s))
			return -1;
		if (bb_now_ns() >= deadline) {
			bb_fail(run, "phase %s: balloon at %llu of %llu frames after %.0f s: the guest never reached the target",
				name, (unsigned long long)size,
				(unsigned long long)target,
				(bb_now_ns() - start) / 1e9);
			bb_reply(s, "fail timeout");
			return -1;
		}
		usleep(BB_SIZE_POLL_US);
		if (bb_balloon_size(&s->qmp, run, &size) ||
		    bb_settle_clock_now(s, settle_s, &now))
			return -1;
		if (size != before)
			last_change = now;
	}
	p->host_ram_end = bb_qemu_guest_ram_bytes(&s->qemu);
	if (bb_device_u64(&s->qmp, run, "frames-reclaimed", &p->reclaimed_end))
		return -1;
	bb_say("phase %s: reached in %.2f s", name, (bb_now_ns() - start) / 1e9);
	/* The guest's size check that follows has the phase's time limit. */
	s->agree_by_ns = bb_phase_deadline(s);
	bb_reply(s, "ok size_frames=%llu reached=%d", (unsigned long long)size,
		 hold || bb_target_reached(size, target, inflating));
	return 0;
}

/*
 * "sizes PHASE driver_frames=N [list_frames=M]": after every phase, the
 * driver's own size and the pages on its lists must equal the host's
 * balloon.  A driver may be in the middle of a cycle (a phase that ended
 * on time or on a settled balloon may leave it working), so the guest asks
 * again on "retry" until they agree or the phase's time limit runs out;
 * then the run fails with the three numbers.
 */
static int bb_handle_sizes(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	unsigned long long driver, lists = 0;
	const char *lists_arg = strstr(args, " list_frames=");
	char name[BB_NAME_MAX];
	uint64_t host;

	if (sscanf(args, "%31s driver_frames=%llu", name, &driver) != 2 ||
	    (lists_arg && sscanf(lists_arg, " list_frames=%llu", &lists) != 1)) {
		bb_fail(run, "guest sent a malformed sizes request: %s", args);
		return -1;
	}
	if (bb_balloon_size(&s->qmp, run, &host))
		return -1;
	if (driver == host && (!lists_arg || lists == host)) {
		bb_reply(s, "ok agree");
		return 0;
	}
	if (bb_now_ns() < s->agree_by_ns) {
		bb_reply(s, "ok retry");
		return 0;
	}
	if (lists_arg)
		bb_fail(run, "phase %s: the balloon's size disagrees: host %llu frames, driver %llu, its lists %llu",
			name, (unsigned long long)host, driver, lists);
	else
		bb_fail(run, "phase %s: the balloon's size disagrees: host %llu frames, driver %llu",
			name, (unsigned long long)host, driver);
	bb_reply(s, "fail sizes disagree");
	return -1;
}

/* "mark NAME": sample host memory of guest RAM. */
static int bb_handle_mark(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	struct bb_mark *m;

	if (run->nr_marks == BB_MAX_MARKS || !*args) {
		bb_fail(run, "guest sent a bad mark: '%s'", args);
		return -1;
	}
	m = &run->marks[run->nr_marks++];
	snprintf(m->name, sizeof(m->name), "%s", args);
	m->host_ram = bb_qemu_guest_ram_bytes(&s->qemu);
	m->host_ram_known = m->size_known = true;
	if (bb_balloon_size(&s->qmp, run, &m->size_frames))
		return -1;
	bb_say("mark %s: host holds %.0f MiB of guest RAM, balloon %llu frames",
	       m->name, m->host_ram / (1024.0 * 1024.0),
	       (unsigned long long)m->size_frames);
	bb_reply(s, "ok host_ram=%llu size_frames=%llu",
		 (unsigned long long)m->host_ram,
		 (unsigned long long)m->size_frames);
	return 0;
}

/*
 * The device's counters at the end.  Read before the guest is told it may
 * power off: QEMU leaves with it, and a counter missing from the results
 * would read as 0.
 */
static int bb_collect_host_stats(struct bb_session *s)
{
	static const char *const props[] = { "calls", "failed" };
	json_t *stats = json_object(), *v, *count;
	char *error = NULL;
	unsigned int i;

	s->run->host_stats = stats;
	for (i = 0; i < BH_STAT_NUM + 2; i++) {
		const char *name = i < BH_STAT_NUM ? bh_stat_names[i] :
				   props[i - BH_STAT_NUM];
		const char *key;

		v = bb_qmp_qom_get(&s->qmp, BB_QEMU_DEVICE_PATH, name, &error);
		if (!v) {
			bb_fail(s->run, "qom-get %s: %s", name, error);
			free(error);
			return -1;
		}
		if (i < BH_STAT_NUM) {
			json_object_set_new(stats, name, v);
			continue;
		}
		json_object_foreach(v, key, count) {
			char *counter = bb_strdup_printf("%s_%s", name, key);

			json_object_set(stats, counter, count);
			free(counter);
		}
		json_decref(v);
	}
	for (i = 0; s->run->vmci && i < VMCI_STAT_NUM; i++) {
		char *name = bb_strdup_printf("vmci-%s", vmci_stat_names[i]);

		v = bb_qmp_qom_get(&s->qmp, BB_QEMU_VMCI_PATH,
				   vmci_stat_names[i], &error);
		if (!v) {
			bb_fail(s->run, "qom-get vmci0 %s: %s",
				vmci_stat_names[i], error);
			free(error);
			free(name);
			return -1;
		}
		json_object_set_new(stats, name, v);
		free(name);
	}
	return 0;
}

static const struct bb_host_ops bb_embedded_host = {
	.phase = bb_handle_phase,
	.mark = bb_handle_mark,
	.sizes = bb_handle_sizes,
	.done = bb_collect_host_stats,
	.esxi = bb_esxi_model_request,
	.tick = bb_esxi_model_tick,
};

static void bb_finish_qemu(struct bb_session *s)
{
	char *error = NULL;
	json_t *ret;

	/* A finished guest powers off; don't wait long for one that failed. */
	if (!s->run->error &&
	    bb_qemu_wait(&s->qemu, bb_now_ns() + BB_EXIT_GRACE_NS) == 0)
		return;
	ret = bb_qmp_call(&s->qmp, "quit", NULL, &error);
	json_decref(ret);
	free(error);
	if (bb_qemu_wait(&s->qemu, bb_now_ns() + 5 * NS_PER_S))
		bb_qemu_stop(&s->qemu);
}

static void bb_trace_figures(struct bb_run *run)
{
	char *path = bb_strdup_printf("%s/host-trace.csv", run->out_dir);
	struct bb_trace trace;
	unsigned int i;
	int ret = bb_trace_load(&trace, path);

	if (ret) {
		bb_fail(run, "cannot read the host trace %s: %s", path,
			strerror(-ret));
	} else {
		for (i = 0; i < run->nr_phases; i++)
			if (bb_trace_phase(&trace, i, run->phases[i].window_cycles,
					   run->phases[i].held,
					   &run->phases[i].fig))
				bb_fail(run, "host trace lacks phase %s",
					run->phases[i].name);
	}
	bb_trace_free(&trace);
	free(path);
}

/**
 * bb_session_run() - boot the guest and answer it until it is done
 * @s: the session; its run gets the figures, or the reason it failed
 *	(bb_fail())
 * @cfg: how to start QEMU
 *
 * QEMU never outlives this call.
 *
 * Return: 0, or -1 when QEMU did not start.
 */
int bb_session_run(struct bb_session *s, struct bb_qemu_config *cfg)
{
	struct bb_run *run = s->run;

	bb_say("booting %s (driver %s, %llu MiB guest)", run->scenario_name,
	       run->driver, (unsigned long long)s->guest_mem_mib);
	if (bb_qemu_start(&s->qemu, cfg))
		return -1;
	/* Losing it loses no result; bb_write_result() has said why. */
	bb_write_result(run->out_dir, "qemu-command-line.txt", s->qemu.cmdline,
			strlen(s->qemu.cmdline));
	bb_lines_init(&s->qmp, s->qemu.qmp_fd);
	bb_lines_init(&s->chan, s->qemu.chan_fd);
	s->host = &bb_embedded_host;
	if (s->esxi.on)
		s->next_tick_ns = bb_now_ns();
	if (bb_qmp_handshake(&s->qmp))
		bb_fail(run, "QMP handshake failed");
	else
		bb_converse(s);
	bb_finish_qemu(s);
	bb_qemu_cleanup(&s->qemu);
	/* A guest that died still leaves how far its phases got. */
	bb_trace_figures(run);
	return 0;
}
