// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbcompare - judge a candidate result set against a base
 *
 * Reads two results.json files (or result folders), shows how their
 * environments differ, then compares every declared metric (bench/lib/metrics.def)
 * of every benchmark present in both: medians, ratio, 95% interval,
 * p-value (Mann-Whitney, or the paired t test for units paired by round),
 * its Holm adjustment over the comparison's wall-clock tests, verdict.
 *
 * Exit status: 0 nothing got worse, 1 a metric got worse, 2 the results
 * could not decide (not comparable, too few repetitions) or bad input.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "conf.h"
#include "environment.h"
#include "metrics.h"
#include "stats.h"
#include "util.h"

/* malloc() that never returns NULL: out of memory ends bbcompare. */
static void *bb_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		bb_error("out of memory");
		exit(BB_EXIT_USAGE);
	}
	return p;
}

static json_t *bb_load(const char *arg)
{
	struct stat st;
	json_error_t jerr;
	char *path;
	json_t *root;

	path = !stat(arg, &st) && S_ISDIR(st.st_mode) ?
	       bb_strdup_printf("%s/results.json", arg) : strdup(arg);
	root = json_load_file(path, 0, &jerr);
	if (!root)
		bb_error("%s: %s", path, jerr.text);
	else if (!json_is_array(json_object_get(root, "benchmarks"))) {
		bb_error("%s: no benchmarks array", path);
		json_decref(root);
		root = NULL;
	}
	free(path);
	return root;
}

#define BB_MAX_NAMES 16

/* Adds an option's argument to its list (of BB_MAX_NAMES). */
static bool bb_append(const char **list, size_t *n, const char *name)
{
	if (*n == BB_MAX_NAMES) {
		bb_error("more than %d names for one option", BB_MAX_NAMES);
		return false;
	}
	list[(*n)++] = name;
	return true;
}

/* The metrics asked for (-m); none: every metric not on request. */
static const char *bb_wanted[BB_MAX_NAMES];
static size_t bb_n_wanted;

static bool bb_judged(const struct bb_metric *m)
{
	if (bb_n_wanted)
		return bb_in(m->name, bb_wanted, bb_n_wanted);
	return !m->on_request;
}

/* Context keys the caller changed on purpose (-a). */
static const char *bb_allowed[BB_MAX_NAMES];
static size_t bb_n_allowed;

/*
 * The values of one counter, one per repetition, the unit each ran in
 * (bb_unit: a guest boot, or one process of a micro-benchmark; NULL in
 * results that predate units) and its unit's round (bb_round: the gate ran
 * the base's and the candidate's units of one round side by side; 0 when
 * not given).
 */
static size_t bb_samples(json_t *index, const char *run_name,
			 const char *counter, double *out, const char **unit,
			 long *round)
{
	size_t n = 0, i;
	json_t *b, *v;

	json_array_foreach(json_object_get(index, run_name), i, b) {
		v = json_object_get(b, counter);
		if (!json_is_number(v))
			continue;
		unit[n] = json_string_value(json_object_get(b, "bb_unit"));
		round[n] = (long)json_integer_value(json_object_get(b, "bb_round"));
		out[n++] = json_number_value(v);
	}
	return n;
}

/*
 * A file's iterations by run_name, each name's entries in file order: a
 * benchmark's samples are then found without a pass over the whole file
 * (a file of 250,000 benchmarks took over 15 minutes that way).  Sets
 * @most to the largest number of entries of one name.
 */
static json_t *bb_index(json_t *root, size_t *most)
{
	json_t *index = json_object(), *b, *list;
	size_t i;

	json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
		const char *run = json_string_value(json_object_get(b, "run_name"));

		if (!run || strcmp(json_string_value(json_object_get(
					   b, "run_type")) ?: "", "iteration"))
			continue;
		list = json_object_get(index, run);
		if (!list) {
			list = json_array();
			json_object_set_new(index, run, list);
		}
		json_array_append(list, b);
		if (json_array_size(list) > *most)
			*most = json_array_size(list);
	}
	return index;
}

/* How many units @unit names; 0 when any sample has none. */
static size_t bb_units(const char *const *unit, size_t n)
{
	json_t *seen = json_object();
	size_t i, distinct = 0;

	for (i = 0; i < n && unit[i]; i++)
		json_object_set_new(seen, unit[i], json_true());
	if (i == n)
		distinct = json_object_size(seen);
	json_decref(seen);
	return distinct;
}

/*
 * Repetitions inside one unit share its luck, an offset that more
 * repetitions do not average out: on the wall clock two boots of identical
 * code differed by up to 7.5% in inflate time here, and two processes of
 * one micro-benchmark binary by 14%.  So when a side spans several units,
 * each unit is one sample, the median of its repetitions (the best of them
 * for a metric of @metric->unit_best).  Rewrites @v, @unit and @round in
 * place, unit by unit in order of first appearance.
 */
static size_t bb_per_unit(const struct bb_metric *metric, double *v,
			  const char **unit, long *round, size_t n)
{
	double *mine = bb_alloc(n * sizeof(*mine));
	double *value = bb_alloc(n * sizeof(*value));
	size_t *first = bb_alloc(n * sizeof(*first));
	json_t *groups = json_object(), *group, *at;
	size_t i, k, reps, units = 0;

	for (i = 0; i < n; i++) {
		group = json_object_get(groups, unit[i]);
		if (!group) {
			group = json_array();
			json_object_set_new(groups, unit[i], group);
			first[units++] = i;
		}
		json_array_append_new(group, json_integer((json_int_t)i));
	}
	for (k = 0; k < units; k++) {
		reps = 0;
		json_array_foreach(json_object_get(groups, unit[first[k]]), i, at)
			mine[reps++] = v[json_integer_value(at)];
		value[k] = metric->unit_best ?
			   bb_best(mine, reps, metric->better) :
			   bb_median(mine, reps);
	}
	/* Each unit's first sample is at or after its new place. */
	for (k = 0; k < units; k++) {
		unit[k] = unit[first[k]];
		round[k] = round[first[k]];
		v[k] = value[k];
	}
	json_decref(groups);
	free(first);
	free(value);
	free(mine);
	return units;
}

struct bb_in_round {
	long round;
	double value;
};

static int bb_cmp_round(const void *a, const void *b)
{
	long x = ((const struct bb_in_round *)a)->round;
	long y = ((const struct bb_in_round *)b)->round;

	return (x > y) - (x < y);
}

/* Sorts @v by @round, in place. */
static void bb_sort_by_round(double *v, long *round, size_t n)
{
	struct bb_in_round *both = bb_alloc(n * sizeof(*both));
	size_t i;

	for (i = 0; i < n; i++)
		both[i] = (struct bb_in_round){ round[i], v[i] };
	qsort(both, n, sizeof(*both), bb_cmp_round);
	for (i = 0; i < n; i++) {
		round[i] = both[i].round;
		v[i] = both[i].value;
	}
	free(both);
}

/*
 * Whether the units of both sides pair up by round: one unit a side in
 * each round, the same rounds on both sides.  If so, both sides end up in
 * round order, @base[i] the partner of @cand[i].
 */
static bool bb_pair_by_round(double *base, long *base_round, size_t nb,
			     double *cand, long *cand_round, size_t nc)
{
	size_t i;

	if (nb != nc || nb < 2)
		return false;
	bb_sort_by_round(base, base_round, nb);
	bb_sort_by_round(cand, cand_round, nc);
	for (i = 0; i < nb; i++)
		if (base_round[i] < 1 || base_round[i] != cand_round[i] ||
		    (i && base_round[i] == base_round[i - 1]))
			return false;
	return true;
}

/* Whether any sample names a round. */
static bool bb_has_rounds(const long *round, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (round[i] > 0)
			return true;
	return false;
}

#define BB_MAX_ROWS 4096

/**
 * struct bb_row - one metric of one benchmark, judged
 * @run: the benchmark's run_name
 * @key: the metric's name
 * @metric: its declaration
 * @tolerance: the metric's tolerance, or its scenario's override
 * @r: the comparison
 * @p_family: @r.p adjusted for every wall-clock test of this comparison
 * @noise_floor: a timed metric of a phase too short for the wall clock
 * @few: a wall-clock test that cannot stand after Holm's adjustment
 */
struct bb_row {
	const char *run;
	const char *key;
	const struct bb_metric *metric;
	double tolerance;
	struct bb_comparison r;
	double p_family;
	bool noise_floor;
	bool few;
};

/* The row of @rows that judges @key in the same benchmark as @row, if any. */
static const struct bb_row *bb_row_of(const struct bb_row *rows, size_t n,
				      const struct bb_row *row, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(rows[i].run, row->run) && !strcmp(rows[i].key, key))
			return &rows[i];
	return NULL;
}

/* A wall-clock row that restates another row's test (bb_metric.same_as). */
static const struct bb_row *bb_restated(const struct bb_row *rows, size_t n,
					const struct bb_row *row)
{
	const struct bb_row *source;

	if (row->metric->kind != BB_KIND_WALL || !row->metric->same_as)
		return NULL;
	source = bb_row_of(rows, n, row, row->metric->same_as);
	return source && source->metric->kind == BB_KIND_WALL ? source : NULL;
}

/*
 * Every wall-clock verdict of one comparison is one family of tests: a
 * change stands only if its Holm-adjusted p-value stays below BB_ALPHA.
 * A metric that restates another (throughput of a fixed amount is its
 * time) is not a test of its own: it takes the place of the metric it
 * restates in the step-down, so that saying one thing three ways does not
 * cost power.  A test whose smallest attainable p cannot clear the
 * adjustment over this family, even at the best place in the step-down the
 * others' smallest p allow (bb_can_reject()), cannot call a change: it is
 * marked few.
 * Returns the family's size.
 */
static size_t bb_family(struct bb_row *rows, size_t n)
{
	static double p[BB_MAX_ROWS], adjusted[BB_MAX_ROWS], min_p[BB_MAX_ROWS];
	static size_t slot[BB_MAX_ROWS];
	static const struct bb_row *source[BB_MAX_ROWS];
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		source[i] = bb_restated(rows, n, &rows[i]);
		if (rows[i].metric->kind == BB_KIND_WALL && !source[i]) {
			slot[i] = m;
			min_p[m] = rows[i].r.min_p;
			p[m++] = rows[i].r.p;
		}
	}
	memcpy(adjusted, p, m * sizeof(*p));
	if (bb_holm(adjusted, m)) {
		bb_error("out of memory");
		exit(BB_EXIT_USAGE);
	}
	for (i = 0; i < n; i++) {
		struct bb_row *row = &rows[i];
		struct bb_comparison *r = &row->r;

		row->p_family = r->p;
		if (row->metric->kind != BB_KIND_WALL)
			continue;
		row->p_family = source[i] ?
			bb_holm_in_place(p, m, slot[source[i] - rows], r->p) :
			adjusted[slot[i]];
		if (row->p_family < 0) {
			bb_error("out of memory");
			exit(BB_EXIT_USAGE);
		}
		if ((r->verdict == BB_VERDICT_WORSE ||
		     r->verdict == BB_VERDICT_BETTER) &&
		    row->p_family >= BB_ALPHA)
			r->verdict = BB_VERDICT_SAME;
		row->few = !row->noise_floor &&
			   !bb_can_reject(min_p, m, source[i] ?
					  slot[source[i] - rows] : slot[i]);
	}
	return m;
}

/*
 * A scenario file may set its own tolerance for a metric, as
 * TOLERANCE_<METRIC>=0.08: a relative change, above 0 and below 1.
 * Returns false on a bad value.
 */
static bool bb_scenario_tolerance(const char *dir, const char *run,
				  const char *metric, double *tolerance)
{
	/* SCENARIO@STATE is SCENARIO in a guest memory state: its file. */
	char *scenario = strndup(run, strcspn(run, "/@")), *path, *key, *end;
	struct bb_conf conf = { 0 };
	const char *value;
	bool ok = true;
	size_t i;
	int ret;

	path = bb_strdup_printf("%s/%s.conf", dir, scenario);
	key = bb_strdup_printf("TOLERANCE_%s", metric);
	for (i = 0; key[i]; i++)
		key[i] = (char)toupper((unsigned char)key[i]);
	ret = bb_conf_load(&conf, path);
	/* Micro-benchmarks have no scenario file: no override. */
	if (ret && ret != -ENOENT) {
		bb_error("%s: cannot read it", path);
		ok = false;
	} else if (!ret && (value = bb_conf_get(&conf, key))) {
		double t = strtod(value, &end);

		if (*end || !(t > 0 && t < 1)) {
			bb_error("%s: %s=%s is not a tolerance between 0 and 1",
				 path, key, value);
			ok = false;
		} else {
			*tolerance = t;
		}
	}
	bb_conf_free(&conf);
	free(key);
	free(path);
	free(scenario);
	return ok;
}

static bool bb_seen(json_t *done, const char *name)
{
	return json_object_get(done, name) != NULL;
}

int main(int argc, char **argv)
{
	double *base_v, *cand_v;
	const char **base_unit, **cand_unit;
	long *base_round, *cand_round;
	json_t *base_index, *cand_index;
	size_t most = 0;
	unsigned int worse = 0, unreliable = 0, judged = 0, few = 0;
	unsigned int one_unit = 0, paired_rows = 0, mixed_units = 0;
	unsigned int unpaired_rounds = 0, not_positive = 0;
	size_t base_units = 0, cand_units = 0;
	bool force = false, virtual_clock;
	json_t *base, *cand, *done = json_object(), *b;
	const char *clock, *data_path = NULL, *scenarios_dir = NULL;
	FILE *data = NULL;
	char *worse_list = strdup("");
	static struct bb_row rows[BB_MAX_ROWS];
	size_t i, k, n_rows = 0, family;
	int c;

	while ((c = getopt(argc, argv, "a:fhm:Mo:s:")) != -1) {
		switch (c) {
		case 's':
			scenarios_dir = optarg;
			break;
		case 'm':
			if (!bb_metric_find(optarg, false)) {
				bb_error("-m %s: not a judged metric (bbcompare -M lists them)",
					 optarg);
				return BB_EXIT_USAGE;
			}
			if (!bb_append(bb_wanted, &bb_n_wanted, optarg))
				return BB_EXIT_USAGE;
			break;
		case 'M':
			bb_metric_print_table(stdout);
			return 0;
		case 'a':
			if (!bb_append(bb_allowed, &bb_n_allowed, optarg))
				return BB_EXIT_USAGE;
			break;
		case 'f':
			force = true;
			break;
		case 'o':
			data_path = optarg;
			break;
		case 'h':
			printf("Usage: bbcompare [-f] [-a KEY]... [-m METRIC]... [-o FILE] [-s DIR] BASE CANDIDATE\n"
			       "       bbcompare -M\n"
			       "Compare two results.json files or result folders.\n"
			       "  -a KEY     the context key KEY may differ (changed on purpose)\n"
			       "  -f         compare even when the environments differ\n"
			       "  -m METRIC  judge only this declared metric (cpu_time: on request)\n"
			       "  -M         print the metric registry (bench/lib/metrics.def)\n"
			       "  -o FILE    also write the table as a data file (for plots)\n"
			       "  -s DIR     scenario files whose TOLERANCE_<METRIC>=X override\n"
			       "             a metric's tolerance (bench/scenarios)\n"
			       "Exit status: 0 nothing worse, 1 worse, 2 undecided or error.\n");
			return 0;
		default:
			return BB_EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		bb_error("usage: bbcompare [-f] [-a KEY]... [-m METRIC]... [-o FILE] [-s DIR] BASE CANDIDATE");
		return BB_EXIT_USAGE;
	}
	base = bb_load(argv[optind]);
	cand = bb_load(argv[optind + 1]);
	if (!base || !cand)
		return BB_EXIT_USAGE;
	/*
	 * The same metric means another thing on another host (a VMware
	 * guest's target_mib is what ESXi gave, its times the driver's part
	 * alone): no -f makes them comparable.
	 */
	if (strcmp(bb_host_kind(base), bb_host_kind(cand))) {
		printf("Verdict: not comparable: the base ran on the %s host, the candidate on the %s host; compare runs of one kind of host\n",
		       bb_host_kind(base), bb_host_kind(cand));
		return BB_EXIT_USAGE;
	}
	if (!bb_environments(base, cand, bb_allowed, bb_n_allowed) && !force) {
		printf("Verdict: not comparable (use -f to compare anyway)\n");
		return BB_EXIT_USAGE;
	}
	clock = json_string_value(json_object_get(
		json_object_get(base, "context"), "bb_clock"));
	virtual_clock = clock && !strcmp(clock, "virtual");
	/* Every repetition of a benchmark is a sample: no cap. */
	base_index = bb_index(base, &most);
	cand_index = bb_index(cand, &most);
	base_v = bb_alloc(most * sizeof(*base_v));
	cand_v = bb_alloc(most * sizeof(*cand_v));
	base_unit = bb_alloc(most * sizeof(*base_unit));
	cand_unit = bb_alloc(most * sizeof(*cand_unit));
	base_round = bb_alloc(most * sizeof(*base_round));
	cand_round = bb_alloc(most * sizeof(*cand_round));
	if (data_path) {
		data = fopen(data_path, "w");
		if (!data) {
			bb_error("%s: %s", data_path, strerror(errno));
			return BB_EXIT_USAGE;
		}
		fprintf(data, "# index benchmark metric better kind tolerance base "
			      "candidate ratio low high p verdict p_holm\n");
	}

	json_array_foreach(json_object_get(base, "benchmarks"), i, b) {
		const char *run = json_string_value(json_object_get(b, "run_name"));
		const char *key;
		json_t *v;

		size_t nt;
		bool short_phase;

		/* A run's own entry carries raw counters, not measurements. */
		if (!run || strcmp(json_string_value(json_object_get(b, "run_type")) ?: "",
				   "iteration") || bb_seen(done, run) ||
		    (strlen(run) > 4 && !strcmp(run + strlen(run) - 4, "/run")))
			continue;
		json_object_set_new(done, run, json_true());
		nt = bb_samples(base_index, run, BB_M(real_time), base_v, base_unit,
				base_round);
		/* Only phases are timed in ms; micro-benchmarks are not phases. */
		short_phase = nt && bb_median(base_v, nt) < BB_TIME_FLOOR_MS &&
			      !strcmp(json_string_value(json_object_get(
					      b, "time_unit")) ?: "ms", "ms");
		nt = bb_samples(cand_index, run, BB_M(real_time), cand_v, cand_unit,
				cand_round);
		short_phase = short_phase && nt &&
			      bb_median(cand_v, nt) < BB_TIME_FLOOR_MS;
		json_object_foreach(b, key, v) {
			const struct bb_metric *m = bb_metric_find(key, virtual_clock);
			struct bb_row *row;
			size_t nb, nc;
			bool paired = false, rounds;

			if (!m || !bb_judged(m))
				continue;
			nb = bb_samples(base_index, run, key, base_v, base_unit,
					base_round);
			nc = bb_samples(cand_index, run, key, cand_v, cand_unit,
					cand_round);
			if (!nc)
				continue;
			if (m->kind == BB_KIND_WALL) {
				size_t bb = bb_units(base_unit, nb);
				size_t cb = bb_units(cand_unit, nc);

				rounds = bb_has_rounds(base_round, nb) ||
					 bb_has_rounds(cand_round, nc);
				if (bb && cb && (bb > 1 || cb > 1)) {
					nb = bb_per_unit(m, base_v, base_unit,
							 base_round, nb);
					nc = bb_per_unit(m, cand_v, cand_unit,
							 cand_round, nc);
					paired = bb_pair_by_round(
						base_v, base_round, nb,
						cand_v, cand_round, nc);
					unpaired_rounds += rounds && !paired;
					base_units = bb > base_units ? bb : base_units;
					cand_units = cb > cand_units ? cb : cand_units;
				}
				one_unit += bb == 1 && cb == 1;
				mixed_units += !bb != !cb;
			}
			if (n_rows == BB_MAX_ROWS) {
				bb_error("more than %d comparisons", BB_MAX_ROWS);
				return BB_EXIT_USAGE;
			}
			row = &rows[n_rows++];
			row->run = run;
			row->key = key;
			row->metric = m;
			row->tolerance = m->tolerance;
			if (scenarios_dir &&
			    !bb_scenario_tolerance(scenarios_dir, run, key,
						   &row->tolerance))
				return BB_EXIT_USAGE;
			row->r = paired ?
				bb_compare_paired(base_v, cand_v, nb, m->better,
						  m->kind, row->tolerance) :
				bb_compare(base_v, nb, cand_v, nc, m->better,
					   m->kind, row->tolerance);
			paired_rows += row->r.paired;
			not_positive += paired && !row->r.paired;
			/* A few ms on a wall clock is noise, whatever it says. */
			row->noise_floor = short_phase && m->timed &&
					   m->kind == BB_KIND_WALL &&
					   row->r.verdict != BB_VERDICT_UNRELIABLE;
			if (row->noise_floor)
				row->r.verdict = BB_VERDICT_SAME;
		}
	}
	family = bb_family(rows, n_rows);
	/*
	 * A test that cannot reach significance cannot show a change, so one
	 * that looks worse than its tolerance is undecided rather than a pass.
	 * (On the virtual clock the wall-clock metrics are the random parts,
	 * such as reaction.)
	 */
	for (k = 0; k < n_rows; k++) {
		few += rows[k].few;
		if (!virtual_clock && rows[k].few &&
		    rows[k].r.verdict == BB_VERDICT_SAME &&
		    rows[k].r.change < -rows[k].tolerance)
			rows[k].r.verdict = BB_VERDICT_UNRELIABLE;
	}

	if (base_units || cand_units)
		printf("\nWall-clock samples: one per unit (guest boot or process), the "
		       "median of its repetitions, or for CPU time their best (%zu "
		       "units and %zu).\n",
		       base_units, cand_units);
	if (paired_rows)
		printf("Paired by round (units that ran side by side): %u comparisons "
		       "use the paired t test on log ratios instead of the U test; "
		       "their ratio is the geometric mean of the pairs' ratios, with "
		       "its t interval.\n",
		       paired_rows);
	printf("\n%-40s %-22s %12s %12s %8s %17s %8s %8s  %s\n", "benchmark",
	       "metric", "base", "candidate", "ratio", "95% interval", "p",
	       "p(Holm)", "verdict");
	for (k = 0; k < n_rows; k++) {
		const struct bb_row *row = &rows[k];
		const struct bb_comparison *r = &row->r;

		judged++;
		worse += r->verdict == BB_VERDICT_WORSE;
		unreliable += r->verdict == BB_VERDICT_UNRELIABLE;
		printf("%-40s %-22s %12.4g %12.4g %8.4f  [%6.4f, %6.4f] %8.3g %8.3g  %s\n",
		       row->run, row->key, r->base_median, r->cand_median,
		       r->ratio, r->interval.low, r->interval.high, r->p,
		       row->p_family, bb_verdict_names[r->verdict]);
		if (data)
			fprintf(data, "%u %s %s %s %s %g %.6g %.6g %.6g %.6g %.6g %.4g %s %.4g\n",
				judged, row->run, row->key,
				row->metric->better == BB_BETTER_LOWER ? "lower" : "higher",
				bb_metric_kind_names[row->metric->kind],
				row->tolerance, r->base_median,
				r->cand_median, r->ratio, r->interval.low,
				r->interval.high, r->p,
				bb_verdict_names[r->verdict], row->p_family);
		if (r->verdict == BB_VERDICT_WORSE) {
			char *more = bb_strdup_printf("%s  %s %s: %+.1f%%\n",
						      worse_list, row->run,
						      row->key,
						      (r->ratio - 1) * 100);

			free(worse_list);
			worse_list = more;
		}
	}
	if (data && fclose(data)) {
		bb_error("%s: %s", data_path, strerror(errno));
		return BB_EXIT_USAGE;
	}
	if (!judged) {
		printf("Verdict: nothing to compare (no common benchmarks with declared metrics)\n");
		return BB_EXIT_USAGE;
	}
	if (few)
		printf("\nNote: %u wall-clock comparisons cannot reach p < %g after "
		       "Holm's adjustment over %zu tests (not even ranked as early as "
		       "the other tests' smallest attainable p allow): they cannot "
		       "call a change%s.\n",
		       few, BB_ALPHA, family,
		       virtual_clock ? "" : ", and one that looks worse than its "
					"tolerance is undecided");
	if (mixed_units)
		printf("\nNote: %u wall-clock comparisons have units (bb_unit) on one "
		       "side only: every repetition counts as a sample on both.\n",
		       mixed_units);
	if (unpaired_rounds)
		printf("\nNote: %u wall-clock comparisons name rounds (bb_round) that do "
		       "not pair one unit a side: judged unpaired, by the U test.\n",
		       unpaired_rounds);
	if (not_positive)
		printf("\nNote: %u comparisons paired by round have a value of 0 or "
		       "less, where a ratio means nothing: judged unpaired, by the U "
		       "test.\n", not_positive);
	if (!virtual_clock && one_unit)
		printf("\nNote: one unit (guest boot or process) a side; the wall-clock "
		       "intervals leave out the spread between units (see README, gate-validate).\n");
	printf("\n%u metrics compared: %u worse, %u unreliable, clock %s\n",
	       judged, worse, unreliable, virtual_clock ? "virtual" : "wall");
	if (worse) {
		printf("Worse:\n%sVerdict: regression\n", worse_list);
		return BB_EXIT_FAIL;
	}
	if (unreliable) {
		printf("Verdict: could not decide (too few samples)\n");
		return BB_EXIT_USAGE;
	}
	printf("Verdict: pass\n");
	return 0;
}
