// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbreport - merge the cells of a benchmark run into one result set
 *
 * Reads the results.json of every cell (one bbrun run each), and writes into
 * the output folder: results.json in Google Benchmark's schema (every
 * repetition, plus mean/median/stddev/cv aggregates per benchmark and
 * counter), results.csv (one row per repetition and metric), summary.md and
 * throughput.dat (for the plots); it prints the summary table on stdout.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "metrics.h"
#include "util.h"

/*
 * The summary's columns: the phase, the counter (its heading is the
 * registry's), and whether the heading names the phase (a counter shown
 * for both).
 */
static const struct bb_column {
	const char *phase;
	const char *counter;
	bool phase_in_heading;
} bb_columns[] = {
	{ "inflate", "mib_per_s", true },
	{ "inflate", "reclaim_mib_per_s", false },
	{ "deflate", "mib_per_s", true },
	{ "inflate", "time_to_target_ms", false },
	{ "inflate", "calls_per_gib", false },
	{ "inflate", "refused_pct", false },
	{ "inflate", "host_freed_pct", false },
	{ "inflate", "alloc_fail_2m_pct", false },
	{ "inflate", "kernel_ms_per_gib", false },
};

#define BB_NR_COLUMNS (sizeof(bb_columns) / sizeof(bb_columns[0]))

static int bb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

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

static struct bb_stats bb_summarise(double *v, size_t n)
{
	struct bb_stats s = { .n = n };
	double sum = 0, sq = 0;
	size_t i;

	if (!n)
		return s;
	qsort(v, n, sizeof(*v), bb_cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	s.mean = sum / n;
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	for (i = 0; i < n; i++)
		sq += (v[i] - s.mean) * (v[i] - s.mean);
	s.stddev = n > 1 ? sqrt(sq / (n - 1)) : 0;
	s.cv = s.mean ? s.stddev / fabs(s.mean) : 0;
	return s;
}

/* Values of one field over every iteration named @name. */
static size_t bb_collect(json_t *iterations, const char *name,
			 const char *field, double *out, size_t max)
{
	size_t i, n = 0;
	json_t *b, *v;

	json_array_foreach(iterations, i, b) {
		if (strcmp(json_string_value(json_object_get(b, "name")), name))
			continue;
		v = json_object_get(b, field);
		if (json_is_number(v) && n < max)
			out[n++] = json_number_value(v);
	}
	return n;
}

static bool bb_is_counter(const char *key, json_t *v)
{
	static const char *const fixed[] = {
		"family_index", "per_family_instance_index", "repetitions",
		"repetition_index", "threads", "iterations",
		"bb_round",
	};
	size_t i;

	if (!json_is_number(v))
		return false;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(key, fixed[i]))
			return false;
	return true;
}

/* mean, median, stddev and cv entries for the iterations named @name. */
static void bb_aggregate(json_t *iterations, json_t *first, json_t *out)
{
	static const char *const kinds[] = { "mean", "median", "stddev", "cv" };
	const char *name = json_string_value(json_object_get(first, "name"));
	double values[256];
	const char *key;
	json_t *v;
	size_t k;

	for (k = 0; k < 4; k++) {
		json_t *a = json_deep_copy(first);
		char *aname = bb_strdup_printf("%s_%s", name, kinds[k]);

		json_object_set_new(a, "name", json_string(aname));
		json_object_set_new(a, "run_name", json_string(name));
		json_object_set_new(a, "run_type", json_string("aggregate"));
		json_object_set_new(a, "aggregate_name", json_string(kinds[k]));
		json_object_set_new(a, "aggregate_unit",
				    json_string(k == 3 ? "percentage" : "time"));
		json_object_del(a, "repetition_index");
		json_object_del(a, "bb_unit");
		json_object_del(a, "bb_round");
		json_object_foreach(first, key, v) {
			struct bb_stats s;
			double x;

			if (!bb_is_counter(key, v))
				continue;
			s = bb_summarise(values, bb_collect(iterations, name, key,
							     values, 256));
			x = k == 0 ? s.mean : k == 1 ? s.median :
			    k == 2 ? s.stddev : s.cv;
			json_object_set_new(a, key, json_real(x));
		}
		json_array_append_new(out, a);
		free(aname);
	}
}

static json_t *bb_load_cells(int argc, char **argv, json_t **context)
{
	json_t *iterations = json_array();
	json_error_t jerr;
	int i;

	for (i = 0; i < argc; i++) {
		json_t *cell = json_load_file(argv[i], 0, &jerr), *b, *ctx;
		size_t k;

		if (!cell) {
			bb_error("%s: %s", argv[i], jerr.text);
			exit(BB_EXIT_USAGE);
		}
		ctx = json_object_get(cell, "context");
		/* A scenario that may kill its guest keeps the death. */
		if (strcmp(json_string_value(json_object_get(ctx, "bb_result")) ?: "",
			   "ok") &&
		    strcmp(json_string_value(json_object_get(
			       ctx, "bb_scenario_GUEST_MAY_DIE")) ?: "", "1")) {
			bb_error("%s: the cell failed; not merging it", argv[i]);
			exit(BB_EXIT_FAIL);
		}
		if (!*context)
			*context = json_incref(json_object_get(cell, "context"));
		json_array_foreach(json_object_get(cell, "benchmarks"), k, b)
			json_array_append(iterations, b);
		json_decref(cell);
	}
	return iterations;
}

static void bb_split_name(const char *name, char *scenario, char *driver,
			  char *phase)
{
	if (sscanf(name, "%63[^/]/%63[^/]/%63s", scenario, driver, phase) != 3)
		scenario[0] = driver[0] = phase[0] = '\0';
}

static int bb_write_csv(json_t *iterations, const char *dir)
{
	char scenario[64], driver[64], phase[64], *text = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&text, &len);
	const char *key;
	json_t *b, *v;
	int ret;

	fprintf(out, "scenario,driver,phase,repetition,metric,value\n");
	json_array_foreach(iterations, i, b) {
		bb_split_name(json_string_value(json_object_get(b, "name")),
			      scenario, driver, phase);
		json_object_foreach(b, key, v) {
			if (!bb_is_counter(key, v))
				continue;
			fprintf(out, "%s,%s,%s,%lld,%s,%.6g\n", scenario, driver,
				phase,
				json_integer_value(json_object_get(b, "repetition_index")),
				key, json_number_value(v));
		}
	}
	fclose(out);
	ret = bb_write_result(dir, "results.csv", text, len);
	free(text);
	return ret;
}

/* Drivers and scenarios in order of first appearance. */
static size_t bb_distinct(json_t *iterations, int field, char list[][64],
			  size_t max)
{
	char parts[3][64];
	size_t n = 0, i, j;
	json_t *b;

	json_array_foreach(iterations, i, b) {
		bb_split_name(json_string_value(json_object_get(b, "name")),
			      parts[0], parts[1], parts[2]);
		for (j = 0; j < n && strcmp(list[j], parts[field]); j++)
			;
		if (j == n && n < max && parts[field][0])
			strcpy(list[n++], parts[field]);
	}
	return n;
}

/*
 * A counter over every inflating (or deflating) phase of one scenario and
 * driver: all repetitions, and every step of a multi-step scenario.
 */
static struct bb_stats bb_metric(json_t *iterations, const char *scenario,
				 const char *driver, const char *phase,
				 const char *counter)
{
	char *prefix = bb_strdup_printf("%s/%s/", scenario, driver);
	int inflating = !strcmp(phase, "inflate");
	size_t n = 0, i, len = strlen(prefix);
	double values[256];
	json_t *b, *v;

	json_array_foreach(iterations, i, b) {
		if (strncmp(json_string_value(json_object_get(b, "name")),
			    prefix, len))
			continue;
		v = json_object_get(b, "inflating");
		if (!json_is_number(v) ||
		    (int)json_number_value(v) != inflating)
			continue;
		v = json_object_get(b, counter);
		if (json_is_number(v) && n < 256)
			values[n++] = json_number_value(v);
	}
	free(prefix);
	return bb_summarise(values, n);
}

/* Drivers, in order of appearance, with a SCENARIO/driver/PREFIX... phase. */
static size_t bb_drivers_with(json_t *iterations, const char *scenario,
			      const char *prefix, char list[][64], size_t max)
{
	size_t n = 0, i, d;
	json_t *b;

	json_array_foreach(iterations, i, b) {
		char sc[64], dr[64], ph[64];

		bb_split_name(json_string_value(json_object_get(b, "name")),
			      sc, dr, ph);
		if (strcmp(sc, scenario) || strncmp(ph, prefix, strlen(prefix)))
			continue;
		for (d = 0; d < n && strcmp(list[d], dr); d++)
			;
		if (d == n && n < max)
			strcpy(list[n++], dr);
	}
	return n;
}

/* Median of one counter over every iteration named exactly @name. */
static struct bb_stats bb_named(json_t *iterations, const char *name,
				const char *counter)
{
	double values[256];

	return bb_summarise(values, bb_collect(iterations, name, counter,
					       values, 256));
}

/*
 * The Waldspurger experiment: wsload throughput of a guest booted with N
 * MiB ("waldspurger/none/configuredN") against one ballooned down to N MiB
 * ("waldspurger/DRIVER/balloonedN"), as a summary section and a data file
 * with one row per N: N, configured, then each driver's ballooned figure.
 */
static int bb_write_waldspurger(json_t *iterations, const char *dir,
				FILE *md)
{
	char drivers[32][64], *dat = NULL, *name;
	size_t nd, datlen = 0, d;
	unsigned int n;
	FILE *plot;
	int ret;

	nd = bb_drivers_with(iterations, "waldspurger", "ballooned", drivers, 32);
	if (!nd)
		return 0;
	plot = open_memstream(&dat, &datlen);
	fprintf(plot, "# size_mib configured_ops_per_s");
	for (d = 0; d < nd; d++)
		fprintf(plot, " %s", drivers[d]);
	fprintf(plot, "\n");
	fprintf(md, "\n## waldspurger: configured vs ballooned\n\n"
		    "wsload throughput (median ops/s) in a guest booted with N "
		    "MiB against a 1 GiB guest ballooned down to N MiB; overhead "
		    "= 1 - ballooned / configured.  Waldspurger (OSDI 2002, "
		    "Figure 2) measured 1.4%% to 4.4%%.\n\n| N MiB | configured |");
	for (d = 0; d < nd; d++)
		fprintf(md, " %s | overhead |", drivers[d]);
	fprintf(md, "\n|---|---|");
	for (d = 0; d < nd; d++)
		fprintf(md, "---|---|");
	fprintf(md, "\n");
	for (n = 4096; n > 0; n--) {
		struct bb_stats conf;

		name = bb_strdup_printf("waldspurger/none/configured%u", n);
		conf = bb_named(iterations, name, "wsload_ops_per_s");
		free(name);
		if (!conf.n)
			continue;
		fprintf(md, "| %u | %.0f |", n, conf.median);
		fprintf(plot, "%u %.1f", n, conf.median);
		for (d = 0; d < nd; d++) {
			struct bb_stats bal;

			name = bb_strdup_printf("waldspurger/%s/ballooned%u",
						drivers[d], n);
			bal = bb_named(iterations, name, "wsload_ops_per_s");
			free(name);
			if (bal.n && conf.median)
				fprintf(md, " %.0f | %.1f%% |", bal.median,
					100 * (1 - bal.median / conf.median));
			else
				fprintf(md, " - | - |");
			fprintf(plot, " %.1f", bal.n ? bal.median : NAN);
		}
		fprintf(md, "\n");
		fprintf(plot, "\n");
	}
	fclose(plot);
	ret = bb_write_result(dir, "waldspurger.dat", dat, datlen);
	free(dat);
	return ret;
}

/*
 * Latency percentiles from the latency scenario: for each probe (timer,
 * touch) a data file with one row per percentile and one column per driver
 * and window (quiet, inflating), medians over repetitions, plus a summary
 * section.
 */
static int bb_write_latency(json_t *iterations, const char *dir, FILE *md)
{
	static const char *const probes[] = { "timer", "touch" };
	static const char *const windows[] = { "quiet", "inflating" };
	static const struct { const char *key; const char *label; } pcts[] = {
		{ "p50_ns", "50" }, { "p90_ns", "90" }, { "p99_ns", "99" },
		{ "p999_ns", "99.9" }, { "max_ns", "max" },
	};
	char drivers[32][64], *dat, *key, *name;
	size_t nd, datlen, d, p, w, k;
	int ret = 0;

	nd = bb_drivers_with(iterations, "latency", "inflate", drivers, 32);
	if (!nd)
		return 0;
	fprintf(md, "\n## latency: guest latency, quiet vs inflating (median "
		    "of repetitions, microseconds)\n\n| driver | probe |"
		    " quiet p99 | inflating p99 | quiet p99.9 | inflating p99.9 |"
		    " inflating max |\n|---|---|---|---|---|---|---|\n");
	for (p = 0; p < 2; p++) {
		FILE *plot;

		dat = NULL;
		datlen = 0;
		plot = open_memstream(&dat, &datlen);
		fprintf(plot, "# percentile");
		for (d = 0; d < nd; d++)
			for (w = 0; w < 2; w++)
				fprintf(plot, " %s/%s", drivers[d], windows[w]);
		fprintf(plot, "\n");
		for (k = 0; k < sizeof(pcts) / sizeof(pcts[0]); k++) {
			fprintf(plot, "%s", pcts[k].label);
			for (d = 0; d < nd; d++) {
				name = bb_strdup_printf("latency/%s/inflate",
							drivers[d]);
				for (w = 0; w < 2; w++) {
					key = bb_strdup_printf("latprobe_%s_%s_%s",
							       probes[p],
							       windows[w],
							       pcts[k].key);
					fprintf(plot, " %.0f",
						bb_named(iterations, name, key).median);
					free(key);
				}
				free(name);
			}
			fprintf(plot, "\n");
		}
		fclose(plot);
		name = bb_strdup_printf("latency-%s.dat", probes[p]);
		ret |= bb_write_result(dir, name, dat, datlen);
		free(name);
		free(dat);
		for (d = 0; d < nd; d++) {
			static const char *const cols[][2] = {
				{ "quiet", "p99_ns" }, { "inflating", "p99_ns" },
				{ "quiet", "p999_ns" },
				{ "inflating", "p999_ns" },
				{ "inflating", "max_ns" },
			};

			name = bb_strdup_printf("latency/%s/inflate", drivers[d]);
			fprintf(md, "| %s | %s |", drivers[d], probes[p]);
			for (k = 0; k < 5; k++) {
				key = bb_strdup_printf("latprobe_%s_%s_%s",
						       probes[p], cols[k][0],
						       cols[k][1]);
				fprintf(md, " %.1f |",
					bb_named(iterations, name, key).median /
						1000);
				free(key);
			}
			fprintf(md, "\n");
			free(name);
		}
	}
	return ret;
}

static double bb_refusal_mib_per_s(json_t *iterations, const char *driver,
				   unsigned int rate)
{
	char *name = bb_strdup_printf("refusal/%s/inflate%u", driver, rate);
	double median = bb_named(iterations, name, "mib_per_s").median;

	free(name);
	return median;
}

/*
 * Throughput against the refusal rate: the refusal scenario's phases
 * "inflate<rate>", median MiB/s per driver, as a data file (one row per
 * rate, one column per driver) and a summary section.
 */
static int bb_write_refusal(json_t *iterations, const char *dir, FILE *md)
{
	char drivers[32][64], *dat = NULL;
	unsigned int rates[16], nr = 0, r, rate;
	size_t nd = 0, datlen = 0, i, d;
	FILE *plot;
	json_t *b;
	int ret;

	json_array_foreach(iterations, i, b) {
		char sc[64], dr[64], ph[64];

		bb_split_name(json_string_value(json_object_get(b, "name")),
			      sc, dr, ph);
		if (strcmp(sc, "refusal") ||
		    sscanf(ph, "inflate%u", &rate) != 1)
			continue;
		for (r = 0; r < nr && rates[r] != rate; r++)
			;
		if (r == nr && nr < 16)
			rates[nr++] = rate;
	}
	nd = bb_drivers_with(iterations, "refusal", "inflate", drivers, 32);
	if (!nd)
		return 0;
	plot = open_memstream(&dat, &datlen);
	fprintf(plot, "# refused_pct");
	fprintf(md, "\n## refusal: inflate MiB/s against the refusal rate "
		    "(median)\n\n| driver |");
	for (r = 0; r < nr; r++)
		fprintf(md, " %u%% |", rates[r]);
	fprintf(md, "\n|---|");
	for (r = 0; r < nr; r++)
		fprintf(md, "---|");
	fprintf(md, "\n");
	for (d = 0; d < nd; d++) {
		fprintf(plot, " %s", drivers[d]);
		fprintf(md, "| %s |", drivers[d]);
		for (r = 0; r < nr; r++)
			fprintf(md, " %.1f |",
				bb_refusal_mib_per_s(iterations, drivers[d],
						     rates[r]));
		fprintf(md, "\n");
	}
	fprintf(plot, "\n");
	for (r = 0; r < nr; r++) {
		fprintf(plot, "%u", rates[r]);
		for (d = 0; d < nd; d++)
			fprintf(plot, " %.3f",
				bb_refusal_mib_per_s(iterations, drivers[d],
						     rates[r]));
		fprintf(plot, "\n");
	}
	fclose(plot);
	ret = bb_write_result(dir, "refusal.dat", dat, datlen);
	free(dat);
	return ret;
}

/* Median of a counter of one phase, printed, or "-" when absent. */
static void bb_print_median(FILE *md, json_t *iterations, const char *name,
			    const char *counter, const char *fmt)
{
	struct bb_stats m = bb_named(iterations, name, counter);

	if (m.n)
		fprintf(md, fmt, m.median);
	else
		fprintf(md, " - |");
}

/*
 * The overcommit scenario: per driver and target (a share of the guest's
 * memory), how far the balloon got, whether memhog lived, OOM kills, what
 * our reserve declined, and whether the guest survived the run.
 */
static int bb_write_overcommit(json_t *iterations, FILE *md)
{
	char drivers[32][64];
	unsigned int pcts[8], np = 0, p, pct;
	size_t nd, i, d;
	json_t *b;

	json_array_foreach(iterations, i, b) {
		char sc[64], dr[64], ph[64];

		bb_split_name(json_string_value(json_object_get(b, "name")),
			      sc, dr, ph);
		if (strcmp(sc, "overcommit") || sscanf(ph, "over%u", &pct) != 1)
			continue;
		for (p = 0; p < np && pcts[p] != pct; p++)
			;
		if (p == np && np < 8)
			pcts[np++] = pct;
	}
	nd = bb_drivers_with(iterations, "overcommit", "over", drivers, 32);
	if (!nd)
		return 0;
	fprintf(md, "\n## overcommit: targets beyond what the guest can give "
		    "(memhog holding memory)\n\n| driver | guest | target | "
		    "reached MiB | memhog alive | OOM kills | declined MiB | "
		    "to settle ms |\n|---|---|---|---|---|---|---|---|\n");
	for (d = 0; d < nd; d++) {
		char *run = bb_strdup_printf("overcommit/%s/run", drivers[d]);
		struct bb_stats ok = bb_named(iterations, run, "run_ok");

		for (p = 0; p < np; p++) {
			char *name = bb_strdup_printf("overcommit/%s/over%u",
						      drivers[d], pcts[p]);

			fprintf(md, "| %s | %s | %u%% |", drivers[d],
				ok.n && ok.median > 0 ? "survived" : "died",
				pcts[p]);
			bb_print_median(md, iterations, name, "reached_mib",
					" %.0f |");
			bb_print_median(md, iterations, name, "memhog_alive",
					" %.0f |");
			bb_print_median(md, iterations, name, "oom_kills",
					" %.0f |");
			bb_print_median(md, iterations, name, "declined_mib",
					" %.0f |");
			bb_print_median(md, iterations, name,
					"time_to_target_ms", " %.0f |");
			fprintf(md, "\n");
			free(name);
		}
		free(run);
	}
	return 0;
}

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
	char label[80];
	char name[160];
	char sort_key[80];
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
	char base[64];
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
static int bb_write_reaction(json_t *iterations, const char *dir, FILE *md)
{
	struct bb_reaction_row rows[64];
	char *dat = NULL;
	size_t nr = 0, datlen = 0, i, r;
	double values[256];
	FILE *plot;
	json_t *b;
	int ret;

	json_array_foreach(iterations, i, b) {
		const char *name = json_string_value(json_object_get(b, "name"));
		char sc[64], dr[64], ph[64];
		bool novmci;

		bb_split_name(name, sc, dr, ph);
		novmci = !strcmp(ph, "step-novmci");
		if (strcmp(sc, "reaction") || (strcmp(ph, "step") && !novmci))
			continue;
		for (r = 0; r < nr && strcmp(rows[r].name, name); r++)
			;
		if (r < nr || nr == 64)
			continue;
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
		size_t n = bb_collect(iterations, rows[r].name, "reaction_ms",
				      values, 256);
		struct bb_stats reaction = bb_summarise(values, n);
		double p95 = bb_percentile(values, n, 95);
		struct bb_stats page = bb_named(iterations, rows[r].name,
						"first_page_ms");
		struct bb_stats total = bb_named(iterations, rows[r].name,
						 "time_to_target_ms");

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

/*
 * The inflate time that compares two ways of running one driver: on the
 * virtual clock the guest's work alone (guest_virtual_ms), since the host's
 * cost model is the same both ways and would only dilute the difference.
 */
static const char *bb_guest_work_metric(const char *clock)
{
	return strcmp(clock, "virtual") ? "real_time" : "guest_virtual_ms";
}

/*
 * A driver's inflate @metric two ways: @on in @scenario_on with @driver_on,
 * @off in @scenario_off with @driver_off.  Returns whether both ran.
 */
static bool bb_inflate_on_off(json_t *iterations, const char *metric,
			      const char *scenario_on, const char *driver_on,
			      const char *scenario_off, const char *driver_off,
			      struct bb_stats *on, struct bb_stats *off)
{
	*on = bb_metric(iterations, scenario_on, driver_on, "inflate", metric);
	*off = bb_metric(iterations, scenario_off, driver_off, "inflate",
			 metric);
	return on->n && off->n;
}

/*
 * The observer's cost: each of our drivers run with its instrumentation on
 * (DRIVER) and off (DRIVER-noinstr, make bench INSTRUMENT=both), the
 * median inflate time of both (bb_guest_work_metric()) and the overhead.
 */
static void bb_write_observer(json_t *iterations, const char *clock,
			      FILE *md)
{
	const char *metric = bb_guest_work_metric(clock);
	char scenarios[32][64], drivers[32][64], *off;
	size_t ns = bb_distinct(iterations, 0, scenarios, 32);
	size_t nd = bb_distinct(iterations, 1, drivers, 32);
	bool header = false;
	size_t s, d;

	for (s = 0; s < ns; s++) {
		for (d = 0; d < nd; d++) {
			struct bb_stats on, no;
			bool both;

			off = bb_strdup_printf("%s-noinstr", drivers[d]);
			both = bb_inflate_on_off(iterations, metric,
						 scenarios[s], drivers[d],
						 scenarios[s], off, &on, &no);
			free(off);
			if (!both)
				continue;
			if (!header) {
				fprintf(md, "\n## Observer cost\n\nEach of our "
					    "drivers with its counters and "
					    "histograms on and off (`instrument=0`): "
					    "median inflate time (`%s`, %s clock) "
					    "and what the instrumentation adds.\n\n"
					    "| scenario | driver | n | on ms | off ms "
					    "| overhead |\n|---|---|---|---|---|---|\n",
					metric, clock);
				header = true;
			}
			fprintf(md, "| %s | %s | %zu | %.2f | %.2f | %+.2f%% |\n",
				scenarios[s], drivers[d], on.n, on.median,
				no.median, 100 * (on.median / no.median - 1));
		}
	}
}

/*
 * When inflate-deflate ran with the guest kernel's init_on_alloc on (as
 * Debian ships it) and off (inflate-deflate-noinit), each driver's median
 * inflate time both ways (bb_guest_work_metric()): the difference is what
 * zeroing the pages about to be given away costs it.
 */
static void bb_write_zeroing(json_t *iterations, const char *clock, FILE *md)
{
	const char *metric = bb_guest_work_metric(clock);
	char drivers[32][64];
	size_t nd = bb_distinct(iterations, 1, drivers, 32);
	bool header = false;
	size_t d;

	for (d = 0; d < nd; d++) {
		struct bb_stats on, off;

		if (!bb_inflate_on_off(iterations, metric, "inflate-deflate",
				       drivers[d], "inflate-deflate-noinit",
				       drivers[d], &on, &off))
			continue;
		if (!header) {
			fprintf(md, "\n## Zeroing\n\nInflate with the guest "
				    "kernel's `init_on_alloc` on (Debian's "
				    "default, `inflate-deflate`) and off "
				    "(`inflate-deflate-noinit`): median inflate "
				    "time (`%s`, %s clock) and the share of it "
				    "that zeroing the pages takes.\n\n"
				    "| driver | n on | n off | on ms | off ms | "
				    "zeroing |\n|---|---|---|---|---|---|\n",
				metric, clock);
			header = true;
		}
		fprintf(md, "| %s | %zu | %zu | %.2f | %.2f | %.1f%% |\n",
			drivers[d], on.n, off.n, on.median, off.median,
			100 * (1 - off.median / on.median));
	}
}

/*
 * What the host got back: for every scenario (and guest memory state,
 * SCENARIO@STATE) and driver with an inflate phase, its throughput beside
 * the effective reclaim rate (host memory freed per second), the share of
 * the balloon the host got back, what the host had to back meanwhile, the
 * guest's free 2 MiB blocks before and after, and the THP faults of the
 * probe after the inflate; reclaim.dat for the plot.
 */
enum bb_reclaim_column {
	BB_RC_MIB_PER_S,
	BB_RC_RECLAIM,
	BB_RC_FREED_PCT,
	BB_RC_POPULATED,
	BB_RC_FREE_2M_BEFORE,
	BB_RC_FREE_2M_AFTER,
	BB_RC_THP_ALLOC,
	BB_RC_THP_FALLBACK,
	BB_RC_NUM,
};

static const char *const bb_reclaim_counters[BB_RC_NUM] = {
	[BB_RC_MIB_PER_S] = "mib_per_s",
	[BB_RC_RECLAIM] = "reclaim_mib_per_s",
	[BB_RC_FREED_PCT] = "host_freed_pct",
	[BB_RC_POPULATED] = "host_populated_mib",
	[BB_RC_FREE_2M_BEFORE] = "free_2m_before_mib",
	[BB_RC_FREE_2M_AFTER] = "free_2m_after_mib",
	[BB_RC_THP_ALLOC] = "thp_fault_alloc",
	[BB_RC_THP_FALLBACK] = "thp_fault_fallback",
};

static int bb_write_reclaim(json_t *iterations, const char *dir, FILE *md)
{
	char scenarios[32][64], drivers[32][64];
	size_t ns = bb_distinct(iterations, 0, scenarios, 32);
	size_t nd = bb_distinct(iterations, 1, drivers, 32);
	struct bb_stats m[BB_RC_NUM];
	char *dat = NULL;
	size_t datlen = 0, s, d, k;
	FILE *plot = open_memstream(&dat, &datlen);
	bool header = false;
	int ret;

	fprintf(plot, "# label mib_per_s reclaim_mib_per_s host_freed_pct "
		      "(medians of the inflate phases)\n");
	for (s = 0; s < ns; s++) {
		for (d = 0; d < nd; d++) {
			char *name = bb_strdup_printf("%s/%s/inflate",
						      scenarios[s], drivers[d]);

			for (k = 0; k < BB_RC_NUM; k++)
				m[k] = bb_named(iterations, name,
						bb_reclaim_counters[k]);
			free(name);
			if (!m[BB_RC_RECLAIM].n)
				continue;
			if (!header) {
				fprintf(md, "\n## Reclaim\n\nWhat a balloon is "
					    "for: host memory freed, and how fast. "
					    "Medians over the inflate phases: "
					    "throughput (MiB ballooned per second) "
					    "beside the effective reclaim rate (MiB "
					    "the host got back per second of the same "
					    "work), the share of the balloon the host "
					    "got back, the memory the host had to back "
					    "during the inflate (pages the guest "
					    "touched first, to zero them), the guest's "
					    "free memory in 2 MiB blocks before and "
					    "after, and the THP faults of a probe run "
					    "after the inflate (huge pages got, and "
					    "fallbacks to 4 KiB pages).\n\n"
					    "| scenario | driver | n | inflate MiB/s | "
					    "reclaim MiB/s | host freed %% | host "
					    "backed MiB | free 2M MiB before -> after "
					    "| THP faults | THP fallbacks |\n"
					    "|---|---|---|---|---|---|---|---|---|---|\n");
				header = true;
			}
			fprintf(md, "| %s | %s | %zu | %.1f | %.1f | %.1f | "
				    "%.1f | ", scenarios[s], drivers[d],
				m[BB_RC_RECLAIM].n, m[BB_RC_MIB_PER_S].median,
				m[BB_RC_RECLAIM].median,
				m[BB_RC_FREED_PCT].median,
				m[BB_RC_POPULATED].median);
			if (m[BB_RC_FREE_2M_BEFORE].n && m[BB_RC_FREE_2M_AFTER].n)
				fprintf(md, "%.0f -> %.0f |",
					m[BB_RC_FREE_2M_BEFORE].median,
					m[BB_RC_FREE_2M_AFTER].median);
			else
				fprintf(md, "- |");
			if (m[BB_RC_THP_ALLOC].n)
				fprintf(md, " %.0f | %.0f |\n",
					m[BB_RC_THP_ALLOC].median,
					m[BB_RC_THP_FALLBACK].median);
			else
				fprintf(md, " - | - |\n");
			/* The plot: inflate-deflate, one bar pair per state. */
			if (strncmp(scenarios[s], "inflate-deflate",
				    strcspn(scenarios[s], "@")) ||
			    strcspn(scenarios[s], "@") != strlen("inflate-deflate"))
				continue;
			fprintf(plot, "\"%s, %s\" %.3f %.3f %.3f\n", drivers[d],
				strchr(scenarios[s], '@') ?
				strchr(scenarios[s], '@') + 1 : "filled",
				m[BB_RC_MIB_PER_S].median, m[BB_RC_RECLAIM].median,
				m[BB_RC_FREED_PCT].median);
		}
	}
	fclose(plot);
	ret = header ? bb_write_result(dir, "reclaim.dat", dat, datlen) : 0;
	free(dat);
	return ret;
}

/* summary.md, the same table on stdout, and throughput.dat for gnuplot. */
static int bb_write_summary(json_t *iterations, const char *clock,
			    const char *dir)
{
	char scenarios[32][64], drivers[32][64];
	size_t ns = bb_distinct(iterations, 0, scenarios, 32);
	size_t nd = bb_distinct(iterations, 1, drivers, 32);
	char *md = NULL, *dat = NULL;
	size_t mdlen = 0, datlen = 0, s, d, c;
	FILE *out = open_memstream(&md, &mdlen);
	FILE *plot = open_memstream(&dat, &datlen);
	int ret;

	fprintf(out, "# balloonbench summary\n\nMedian over the inflating "
		     "(deflating) phases of every repetition, with the "
		     "coefficient of variation in brackets; n counts the inflating "
		     "phases.\n");
	fprintf(plot, "# scenario driver inflate_median inflate_stddev "
		      "deflate_median deflate_stddev (MiB/s)\n");
	for (s = 0; s < ns; s++) {
		fprintf(out, "\n## %s\n\n| driver | n |", scenarios[s]);
		for (c = 0; c < BB_NR_COLUMNS; c++)
			fprintf(out, " %s%s%s |",
				bb_columns[c].phase_in_heading ?
				bb_columns[c].phase : "",
				bb_columns[c].phase_in_heading ? " " : "",
				bb_metric_heading(bb_columns[c].counter));
		fprintf(out, "\n|---|---|");
		for (c = 0; c < BB_NR_COLUMNS; c++)
			fprintf(out, "---|");
		fprintf(out, "\n");
		for (d = 0; d < nd; d++) {
			struct bb_stats in = bb_metric(iterations, scenarios[s],
						       drivers[d], "inflate",
						       "mib_per_s");
			struct bb_stats de = bb_metric(iterations, scenarios[s],
						       drivers[d], "deflate",
						       "mib_per_s");

			if (!in.n && !de.n)
				continue;
			fprintf(out, "| %s | %zu |", drivers[d], in.n);
			for (c = 0; c < BB_NR_COLUMNS; c++) {
				struct bb_stats m = bb_metric(
					iterations, scenarios[s], drivers[d],
					bb_columns[c].phase,
					bb_columns[c].counter);

				if (m.n)
					fprintf(out, " %.1f (%.1f%%) |",
						m.median, 100 * m.cv);
				else
					fprintf(out, " - |");
			}
			fprintf(out, "\n");
			fprintf(plot, "%s %s %.3f %.3f %.3f %.3f\n",
				scenarios[s], drivers[d], in.median, in.stddev,
				de.median, de.stddev);
		}
	}
	ret = bb_write_reclaim(iterations, dir, out);
	ret |= bb_write_waldspurger(iterations, dir, out);
	ret |= bb_write_latency(iterations, dir, out);
	ret |= bb_write_refusal(iterations, dir, out);
	ret |= bb_write_reaction(iterations, dir, out);
	ret |= bb_write_overcommit(iterations, out);
	bb_write_observer(iterations, clock, out);
	bb_write_zeroing(iterations, clock, out);
	fclose(out);
	fclose(plot);
	fputs(md, stdout);
	ret |= bb_write_result(dir, "summary.md", md, mdlen);
	ret |= bb_write_result(dir, "throughput.dat", dat, datlen);
	free(md);
	free(dat);
	return ret;
}

static int bb_write_json(json_t *context, json_t *iterations, const char *dir)
{
	json_t *root = json_object(), *all = json_array(), *b;
	char *text;
	size_t i, j;
	int ret;

	json_array_foreach(iterations, i, b) {
		const char *name = json_string_value(json_object_get(b, "name"));

		json_array_append(all, b);
		/* After the last repetition of a benchmark, its aggregates. */
		for (j = i + 1; j < json_array_size(iterations); j++)
			if (!strcmp(name, json_string_value(json_object_get(
						  json_array_get(iterations, j),
						  "name"))))
				break;
		if (j == json_array_size(iterations) &&
		    json_integer_value(json_object_get(b, "repetitions")) > 1)
			bb_aggregate(iterations, b, all);
	}
	json_object_set(root, "context", context);
	json_object_set_new(root, "benchmarks", all);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	ret = bb_write_result(dir, "results.json", text, strlen(text));
	free(text);
	return ret;
}

/*
 * Checks that a results.json has Google Benchmark's shape, so that its
 * tools and CI dashboards read it.  Prints the first problem.
 */
static int bb_check(const char *path)
{
	static const char *const context_keys[] = {
		"date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
		"cpu_scaling_enabled", "caches", "load_avg",
		"library_build_type", "json_schema_version",
	};
	static const char *const bench_keys[] = {
		"name", "run_name", "run_type", "repetitions", "threads",
		"iterations", "real_time", "cpu_time", "time_unit",
	};
	json_t *root, *ctx, *list, *b;
	json_error_t jerr;
	size_t i, k, iterations = 0;

	root = json_load_file(path, 0, &jerr);
	if (!root) {
		bb_error("%s: not JSON: %s (line %d)", path, jerr.text, jerr.line);
		return BB_EXIT_FAIL;
	}
	ctx = json_object_get(root, "context");
	list = json_object_get(root, "benchmarks");
	if (!json_is_object(ctx) || !json_is_array(list)) {
		bb_error("%s: needs a context object and a benchmarks array", path);
		return BB_EXIT_FAIL;
	}
	for (k = 0; k < sizeof(context_keys) / sizeof(context_keys[0]); k++)
		if (!json_object_get(ctx, context_keys[k])) {
			bb_error("%s: context lacks %s", path, context_keys[k]);
			return BB_EXIT_FAIL;
		}
	json_array_foreach(list, i, b) {
		const char *type = json_string_value(json_object_get(b, "run_type"));

		for (k = 0; k < sizeof(bench_keys) / sizeof(bench_keys[0]); k++)
			if (!json_object_get(b, bench_keys[k])) {
				bb_error("%s: benchmark %zu lacks %s", path, i,
					 bench_keys[k]);
				return BB_EXIT_FAIL;
			}
		if (type && !strcmp(type, "iteration")) {
			iterations++;
		} else if (!type || strcmp(type, "aggregate") ||
			   !json_is_string(json_object_get(b, "aggregate_name"))) {
			bb_error("%s: benchmark %zu: run_type must be iteration, or aggregate with an aggregate_name",
				 path, i);
			return BB_EXIT_FAIL;
		}
	}
	if (!iterations) {
		bb_error("%s: no iterations", path);
		return BB_EXIT_FAIL;
	}
	printf("%s: %zu benchmarks, %zu iterations: valid\n", path,
	       json_array_size(list), iterations);
	json_decref(root);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out_dir = NULL;
	json_t *context = NULL, *iterations, *extra = json_object();
	const char *key;
	json_t *v;
	int c;

	while ((c = getopt(argc, argv, "c:ho:x:")) != -1) {
		switch (c) {
		case 'x': {
			char *eq = strchr(optarg, '=');

			if (!eq) {
				bb_error("-x takes KEY=VALUE, not '%s'", optarg);
				return BB_EXIT_USAGE;
			}
			*eq = '\0';
			json_object_set_new(extra, optarg, json_string(eq + 1));
			break;
		}
		case 'c':
			return bb_check(optarg);
		case 'o':
			out_dir = optarg;
			break;
		case 'h':
			printf("Usage: bbreport -o DIR [-x KEY=VALUE]... CELL.json...\n"
			       "       bbreport -c RESULTS.json\n"
			       "Merge benchmark cells into DIR/results.json "
			       "(with aggregates), results.csv, summary.md;\n"
			       "or check that a results.json has Google "
			       "Benchmark's shape.\n");
			return 0;
		default:
			return BB_EXIT_USAGE;
		}
	}
	if (!out_dir || optind == argc) {
		bb_error("usage: bbreport -o DIR CELL.json...");
		return BB_EXIT_USAGE;
	}
	if (mkdir(out_dir, 0755) && errno != EEXIST) {
		bb_error("cannot create %s: %s", out_dir, strerror(errno));
		return BB_EXIT_USAGE;
	}
	iterations = bb_load_cells(argc - optind, argv + optind, &context);
	/* How the set was run (JOBS, REPS...) belongs to its environment. */
	json_object_foreach(extra, key, v)
		json_object_set(context, key, v);
	if (bb_write_json(context, iterations, out_dir) ||
	    bb_write_csv(iterations, out_dir) ||
	    bb_write_summary(iterations,
			     json_string_value(json_object_get(context, "bb_clock")) ?: "wall",
			     out_dir))
		return BB_EXIT_FAIL;
	return 0;
}
