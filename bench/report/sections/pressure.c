// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's pressure section: the held phases (the guest under memory
 * pressure while the host keeps its target, as in the shrinker scenario):
 * what each driver's shrinker gave back, and how long the driver waited
 * before it took memory again.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "metrics.h"
#include "report.h"
#include "util.h"

/* The held phases' counters, in the table's order. */
static const char *const bb_pressure_counters[] = {
	BB_M(given_back_mib), BB_M(retaken_mib), BB_M(retake_ms), BB_M(shrinks), BB_M(oom_kills),
};

int bb_section_pressure(json_t *iterations, const char *clock,
			const char *dir, FILE *md)
{
	static char names[BB_MAX_NAMES][BB_NAME_LEN];
	size_t n = 0, i, k;
	json_t *b;
	(void)dir;

	json_array_foreach(iterations, i, b)
		if (json_number_value(json_object_get(b, BB_M(held))) == 1)
			n = bb_name_add(names, n, BB_MAX_NAMES,
					json_string_value(json_object_get(b, "name")));
	if (!n)
		return 0;
	fprintf(md, "\n## Pressure\n\nHeld phases: the guest under memory "
		    "pressure while the host keeps its target. Medians over "
		    "the repetitions (%s clock); a driver that takes memory back "
		    "sooner than its back-off after a shrink ping-pongs with the "
		    "guest's workload.\n\n| phase | n |", clock);
	for (k = 0; k < BB_N(bb_pressure_counters); k++)
		fprintf(md, " %s |", bb_metric_heading(bb_pressure_counters[k]));
	fprintf(md, "\n|---|---|");
	for (k = 0; k < BB_N(bb_pressure_counters); k++)
		fprintf(md, "---|");
	fprintf(md, "\n");
	for (i = 0; i < n; i++) {
		struct bb_stats first = bb_named(iterations, names[i],
						 bb_pressure_counters[0]);

		fprintf(md, "| %s | %zu |", names[i], first.n);
		for (k = 0; k < BB_N(bb_pressure_counters); k++) {
			struct bb_stats s = bb_named(iterations, names[i],
						     bb_pressure_counters[k]);

			if (s.n)
				fprintf(md, " %.0f |", s.median);
			else
				fprintf(md, " - |");
		}
		fprintf(md, "\n");
	}
	return 0;
}
