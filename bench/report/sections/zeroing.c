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
 * When inflate-deflate ran with the guest kernel's init_on_alloc on (as
 * Debian ships it) and off (inflate-deflate-noinit), each driver's median
 * inflate time both ways (bb_guest_work_metric()): the difference is what
 * zeroing the pages about to be given away costs it.
 */
int bb_section_zeroing(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	const char *metric = bb_guest_work_metric(clock);
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	size_t nd = bb_distinct(iterations, 1, drivers, BB_MAX_NAMES);
	bool header = false;
	size_t d;
	(void)dir;

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
	return 0;
}
