// SPDX-License-Identifier: GPL-2.0-only
/*
 * The metric declarations.  Times measured on the guest's virtual clock
 * (runs with CLOCK=virtual) are near-deterministic, so they get a tight
 * tolerance; the same metrics on the wall clock get a threshold and the
 * bootstrap interval.  Counts fixed by the driver's algorithm and the
 * host's seeded policies must not move at all.
 */
#include "metrics.h"

#include <string.h>

static const struct bb_metric bb_metrics[] = {
	{ "real_time", "ms", BB_BETTER_LOWER, BB_KIND_WALL, 0.05, true, false, NULL, false },
	{ "mib_per_s", "MiB/s", BB_BETTER_HIGHER, BB_KIND_WALL, 0.05, true, false, "real_time", false },
	{ "time_to_target_ms", "ms", BB_BETTER_LOWER, BB_KIND_WALL, 0.05, false, false, NULL, false },
	{ "reaction_ms", "ms", BB_BETTER_LOWER, BB_KIND_WALL, 0.10, false, false, NULL, false },
	{ "guest_virtual_ms", "ms", BB_BETTER_LOWER, BB_KIND_WALL, 0.05, true, false, "real_time", false },
	{ "calls", "calls", BB_BETTER_LOWER, BB_KIND_COUNT, 0, false, false, NULL, false },
	{ "calls_per_gib", "calls/GiB", BB_BETTER_LOWER, BB_KIND_COUNT, 0, false, false, NULL, false },
	/* A doorbell lost shows here on every step, whatever its timing. */
	{ "doorbell_rings", "rings", BB_BETTER_HIGHER, BB_KIND_COUNT, 0, false, false, NULL, false },
	{ "refused_pct", "%", BB_BETTER_LOWER, BB_KIND_COUNT, 0.01, false, false, NULL, false },
	/*
	 * What a balloon is for: host memory given back, whatever the
	 * speed.  A driver that balloons memory the host never backed moves
	 * as many MiB, and frees none.
	 */
	{ "host_freed_pct", "%", BB_BETTER_HIGHER, BB_KIND_WALL, 0.05, false, false, NULL, false },
	{ "host_freed_mib", "MiB", BB_BETTER_HIGHER, BB_KIND_WALL, 0.05, false, false, NULL, false },
	{ "reclaim_mib_per_s", "MiB/s", BB_BETTER_HIGHER, BB_KIND_WALL, 0.05, true, false, NULL, false },
	{ "kernel_ms_per_gib", "ms/GiB", BB_BETTER_LOWER, BB_KIND_WALL, 0.10, false, false, NULL, false },
	/*
	 * Under memory pressure (a held phase): how long the driver waits
	 * after its shrinker gave memory back before it takes memory again
	 * (one that does not wait ping-pongs with the guest's workload), how
	 * much it gave back for the same pressure, and the guest's OOM kills.
	 * The wait is a back-off plus up to one poll, so it moves by up to
	 * 20% on identical code.
	 */
	{ "retake_ms", "ms", BB_BETTER_HIGHER, BB_KIND_WALL, 0.25, false, false, NULL, false },
	{ "given_back_mib", "MiB", BB_BETTER_LOWER, BB_KIND_WALL, 0.10, false, false, NULL, false },
	{ "oom_kills", "kills", BB_BETTER_LOWER, BB_KIND_COUNT, 0, false, false, NULL, false },
	{ "alloc_fail_2m_pct", "%", BB_BETTER_LOWER, BB_KIND_WALL, 0.10, false, false, NULL, false },
	{ "latprobe_timer_inflating_p99_ns", "ns", BB_BETTER_LOWER,
	  BB_KIND_WALL, 0.10, false, false, NULL, false },
	{ "latprobe_touch_inflating_p99_ns", "ns", BB_BETTER_LOWER,
	  BB_KIND_WALL, 0.10, false, false, NULL, false },
	{ "wsload_ops_per_s", "ops/s", BB_BETTER_HIGHER, BB_KIND_WALL, 0.05, false, false, NULL, false },
	/*
	 * Micro-benchmarks: CPU time is what preemption on a busy host
	 * disturbs least, but processes of identical binaries still differed
	 * by 14% here (each process is one sample).  Phases copy
	 * real_time into it, so only on request.
	 */
	{ "cpu_time", "ns", BB_BETTER_LOWER, BB_KIND_WALL, 0.10, false, true, NULL,
	  true },
};

/*
 * On the virtual clock these times hardly vary from run to run.  The
 * guest's timer p99 while 2 MiB pages are zeroed is guest time too: two
 * boots of identical code gave 119136-119200 ns over six inflates; the
 * touch p99 moved by 8% and stays a wall-clock metric.
 */
static const struct bb_metric bb_virtual_metrics[] = {
	{ "real_time", "ms (virtual)", BB_BETTER_LOWER, BB_KIND_VIRTUAL, 0.01,
	  false, false, NULL, false },
	{ "mib_per_s", "MiB/s (virtual)", BB_BETTER_HIGHER, BB_KIND_VIRTUAL,
	  0.01, false, false, NULL, false },
	{ "guest_virtual_ms", "ms (virtual)", BB_BETTER_LOWER, BB_KIND_VIRTUAL,
	  0.01, false, false, NULL, false },
	/*
	 * How much of the balloon the host got back is guest behaviour too:
	 * three repetitions in one boot of identical code freed 510-512 MiB
	 * of 512.  The best repetition is the sample, as for the times.
	 */
	{ "reclaim_mib_per_s", "MiB/s (virtual)", BB_BETTER_HIGHER,
	  BB_KIND_VIRTUAL, 0.02, false, false, NULL, false },
	{ "host_freed_mib", "MiB (virtual)", BB_BETTER_HIGHER,
	  BB_KIND_VIRTUAL, 0.02, false, false, NULL, false },
	{ "host_freed_pct", "% (virtual)", BB_BETTER_HIGHER,
	  BB_KIND_VIRTUAL, 0.02, false, false, NULL, false },
	{ "latprobe_timer_inflating_p99_ns", "ns (virtual)", BB_BETTER_LOWER,
	  BB_KIND_VIRTUAL, 0.10, false, false, NULL, false },
	/*
	 * Three repetitions of identical code: the wait after a shrink
	 * 5313-5765 ms, memory given back 291-308 MiB.
	 */
	{ "retake_ms", "ms (virtual)", BB_BETTER_HIGHER, BB_KIND_VIRTUAL, 0.25,
	  false, false, NULL, false },
	{ "given_back_mib", "MiB (virtual)", BB_BETTER_LOWER, BB_KIND_VIRTUAL,
	  0.10, false, false, NULL, false },
};

/**
 * bb_metric_find() - the declaration of a counter
 * @name: the counter's name
 * @virtual_clock: whether the results were measured with CLOCK=virtual
 *
 * Return: the declaration, or NULL for a counter nobody judges.
 */
const struct bb_metric *bb_metric_find(const char *name, bool virtual_clock)
{
	size_t i;

	if (virtual_clock)
		for (i = 0; i < sizeof(bb_virtual_metrics) /
				sizeof(bb_virtual_metrics[0]); i++)
			if (!strcmp(bb_virtual_metrics[i].name, name))
				return &bb_virtual_metrics[i];
	for (i = 0; i < sizeof(bb_metrics) / sizeof(bb_metrics[0]); i++)
		if (!strcmp(bb_metrics[i].name, name))
			return &bb_metrics[i];
	return NULL;
}
