// SPDX-License-Identifier: GPL-2.0-only
/*
 * Queries over the merged iterations of a result set: a counter's values
 * and their summary, the scenarios and drivers present.  Shared by the
 * summary and its sections.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "report.h"
#include "sample.h"
#include "util.h"

/**
 * bb_too_many() - end bbreport when a list is full
 * @n: entries in the list
 * @max: its room
 * @what: what it holds, for the error line
 * @name: the entry that did not fit
 *
 * More than a list holds ends bbreport with a line saying so, never a
 * silently shorter table.
 */
void bb_too_many(size_t n, size_t max, const char *what,
			const char *name)
{
	if (n < max)
		return;
	bb_error("more than %zu %s %s in this result set", max, what, name);
	exit(BB_EXIT_FAIL);
}

struct bb_stats bb_summarise(double *v, size_t n)
{
	struct bb_stats s = { .n = n };
	double sum = 0, sq = 0;
	size_t i;

	if (!n)
		return s;
	s.median = bb_sort_median(v, n);
	for (i = 0; i < n; i++)
		sum += v[i];
	s.mean = sum / n;
	for (i = 0; i < n; i++)
		sq += (v[i] - s.mean) * (v[i] - s.mean);
	s.stddev = n > 1 ? sqrt(sq / (n - 1)) : 0;
	s.cv = s.mean ? s.stddev / fabs(s.mean) : 0;
	return s;
}

/* Values of one field over every iteration named @name. */
size_t bb_collect(json_t *iterations, const char *name,
			 const char *field, double *out, size_t max)
{
	size_t i, n = 0;
	json_t *b, *v;

	json_array_foreach(iterations, i, b) {
		if (strcmp(json_string_value(json_object_get(b, "name")), name))
			continue;
		v = json_object_get(b, field);
		if (!json_is_number(v))
			continue;
		bb_too_many(n, max, "values of", field);
		out[n++] = json_number_value(v);
	}
	return n;
}

bool bb_is_counter(const char *key, json_t *v)
{
	static const char *const fixed[] = {
		"family_index", "per_family_instance_index", "repetitions",
		"repetition_index", "threads", "iterations",
		"bb_round",
	};
	size_t i;

	if (!json_is_number(v))
		return false;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(key, fixed[i]))
			return false;
	return true;
}

void bb_split_name(const char *name, char *scenario, char *driver,
			  char *phase)
{
	if (sscanf(name, "%191[^/]/%191[^/]/%191s", scenario, driver, phase) != 3)
		scenario[0] = driver[0] = phase[0] = '\0';
}

/**
 * bb_name_add() - add a name to a list of distinct names
 * @list: the list
 * @n: names in it
 * @max: its room
 * @name: the name; nothing when empty or already there
 *
 * Return: the names in the list now.
 */
size_t bb_name_add(char list[][BB_NAME_LEN], size_t n, size_t max,
		   const char *name)
{
	size_t j;

	if (!*name)
		return n;
	for (j = 0; j < n; j++)
		if (!strcmp(list[j], name))
			return n;
	bb_too_many(n, max, "names like", name);
	if (strlen(name) >= BB_NAME_LEN) {
		bb_error("a name of over %d characters in this result set: %s",
			 BB_NAME_LEN - 1, name);
		exit(BB_EXIT_FAIL);
	}
	snprintf(list[n], BB_NAME_LEN, "%s", name);
	return n + 1;
}

/* Drivers (@field 1) or scenarios (0) in order of first appearance. */
size_t bb_distinct(json_t *iterations, int field, char list[][BB_NAME_LEN],
		   size_t max)
{
	char parts[3][BB_NAME_LEN];
	size_t n = 0, i;
	json_t *b;

	json_array_foreach(iterations, i, b) {
		bb_split_name(json_string_value(json_object_get(b, "name")),
			      parts[0], parts[1], parts[2]);
		n = bb_name_add(list, n, max, parts[field]);
	}
	return n;
}

/*
 * A counter over every inflating (or deflating) phase of one scenario and
 * driver: all repetitions, and every step of a multi-step scenario.
 */
struct bb_stats bb_metric(json_t *iterations, const char *scenario,
				 const char *driver, const char *phase,
				 const char *counter)
{
	char *prefix = bb_strdup_printf("%s/%s/", scenario, driver);
	int inflating = !strcmp(phase, "inflate");
	size_t n = 0, i, len = strlen(prefix);
	double values[BB_MAX_VALUES];
	json_t *b, *v;

	json_array_foreach(iterations, i, b) {
		if (strncmp(json_string_value(json_object_get(b, "name")),
			    prefix, len))
			continue;
		v = json_object_get(b, BB_M(inflating));
		if (!json_is_number(v) ||
		    (int)json_number_value(v) != inflating)
			continue;
		v = json_object_get(b, counter);
		if (!json_is_number(v))
			continue;
		bb_too_many(n, BB_MAX_VALUES, "values of", counter);
		values[n++] = json_number_value(v);
	}
	free(prefix);
	return bb_summarise(values, n);
}

/**
 * bb_phase_numbers() - the numbers of a scenario's numbered phases
 * @iterations: the result set
 * @scenario: the scenario
 * @prefix: the phases' common start (refusal's "inflate" of inflate10)
 * @out: the distinct numbers, in order of first appearance
 * @max: @out's room; more ends bbreport with a line saying so
 *
 * Return: how many.
 */
size_t bb_phase_numbers(json_t *iterations, const char *scenario,
			const char *prefix, unsigned int *out, size_t max)
{
	size_t n = 0, i, k;
	unsigned int number;
	json_t *b;

	json_array_foreach(iterations, i, b) {
		char sc[BB_NAME_LEN], dr[BB_NAME_LEN], ph[BB_NAME_LEN];
		char *end;

		bb_split_name(json_string_value(json_object_get(b, "name")),
			      sc, dr, ph);
		if (strcmp(sc, scenario) || strncmp(ph, prefix, strlen(prefix)) ||
		    !isdigit((unsigned char)ph[strlen(prefix)]))
			continue;
		number = (unsigned int)strtoul(ph + strlen(prefix), &end, 10);
		for (k = 0; k < n && out[k] != number; k++)
			;
		if (k < n)
			continue;
		bb_too_many(n, max, "numbered phases like", ph);
		out[n++] = number;
	}
	return n;
}

/* Drivers, in order of appearance, with a SCENARIO/driver/PREFIX... phase. */
size_t bb_drivers_with(json_t *iterations, const char *scenario,
		       const char *prefix, char list[][BB_NAME_LEN], size_t max)
{
	size_t n = 0, i;
	json_t *b;

	json_array_foreach(iterations, i, b) {
		char sc[BB_NAME_LEN], dr[BB_NAME_LEN], ph[BB_NAME_LEN];

		bb_split_name(json_string_value(json_object_get(b, "name")),
			      sc, dr, ph);
		if (strcmp(sc, scenario) || strncmp(ph, prefix, strlen(prefix)))
			continue;
		n = bb_name_add(list, n, max, dr);
	}
	return n;
}

/* Median of one counter over every iteration named exactly @name. */
struct bb_stats bb_named(json_t *iterations, const char *name,
				const char *counter)
{
	double values[BB_MAX_VALUES];

	return bb_summarise(values, bb_collect(iterations, name, counter,
					       values, BB_MAX_VALUES));
}

/*
 * The inflate time that compares two ways of running one driver: on the
 * virtual clock the guest's work alone (guest_virtual_ms), since the host's
 * cost model is the same both ways and would only dilute the difference.
 */
const char *bb_guest_work_metric(const char *clock)
{
	return strcmp(clock, "virtual") ? BB_M(real_time) : BB_M(guest_virtual_ms);
}

/*
 * A driver's inflate @metric two ways: @on in @scenario_on with @driver_on,
 * @off in @scenario_off with @driver_off.  Returns whether both ran.
 */
bool bb_inflate_on_off(json_t *iterations, const char *metric,
		       const char *scenario_on, const char *driver_on,
		       const char *scenario_off, const char *driver_off,
		       struct bb_stats *on, struct bb_stats *off)
{
	*on = bb_metric(iterations, scenario_on, driver_on, "inflate", metric);
	*off = bb_metric(iterations, scenario_off, driver_off, "inflate",
			 metric);
	return on->n && off->n;
}
