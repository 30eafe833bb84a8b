// SPDX-License-Identifier: GPL-2.0-only
/*
 * The metric registry, built from metrics.def: lookups for the conductor
 * (is a counter declared?), bbcompare (how to judge it) and bbreport (its
 * heading), and the table the docs and tests read (bbcompare --metrics).
 */
#include "metrics.h"
#include "util.h"

#include <string.h>

#define TIMED (1U << 0)
#define ON_REQUEST (1U << 1)
#define UNIT_BEST (1U << 2)

#define BB_METRIC(name_, unit_, better_, kind_, tolerance_, flags_,	\
		  same_as_, source_, heading_, meaning_)			\
	{ .name = #name_, .unit = unit_, .better = BB_BETTER_##better_,	\
	  .kind = BB_KIND_##kind_, .tolerance = tolerance_,		\
	  .timed = (flags_) & TIMED, .on_request = (flags_) & ON_REQUEST,	\
	  .same_as = same_as_, .unit_best = (flags_) & UNIT_BEST,		\
	  .source = BB_SOURCE_##source_, .heading = heading_,		\
	  .meaning = meaning_ },
#define BB_VIRTUAL(name_, unit_, better_, tolerance_)
#define BB_FAMILY(prefix_, source_, meaning_)
static const struct bb_metric bb_metrics[] = {
#include "metrics.def"
};
#undef BB_METRIC
#undef BB_VIRTUAL

#define BB_METRIC(name_, unit_, better_, kind_, tolerance_, flags_,	\
		  same_as_, source_, heading_, meaning_)
#define BB_VIRTUAL(name_, unit_, better_, tolerance_)			\
	{ .name = #name_, .unit = unit_, .better = BB_BETTER_##better_,	\
	  .kind = BB_KIND_VIRTUAL, .tolerance = tolerance_ },
static const struct bb_metric bb_virtual_metrics[] = {
#include "metrics.def"
};
#undef BB_VIRTUAL
#undef BB_FAMILY

/**
 * struct bb_metric_family - counters whose names a device, the guest or a
 *	workload makes up
 * @prefix: their names' common start
 * @source: where they come from
 * @meaning: one line on what they are
 */
struct bb_metric_family {
	const char *prefix;
	enum bb_metric_source source;
	const char *meaning;
};

#define BB_VIRTUAL(name_, unit_, better_, tolerance_)
#define BB_FAMILY(prefix_, source_, meaning_)				\
	{ .prefix = #prefix_, .source = BB_SOURCE_##source_,		\
	  .meaning = meaning_ },
static const struct bb_metric_family bb_families[] = {
#include "metrics.def"
};
#undef BB_METRIC
#undef BB_VIRTUAL
#undef BB_FAMILY

static const char *const bb_source_names[] = {
	[BB_SOURCE_TRACE] = "host trace",
	[BB_SOURCE_DEVICE] = "host device",
	[BB_SOURCE_GUEST] = "guest",
	[BB_SOURCE_DRIVER] = "driver",
	[BB_SOURCE_WORKLOAD] = "workload",
	[BB_SOURCE_CONDUCTOR] = "conductor",
	[BB_SOURCE_ESXI] = "esxi",
};

/**
 * bb_metric_declared() - the declaration of a counter, by its exact name
 * @name: the counter's name
 *
 * Return: the declaration (judged or not), or NULL.
 */
const struct bb_metric *bb_metric_declared(const char *name)
{
	size_t i;

	for (i = 0; i < BB_N(bb_metrics); i++)
		if (!strcmp(bb_metrics[i].name, name))
			return &bb_metrics[i];
	return NULL;
}

/**
 * bb_metric_known() - whether a counter may appear in results.json
 * @name: the counter's name
 *
 * Return: true when it is declared by name or belongs to a family.
 */
bool bb_metric_known(const char *name)
{
	size_t i;

	if (bb_metric_declared(name))
		return true;
	for (i = 0; i < BB_N(bb_families); i++)
		if (!strncmp(name, bb_families[i].prefix,
			     strlen(bb_families[i].prefix)))
			return true;
	return false;
}

/**
 * bb_metric_find() - how a counter is judged
 * @name: the counter's name
 * @virtual_clock: whether the results were measured with CLOCK=virtual
 *
 * Return: the declaration, its virtual-clock one where it has one, or
 * NULL for a counter nobody judges.
 */
const struct bb_metric *bb_metric_find(const char *name, bool virtual_clock)
{
	const struct bb_metric *m = bb_metric_declared(name);
	size_t i;

	if (!m || m->better == BB_BETTER_NONE)
		return NULL;
	if (virtual_clock)
		for (i = 0; i < BB_N(bb_virtual_metrics); i++)
			if (!strcmp(bb_virtual_metrics[i].name, name))
				return &bb_virtual_metrics[i];
	return m;
}

/**
 * bb_metric_heading() - a counter's column heading
 * @name: the counter's name
 *
 * Return: its heading, or @name itself when it has none.
 */
const char *bb_metric_heading(const char *name)
{
	const struct bb_metric *m = bb_metric_declared(name);

	return m ? m->heading : name;
}

static const char *bb_better_word(enum bb_better better)
{
	return better == BB_BETTER_HIGHER ? "higher" :
	       better == BB_BETTER_LOWER ? "lower" : "-";
}

/**
 * bb_metric_print_table() - the registry as a Markdown table
 * @out: where to print it
 *
 * One row per metric (its virtual-clock judgement beside) and one per
 * family: what docs/results.md shows and the tests read.
 */
void bb_metric_print_table(FILE *out)
{
	static const char *const kinds[] = {
		[BB_KIND_WALL] = "wall", [BB_KIND_VIRTUAL] = "virtual",
		[BB_KIND_COUNT] = "count",
	};
	size_t i;

	fprintf(out, "| metric | unit | better | judged as (tolerance) | virtual clock | from | meaning |\n");
	fprintf(out, "|---|---|---|---|---|---|---|\n");
	for (i = 0; i < BB_N(bb_metrics); i++) {
		const struct bb_metric *m = &bb_metrics[i];
		const struct bb_metric *v = bb_metric_find(m->name, true);

		fprintf(out, "| `%s` | %s | %s |", m->name, m->unit,
			bb_better_word(m->better));
		if (m->better == BB_BETTER_NONE)
			fprintf(out, " - | - |");
		else
			fprintf(out, " %s (%g%%)%s | %s (%g%%) |",
				kinds[m->kind], m->tolerance * 100,
				m->on_request ? ", on request" : "",
				kinds[v->kind], v->tolerance * 100);
		fprintf(out, " %s | %s |\n", bb_source_names[m->source],
			m->meaning);
	}
	for (i = 0; i < BB_N(bb_families); i++)
		fprintf(out, "| `%s...` | | - | - | - | %s | %s |\n",
			bb_families[i].prefix,
			bb_source_names[bb_families[i].source],
			bb_families[i].meaning);
}
