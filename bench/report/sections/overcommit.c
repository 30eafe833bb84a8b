// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's overcommit section: how far each driver inflates toward a
 * target beyond the guest.
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
int bb_section_overcommit(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	unsigned int pcts[8], np, p;
	size_t nd, d;
	(void)clock;
	(void)dir;

	np = bb_phase_numbers(iterations, "overcommit", "over", pcts,
			      BB_N(pcts));
	nd = bb_drivers_with(iterations, "overcommit", "over", drivers,
			     BB_MAX_NAMES);
	if (!nd)
		return 0;
	fprintf(md, "\n## overcommit: targets beyond what the guest can give "
		    "(memhog holding memory)\n\n| driver | guest | target | "
		    "reached MiB | memhog alive | OOM kills | declined MiB | "
		    "to settle ms |\n|---|---|---|---|---|---|---|---|\n");
	for (d = 0; d < nd; d++) {
		char *run = bb_strdup_printf("overcommit/%s/run", drivers[d]);
		struct bb_stats ok = bb_named(iterations, run, BB_M(run_ok));

		for (p = 0; p < np; p++) {
			char *name = bb_strdup_printf("overcommit/%s/over%u",
						      drivers[d], pcts[p]);

			fprintf(md, "| %s | %s | %u%% |", drivers[d],
				ok.n && ok.median > 0 ? "survived" : "died",
				pcts[p]);
			bb_print_median(md, iterations, name, BB_M(reached_mib),
					" %.0f |");
			bb_print_median(md, iterations, name, BB_M(memhog_alive),
					" %.0f |");
			bb_print_median(md, iterations, name, BB_M(oom_kills),
					" %.0f |");
			bb_print_median(md, iterations, name, BB_M(declined_mib),
					" %.0f |");
			bb_print_median(md, iterations, name,
					BB_M(time_to_target_ms), " %.0f |");
			fprintf(md, "\n");
			free(name);
		}
		free(run);
	}
	return 0;
}
