// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario: its settings with the command line's overrides, the checks
 * made before anything boots, and the guest kernel command line that
 * carries the guest's settings.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "util.h"

/**
 * bb_scenario_load() - the scenario's settings, with the command line's
 * @run: gets the settings and the driver
 * @opt: the command line
 *
 * Return: 0, or -1 after one error line (unknown or malformed scenario).
 */
int bb_scenario_load(struct bb_run *run, const struct bb_options *opt)
{
	char *path = bb_strdup_printf("%s/%s.conf", opt->scenarios_dir,
				      opt->scenario);
	size_t i;
	int ret;

	if (strchr(opt->scenario, '/') || access(path, R_OK)) {
		bb_error("unknown scenario '%s' (no %s)", opt->scenario, path);
		free(path);
		return -1;
	}
	ret = bb_conf_load(&run->scenario, path);
	if (ret && ret != -EINVAL)
		bb_error("cannot read %s: %s", path, strerror(-ret));
	free(path);
	if (ret)
		return -1;
	for (i = 0; i < opt->overrides.n; i++)
		bb_conf_set(&run->scenario, opt->overrides.keys[i],
			    opt->overrides.values[i]);
	if (opt->driver)
		bb_conf_set(&run->scenario, "DRIVER", opt->driver);
	if (!bb_conf_get(&run->scenario, "DRIVER"))
		bb_conf_set(&run->scenario, "DRIVER", "upstream");
	run->driver = bb_conf_get(&run->scenario, "DRIVER");
	return 0;
}

/**
 * bb_scenario_bool() - a 0/1 switch from the scenario
 * @run: the run, its scenario loaded
 * @key: the setting
 * @fallback: the value when the setting is absent
 * @value: the value
 *
 * Return: 0, or -1 after one error line (neither 0 nor 1).
 */
int bb_scenario_bool(const struct bb_run *run, const char *key,
		     bool fallback, bool *value)
{
	const char *text = bb_conf_get(&run->scenario, key);

	if (!text) {
		*value = fallback;
		return 0;
	}
	if (strcmp(text, "0") && strcmp(text, "1")) {
		bb_error("scenario %s: %s must be 0 or 1, not '%s'",
			 run->scenario_name, key, text);
		return -1;
	}
	*value = !strcmp(text, "1");
	return 0;
}

/**
 * bb_scenario_instrument() - the driver's name in benchmark names, and
 *	whether its instrumentation is on
 * @run: the run, its scenario loaded
 *
 * DRIVER_LABEL names the driver (the stock driver held to one page mode
 * by the host's capabilities is not the stock driver of the plain run:
 * both can sit in one result set).  INSTRUMENT=0 turns our drivers' counters and histograms off (their
 * "instrument" parameter; the guest runner passes it) and names the
 * benchmarks DRIVER-noinstr, so that both halves of the observer's cost
 * can sit in one result set.  The stock driver has nothing to turn off.
 *
 * Return: 0, or -1 after one error line.
 */
int bb_scenario_instrument(struct bb_run *run)
{
	const char *label = bb_conf_get(&run->scenario, "DRIVER_LABEL");

	if (bb_scenario_bool(run, "INSTRUMENT", true, &run->instrumented))
		return -1;
	if (label && (!*label || strlen(label) >= BB_NAME_MAX ||
		      strspn(label, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
		      strlen(label))) {
		bb_error("scenario %s: DRIVER_LABEL must be 1-%d of a-z, 0-9, _ and -, not '%s'",
			 run->scenario_name, BB_NAME_MAX - 1, label);
		return -1;
	}
	run->driver_label = label ? label : run->driver;
	if (run->instrumented)
		return 0;
	if (strncmp(run->driver, "bb_", 3)) {
		bb_error("scenario %s: INSTRUMENT=0 needs one of our drivers (bb_*); %s has no instrumentation to turn off",
			 run->scenario_name, run->driver);
		return -1;
	}
	run->driver_label = bb_strdup_printf("%s-noinstr", run->driver_label);
	return 0;
}

/**
 * bb_scenario_profile() - whether perf samples the guest
 * @run: the run, its scenario loaded
 * @guest_dir: the guest to boot; NULL (no --guest) becomes build/guest, or
 *	build/guest-profile with PROFILE=1, the only initramfs with perf
 *
 * PROFILE=1 reaches the guest as bb.profile=1, and its runner records each
 * phase (guest/runner.sh).
 *
 * Return: 0, or -1 after one error line.
 */
int bb_scenario_profile(struct bb_run *run, const char **guest_dir)
{
	if (bb_scenario_bool(run, "PROFILE", false, &run->profiled))
		return -1;
	if (!*guest_dir)
		*guest_dir = run->profiled ? "build/guest-profile" : "build/guest";
	return 0;
}

/**
 * bb_scenario_u64() - a positive number from the scenario
 * @run: the run, its scenario loaded
 * @key: the setting
 * @fallback: the value when the setting is absent
 * @value: the value
 *
 * Return: 0, or -1 after one error line (not a positive number).
 */
int bb_scenario_u64(const struct bb_run *run, const char *key,
		    uint64_t fallback, uint64_t *value)
{
	int ret = bb_conf_get_u64(&run->scenario, key, value);

	if (ret == -ENOENT) {
		*value = fallback;
		return 0;
	}
	if (ret || !*value) {
		bb_error("scenario %s: %s must be a positive number, not '%s'",
			 run->scenario_name, key, bb_conf_get(&run->scenario, key));
		return -1;
	}
	return 0;
}

/**
 * bb_scenario_check_targets() - refuse targets a guest cannot give
 * @run: the run, its scenario loaded
 * @guest_mem_mib: the guest's memory
 *
 * Checked before anything boots.
 *
 * Return: 0, or -1 after one error line.
 */
int bb_scenario_check_targets(const struct bb_run *run, uint64_t guest_mem_mib)
{
	size_t k;

	for (k = 0; k < run->scenario.n; k++) {
		const char *key = run->scenario.keys[k];
		uint64_t mib;

		if (strcmp(key, "TARGET_MIB") && strcmp(key, "TOP_MIB"))
			continue;
		if (bb_scenario_u64(run, key, 0, &mib))
			return -1;
		if (mib >= guest_mem_mib) {
			bb_error("scenario %s: %s=%llu is not below the guest's %llu MiB",
				 run->scenario_name, key, (unsigned long long)mib,
				 (unsigned long long)guest_mem_mib);
			return -1;
		}
	}
	return 0;
}

/*
 * Settings the conductor uses itself, and those of bbcompare (TOLERANCE_*)
 * and of make bench (BENCH_*); the rest go to the guest.
 */
static bool bb_conductor_key(const char *key)
{
	if (!strncmp(key, "TOLERANCE_", 10) || !strncmp(key, "BENCH_", 6) ||
	    !strncmp(key, "ESXI_", 5))
		return true;
	return !strcmp(key, "GUEST_MEM_MIB") || !strcmp(key, "TIME_LIMIT_S") ||
	       !strcmp(key, "PHASE_TIMEOUT_S") || !strcmp(key, "KERNEL_ARGS") ||
	       !strcmp(key, "DEVICE_ARGS") || !strcmp(key, "GUEST_SCENARIO") ||
	       !strcmp(key, "PHASE_SETS") || !strcmp(key, "CLOCK") ||
	       !strcmp(key, "COST_NS_CALL") || !strcmp(key, "COST_NS_FRAME") ||
	       !strcmp(key, "COST_NS_POPULATE") || !strcmp(key, "DRIVER_LABEL") ||
	       !strcmp(key, "MIN_HOST_FREED_PCT") ||
	       !strcmp(key, "VMCI") || !strcmp(key, "GUEST_MAY_DIE") ||
	       !strcmp(key, "GUEST_CPUS");
}

/**
 * bb_scenario_cmdline() - the guest kernel's command line
 * @run: the run, its scenario loaded
 * @append: more arguments (--append), or NULL
 *
 * Every setting the conductor does not use itself reaches the guest as
 * bb.<key>=<value>, and so does GUEST_MEM_MIB.
 *
 * Return: the line (to free), or NULL after one error line.
 */
char *bb_scenario_cmdline(const struct bb_run *run, const char *append)
{
	const char *extra = bb_conf_get(&run->scenario, "KERNEL_ARGS");
	const char *guest = bb_conf_get(&run->scenario, "GUEST_SCENARIO");
	char *line = bb_strdup_printf("console=ttyS0 panic=-1%s%s bb.scenario=%s",
				      extra ? " " : "", extra ? extra : "",
				      guest ? guest : run->scenario_name);
	size_t i;

	for (i = 0; i < run->scenario.n; i++) {
		const char *key = run->scenario.keys[i];
		char *lower, *longer;

		/* The guest's size is the conductor's, and news to the guest. */
		if (bb_conductor_key(key) && strcmp(key, "GUEST_MEM_MIB"))
			continue;
		if (strpbrk(run->scenario.values[i], " \t")) {
			bb_error("scenario %s: %s must not contain spaces",
				 run->scenario_name, key);
			free(line);
			return NULL;
		}
		lower = strdup(key);
		for (char *c = lower; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		longer = bb_strdup_printf("%s bb.%s=%s", line, lower,
					  run->scenario.values[i]);
		free(lower);
		free(line);
		line = longer;
	}
	if (append) {
		char *longer = bb_strdup_printf("%s %s", line, append);

		free(line);
		line = longer;
	}
	return line;
}

/**
 * bb_scenario_lists() - put the scenario's device and phase settings first
 * @run: the run, its scenario loaded
 * @opt: its device_props and phase_sets get the scenario's DEVICE_ARGS
 *	and PHASE_SETS in front, so that the command line's override them
 *
 * Return: 0, or -1 after one error line (a malformed PHASE_SETS word).
 */
int bb_scenario_lists(const struct bb_run *run, struct bb_options *opt)
{
	/* The scenario's device settings first; --device can override them. */
	if (bb_conf_get(&run->scenario, "DEVICE_ARGS")) {
		char *args = strdup(bb_conf_get(&run->scenario, "DEVICE_ARGS"));
		char *save = NULL, *arg;
		char **props = NULL;
		size_t n = 0, i;

		for (arg = strtok_r(args, ",", &save); arg;
		     arg = strtok_r(NULL, ",", &save))
			bb_list_push(&props, &n, arg);
		for (i = 0; i < opt->nr_device_props; i++)
			bb_list_push(&props, &n, opt->device_props[i]);
		free(args);
		opt->device_props = props;
		opt->nr_device_props = n;
	}
	/* The scenario's PHASE:KEY=VALUE settings, then --phase-set's. */
	if (bb_conf_get(&run->scenario, "PHASE_SETS")) {
		char *sets = strdup(bb_conf_get(&run->scenario, "PHASE_SETS"));
		char *save = NULL, *set, **list = NULL;
		size_t n = 0, i;

		for (set = strtok_r(sets, " ", &save); set;
		     set = strtok_r(NULL, " ", &save)) {
			if (!strchr(set, ':') || !strchr(set, '=')) {
				bb_error("scenario %s: PHASE_SETS takes PHASE:KEY=VALUE words, not '%s'",
					 run->scenario_name, set);
				return -1;
			}
			bb_list_push(&list, &n, set);
		}
		for (i = 0; i < opt->nr_phase_sets; i++)
			bb_list_push(&list, &n, opt->phase_sets[i]);
		free(sets);
		opt->phase_sets = list;
		opt->nr_phase_sets = n;
	}
	return 0;
}
