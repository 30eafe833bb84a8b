// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's reaction section: how soon each driver sees a new target:
 * doorbell against poll (reaction.dat).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "metrics.h"
#include "report.h"
#include "util.h"

/* p-th percentile of sorted @v by nearest rank; 0 for none. */
static double bb_percentile(const double *v, size_t n, double p)
{
	size_t rank = (size_t)ceil(p / 100 * n);

	if (!n)
		return 0;
	return v[rank ? rank - 1 : 0];
}

/* One row of the reaction table: a driver, with or without VMCI. */
struct bb_reaction_row {
	char label[BB_NAME_LEN + 16];
	char name[BB_NAME_LEN];
	char sort_key[BB_NAME_LEN + 16];
	bool doorbell;
};

static int bb_cmp_reaction_row(const void *a, const void *b)
{
	return strcmp(((const struct bb_reaction_row *)a)->sort_key,
		      ((const struct bb_reaction_row *)b)->sort_key);
}

/*
 * A driver's twins side by side: the stock driver without VMCI before it
 * with, each _poll variant before its _doorbell twin.
 */
static void bb_reaction_sort_key(struct bb_reaction_row *row,
				 const char *driver, bool novmci)
{
	char base[BB_NAME_LEN];
	char *suffix;
	int rank = 1;

	snprintf(base, sizeof(base), "%s", driver);
	suffix = strrchr(base, '_');
	if (suffix && !strcmp(suffix, "_poll")) {
		*suffix = '\0';
		rank = 0;
	} else if (suffix && !strcmp(suffix, "_doorbell")) {
		*suffix = '\0';
	}
	if (novmci)
		rank = 0;
	snprintf(row->sort_key, sizeof(row->sort_key), "%s %d", base, rank);
}

/* Whether the host rang a doorbell in a boot that ran phase @name. */
static bool bb_reaction_rang(json_t *iterations, const char *name)
{
	size_t i, j;
	json_t *b, *run;

	json_array_foreach(iterations, i, b) {
		const char *unit = json_string_value(json_object_get(b, "bb_unit"));

		if (strcmp(json_string_value(json_object_get(b, "name")), name) ||
		    !unit)
			continue;
		json_array_foreach(iterations, j, run) {
			const char *run_unit = json_string_value(
				json_object_get(run, "bb_unit"));
			json_t *rang = json_object_get(run, "host_doorbells");

			if (run_unit && !strcmp(run_unit, unit) &&
			    json_is_number(rang) && json_number_value(rang) > 0)
				return true;
		}
	}
	return false;
}

/*
 * The reaction scenario: per driver, with and without a VMCI device, the
 * wait from a target change to the first GET_TARGET that saw it (median
 * and p95 over every step), then to the first LOCK/UNLOCK and to the
 * target.  A data file for the plot and a summary section.
 */
int bb_section_reaction(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	struct bb_reaction_row rows[64];
	char *dat = NULL;
	size_t nr = 0, datlen = 0, i, r;
	double values[BB_MAX_VALUES];
	FILE *plot;
	json_t *b;
	int ret;
	(void)clock;

	json_array_foreach(iterations, i, b) {
		const char *name = json_string_value(json_object_get(b, "name"));
		char sc[BB_NAME_LEN], dr[BB_NAME_LEN], ph[BB_NAME_LEN];
		bool novmci;

		bb_split_name(name, sc, dr, ph);
		novmci = !strcmp(ph, "step-novmci");
		if (strcmp(sc, "reaction") || (strcmp(ph, "step") && !novmci))
			continue;
		for (r = 0; r < nr && strcmp(rows[r].name, name); r++)
			;
		if (r < nr)
			continue;
		bb_too_many(nr, BB_N(rows), "reaction rows like", name);
		snprintf(rows[nr].name, sizeof(rows[nr].name), "%s", name);
		snprintf(rows[nr].label, sizeof(rows[nr].label), "%s%s", dr,
			 novmci ? " (no VMCI)" : "");
		bb_reaction_sort_key(&rows[nr], dr, novmci);
		nr++;
	}
	if (!nr)
		return 0;
	qsort(rows, nr, sizeof(rows[0]), bb_cmp_reaction_row);
	plot = open_memstream(&dat, &datlen);
	fprintf(plot, "# label doorbell reaction_median_ms reaction_p95_ms "
		      "first_page_median_ms to_target_median_ms steps\n");
	fprintf(md, "\n## reaction: target change to the driver's first "
		    "GET_TARGET that saw it\n\n"
		    "| driver | wakes by | steps | reaction median ms | "
		    "reaction p95 ms | to first LOCK/UNLOCK ms | "
		    "to target ms |\n|---|---|---|---|---|---|---|\n");
	for (r = 0; r < nr; r++) {
		size_t n = bb_collect(iterations, rows[r].name, BB_M(reaction_ms),
				      values, BB_MAX_VALUES);
		struct bb_stats reaction = bb_summarise(values, n);
		double p95 = bb_percentile(values, n, 95);
		struct bb_stats page = bb_named(iterations, rows[r].name,
						BB_M(first_page_ms));
		struct bb_stats total = bb_named(iterations, rows[r].name,
						 BB_M(time_to_target_ms));

		rows[r].doorbell = bb_reaction_rang(iterations, rows[r].name);
		fprintf(md, "| %s | %s | %zu | %.2f | %.2f | %.1f | %.1f |\n",
			rows[r].label, rows[r].doorbell ? "doorbell" : "poll",
			n, reaction.median, p95, page.median, total.median);
		fprintf(plot, "\"%s\" %d %.4f %.4f %.4f %.4f %zu\n",
			rows[r].label, rows[r].doorbell, reaction.median, p95,
			page.median, total.median, n);
	}
	fclose(plot);
	ret = bb_write_result(dir, "reaction.dat", dat, datlen);
	free(dat);
	return ret;
}
