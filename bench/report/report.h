/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bbreport's parts: the merge of cells into one result set (merge.c),
 * queries over its iterations (query.c), the schema check (check.c), and
 * the summary's sections, one file each under sections/.
 */
#ifndef BB_REPORT_H
#define BB_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/*
 * What one query holds: values of a counter, names of scenarios or
 * drivers.  A result set with more is an error that says so, never a
 * silently shorter table.
 */
#define BB_MAX_VALUES 4096
#define BB_MAX_NAMES 256
#define BB_NAME_LEN 192

/**
 * struct bb_stats - summary of one metric over repetitions
 * @n: repetitions
 * @mean: arithmetic mean
 * @median: median
 * @stddev: sample standard deviation (0 for one repetition)
 * @cv: @stddev / @mean (0 when the mean is 0)
 */
struct bb_stats {
	size_t n;
	double mean;
	double median;
	double stddev;
	double cv;
};

void bb_too_many(size_t n, size_t max, const char *what, const char *name);
struct bb_stats bb_summarise(double *v, size_t n);
size_t bb_collect(json_t *iterations, const char *name, const char *field,
		  double *out, size_t max);
bool bb_is_counter(const char *key, json_t *v);
void bb_split_name(const char *name, char *scenario, char *driver,
		   char *phase);
size_t bb_name_add(char list[][BB_NAME_LEN], size_t n, size_t max,
		   const char *name);
size_t bb_distinct(json_t *iterations, int field, char list[][BB_NAME_LEN],
		   size_t max);
struct bb_stats bb_metric(json_t *iterations, const char *scenario,
			  const char *driver, const char *phase,
			  const char *counter);
size_t bb_phase_numbers(json_t *iterations, const char *scenario,
			const char *prefix, unsigned int *out, size_t max);
size_t bb_drivers_with(json_t *iterations, const char *scenario,
		       const char *prefix, char list[][BB_NAME_LEN], size_t max);
struct bb_stats bb_named(json_t *iterations, const char *name,
			 const char *counter);
const char *bb_guest_work_metric(const char *clock);
bool bb_inflate_on_off(json_t *iterations, const char *metric,
		       const char *scenario_on, const char *driver_on,
		       const char *scenario_off, const char *driver_off,
		       struct bb_stats *on, struct bb_stats *off);

json_t *bb_load_cells(int argc, char **argv, json_t **context);
const char *bb_scenario_setting(const char *scenario, const char *key);
int bb_write_json(json_t *context, json_t *iterations, const char *dir);
int bb_write_csv(json_t *iterations, const char *dir);
int bb_check(const char *path);

/*
 * A section of summary.md: its rows from @iterations (measured on
 * @clock), its data files in @dir, its Markdown on @md.  Returns 0, or
 * non-zero when a file could not be written.
 */
typedef int bb_section_fn(json_t *iterations, const char *clock,
			  const char *dir, FILE *md);
#define BB_SECTION(name) bb_section_fn bb_section_##name;
#include "sections/sections.h"
#undef BB_SECTION

#endif /* BB_REPORT_H */
