// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbrun - the balloonbench conductor
 *
 * Boots a guest under QEMU with the vmw-balloon-host device, answers the
 * guest runner's requests on the results channel (set a target and wait for
 * the balloon to reach it; sample host memory; record guest stats), enforces
 * the scenario's time limits, and writes the result folder.
 *
 * options.c reads the command line, scenario.c the scenario, session.c
 * runs the guest boot, out_dir.c and results.c make the result folder.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "out_dir.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

static void bb_on_signal(int sig)
{
	(void)sig;
	bb_interrupted = 1;
}

static char *bb_join_args(int argc, char **argv)
{
	char *line = strdup(argv[0]);
	int i;

	for (i = 1; i < argc; i++) {
		char *longer = bb_strdup_printf("%s %s", line, argv[i]);

		free(line);
		line = longer;
	}
	return line;
}

int main(int argc, char **argv)
{
	struct bb_options opt = { 0 };
	struct bb_run run = { 0 };
	struct bb_session s = { .run = &run, .opt = &opt };
	struct bb_qemu_config cfg = { 0 };
	struct sigaction sa = { .sa_handler = bb_on_signal };
	struct timespec boot_time;
	uint64_t time_limit_s, phase_timeout_s;
	char *kernel, *initrd, *root_disk, *path;
	const char *state;
	int ret;

	if (bb_options_parse(&opt, argc, argv))
		return BB_EXIT_USAGE;
	run.scenario_name = opt.scenario;
	if (bb_scenario_load(&run, &opt) ||
	    bb_scenario_u64(&run, "GUEST_MEM_MIB", 1024, &s.guest_mem_mib) ||
	    bb_scenario_u64(&run, "TIME_LIMIT_S", 300, &time_limit_s) ||
	    bb_scenario_u64(&run, "PHASE_TIMEOUT_S", 120, &phase_timeout_s))
		return BB_EXIT_USAGE;
	/* For scripts: the scenario file read once, by this parser. */
	if (opt.print_key) {
		puts(bb_conf_get(&run.scenario, opt.print_key) ?: "");
		return 0;
	}
	state = bb_conf_get(&run.scenario, "STATE");
	run.scenario_label = state && strcmp(state, "filled") ?
			     bb_strdup_printf("%s@%s", run.scenario_name, state) :
			     bb_strdup_printf("%s", run.scenario_name);
	run.clock = bb_conf_get(&run.scenario, "CLOCK") ?: "wall";
	if (strcmp(run.clock, "wall") && strcmp(run.clock, "virtual")) {
		bb_error("scenario %s: CLOCK must be wall or virtual, not '%s'",
			 run.scenario_name, run.clock);
		return BB_EXIT_USAGE;
	}
	/*
	 * The virtual clock counts guest instructions only; the host's part
	 * of each call is modelled (README, "Clocks").
	 */
	if (bb_scenario_u64(&run, "COST_NS_CALL", 2000, &run.cost_ns_call) ||
	    bb_scenario_u64(&run, "COST_NS_FRAME", 250, &run.cost_ns_frame) ||
	    bb_scenario_u64(&run, "COST_NS_POPULATE", 1000,
			    &run.cost_ns_populate))
		return BB_EXIT_USAGE;
	if (bb_scenario_check_targets(&run, s.guest_mem_mib))
		return BB_EXIT_USAGE;
	if (bb_scenario_u64(&run, "MIN_HOST_FREED_PCT", 0,
			    &run.min_host_freed_pct))
		return BB_EXIT_USAGE;
	if (run.min_host_freed_pct > 100) {
		bb_error("scenario %s: MIN_HOST_FREED_PCT must be 1-100, not %llu",
			 run.scenario_name,
			 (unsigned long long)run.min_host_freed_pct);
		return BB_EXIT_USAGE;
	}
	if (bb_scenario_bool(&run, "VMCI", false, &run.vmci) ||
	    bb_scenario_instrument(&run) ||
	    bb_scenario_profile(&run, &opt.guest_dir))
		return BB_EXIT_USAGE;
	/* A disk guest: a whole system on a disk, booted by its own initrd. */
	root_disk = bb_strdup_printf("%s/disk.img", opt.guest_dir);
	if (access(root_disk, R_OK)) {
		free(root_disk);
		root_disk = NULL;
	}
	kernel = bb_strdup_printf("%s/vmlinuz", opt.guest_dir);
	initrd = bb_strdup_printf(root_disk ? "%s/initrd.img" :
				  "%s/initramfs.cpio.gz", opt.guest_dir);
	if (access(kernel, R_OK) || access(initrd, R_OK)) {
		bb_error("no guest kernel and initramfs in %s; run 'make guest'",
			 opt.guest_dir);
		return BB_EXIT_USAGE;
	}
	if (opt.disk && (!root_disk || access(opt.disk, R_OK))) {
		bb_error("--disk %s: %s", opt.disk, root_disk ? strerror(errno) :
			 "a second disk needs a disk guest (--guest DIR with disk.img)");
		return BB_EXIT_USAGE;
	}
	if (access(opt.qemu, X_OK)) {
		bb_error("no QEMU at %s; run 'make host'", opt.qemu);
		return BB_EXIT_USAGE;
	}
	cfg.append = bb_scenario_cmdline(&run, opt.append);
	if (!cfg.append)
		return BB_EXIT_USAGE;
	if (root_disk)
		cfg.append = bb_strdup_printf("root=/dev/vda rw %s", cfg.append);

	run.label = opt.label ? opt.label : opt.scenario;
	run.round = opt.round;
	run.qemu_path = opt.qemu;
	run.git_sha = bb_git_sha();
	run.command_line = bb_join_args(argc, argv);
	/* Repetitions of one boot share its luck: comparisons group by this. */
	clock_gettime(CLOCK_REALTIME, &boot_time);
	run.boot = bb_strdup_printf("%lld.%09ld-%ld", (long long)boot_time.tv_sec,
				    boot_time.tv_nsec, (long)getpid());
	path = bb_strdup_printf("%s/kernel-release", opt.guest_dir);
	run.guest_kernel = bb_read_file(path, NULL) ?: strdup("unknown");
	run.guest_kernel[strcspn(run.guest_kernel, "\n")] = '\0';
	free(path);
	run.out_dir = opt.out_dir ? strdup(opt.out_dir) :
				    bb_out_dir_default(run.git_sha);
	if (bb_out_dir_prepare(run.out_dir)) {
		bb_error("cannot create %s/guest: %s", run.out_dir,
			 strerror(errno));
		return BB_EXIT_USAGE;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	s.phase_timeout_ns = phase_timeout_s * NS_PER_S;
	s.deadline_ns = bb_now_ns() + time_limit_s * NS_PER_S;
	cfg.qemu = opt.qemu;
	cfg.kernel = kernel;
	cfg.initrd = initrd;
	cfg.root_disk = root_disk;
	cfg.disk = opt.disk;
	cfg.mem_mib = s.guest_mem_mib;
	cfg.icount = bb_run_virtual(&run);
	cfg.vmci = run.vmci;
	cfg.out_dir = run.out_dir;
	if (bb_scenario_lists(&run, &opt))
		return BB_EXIT_USAGE;
	cfg.device_props = opt.device_props;
	cfg.nr_device_props = opt.nr_device_props;
	if (bb_session_run(&s, &cfg))
		bb_fail(&run, "QEMU did not start");
	bb_report_check_reclaim(&run);
	ret = bb_report_write(&run);
	if (run.error) {
		bb_error("%s: %s", run.scenario_name, run.error);
		return BB_EXIT_FAIL;
	}
	if (ret)
		return BB_EXIT_FAIL;
	bb_say("results in %s", run.out_dir);
	bb_report_summary(&run);
	return 0;
}
