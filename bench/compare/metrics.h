/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every metric the comparison judges, declared once: its unit, which
 * direction is better, how noisy it is, and the change that matters.
 */
#ifndef BB_METRICS_H
#define BB_METRICS_H

#include "stats.h"

/**
 * struct bb_metric - a counter of results.json and how to judge it
 * @name: the counter's name in a benchmark entry
 * @unit: its unit, for tables and axis labels
 * @better: which direction is good
 * @kind: wall-clock (noisy), virtual-clock (near-deterministic) or count
 * @tolerance: relative change that counts as a difference
 * @timed: derived from the phase's duration, so meaningless when the phase
 *	took less than BB_TIME_FLOOR_MS on both sides
 * @on_request: judged only when asked for by name (bbcompare -m)
 * @same_as: another metric this one restates (a monotone function of it, or
 *	the same interval on another clock): its rank test is that metric's,
 *	so it does not count again in the Holm adjustment
 * @unit_best: a unit's sample is its best repetition, not their median:
 *	what disturbs it (the other vCPU, the hypervisor) only adds time, in
 *	bursts that can outlast a whole process's run of one benchmark
 */
struct bb_metric {
	const char *name;
	const char *unit;
	enum bb_better better;
	enum bb_metric_kind kind;
	double tolerance;
	bool timed;
	bool on_request;
	const char *same_as;
	bool unit_best;
};

/* Phases shorter than this are below the noise of a wall clock. */
#define BB_TIME_FLOOR_MS 10.0

const struct bb_metric *bb_metric_find(const char *name, bool virtual_clock);

#endif /* BB_METRICS_H */
