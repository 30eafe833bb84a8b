// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbrun - the balloonbench conductor
 *
 * Boots a guest under QEMU with the vmw-balloon-host device, answers the
 * guest runner's requests on the results channel (set a target and wait for
 * the balloon to reach it; sample host memory; record guest stats), enforces
 * the scenario's time limits, and writes the result folder.  With
 * --target-source it runs the runner in this VMware guest instead, ESXi
 * setting the target.
 *
 * options.c reads the command line, scenario.c the scenario, session.c
 * runs the guest boot, local.c the run in a VMware guest (converse.c is
 * what they share), out_dir.c and results.c make the result folder.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>

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

/*
 * The embedded host's guest: its kernel, initramfs or disk, and QEMU, in
 * @cfg.  A disk guest is a whole system on a disk, booted by its own initrd.
 */
static int bb_qemu_main_checks(const struct bb_options *opt,
			       struct bb_qemu_config *cfg)
{
	char *kernel, *initrd, *root_disk;

	root_disk = bb_strdup_printf("%s/disk.img", opt->guest_dir);
	if (access(root_disk, R_OK)) {
		free(root_disk);
		root_disk = NULL;
	}
	kernel = bb_strdup_printf("%s/vmlinuz", opt->guest_dir);
	initrd = bb_strdup_printf(root_disk ? "%s/initrd.img" :
				  "%s/initramfs.cpio.gz", opt->guest_dir);
	if (access(kernel, R_OK) || access(initrd, R_OK)) {
		bb_error("no guest kernel and initramfs in %s; run 'make guest'",
			 opt->guest_dir);
		return BB_EXIT_USAGE;
	}
	if (opt->disk && (!root_disk || access(opt->disk, R_OK))) {
		bb_error("--disk %s: %s", opt->disk, root_disk ? strerror(errno) :
			 "a second disk needs a disk guest (--guest DIR with disk.img)");
		return BB_EXIT_USAGE;
	}
	if (access(opt->qemu, X_OK)) {
		bb_error("no QEMU at %s; run 'make host'", opt->qemu);
		return BB_EXIT_USAGE;
	}
	cfg->kernel = kernel;
	cfg->initrd = initrd;
	cfg->root_disk = root_disk;
	cfg->disk = opt->disk;
	cfg->qemu = opt->qemu;
	if (root_disk)
		cfg->append = bb_strdup_printf("root=/dev/vda rw %s", cfg->append);

	return 0;
}

/*
 * What only the embedded host can do: a scenario that needs it is skipped
 * in a VMware guest, with the reason.
 */
static const char *bb_needs_embedded(const struct bb_run *run)
{
	const char *device = bb_conf_get(&run->scenario, "DEVICE_ARGS");
	char *props = strdup(device ? device : ""), *prop, *save = NULL;
	bool host_knob = false;

	/* ESXi's own caps stand in for max-percent and max-mib. */
	for (prop = strtok_r(props, ",", &save); prop;
	     prop = strtok_r(NULL, ",", &save))
		if (strncmp(prop, "max-percent=", 12) &&
		    strncmp(prop, "max-mib=", 8))
			host_knob = true;
	free(props);
	if (bb_run_virtual(run))
		return "CLOCK=virtual counts the guest's instructions in QEMU";
	if (host_knob || bb_conf_get(&run->scenario, "PHASE_SETS"))
		return "it sets the host device's behaviour (refusals, busy replies, resets)";
	if (bb_conf_get(&run->scenario, "KERNEL_ARGS"))
		return "it boots the guest kernel with KERNEL_ARGS";
	if (run->min_host_freed_pct)
		return "MIN_HOST_FREED_PCT checks the host memory a balloon frees, which a guest cannot see";
	return NULL;
}

/* The guest's memory, MiB, as its kernel counts it. */
static uint64_t bb_mem_total_mib(void)
{
	FILE *in = fopen("/proc/meminfo", "r");
	unsigned long long kib = 0;
	char line[128];

	while (in && fgets(line, sizeof(line), in))
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			break;
	if (in)
		fclose(in);
	return kib / 1024;
}

/*
 * The run in this VMware guest: the runner's files in --guest, the
 * target from --target-source.
 */
static int bb_local_prepare(struct bb_session *s, const struct bb_options *opt)
{
	struct bb_run *run = s->run;
	const char *debugfs = getenv("BB_DEBUGFS");
	const char *why = bb_needs_embedded(run);
	struct utsname uts;
	char *runner;
	size_t i;

	if (why) {
		printf("%s: skipped in a VMware guest: %s\n", run->scenario_name,
		       why);
		return BB_EXIT_SKIP;
	}
	runner = bb_strdup_printf("%s/runner.sh", opt->guest_dir);
	if (access(runner, R_OK)) {
		bb_error("--target-source: no runner at %s (--guest names the runner's files)",
			 runner);
		free(runner);
		return BB_EXIT_USAGE;
	}
	free(runner);
	run->host = "vmware";
	run->target_source = opt->target_source;
	for (i = 0; i < opt->nr_context; i++) {
		char *key = strdup(opt->context[i]), *eq = strchr(key, '=');

		*eq = '\0';
		bb_conf_set(&run->context, key, eq + 1);
		free(key);
	}
	run->guest_kernel = strdup(uname(&uts) ? "unknown" : uts.release);
	s->local.source = opt->target_source;
	s->local.vmmemctl = bb_strdup_printf("%s/vmmemctl",
					     debugfs ? debugfs : "/sys/kernel/debug");
	s->guest_mem_mib = bb_mem_total_mib();
	return 0;
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
	char *path;
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
	if (bb_scenario_u64(&run, "GUEST_CPUS", 1, &cfg.cpus))
		return BB_EXIT_USAGE;
	if (cfg.cpus < 1 || cfg.cpus > BB_GUEST_CPUS_MAX) {
		bb_error("scenario %s: GUEST_CPUS must be 1-%d, not '%llu'",
			 run.scenario_name, BB_GUEST_CPUS_MAX,
			 (unsigned long long)cfg.cpus);
		return BB_EXIT_USAGE;
	}
	if (bb_scenario_bool(&run, "VMCI", false, &run.vmci) ||
	    bb_scenario_instrument(&run) ||
	    bb_scenario_profile(&run, &opt.guest_dir))
		return BB_EXIT_USAGE;
	cfg.append = bb_scenario_cmdline(&run, opt.append);
	if (!cfg.append)
		return BB_EXIT_USAGE;
	ret = opt.target_source ? bb_local_prepare(&s, &opt) :
				  bb_qemu_main_checks(&opt, &cfg);
	if (!ret && !opt.target_source && bb_esxi_model_start(&s))
		ret = BB_EXIT_USAGE;
	if (ret)
		return ret;
	run.label = opt.label ? opt.label : opt.scenario;
	run.round = opt.round;
	run.qemu_path = opt.qemu;
	if (!run.host)
		run.host = "embedded";
	run.git_sha = bb_git_sha();
	run.command_line = bb_join_args(argc, argv);
	/* Repetitions of one boot share its luck: comparisons group by this. */
	clock_gettime(CLOCK_REALTIME, &boot_time);
	run.boot = bb_strdup_printf("%lld.%09ld-%ld", (long long)boot_time.tv_sec,
				    boot_time.tv_nsec, (long)getpid());
	if (!run.guest_kernel) {
		path = bb_strdup_printf("%s/kernel-release", opt.guest_dir);
		run.guest_kernel = bb_read_file(path, NULL) ?: strdup("unknown");
		run.guest_kernel[strcspn(run.guest_kernel, "\n")] = '\0';
		free(path);
	}
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
	if (opt.target_source) {
		bb_local_run(&s, opt.guest_dir, cfg.append);
	} else {
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
	}
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
