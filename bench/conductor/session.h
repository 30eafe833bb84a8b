/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest boot: QEMU started, the guest runner's requests answered until
 * it is done, fails or runs out of time, QEMU stopped, and the phases'
 * figures taken from the host's command trace.
 */
#ifndef BB_SESSION_H
#define BB_SESSION_H

#include <stdint.h>

#include "lines.h"
#include "options.h"
#include "qemu.h"
#include "run.h"

#define NS_PER_S 1000000000ull

/**
 * struct bb_session - one guest boot and its conversation
 * @run: what is measured
 * @opt: the command line (its phase settings)
 * @qemu: the running QEMU
 * @qmp: its QMP socket
 * @chan: the guest runner's results channel
 * @guest_mem_mib: the guest's memory
 * @phase_timeout_ns: the longest a phase may take
 * @deadline_ns: when the whole run is out of time (bb_now_ns() clock)
 * @agree_by_ns: until when the last phase's sizes may still disagree
 */
struct bb_session {
	struct bb_run *run;
	const struct bb_options *opt;
	struct bb_qemu qemu;
	struct bb_lines qmp;
	struct bb_lines chan;
	uint64_t guest_mem_mib;
	uint64_t phase_timeout_ns;
	uint64_t deadline_ns;
	uint64_t agree_by_ns;
};

int bb_session_run(struct bb_session *s, struct bb_qemu_config *cfg);

#endif /* BB_SESSION_H */
