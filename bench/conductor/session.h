/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One run of the guest runner and the conversation with it, on one of two
 * kinds of host: the embedded one (a guest boot: QEMU started, the
 * runner's requests answered over QMP, QEMU stopped, the phases' figures
 * taken from the host's command trace; session.c), or the VMware guest
 * the conductor runs in (the runner started beside it, the target from a
 * target source; local.c).  converse.c holds what both share.
 */
#ifndef BB_SESSION_H
#define BB_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "govc.h"
#include "lines.h"
#include "options.h"
#include "qemu.h"
#include "run.h"

#define NS_PER_S 1000000000ull

struct bb_session;

/**
 * struct bb_local - the VMware guest the conductor runs in
 * @source: where the target comes from: "esxi" (ESXi's own steps) or
 *	"govc" (the VM's memory limit, set with the user's govc)
 * @vmmemctl: the balloon driver's statistics file
 * @limit_before: the VM's memory limit before the run, MiB (-1: none)
 * @limit_set: the run has changed the limit, so it is put back at the end
 * @trace: the driver's view sampled while phases wait (driver-trace.csv,
 *	in the result folder once the run is over)
 * @ask: the govc setting the limit of the phase that waits
 */
struct bb_local {
	const char *source;
	const char *vmmemctl;
	long long limit_before;
	bool limit_set;
	FILE *trace;
	struct bb_govc_call ask;
};

/**
 * struct bb_esxi_model - a model of ESXi's balloon policy, for the
 *	emulated VMware guest (the embedded host; ESXI_MODEL=1)
 * @on: the scenario asks for it
 * @balance_ns: how often the target is recomputed (Mem.BalancePeriod)
 * @limit_mib: the VM's memory limit, as the guest's govc stand-in set it
 *	(-1: none)
 * @demand_mib: what the host's contention asks of the VM (the emulated
 *	guest's contention loop sets it; 0: none)
 * @touched_mib: the most memory the VM has touched so far (host memory
 *	behind guest RAM plus the balloon)
 *
 * The target is the VM's touched memory (the most of host memory behind
 * guest RAM plus the balloon so far) above the limit, or the host's
 * demand; the device caps it (max-percent, as
 * Mem.CtlMaxPercent).  A model, labelled so in the results: not ESXi.
 */
struct bb_esxi_model {
	bool on;
	uint64_t balance_ns;
	long long limit_mib;
	uint64_t demand_mib;
	long long touched_mib;
};

/**
 * struct bb_host_ops - how a kind of host answers the runner's requests
 * @phase: "phase NAME target_mib=N [settle_s=S] [max_cycles=N] [hold=1]"
 * @mark: "mark NAME"
 * @sizes: "sizes PHASE driver_frames=N [list_frames=M]"
 * @done: the runner is done: take the host's last figures
 * @esxi: "esxi limit=N" or "esxi stats" from the emulated VMware guest's
 *	govc stand-in (NULL: the host has no ESXi model)
 * @tick: the host's own work between requests, at s->next_tick_ns
 *	(NULL: none)
 *
 * Each answers the runner with bb_reply() and returns 0, or records why
 * the run failed (bb_fail()) and returns -1.
 */
struct bb_host_ops {
	int (*phase)(struct bb_session *s, char *args);
	int (*mark)(struct bb_session *s, char *args);
	int (*sizes)(struct bb_session *s, char *args);
	int (*done)(struct bb_session *s);
	int (*esxi)(struct bb_session *s, char *args);
	int (*tick)(struct bb_session *s);
};

/**
 * struct bb_session - one run of the runner and its conversation
 * @run: what is measured
 * @opt: the command line (its phase settings)
 * @host: how the host answers
 * @qemu: the running QEMU (embedded host)
 * @qmp: its QMP socket (embedded host)
 * @runner: the runner's process (VMware guest)
 * @local: the VMware guest's target source and files
 * @esxi: the ESXi model (embedded host)
 * @next_tick_ns: when the host's tick is due (0: never)
 * @chan: the guest runner's results channel
 * @guest_mem_mib: the guest's memory
 * @phase_timeout_ns: the longest a phase may take
 * @deadline_ns: when the whole run is out of time (bb_now_ns() clock)
 * @agree_by_ns: until when the last phase's sizes may still disagree
 */
struct bb_session {
	struct bb_run *run;
	const struct bb_options *opt;
	const struct bb_host_ops *host;
	struct bb_qemu qemu;
	struct bb_lines qmp;
	pid_t runner;
	struct bb_local local;
	struct bb_esxi_model esxi;
	uint64_t next_tick_ns;
	struct bb_lines chan;
	uint64_t guest_mem_mib;
	uint64_t phase_timeout_ns;
	uint64_t deadline_ns;
	uint64_t agree_by_ns;
};

/**
 * struct bb_phase_request - a phase's options, as the runner asked
 * @settle_s: end once the balloon has not moved for this long (0: never)
 * @max_cycles: end after this many driver cycles (0: at the target)
 * @hold: keep the target while the runner's workload runs
 */
struct bb_phase_request {
	unsigned long long settle_s;
	unsigned long long max_cycles;
	bool hold;
};

struct bb_phase *bb_phase_begin(struct bb_session *s, char *args,
				struct bb_phase_request *req);
void bb_reply(struct bb_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bb_converse(struct bb_session *s);
int bb_converse_pending(struct bb_session *s);
uint64_t bb_phase_deadline(const struct bb_session *s);
int bb_device_u64(struct bb_lines *qmp, struct bb_run *run,
		  const char *property, uint64_t *value);
int bb_qom_set_u64(struct bb_lines *qmp, struct bb_run *run,
		   const char *property, const char *value);
int bb_esxi_model_start(struct bb_session *s);
int bb_esxi_model_request(struct bb_session *s, char *args);
int bb_esxi_model_tick(struct bb_session *s);
int bb_session_run(struct bb_session *s, struct bb_qemu_config *cfg);
int bb_local_run(struct bb_session *s, const char *root, const char *cmdline);

#endif /* BB_SESSION_H */
