/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bbrun's command line: what each option sets.
 */
#ifndef BB_OPTIONS_H
#define BB_OPTIONS_H

#include <stddef.h>

#include "conf.h"

/**
 * struct bb_options - what the command line asked for
 * @append: extra guest kernel command line (--append)
 * @context: KEY=VALUE facts for results.json's context (--context)
 * @nr_context: how many
 * @disk: a second disk for a disk guest (--disk), or NULL
 * @driver: driver under test (--driver), or NULL for the scenario's
 * @guest_dir: vmlinuz and initramfs (--guest)
 * @label: first word of the summary line (--label), or NULL
 * @out_dir: result folder (--out), or NULL for the default
 * @print_key: a scenario setting to print instead of running (--print)
 * @qemu: QEMU binary (--qemu)
 * @round: round of a comparison (--round), 0 for none
 * @scenarios_dir: scenario files (--scenarios)
 * @scenario: the scenario's name
 * @target_source: run in this VMware guest, the target from "esxi" or
 *	"govc" (--target-source); NULL: boot a guest on the embedded host
 * @overrides: scenario settings from --set
 * @device_props: device properties, KEY=VALUE (--device; the scenario's
 *	DEVICE_ARGS are put first once it is loaded)
 * @nr_device_props: how many
 * @phase_sets: PHASE:KEY=VALUE settings (--phase-set; the scenario's
 *	PHASE_SETS first once it is loaded)
 * @nr_phase_sets: how many
 */
struct bb_options {
	const char *append;
	char **context;
	size_t nr_context;
	const char *disk;
	const char *driver;
	const char *guest_dir;
	const char *label;
	const char *out_dir;
	const char *print_key;
	const char *qemu;
	long round;
	const char *scenarios_dir;
	const char *scenario;
	const char *target_source;
	struct bb_conf overrides;
	char **device_props;
	size_t nr_device_props;
	char **phase_sets;
	size_t nr_phase_sets;
};

void bb_list_push(char ***list, size_t *n, const char *item);
int bb_options_parse(struct bb_options *opt, int argc, char **argv);

#endif /* BB_OPTIONS_H */
