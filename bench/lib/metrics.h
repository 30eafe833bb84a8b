/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The metric registry: every counter of results.json, declared once in
 * metrics.def, with how it is judged and what it means.
 */
#ifndef BB_METRICS_H
#define BB_METRICS_H

#include <stdbool.h>
#include <stdio.h>

/* Which direction is better for a metric; NONE: reported, never judged. */
enum bb_better {
	BB_BETTER_HIGHER,
	BB_BETTER_LOWER,
	BB_BETTER_NONE,
};

/* How a metric is judged. */
enum bb_metric_kind {
	BB_KIND_WALL,		/* noisy: threshold, bootstrap interval, U test */
	BB_KIND_VIRTUAL,	/* near-deterministic: tight tolerance */
	BB_KIND_COUNT,		/* a count: its own tolerance, often exact */
};

/* Where a metric comes from. */
enum bb_metric_source {
	BB_SOURCE_TRACE,	/* the host's command trace */
	BB_SOURCE_DEVICE,	/* the host device's memory and counters */
	BB_SOURCE_GUEST,	/* the guest kernel, through the runner */
	BB_SOURCE_DRIVER,	/* the driver's statistics */
	BB_SOURCE_WORKLOAD,	/* a guest workload */
	BB_SOURCE_CONDUCTOR,	/* the run itself */
	BB_SOURCE_ESXI,		/* ESXi, through the user's govc (a VMware guest) */
};

/**
 * struct bb_metric - a counter of results.json and how to judge it
 * @name: the counter's name in a benchmark entry
 * @unit: its unit, for tables and axis labels
 * @better: which direction is good; BB_BETTER_NONE for one never judged
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
 * @source: where it comes from
 * @heading: its column heading in tables
 * @meaning: one line on what it measures
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
	enum bb_metric_source source;
	const char *heading;
	const char *meaning;
};

/*
 * One constant per declared metric (BB_METRIC_ID_host_freed_mib, ...), so
 * that code naming a metric names it through the registry.
 */
#define BB_METRIC(name_, ...) BB_METRIC_ID_##name_,
#define BB_VIRTUAL(...)
#define BB_FAMILY(...)
enum bb_metric_id {
#include "metrics.def"
	BB_NR_METRICS
};
#undef BB_METRIC
#undef BB_VIRTUAL
#undef BB_FAMILY

/*
 * BB_M(host_freed_mib): the declared metric's name as a string constant
 * (usable in static tables); a name metrics.def does not declare does not
 * compile.
 */
#define BB_M(name_) (#name_ + 0 * sizeof(BB_METRIC_ID_##name_))

/* Phases shorter than this are below the noise of a wall clock. */
#define BB_TIME_FLOOR_MS 10.0

const struct bb_metric *bb_metric_find(const char *name, bool virtual_clock);
const struct bb_metric *bb_metric_declared(const char *name);
bool bb_metric_known(const char *name);
const char *bb_metric_heading(const char *name);
void bb_metric_print_table(FILE *out);

#endif /* BB_METRICS_H */
