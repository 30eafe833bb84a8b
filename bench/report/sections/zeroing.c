// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's zeroing section: init_on_alloc on and off: what zeroing
 * the guest's pages costs an inflate.
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
 * A scenario that runs another's guest script (GUEST_SCENARIO) with the
 * guest kernel's init_on_alloc off, beside that one run as Debian ships
 * it (on): each driver's median inflate time both ways
 * (bb_guest_work_metric()), whose difference is what zeroing the pages
 * about to be given away costs it.
 */
int bb_section_zeroing(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	const char *metric = bb_guest_work_metric(clock), *on_name, *args;
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	static char scenarios[BB_MAX_NAMES][BB_NAME_LEN];
	size_t nd = bb_distinct(iterations, 1, drivers, BB_MAX_NAMES);
	size_t ns = bb_distinct(iterations, 0, scenarios, BB_MAX_NAMES);
	bool header = false;
	size_t d, s;
	(void)dir;

	for (s = 0; s < ns; s++) {
		args = bb_scenario_setting(scenarios[s], "KERNEL_ARGS");
		on_name = bb_scenario_setting(scenarios[s], "GUEST_SCENARIO");
		if (!args || !on_name || !strstr(args, "init_on_alloc=0"))
			continue;
		for (d = 0; d < nd; d++) {
			struct bb_stats on, off;

			if (!bb_inflate_on_off(iterations, metric, on_name,
					       drivers[d], scenarios[s],
					       drivers[d], &on, &off))
				continue;
			if (!header) {
				fprintf(md, "\n## Zeroing\n\nInflate with the "
					    "guest kernel's `init_on_alloc` on "
					    "(Debian's default) and off: median "
					    "inflate time (`%s`, %s clock) and the "
					    "share of it that zeroing the pages "
					    "takes.\n\n| driver | on | off | n on "
					    "| n off | on ms | off ms | zeroing |\n"
					    "|---|---|---|---|---|---|---|---|\n",
					metric, clock);
				header = true;
			}
			fprintf(md, "| %s | %s | %s | %zu | %zu | %.2f | %.2f "
				    "| %.1f%% |\n", drivers[d], on_name,
				scenarios[s], on.n, off.n, on.median,
				off.median, 100 * (1 - off.median / on.median));
		}
	}
	return 0;
}
