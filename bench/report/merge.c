// SPDX-License-Identifier: GPL-2.0-only
/*
 * The merge: the cells' iterations into one list, written as results.json
 * (with mean, median, stddev and cv aggregates per benchmark and counter,
 * as Google Benchmark writes them) and results.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

/* mean, median, stddev and cv entries for the iterations named @name. */
static void bb_aggregate(json_t *iterations, json_t *first, json_t *out)
{
	static const char *const kinds[] = { "mean", "median", "stddev", "cv" };
	const char *name = json_string_value(json_object_get(first, "name"));
	double values[BB_MAX_VALUES];
	const char *key;
	json_t *v;
	size_t k;

	for (k = 0; k < 4; k++) {
		json_t *a = json_deep_copy(first);
		char *aname = bb_strdup_printf("%s_%s", name, kinds[k]);

		json_object_set_new(a, "name", json_string(aname));
		json_object_set_new(a, "run_name", json_string(name));
		json_object_set_new(a, "run_type", json_string("aggregate"));
		json_object_set_new(a, "aggregate_name", json_string(kinds[k]));
		json_object_set_new(a, "aggregate_unit",
				    json_string(k == 3 ? "percentage" : "time"));
		json_object_del(a, "repetition_index");
		json_object_del(a, "bb_unit");
		json_object_del(a, "bb_round");
		json_object_foreach(first, key, v) {
			struct bb_stats s;
			double x;

			if (!bb_is_counter(key, v))
				continue;
			s = bb_summarise(values, bb_collect(iterations, name, key,
							     values, BB_MAX_VALUES));
			x = k == 0 ? s.mean : k == 1 ? s.median :
			    k == 2 ? s.stddev : s.cv;
			json_object_set_new(a, key, json_real(x));
		}
		json_array_append_new(out, a);
		free(aname);
	}
}

/* Each scenario's settings, from the context of its first cell. */
static json_t *bb_settings;

/**
 * bb_scenario_setting() - a scenario's setting, as its cells ran it
 * @scenario: the scenario's name
 * @key: the setting (a .conf key)
 *
 * Return: the value, or NULL when no cell of @scenario set @key.
 */
const char *bb_scenario_setting(const char *scenario, const char *key)
{
	char *field = bb_strdup_printf("bb_scenario_%s", key);
	const char *value = json_string_value(json_object_get(
		json_object_get(bb_settings, scenario), field));

	free(field);
	return value;
}

json_t *bb_load_cells(int argc, char **argv, json_t **context)
{
	json_t *iterations = json_array();
	json_error_t jerr;
	int i;

	for (i = 0; i < argc; i++) {
		json_t *cell = json_load_file(argv[i], 0, &jerr), *b, *ctx;
		const char *name;
		size_t k;

		if (!cell) {
			bb_error("%s: %s", argv[i], jerr.text);
			exit(BB_EXIT_USAGE);
		}
		ctx = json_object_get(cell, "context");
		/* A scenario that may kill its guest keeps the death. */
		if (strcmp(json_string_value(json_object_get(ctx, "bb_result")) ?: "",
			   "ok") &&
		    strcmp(json_string_value(json_object_get(
			       ctx, "bb_scenario_GUEST_MAY_DIE")) ?: "", "1")) {
			bb_error("%s: the cell failed; not merging it", argv[i]);
			exit(BB_EXIT_FAIL);
		}
		if (!*context)
			*context = json_incref(json_object_get(cell, "context"));
		if (!bb_settings)
			bb_settings = json_object();
		name = json_string_value(json_object_get(ctx, "bb_scenario"));
		if (name && !json_object_get(bb_settings, name))
			json_object_set(bb_settings, name, ctx);
		json_array_foreach(json_object_get(cell, "benchmarks"), k, b)
			json_array_append(iterations, b);
		json_decref(cell);
	}
	return iterations;
}


int bb_write_csv(json_t *iterations, const char *dir)
{
	char scenario[BB_NAME_LEN], driver[BB_NAME_LEN], phase[BB_NAME_LEN];
	char *text = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&text, &len);
	const char *key;
	json_t *b, *v;
	int ret;

	fprintf(out, "scenario,driver,phase,repetition,metric,value\n");
	json_array_foreach(iterations, i, b) {
		bb_split_name(json_string_value(json_object_get(b, "name")),
			      scenario, driver, phase);
		json_object_foreach(b, key, v) {
			if (!bb_is_counter(key, v))
				continue;
			fprintf(out, "%s,%s,%s,%lld,%s,%.6g\n", scenario, driver,
				phase,
				json_integer_value(json_object_get(b, "repetition_index")),
				key, json_number_value(v));
		}
	}
	fclose(out);
	ret = bb_write_result(dir, "results.csv", text, len);
	free(text);
	return ret;
}

int bb_write_json(json_t *context, json_t *iterations, const char *dir)
{
	json_t *root = json_object(), *all = json_array(), *b;
	char *text;
	size_t i, j;
	int ret;

	json_array_foreach(iterations, i, b) {
		const char *name = json_string_value(json_object_get(b, "name"));

		json_array_append(all, b);
		/* After the last repetition of a benchmark, its aggregates. */
		for (j = i + 1; j < json_array_size(iterations); j++)
			if (!strcmp(name, json_string_value(json_object_get(
						  json_array_get(iterations, j),
						  "name"))))
				break;
		if (j == json_array_size(iterations) &&
		    json_integer_value(json_object_get(b, "repetitions")) > 1)
			bb_aggregate(iterations, b, all);
	}
	json_object_set(root, "context", context);
	json_object_set_new(root, "benchmarks", all);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	ret = bb_write_result(dir, "results.json", text, strlen(text));
	free(text);
	return ret;
}
