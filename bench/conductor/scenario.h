/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scenario: bench/scenarios/NAME.conf with the command line's
 * overrides, the figures the conductor takes from it, and the guest kernel
 * command line that carries the rest to the guest.
 */
#ifndef BB_SCENARIO_H
#define BB_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"
#include "run.h"

int bb_scenario_load(struct bb_run *run, const struct bb_options *opt);
int bb_scenario_u64(const struct bb_run *run, const char *key,
		    uint64_t fallback, uint64_t *value);
int bb_scenario_bool(const struct bb_run *run, const char *key,
		     bool fallback, bool *value);
int bb_scenario_check_targets(const struct bb_run *run, uint64_t guest_mem_mib);
int bb_scenario_instrument(struct bb_run *run);
int bb_scenario_profile(struct bb_run *run, const char **guest_dir);
char *bb_scenario_cmdline(const struct bb_run *run, const char *append);
int bb_scenario_lists(const struct bb_run *run, struct bb_options *opt);

#endif /* BB_SCENARIO_H */
