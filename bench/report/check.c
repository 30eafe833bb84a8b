// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbreport -c: whether a results.json has Google Benchmark's shape.
 */
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "report.h"
#include "util.h"

/*
 * Checks that a results.json has Google Benchmark's shape, so that its
 * tools and CI dashboards read it.  Prints the first problem.
 */
int bb_check(const char *path)
{
	static const char *const context_keys[] = {
		"date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
		"cpu_scaling_enabled", "caches", "load_avg",
		"library_build_type", "json_schema_version",
	};
	static const char *const bench_keys[] = {
		"name", "run_name", "run_type", "repetitions", "threads",
		"iterations", BB_M(real_time), BB_M(cpu_time), "time_unit",
	};
	json_t *root, *ctx, *list, *b;
	json_error_t jerr;
	size_t i, k, iterations = 0;

	root = json_load_file(path, 0, &jerr);
	if (!root) {
		bb_error("%s: not JSON: %s (line %d)", path, jerr.text, jerr.line);
		return BB_EXIT_FAIL;
	}
	ctx = json_object_get(root, "context");
	list = json_object_get(root, "benchmarks");
	if (!json_is_object(ctx) || !json_is_array(list)) {
		bb_error("%s: needs a context object and a benchmarks array", path);
		return BB_EXIT_FAIL;
	}
	for (k = 0; k < sizeof(context_keys) / sizeof(context_keys[0]); k++)
		if (!json_object_get(ctx, context_keys[k])) {
			bb_error("%s: context lacks %s", path, context_keys[k]);
			return BB_EXIT_FAIL;
		}
	json_array_foreach(list, i, b) {
		const char *type = json_string_value(json_object_get(b, "run_type"));

		for (k = 0; k < sizeof(bench_keys) / sizeof(bench_keys[0]); k++)
			if (!json_object_get(b, bench_keys[k])) {
				bb_error("%s: benchmark %zu lacks %s", path, i,
					 bench_keys[k]);
				return BB_EXIT_FAIL;
			}
		if (type && !strcmp(type, "iteration")) {
			iterations++;
		} else if (!type || strcmp(type, "aggregate") ||
			   !json_is_string(json_object_get(b, "aggregate_name"))) {
			bb_error("%s: benchmark %zu: run_type must be iteration, or aggregate with an aggregate_name",
				 path, i);
			return BB_EXIT_FAIL;
		}
	}
	if (!iterations) {
		bb_error("%s: no iterations", path);
		return BB_EXIT_FAIL;
	}
	printf("%s: %zu benchmarks, %zu iterations: valid\n", path,
	       json_array_size(list), iterations);
	json_decref(root);
	return 0;
}
