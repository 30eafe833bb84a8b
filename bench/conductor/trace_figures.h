/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Figures from the host's command trace: the ground truth for throughput,
 * calls and refusals, since the host sees every call.
 */
#ifndef BB_TRACE_FIGURES_H
#define BB_TRACE_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmw_balloon_proto.h"

/**
 * struct bb_trace_row - one parsed line of host-trace.csv
 * @host_ns: host monotonic time
 * @guest_ns: guest virtual time
 * @cmd: command index, or -1 for a host event
 * @event: host event name ("host-target", "host-reset"), or ""
 * @entries: pages named by the call
 * @frames: frames moved by the call
 * @refused: entries refused
 * @size: balloon size after, frames
 * @target: target after, frames
 * @succeeded: the call or event's status was "success"
 */
struct bb_trace_row {
	uint64_t host_ns;
	uint64_t guest_ns;
	int cmd;
	char event[32];
	uint64_t entries;
	uint64_t frames;
	uint64_t refused;
	uint64_t size;
	uint64_t target;
	bool succeeded;
};

struct bb_trace {
	size_t n;
	struct bb_trace_row *rows;
};

/**
 * struct bb_trace_span - a time between two rows, on each clock
 * @host_ns: host monotonic time
 * @guest_ns: guest virtual time
 */
struct bb_trace_span {
	uint64_t host_ns;
	uint64_t guest_ns;
};

/**
 * struct bb_phase_times - how long one target step took, on one clock
 * @reaction_ns: from the target change to the first GET_TARGET that saw it
 *	(the wait for the driver's poll, or for its doorbell)
 * @first_page_ns: from the target change to the first call that locks or
 *	unlocks pages (the reaction plus the driver's allocations)
 * @work_ns: the driver's own work from that GET_TARGET to the target
 *	reached, allocation included (its first LOCK comes after its
 *	allocations): each cycle counts from its GET_TARGET to its last call,
 *	and the waits between cycles for the next poll are left out, so a
 *	step that takes several cycles is not timed by the poll period (the
 *	kernel rounds it to a whole second, a step of up to ~1 s)
 * @total_ns: from the target change to the target reached (or, short of
 *	it, to the last call that moved pages)
 */
struct bb_phase_times {
	uint64_t reaction_ns;
	uint64_t first_page_ns;
	uint64_t work_ns;
	uint64_t total_ns;
};

/**
 * struct bb_phase_figures - one target step, as the host saw it
 * @reached: the balloon reached the target before the next step
 * @inflating: the step raised the target above the size
 * @target_frames: the new target
 * @start_frames: balloon size when the target was set
 * @reached_frames: balloon size when it reached the target (or at the end)
 * @host: durations on the host's monotonic clock
 * @guest: durations on the guest's virtual clock
 * @calls: backdoor calls per command in [change, reached]
 * @calls_total: their sum
 * @calls_unseen: the calls could not be counted (in a VMware guest, the
 *	stock driver loaded during the phase: it counts only from the first
 *	read of its statistics), so calls and calls_per_gib are absent
 * @refused: lock entries refused in that window
 * @entries: pages named by lock or unlock calls in that window
 * @doorbell_rings: doorbells the host rang in that window (a driver that
 *	keeps its doorbell linked hears one per target change)
 * @locked_frames: frames the balloon grew by, call by call, in that window
 * @unlocked_frames: frames it shrank by, call by call, in that window (in a
 *	held phase the host asked for none: the guest's shrinker gave them)
 * @retake: from the last call that shrank the balloon before it first grew
 *	again in that window to that growth (zero when it never grew after
 *	shrinking): in a held phase, how long the driver waited after the
 *	shrinker before taking memory back
 */
struct bb_phase_figures {
	bool reached;
	bool inflating;
	uint64_t target_frames;
	uint64_t start_frames;
	uint64_t reached_frames;
	struct bb_phase_times host;
	struct bb_phase_times guest;
	uint64_t calls[VMW_BALLOON_CMD_NUM];
	uint64_t calls_total;
	bool calls_unseen;
	uint64_t refused;
	uint64_t entries;
	uint64_t doorbell_rings;
	uint64_t locked_frames;
	uint64_t unlocked_frames;
	struct bb_trace_span retake;
};

bool bb_target_reached(uint64_t size, uint64_t target, bool inflating);
int bb_trace_load(struct bb_trace *trace, const char *path);
int bb_trace_phase(const struct bb_trace *trace, unsigned int step,
		   uint64_t window_cycles, bool held,
		   struct bb_phase_figures *fig);
void bb_trace_free(struct bb_trace *trace);

#endif /* BB_TRACE_FIGURES_H */
