// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's latency section: the guest's timer and touch latency
 * percentiles, quiet and while the balloon inflates (latency-timer.dat,
 * latency-touch.dat).
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

/*
 * Latency percentiles from the latency scenario: for each probe (timer,
 * touch) a data file with one row per percentile and one column per driver
 * and window (quiet, inflating), medians over repetitions, plus a summary
 * section.
 */
int bb_section_latency(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	static const char *const probes[] = { "timer", "touch" };
	static const char *const windows[] = { "quiet", "inflating" };
	static const struct { const char *key; const char *label; } pcts[] = {
		{ "p50_ns", "50" }, { "p90_ns", "90" }, { "p99_ns", "99" },
		{ "p999_ns", "99.9" }, { "max_ns", "max" },
	};
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	char *dat, *key, *name;
	size_t nd, datlen, d, p, w, k;
	int ret = 0;
	(void)clock;

	nd = bb_drivers_with(iterations, "latency", "inflate", drivers, BB_MAX_NAMES);
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
