/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What one conductor run knows: its inputs, what the guest asked for, and
 * what was measured.  session.c fills it; results.c writes it out.
 */
#ifndef BB_RUN_H
#define BB_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "conf.h"
#include "trace_figures.h"

#define BB_MAX_PHASES 128
#define BB_MAX_MARKS 32
#define BB_NAME_MAX 32

/**
 * struct bb_phase - one target step the guest asked for
 * @name: the guest's name for it ("inflate")
 * @target_mib: the target it asked for
 * @capped_mib: the target the host pursued: @target_mib within the
 *	device's max-percent and max-mib (ESXi's caps)
 * @host_ram_start: host memory of guest RAM when the target was set, bytes
 * @host_ram_end: the same when the target was reached
 * @reclaimed_start: the device's frames-reclaimed when the target was set
 *	(frames whose discard gave host memory back)
 * @reclaimed_end: the same when the target was reached
 * @fig: figures from the host trace
 * @extra: measurements the guest attached to the phase (workload figures)
 * @window_cycles: the phase's max_cycles: its figures count only the
 *	driver's first that many cycles after the target was set; 0 for a
 *	phase that runs to its target
 * @held: the host keeps the target while the guest runs a workload (the
 *	guest's "hold" option): the phase has nothing to reach, answers at
 *	once, and its figures run to the next phase
 */
struct bb_phase {
	char name[BB_NAME_MAX];
	uint64_t target_mib;
	double capped_mib;
	uint64_t host_ram_start;
	uint64_t host_ram_end;
	uint64_t reclaimed_start;
	uint64_t reclaimed_end;
	struct bb_phase_figures fig;
	struct bb_conf extra;
	uint64_t window_cycles;
	bool held;
};

/**
 * struct bb_mark - the host's view at a moment the guest named
 * @name: the guest's name for the moment
 * @host_ram: host memory backing guest RAM, bytes
 * @size_frames: balloon size the host reports
 * @host_ram_known: the host's memory was sampled (the embedded host)
 * @size_known: the host reported a size (the embedded host; ESXi's
 *	quickStats through govc, in whole MiB)
 */
struct bb_mark {
	char name[BB_NAME_MAX];
	uint64_t host_ram;
	uint64_t size_frames;
	bool host_ram_known;
	bool size_known;
};

/**
 * struct bb_run - one scenario run
 * @scenario_name: the scenario
 * @scenario_label: its name in benchmark names: @scenario_name, with
 *	"@STATE" when the guest's memory starts in a state other than filled
 * @scenario: its KEY=value settings, with command-line overrides
 * @driver: the driver under test
 * @driver_label: its name in benchmark names: @driver, with "-noinstr"
 *	when the scenario turns its instrumentation off (INSTRUMENT=0)
 * @instrumented: the driver's counters and histograms are on
 * @profiled: perf samples every CPU during each phase (PROFILE=1)
 * @out_dir: result folder
 * @label: first word of the summary line
 * @command_line: bbrun's own command line
 * @qemu_path: the QEMU binary (the embedded host)
 * @host: the kind of host: "embedded" (QEMU with our devices) or "vmware"
 *	(the VMware guest the conductor runs in)
 * @target_source: in a VMware guest, where the target comes from ("esxi",
 *	"govc"); NULL on the embedded host
 * @context: facts about the machine from the caller (--context), as
 *	bb_KEY context fields
 * @guest_kernel: the guest kernel release
 * @git_sha: the checkout's commit, or "unknown"
 * @clock: "wall" (host time) or "virtual" (QEMU -icount: guest instructions)
 * @cost_ns_call: modelled host cost of a backdoor call (virtual clock)
 * @cost_ns_frame: modelled host cost of a frame moved (virtual clock)
 * @cost_ns_populate: modelled host cost of backing a 4 KiB page the guest
 *	touched for the first time, or again after a discard (virtual clock)
 * @min_host_freed_pct: the reclaim check (MIN_HOST_FREED_PCT): the run
 *	fails when an inflate gives the host back less of what it ballooned;
 *	0 for none
 * @vmci: the guest has a vmw-vmci device, so the host can ring doorbells
 * @phases: target steps, in order
 * @nr_phases: how many
 * @marks: named moments, in order
 * @nr_marks: how many
 * @guest_stats: "guest.<name>" values the guest reported
 * @host_stats: the device's counters at the end (QOM properties)
 * @boot: this guest boot's name, unique across runs: repetitions share it
 * @round: the round of a comparison this boot belongs to (0: none); the
 *	base's and the candidate's boots of one round ran side by side
 * @error: why the run failed, or NULL
 */
struct bb_run {
	const char *scenario_name;
	char *scenario_label;
	struct bb_conf scenario;
	const char *driver;
	const char *driver_label;
	bool instrumented;
	bool profiled;
	char *out_dir;
	const char *label;
	char *command_line;
	const char *qemu_path;
	const char *host;
	const char *target_source;
	struct bb_conf context;
	char *guest_kernel;
	char *git_sha;
	const char *clock;
	uint64_t cost_ns_call;
	uint64_t cost_ns_frame;
	uint64_t cost_ns_populate;
	uint64_t min_host_freed_pct;
	bool vmci;
	struct bb_phase phases[BB_MAX_PHASES];
	unsigned int nr_phases;
	struct bb_mark marks[BB_MAX_MARKS];
	unsigned int nr_marks;
	struct bb_conf guest_stats;
	json_t *host_stats;
	char *boot;
	long round;
	char *error;
};

/* Whether the host's memory and command trace are in sight. */
static inline bool bb_run_embedded(const struct bb_run *run)
{
	return !run->target_source;
}

/* Whether the run times the guest by its instructions (CLOCK=virtual). */
static inline bool bb_run_virtual(const struct bb_run *run)
{
	return !strcmp(run->clock, "virtual");
}

/* The one-line "why" of a failed run; the first reason wins. */
void bb_fail(struct bb_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void bb_report_check_reclaim(struct bb_run *run);
int bb_report_write(const struct bb_run *run);
void bb_report_summary(const struct bb_run *run);

#endif /* BB_RUN_H */
