// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbreport - merge the cells of a benchmark run into one result set
 *
 * Reads the results.json of every cell (one bbrun run each), and writes into
 * the output folder: results.json in Google Benchmark's schema (every
 * repetition, plus mean/median/stddev/cv aggregates per benchmark and
 * counter), results.csv (one row per repetition and metric), summary.md and
 * throughput.dat (for the plots); it prints the summary table on stdout.
 * The merge is merge.c, the summary's sections sections/, the schema
 * check check.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "metrics.h"
#include "report.h"
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
	{ "inflate", BB_M(mib_per_s), true },
	{ "inflate", BB_M(reclaim_mib_per_s), false },
	{ "deflate", BB_M(mib_per_s), true },
	{ "inflate", BB_M(time_to_target_ms), false },
	{ "inflate", BB_M(calls_per_gib), false },
	{ "inflate", BB_M(refused_pct), false },
	{ "inflate", BB_M(host_freed_pct), false },
	{ "inflate", BB_M(alloc_fail_2m_pct), false },
	{ "inflate", BB_M(kernel_ms_per_gib), false },
};

#define BB_NR_COLUMNS (sizeof(bb_columns) / sizeof(bb_columns[0]))

/* summary.md, the same table on stdout, and throughput.dat for gnuplot. */
static int bb_write_summary(json_t *iterations, const char *clock,
			    const char *dir)
{
	static char scenarios[BB_MAX_NAMES][BB_NAME_LEN];
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	size_t ns = bb_distinct(iterations, 0, scenarios, BB_MAX_NAMES);
	size_t nd = bb_distinct(iterations, 1, drivers, BB_MAX_NAMES);
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
						       BB_M(mib_per_s));
			struct bb_stats de = bb_metric(iterations, scenarios[s],
						       drivers[d], "deflate",
						       BB_M(mib_per_s));

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
	ret = 0;
#define BB_SECTION(name) ret |= bb_section_##name(iterations, clock, dir, out);
#include "sections/sections.h"
#undef BB_SECTION
	fclose(out);
	fclose(plot);
	fputs(md, stdout);
	ret |= bb_write_result(dir, "summary.md", md, mdlen);
	ret |= bb_write_result(dir, "throughput.dat", dat, datlen);
	free(md);
	free(dat);
	return ret;
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
