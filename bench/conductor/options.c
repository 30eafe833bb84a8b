// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbrun's command line: the options, --help, and one error line for each
 * bad one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "util.h"

enum option_values {
	OPT_APPEND = 'a',
	OPT_CONTEXT = 'c',
	OPT_DEVICE = 'D',
	OPT_DRIVER = 'd',
	OPT_DISK = 'k',
	OPT_SET = 'e',
	OPT_GUEST = 'g',
	OPT_HELP = 'h',
	OPT_LABEL = 'l',
	OPT_OUT = 'o',
	OPT_PHASE_SET = 'P',
	OPT_QEMU = 'q',
	OPT_PRINT = 'p',
	OPT_ROUND = 'r',
	OPT_SCENARIOS = 's',
	OPT_TARGET_SOURCE = 't',
	OPT_VERBOSE = 'v',
};

/* Ordered alphabetically by long name. */
static const struct option long_options[] = {
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "driver", required_argument, NULL, OPT_DRIVER },
	{ "guest", required_argument, NULL, OPT_GUEST },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "phase-set", required_argument, NULL, OPT_PHASE_SET },
	{ "print", required_argument, NULL, OPT_PRINT },
	{ "qemu", required_argument, NULL, OPT_QEMU },
	{ "round", required_argument, NULL, OPT_ROUND },
	{ "scenarios", required_argument, NULL, OPT_SCENARIOS },
	{ "set", required_argument, NULL, OPT_SET },
	{ "target-source", required_argument, NULL, OPT_TARGET_SOURCE },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ NULL, 0, NULL, 0 },
};

static void display_help(void)
{
	printf("Usage: bbrun [OPTION]... SCENARIO\n"
	       "Boot a guest on the embedded VMware balloon host and run SCENARIO;\n"
	       "or, with --target-source, run it in this VMware guest.\n"
	       "\n"
	       "  -a, --append=ARGS       extra guest kernel command line\n"
	       "  -c, --context=KEY=VALUE a fact about the machine for results.json\n"
	       "                          (its context's bb_KEY)\n"
	       "  -D, --device=KEY=VALUE  vmw-balloon-host property at start\n"
	       "                          (caps, refuse-ppm, seed, busy-ppm, ...)\n"
	       "  -k, --disk=IMAGE        a second disk for a disk guest (a raw image,\n"
	       "                          written to)\n"
	       "  -d, --driver=NAME       driver under test [scenario's DRIVER, upstream]\n"
	       "  -e, --set=KEY=VALUE     override a scenario setting (TARGET_MIB=256)\n"
	       "  -g, --guest=DIR         vmlinuz and initramfs.cpio.gz [build/guest;\n"
	       "                          build/guest-profile with PROFILE=1]; or a\n"
	       "                          disk guest: vmlinuz, initrd.img and disk.img\n"
	       "                          (its root file system, writes thrown away);\n"
	       "                          with --target-source, the runner's files\n"
	       "                          (runner.sh, scenarios/, workloads/, drivers/)\n"
	       "  -h, --help              this text\n"
	       "  -l, --label=WORD        first word of the summary line [SCENARIO]\n"
	       "  -o, --out=DIR           result folder [results/<UTC>-<git sha>]\n"
	       "  -P, --phase-set=PHASE:KEY=VALUE\n"
	       "                          qom-set a device property when the guest\n"
	       "                          enters PHASE, before its target is set\n"
	       "  -p, --print=KEY         print the scenario's KEY (after --set), or an\n"
	       "                          empty line, and boot nothing\n"
	       "  -q, --qemu=PATH         QEMU binary [build/host/qemu-system-x86_64]\n"
	       "  -r, --round=N           pair this boot with the other side's boot of\n"
	       "                          round N in a comparison (bench/gate/run)\n"
	       "  -s, --scenarios=DIR     scenario files [bench/scenarios]\n"
	       "  -t, --target-source=SOURCE\n"
	       "                          run in this VMware guest, the target from\n"
	       "                          esxi (ESXi's own steps) or govc (the VM's\n"
	       "                          memory limit, set with govc: GOVC_VM and the\n"
	       "                          user's GOVC_* settings; GOVC another binary)\n"
	       "  -v, --verbose           show the QEMU command line and QMP traffic\n"
	       "\n"
	       "Scenario settings (bench/scenarios/SCENARIO.conf): GUEST_MEM_MIB [1024],\n"
	       "GUEST_CPUS [1] (vCPUs, at most 8),\n"
	       "DRIVER [upstream], TIME_LIMIT_S [300], PHASE_TIMEOUT_S [120],\n"
	       "KERNEL_ARGS, CLOCK (wall, or virtual: QEMU -icount and a host cost\n"
	       "model of COST_NS_CALL [2000] per call, COST_NS_FRAME [250] per\n"
	       "frame moved and COST_NS_POPULATE [1000] per page the host backs),\n"
	       "DEVICE_ARGS (key=value,... for vmw-balloon-host),\n"
	       "PHASE_SETS (\"PHASE:KEY=VALUE ...\", as --phase-set), DRIVER_LABEL\n"
	       "(the driver's name in benchmark names [DRIVER]) and\n"
	       "GUEST_SCENARIO (the guest script, [SCENARIO]); the others reach the\n"
	       "guest as bb.<key>=<value>.\n"
	       "Exit status: 0 done, 1 the run failed, 2 bad input.\n");
}

/* Appends a copy of @item to the list @list of @n strings. */
void bb_list_push(char ***list, size_t *n, const char *item)
{
	*list = realloc(*list, (*n + 1) * sizeof(char *));
	if (!*list)
		abort();
	(*list)[(*n)++] = strdup(item);
}

/**
 * bb_options_parse() - read bbrun's command line
 * @opt: filled in; defaults for what is not given
 * @argc: argument count
 * @argv: arguments
 *
 * --help prints the usage and exits.  Every bad option gets one error line.
 *
 * Return: 0, or -1 when anything was wrong (the caller exits with 2).
 */
int bb_options_parse(struct bb_options *opt, int argc, char **argv)
{
	int c, error = 0;
	char *end;

	opt->guest_dir = NULL;
	opt->qemu = "build/host/qemu-system-x86_64";
	opt->scenarios_dir = "bench/scenarios";
	while ((c = getopt_long(argc, argv, "a:c:D:d:e:g:hk:l:o:P:p:q:r:s:t:v",
				long_options, NULL)) != -1) {
		switch (c) {
		case OPT_APPEND:
			opt->append = optarg;
			break;
		case OPT_CONTEXT:
			if (!strchr(optarg, '=') || optarg[0] == '=' ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyz_") !=
			    (size_t)(strchr(optarg, '=') - optarg)) {
				bb_error("--context takes KEY=VALUE with a lower-case key: '%s'",
					 optarg);
				error = 1;
				break;
			}
			bb_list_push(&opt->context, &opt->nr_context, optarg);
			break;
		case OPT_DEVICE:
			if (!strchr(optarg, '=') || !strncmp(optarg, "id=", 3) ||
			    !strncmp(optarg, "trace=", 6)) {
				bb_error("--device takes KEY=VALUE (not id or trace): '%s'",
					 optarg);
				error = 1;
			}
			bb_list_push(&opt->device_props, &opt->nr_device_props, optarg);
			break;
		case OPT_DISK:
			opt->disk = optarg;
			break;
		case OPT_DRIVER:
			opt->driver = optarg;
			break;
		case OPT_SET:
			if (bb_conf_set_pair(&opt->overrides, optarg)) {
				bb_error("--set takes KEY=VALUE with an upper-case key: '%s'",
					 optarg);
				error = 1;
			}
			break;
		case OPT_GUEST:
			opt->guest_dir = optarg;
			break;
		case OPT_HELP:
			display_help();
			exit(0);
		case OPT_LABEL:
			opt->label = optarg;
			break;
		case OPT_OUT:
			opt->out_dir = optarg;
			break;
		case OPT_PHASE_SET:
			if (!strchr(optarg, ':') || !strchr(optarg, '=') ||
			    strstr(optarg, ":target=")) {
				bb_error("--phase-set takes PHASE:KEY=VALUE (not target): '%s'",
					 optarg);
				error = 1;
			}
			bb_list_push(&opt->phase_sets, &opt->nr_phase_sets, optarg);
			break;
		case OPT_PRINT:
			opt->print_key = optarg;
			break;
		case OPT_QEMU:
			opt->qemu = optarg;
			break;
		case OPT_ROUND:
			opt->round = strtol(optarg, &end, 10);
			if (end == optarg || *end || opt->round < 1) {
				bb_error("--round takes a positive number: '%s'",
					 optarg);
				error = 1;
			}
			break;
		case OPT_SCENARIOS:
			opt->scenarios_dir = optarg;
			break;
		case OPT_TARGET_SOURCE:
			if (strcmp(optarg, "esxi") && strcmp(optarg, "govc")) {
				bb_error("--target-source is esxi or govc, not '%s'",
					 optarg);
				error = 1;
			}
			opt->target_source = optarg;
			break;
		case OPT_VERBOSE:
			bb_verbose = true;
			break;
		default:
			error = 1;
		}
	}
	if (optind + 1 != argc) {
		bb_error("expected one SCENARIO (try --help)");
		error = 1;
	} else {
		opt->scenario = argv[optind];
	}
	return error ? -1 : 0;
}
