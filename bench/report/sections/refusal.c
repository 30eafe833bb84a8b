// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's refusal section: inflate throughput and calls at each
 * refusal rate (refusal.dat).
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

static double bb_refusal_mib_per_s(json_t *iterations, const char *driver,
				   unsigned int rate)
{
	char *name = bb_strdup_printf("refusal/%s/inflate%u", driver, rate);
	double median = bb_named(iterations, name, BB_M(mib_per_s)).median;

	free(name);
	return median;
}

/*
 * Throughput against the refusal rate: the refusal scenario's phases
 * "inflate<rate>", median MiB/s per driver, as a data file (one row per
 * rate, one column per driver) and a summary section.
 */
int bb_section_refusal(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	char *dat = NULL;
	unsigned int rates[16], nr, r;
	size_t nd, datlen = 0, d;
	FILE *plot;
	int ret;
	(void)clock;

	nr = bb_phase_numbers(iterations, "refusal", "inflate", rates,
			      BB_N(rates));
	nd = bb_drivers_with(iterations, "refusal", "inflate", drivers,
			     BB_MAX_NAMES);
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
