// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's waldspurger section: the Waldspurger experiment: a guest's
 * workload throughput when booted with N MiB against ballooned down to N
 * MiB (waldspurger.dat).
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
 * The Waldspurger experiment: wsload throughput of a guest booted with N
 * MiB ("waldspurger/none/configuredN") against one ballooned down to N MiB
 * ("waldspurger/DRIVER/balloonedN"), as a summary section and a data file
 * with one row per N: N, configured, then each driver's ballooned figure.
 */
int bb_section_waldspurger(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	char *dat = NULL, *name;
	size_t nd, datlen = 0, d;
	unsigned int n;
	FILE *plot;
	int ret;
	(void)clock;

	nd = bb_drivers_with(iterations, "waldspurger", "ballooned", drivers,
			     BB_MAX_NAMES);
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
		conf = bb_named(iterations, name, BB_M(wsload_ops_per_s));
		free(name);
		if (!conf.n)
			continue;
		fprintf(md, "| %u | %.0f |", n, conf.median);
		fprintf(plot, "%u %.1f", n, conf.median);
		for (d = 0; d < nd; d++) {
			struct bb_stats bal;

			name = bb_strdup_printf("waldspurger/%s/ballooned%u",
						drivers[d], n);
			bal = bb_named(iterations, name, BB_M(wsload_ops_per_s));
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
