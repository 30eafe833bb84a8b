// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whether two result sets ran where a comparison means something: the
 * kind of host, and the context keys that must agree (bbcompare shows
 * every difference and refuses those that matter).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "environment.h"
#include "util.h"

/* Whether @key is one of @list's @n names. */
bool bb_in(const char *key, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(key, list[i]))
			return true;
	return false;
}

/* Context keys that must agree for a comparison to mean anything. */
static const char *const bb_must_match[] = {
	"bb_clock", "bb_guest_kernel", "num_cpus", "bb_jobs", "bb_target_source",
};

/* Context keys that differ by nature and are not shown. */
static const char *const bb_expected_to_differ[] = {
	"date", "load_avg", "bb_git_sha", "bb_command_line", "bb_qemu",
	"executable", "bb_host",
};

/* The kind of host a result set ran on (before bb_host: the embedded one). */
const char *bb_host_kind(json_t *results)
{
	const char *host = json_string_value(json_object_get(
		json_object_get(results, "context"), "bb_host"));

	return host ? host : "embedded";
}

static bool bb_must_agree(const char *key, const char *const *allowed,
			  size_t n_allowed)
{
	/*
	 * Tolerances judge the numbers and make bench's own settings choose
	 * what it runs and draws; neither changes a cell's numbers.
	 */
	if (bb_in(key, allowed, n_allowed) ||
	    !strncmp(key, "bb_scenario_TOLERANCE_", 22) ||
	    !strncmp(key, "bb_scenario_BENCH_", 18))
		return false;
	return bb_in(key, bb_must_match, BB_N(bb_must_match)) ||
	       !strncmp(key, "bb_scenario_", 12);
}

/**
 * bb_environments() - print how two result sets' environments differ
 * @base: the base's results
 * @cand: the candidate's results
 * @allowed: context keys changed on purpose (bbcompare -a)
 * @n_allowed: how many
 *
 * Return: false when a difference makes the comparison meaningless.
 */
bool bb_environments(json_t *base, json_t *cand, const char *const *allowed,
		     size_t n_allowed)
{
	json_t *cb = json_object_get(base, "context");
	json_t *cc = json_object_get(cand, "context");
	bool comparable = true, shown = false;
	const char *key;
	json_t *v;

	json_object_foreach(cb, key, v) {
		json_t *w = json_object_get(cc, key);
		char *a, *b;

		if (bb_in(key, bb_expected_to_differ,
			  BB_N(bb_expected_to_differ)) ||
		    json_equal(v, w))
			continue;
		a = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		b = w ? json_dumps(w, JSON_ENCODE_ANY | JSON_COMPACT) :
			strdup("(absent)");
		if (!shown)
			printf("Environment differences:\n");
		shown = true;
		printf("  %-28s base %s, candidate %s\n", key, a, b);
		free(a);
		free(b);
		if (bb_must_agree(key, allowed, n_allowed))
			comparable = false;
	}
	/* Keys only the candidate has. */
	json_object_foreach(cc, key, v) {
		char *b;

		if (json_object_get(cb, key) ||
		    bb_in(key, bb_expected_to_differ,
			  BB_N(bb_expected_to_differ)))
			continue;
		b = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		if (!shown)
			printf("Environment differences:\n");
		shown = true;
		printf("  %-28s base (absent), candidate %s\n", key, b);
		free(b);
		if (bb_must_agree(key, allowed, n_allowed))
			comparable = false;
	}
	if (!shown)
		printf("Environments: no differences that matter.\n");
	return comparable;
}
