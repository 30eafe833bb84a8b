// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's reclaim section: throughput beside the effective reclaim
 * rate, per driver and guest memory state (reclaim.dat).
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
	[BB_RC_MIB_PER_S] = BB_M(mib_per_s),
	[BB_RC_RECLAIM] = BB_M(reclaim_mib_per_s),
	[BB_RC_FREED_PCT] = BB_M(host_freed_pct),
	[BB_RC_POPULATED] = BB_M(host_populated_mib),
	[BB_RC_FREE_2M_BEFORE] = BB_M(free_2m_before_mib),
	[BB_RC_FREE_2M_AFTER] = BB_M(free_2m_after_mib),
	[BB_RC_THP_ALLOC] = BB_M(thp_fault_alloc),
	[BB_RC_THP_FALLBACK] = BB_M(thp_fault_fallback),
};

/* Whether @name's scenario ran in some guest memory state (NAME@STATE). */
static bool bb_in_states(char (*scenarios)[BB_NAME_LEN], size_t ns,
			 const char *name)
{
	size_t base = strcspn(name, "@"), s;

	for (s = 0; s < ns; s++)
		if (!strncmp(scenarios[s], name, base) &&
		    scenarios[s][base] == '@')
			return true;
	return false;
}

int bb_section_reclaim(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	static char scenarios[BB_MAX_NAMES][BB_NAME_LEN];
	static char drivers[BB_MAX_NAMES][BB_NAME_LEN];
	size_t ns = bb_distinct(iterations, 0, scenarios, BB_MAX_NAMES);
	size_t nd = bb_distinct(iterations, 1, drivers, BB_MAX_NAMES);
	struct bb_stats m[BB_RC_NUM];
	char *dat = NULL;
	size_t datlen = 0, s, d, k;
	FILE *plot = open_memstream(&dat, &datlen);
	bool header = false, any_states = false;
	int ret;
	(void)clock;

	for (s = 0; s < ns; s++)
		any_states = any_states || strchr(scenarios[s], '@');

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
			/*
			 * The plot: the scenarios run in several guest memory
			 * states, a bar pair per driver and state; without
			 * any, every scenario.
			 */
			if (any_states &&
			    !bb_in_states(scenarios, ns, scenarios[s]))
				continue;
			fprintf(plot, "\"%s, %s\" %.3f %.3f %.3f\n", drivers[d],
				!any_states ? scenarios[s] :
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
