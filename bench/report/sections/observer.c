// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's observer section: INSTRUMENT=both: what our drivers' own
 * counters and histograms cost.
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
 * The observer's cost: each of our drivers run with its instrumentation on
 * (DRIVER) and off (DRIVER-noinstr, make bench INSTRUMENT=both), the
 * median inflate time of both (bb_guest_work_metric()) and the overhead.
 */
int bb_section_observer(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	const char *metric = bb_guest_work_metric(clock);
	static char scenarios[BB_MAX_NAMES][BB_NAME_LEN];
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	char *off;
	size_t ns = bb_distinct(iterations, 0, scenarios, BB_MAX_NAMES);
	size_t nd = bb_distinct(iterations, 1, drivers, BB_MAX_NAMES);
	bool header = false;
	size_t s, d;
	(void)dir;

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
	return 0;
}
