// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbrun - the balloonbench conductor
 *
 * Boots a guest under QEMU with the vmw-balloon-host device, answers the
 * guest runner's requests on the results channel (set a target and wait for
 * the balloon to reach it; sample host memory; record guest stats), enforces
 * the scenario's time limits, and writes the result folder.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "balloon_host.h"
#include "lines.h"
#include "qemu.h"
#include "qmp.h"
#include "run.h"
#include "util.h"

#define NS_PER_S 1000000000ull
#define FRAMES_PER_MIB (1024 * 1024 / VMW_BALLOON_FRAME_SIZE)
/* How often the balloon size is sampled while a phase waits. */
#define BB_SIZE_POLL_US 20000
/* A powered-off guest takes QEMU down within this. */
#define BB_EXIT_GRACE_NS (15 * NS_PER_S)

enum option_values {
	OPT_APPEND = 'a',
	OPT_DEVICE = 'D',
	OPT_DRIVER = 'd',
	OPT_SET = 'e',
	OPT_GUEST = 'g',
	OPT_HELP = 'h',
	OPT_LABEL = 'l',
	OPT_OUT = 'o',
	OPT_PHASE_SET = 'P',
	OPT_QEMU = 'q',
	OPT_ROUND = 'r',
	OPT_SCENARIOS = 's',
	OPT_VERBOSE = 'v',
};

/* Ordered alphabetically by long name. */
static const struct option long_options[] = {
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "driver", required_argument, NULL, OPT_DRIVER },
	{ "guest", required_argument, NULL, OPT_GUEST },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "phase-set", required_argument, NULL, OPT_PHASE_SET },
	{ "qemu", required_argument, NULL, OPT_QEMU },
	{ "round", required_argument, NULL, OPT_ROUND },
	{ "scenarios", required_argument, NULL, OPT_SCENARIOS },
	{ "set", required_argument, NULL, OPT_SET },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ NULL, 0, NULL, 0 },
};

static void display_help(void)
{
	printf("Usage: bbrun [OPTION]... SCENARIO\n"
	       "Boot a guest on the embedded VMware balloon host and run SCENARIO.\n"
	       "\n"
	       "  -a, --append=ARGS       extra guest kernel command line\n"
	       "  -D, --device=KEY=VALUE  vmw-balloon-host property at start\n"
	       "                          (caps, refuse-ppm, seed, busy-ppm, ...)\n"
	       "  -d, --driver=NAME       driver under test [scenario's DRIVER, upstream]\n"
	       "  -e, --set=KEY=VALUE     override a scenario setting (TARGET_MIB=256)\n"
	       "  -g, --guest=DIR         vmlinuz and initramfs.cpio.gz [build/guest]\n"
	       "  -h, --help              this text\n"
	       "  -l, --label=WORD        first word of the summary line [SCENARIO]\n"
	       "  -o, --out=DIR           result folder [results/<UTC>-<git sha>]\n"
	       "  -P, --phase-set=PHASE:KEY=VALUE\n"
	       "                          qom-set a device property when the guest\n"
	       "                          enters PHASE, before its target is set\n"
	       "  -q, --qemu=PATH         QEMU binary [build/host/qemu-system-x86_64]\n"
	       "  -r, --round=N           pair this boot with the other side's boot of\n"
	       "                          round N in a comparison (bench/gate)\n"
	       "  -s, --scenarios=DIR     scenario files [bench/scenarios]\n"
	       "  -v, --verbose           show the QEMU command line and QMP traffic\n"
	       "\n"
	       "Scenario settings (bench/scenarios/SCENARIO.conf): GUEST_MEM_MIB [1024],\n"
	       "DRIVER [upstream], TIME_LIMIT_S [300], PHASE_TIMEOUT_S [120],\n"
	       "KERNEL_ARGS, CLOCK (wall, or virtual: QEMU -icount and a host cost\n"
	       "model of COST_NS_CALL [2000] per call and COST_NS_FRAME [250] per\n"
	       "frame), DEVICE_ARGS (key=value,... for vmw-balloon-host),\n"
	       "PHASE_SETS (\"PHASE:KEY=VALUE ...\", as --phase-set) and\n"
	       "GUEST_SCENARIO (the guest script, [SCENARIO]); the others reach the\n"
	       "guest as bb.<key>=<value>.\n"
	       "Exit status: 0 done, 1 the run failed, 2 bad input.\n");
}

struct bb_options {
	const char *append;
	const char *driver;
	const char *guest_dir;
	const char *label;
	const char *out_dir;
	const char *qemu;
	long round;
	const char *scenarios_dir;
	const char *scenario;
	struct bb_conf overrides;
	char **device_props;
	size_t nr_device_props;
	char **phase_sets;
	size_t nr_phase_sets;
};

static void bb_push(char ***list, size_t *n, const char *item)
{
	*list = realloc(*list, (*n + 1) * sizeof(char *));
	if (!*list)
		abort();
	(*list)[(*n)++] = strdup(item);
}

static int process_options(struct bb_options *opt, int argc, char **argv)
{
	int c, error = 0;
	char *end;

	opt->guest_dir = "build/guest";
	opt->qemu = "build/host/qemu-system-x86_64";
	opt->scenarios_dir = "bench/scenarios";
	while ((c = getopt_long(argc, argv, "a:D:d:e:g:hl:o:P:q:r:s:v",
				long_options, NULL)) != -1) {
		switch (c) {
		case OPT_APPEND:
			opt->append = optarg;
			break;
		case OPT_DEVICE:
			if (!strchr(optarg, '=') || !strncmp(optarg, "id=", 3) ||
			    !strncmp(optarg, "trace=", 6)) {
				bb_error("--device takes KEY=VALUE (not id or trace): '%s'",
					 optarg);
				error = 1;
			}
			bb_push(&opt->device_props, &opt->nr_device_props, optarg);
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
			bb_push(&opt->phase_sets, &opt->nr_phase_sets, optarg);
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

/* The one-line "why" of a failed run; the first reason wins. */
static void bb_fail(struct bb_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void bb_fail(struct bb_run *run, const char *fmt, ...)
{
	va_list ap;

	if (run->error)
		return;
	va_start(ap, fmt);
	if (vasprintf(&run->error, fmt, ap) < 0)
		abort();
	va_end(ap);
}

static int bb_load_scenario(struct bb_run *run, const struct bb_options *opt)
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

static int bb_scenario_u64(const struct bb_run *run, const char *key,
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

/* Settings the conductor uses itself; the rest go to the guest. */
static bool bb_conductor_key(const char *key)
{
	return !strcmp(key, "GUEST_MEM_MIB") || !strcmp(key, "TIME_LIMIT_S") ||
	       !strcmp(key, "PHASE_TIMEOUT_S") || !strcmp(key, "KERNEL_ARGS") ||
	       !strcmp(key, "DEVICE_ARGS") || !strcmp(key, "GUEST_SCENARIO") ||
	       !strcmp(key, "PHASE_SETS") || !strcmp(key, "CLOCK") ||
	       !strcmp(key, "COST_NS_CALL") || !strcmp(key, "COST_NS_FRAME");
}

static char *bb_kernel_cmdline(const struct bb_run *run, const char *append)
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

		if (bb_conductor_key(key))
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

static char *bb_git_sha(void)
{
	char sha[64] = "";
	FILE *in = popen("git rev-parse --short=12 HEAD 2>/dev/null", "r");

	if (in) {
		if (!fgets(sha, sizeof(sha), in))
			sha[0] = '\0';
		pclose(in);
	}
	sha[strcspn(sha, "\n")] = '\0';
	return strdup(*sha ? sha : "unknown");
}

/* Files a previous run left in a reused result folder would be appended to. */
static void bb_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *file;

		if (de->d_name[0] == '.')
			continue;
		file = bb_strdup_printf("%s/%s", path, de->d_name);
		unlink(file);
		free(file);
	}
	closedir(d);
}

static int bb_mkdir_p(const char *path)
{
	char *copy = strdup(path), *p;
	int ret = 0;

	for (p = copy + 1; *p && !ret; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	if (!ret && mkdir(copy, 0755) && errno != EEXIST)
		ret = -1;
	free(copy);
	return ret;
}

/* The balloon size, from the device. */
static int bb_balloon_size(struct bb_lines *qmp, struct bb_run *run,
			   uint64_t *frames)
{
	char *error = NULL;
	json_t *v = bb_qmp_qom_get(qmp, BB_QEMU_DEVICE_PATH, "size", &error);

	if (!v) {
		bb_fail(run, "qom-get size: %s", error);
		free(error);
		return -1;
	}
	*frames = (uint64_t)json_integer_value(v);
	json_decref(v);
	return 0;
}

static int bb_qom_set_u64(struct bb_lines *qmp, struct bb_run *run,
			  const char *property, const char *value)
{
	char *error = NULL;
	uint64_t num;

	if (!bb_parse_u64(value, &num)) {
		bb_fail(run, "%s=%s: not a number", property, value);
		return -1;
	}
	if (bb_qmp_qom_set(qmp, BB_QEMU_DEVICE_PATH, property,
			   json_integer((json_int_t)num), &error)) {
		bb_fail(run, "qom-set %s=%s: %s", property, value, error);
		free(error);
		return -1;
	}
	return 0;
}

struct bb_session {
	struct bb_run *run;
	const struct bb_options *opt;
	struct bb_qemu qemu;
	struct bb_lines qmp;
	struct bb_lines chan;
	uint64_t guest_mem_mib;
	uint64_t phase_timeout_ns;
	uint64_t deadline_ns;
};

static void bb_reply(struct bb_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void bb_reply(struct bb_session *s, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	va_end(ap);
	bb_debug("chan> %s", text);
	bb_lines_write(s->qemu.chan_fd, text);
	bb_lines_write(s->qemu.chan_fd, "\n");
	free(text);
}

static int bb_apply_phase_sets(struct bb_session *s, const char *phase)
{
	size_t len = strlen(phase), i;

	for (i = 0; i < s->opt->nr_phase_sets; i++) {
		const char *set = s->opt->phase_sets[i];
		char *key, *eq;
		int ret;

		if (strncmp(set, phase, len) || set[len] != ':')
			continue;
		key = strdup(set + len + 1);
		eq = strchr(key, '=');
		*eq = '\0';
		bb_say("phase %s: %s=%s", phase, key, eq + 1);
		ret = bb_qom_set_u64(&s->qmp, s->run, key, eq + 1);
		free(key);
		if (ret)
			return -1;
	}
	return 0;
}

/* "phase NAME target_mib=N": set the target, wait for the balloon. */
static int bb_handle_phase(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	struct bb_phase *p;
	char name[BB_NAME_MAX];
	unsigned long long mib;
	uint64_t target, size, start, deadline;
	bool inflating;
	char value[32];

	const char *settle_arg = strstr(args, " settle_s=");
	const char *max_arg = strstr(args, " max_s=");
	unsigned long long settle_s = 0, max_s = 0;
	uint64_t last_change;

	if ((settle_arg && sscanf(settle_arg, " settle_s=%llu", &settle_s) != 1) ||
	    (max_arg && sscanf(max_arg, " max_s=%llu", &max_s) != 1)) {
		bb_fail(run, "guest sent a malformed phase option: %s", args);
		return -1;
	}
	if (sscanf(args, "%31s target_mib=%llu", name, &mib) != 2) {
		bb_fail(run, "guest sent a malformed phase request: %s", args);
		return -1;
	}
	if (run->nr_phases == BB_MAX_PHASES || mib > s->guest_mem_mib) {
		bb_fail(run, "phase %s: target %llu MiB is beyond the %llu MiB guest",
			name, mib, (unsigned long long)s->guest_mem_mib);
		bb_reply(s, "fail bad target");
		return -1;
	}
	p = &run->phases[run->nr_phases++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->target_mib = mib;
	target = mib * FRAMES_PER_MIB;
	if (bb_apply_phase_sets(s, name) || bb_balloon_size(&s->qmp, run, &size))
		return -1;
	inflating = target > size;
	p->host_ram_start = bb_qemu_guest_ram_bytes(&s->qemu);
	bb_say("phase %s: target %llu MiB (balloon at %.0f MiB)", name, mib,
	       (double)size / FRAMES_PER_MIB);
	snprintf(value, sizeof(value), "%llu", (unsigned long long)target);
	if (bb_qom_set_u64(&s->qmp, run, "target", value))
		return -1;

	start = last_change = bb_now_ns();
	deadline = start + s->phase_timeout_ns;
	if (deadline > s->deadline_ns)
		deadline = s->deadline_ns;
	while (!bb_target_reached(size, target, inflating)) {
		uint64_t before = size;

		/* Best effort: the guest can give no more than it has. */
		if (settle_s &&
		    bb_now_ns() - last_change >= settle_s * NS_PER_S) {
			bb_say("phase %s: settled at %.0f MiB short of the target",
			       name, (double)(target > size ? target - size :
					      size - target) / FRAMES_PER_MIB);
			break;
		}
		/* A measured window: how far the balloon gets in max_s. */
		if (max_s && bb_now_ns() - start >= max_s * NS_PER_S) {
			bb_say("phase %s: %.0f MiB short of the target after %llu s",
			       name, (double)(target > size ? target - size :
					      size - target) / FRAMES_PER_MIB,
			       max_s);
			break;
		}
		if (bb_interrupted) {
			bb_fail(run, "interrupted");
			return -1;
		}
		if (bb_now_ns() >= deadline) {
			bb_fail(run, "phase %s: balloon at %llu of %llu frames after %.0f s: the guest never reached the target",
				name, (unsigned long long)size,
				(unsigned long long)target,
				(bb_now_ns() - start) / 1e9);
			bb_reply(s, "fail timeout");
			return -1;
		}
		usleep(BB_SIZE_POLL_US);
		if (bb_balloon_size(&s->qmp, run, &size))
			return -1;
		if (size != before)
			last_change = bb_now_ns();
	}
	p->host_ram_end = bb_qemu_guest_ram_bytes(&s->qemu);
	bb_say("phase %s: reached in %.2f s", name, (bb_now_ns() - start) / 1e9);
	bb_reply(s, "ok size_frames=%llu", (unsigned long long)size);
	return 0;
}

/* "mark NAME": sample host memory of guest RAM. */
static int bb_handle_mark(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	struct bb_mark *m;

	if (run->nr_marks == BB_MAX_MARKS || !*args) {
		bb_fail(run, "guest sent a bad mark: '%s'", args);
		return -1;
	}
	m = &run->marks[run->nr_marks++];
	snprintf(m->name, sizeof(m->name), "%s", args);
	m->host_ram = bb_qemu_guest_ram_bytes(&s->qemu);
	if (bb_balloon_size(&s->qmp, run, &m->size_frames))
		return -1;
	bb_say("mark %s: host holds %.0f MiB of guest RAM, balloon %llu frames",
	       m->name, m->host_ram / (1024.0 * 1024.0),
	       (unsigned long long)m->size_frames);
	bb_reply(s, "ok host_ram=%llu size_frames=%llu",
		 (unsigned long long)m->host_ram,
		 (unsigned long long)m->size_frames);
	return 0;
}

/* "put NAME TEXT": append a line to the result folder's guest/NAME. */
static int bb_handle_put(struct bb_session *s, char *args)
{
	char *text = strchr(args, ' ');
	char *path;
	FILE *out;

	if (text)
		*text++ = '\0';
	else
		text = args + strlen(args);
	if (!*args || strspn(args, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
			      strlen(args) || args[0] == '.') {
		bb_fail(s->run, "guest sent a bad file name '%s'", args);
		return -1;
	}
	path = bb_strdup_printf("%s/guest/%s", s->run->out_dir, args);
	out = fopen(path, "a");
	if (!out) {
		bb_fail(s->run, "cannot write %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	fprintf(out, "%s\n", text);
	fclose(out);
	free(path);
	return 0;
}

/* "stat KEY=VALUE" for the run; "phase-stat KEY=VALUE" for the last phase. */
static int bb_handle_stat(struct bb_session *s, char *args, bool phase)
{
	struct bb_run *run = s->run;
	char *eq = strchr(args, '=');

	if (!eq || eq == args) {
		bb_fail(run, "guest sent a malformed stat '%s'", args);
		return -1;
	}
	*eq = '\0';
	if (!phase) {
		bb_conf_set(&run->guest_stats, args, eq + 1);
		return 0;
	}
	if (!run->nr_phases) {
		bb_fail(run, "guest sent phase-stat %s before any phase", args);
		return -1;
	}
	bb_conf_set(&run->phases[run->nr_phases - 1].extra, args, eq + 1);
	return 0;
}

enum bb_step { BB_STEP_MORE, BB_STEP_DONE, BB_STEP_FAILED };

static enum bb_step bb_handle_line(struct bb_session *s, char *line)
{
	char *verb, *args;

	bb_debug("chan< %s", line);
	if (strncmp(line, "@bb ", 4))
		return BB_STEP_MORE;
	verb = line + 4;
	args = strchr(verb, ' ');
	if (args)
		*args++ = '\0';
	else
		args = verb + strlen(verb);
	if (!strcmp(verb, "phase"))
		return bb_handle_phase(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
	if (!strcmp(verb, "mark"))
		return bb_handle_mark(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
	if (!strcmp(verb, "put"))
		return bb_handle_put(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
	if (!strcmp(verb, "stat") || !strcmp(verb, "phase-stat"))
		return bb_handle_stat(s, args, verb[0] == 'p') ? BB_STEP_FAILED :
								 BB_STEP_MORE;
	if (!strcmp(verb, "log")) {
		bb_say("guest: %s", args);
		return BB_STEP_MORE;
	}
	if (!strcmp(verb, "hello")) {
		bb_say("guest up: %s", args);
		return BB_STEP_MORE;
	}
	if (!strcmp(verb, "done"))
		return BB_STEP_DONE;
	if (!strcmp(verb, "error")) {
		bb_fail(s->run, "guest: %s", args);
		return BB_STEP_FAILED;
	}
	bb_fail(s->run, "guest sent an unknown request '%s'", verb);
	return BB_STEP_FAILED;
}

static void bb_collect_host_stats(struct bb_session *s)
{
	static const char *const props[] = { "calls", "failed" };
	json_t *stats = json_object(), *v;
	char *error = NULL;
	unsigned int i;

	for (i = 0; i < BH_STAT_NUM; i++) {
		v = bb_qmp_qom_get(&s->qmp, BB_QEMU_DEVICE_PATH,
				   bh_stat_names[i], &error);
		if (v)
			json_object_set_new(stats, bh_stat_names[i], v);
		free(error);
		error = NULL;
	}
	for (i = 0; i < 2; i++) {
		const char *key;
		json_t *counts = bb_qmp_qom_get(&s->qmp, BB_QEMU_DEVICE_PATH,
						props[i], &error);

		free(error);
		error = NULL;
		json_object_foreach(counts, key, v) {
			char *name = bb_strdup_printf("%s_%s", props[i], key);

			json_object_set(stats, name, v);
			free(name);
		}
		json_decref(counts);
	}
	s->run->host_stats = stats;
}

/* Talks to the guest until it is done, fails, or runs out of time. */
static void bb_converse(struct bb_session *s)
{
	struct bb_run *run = s->run;
	enum bb_step step = BB_STEP_MORE;
	char *line;
	int ret;

	while (step == BB_STEP_MORE) {
		ret = bb_lines_read(&s->chan, &line, s->deadline_ns);
		if (bb_interrupted) {
			bb_fail(run, "interrupted");
			return;
		}
		if (ret == BB_LINES_TIMEOUT) {
			bb_fail(run, "time limit reached: the guest hung (see %s/console.log)",
				run->out_dir);
			return;
		}
		if (ret == BB_LINES_EOF) {
			bb_fail(run, "the guest stopped before finishing (see %s/console.log)",
				run->out_dir);
			return;
		}
		step = bb_handle_line(s, line);
	}
	if (step == BB_STEP_DONE)
		bb_collect_host_stats(s);
}

static void bb_finish_qemu(struct bb_session *s)
{
	char *error = NULL;
	json_t *ret;

	/* A finished guest powers off; don't wait long for one that failed. */
	if (!s->run->error &&
	    bb_qemu_wait(&s->qemu, bb_now_ns() + BB_EXIT_GRACE_NS) == 0)
		return;
	ret = bb_qmp_call(&s->qmp, "quit", NULL, &error);
	json_decref(ret);
	free(error);
	if (bb_qemu_wait(&s->qemu, bb_now_ns() + 5 * NS_PER_S))
		bb_qemu_stop(&s->qemu);
}

static void bb_trace_figures(struct bb_run *run)
{
	char *path = bb_strdup_printf("%s/host-trace.csv", run->out_dir);
	struct bb_trace trace;
	unsigned int i;
	int ret = bb_trace_load(&trace, path);

	if (ret) {
		bb_fail(run, "cannot read the host trace %s: %s", path,
			strerror(-ret));
	} else {
		for (i = 0; i < run->nr_phases; i++)
			if (bb_trace_phase(&trace, i, &run->phases[i].fig))
				bb_fail(run, "host trace lacks phase %s",
					run->phases[i].name);
	}
	bb_trace_free(&trace);
	free(path);
}

static void bb_on_signal(int sig)
{
	(void)sig;
	bb_interrupted = 1;
}

static int bb_session_run(struct bb_session *s, struct bb_qemu_config *cfg)
{
	struct bb_run *run = s->run;

	bb_say("booting %s (driver %s, %llu MiB guest)", run->scenario_name,
	       run->driver, (unsigned long long)s->guest_mem_mib);
	if (bb_qemu_start(&s->qemu, cfg))
		return -1;
	/* Losing it loses no result; bb_write_result() has said why. */
	bb_write_result(run->out_dir, "qemu-command-line.txt", s->qemu.cmdline,
			strlen(s->qemu.cmdline));
	bb_lines_init(&s->qmp, s->qemu.qmp_fd);
	bb_lines_init(&s->chan, s->qemu.chan_fd);
	if (bb_qmp_handshake(&s->qmp))
		bb_fail(run, "QMP handshake failed");
	else
		bb_converse(s);
	bb_finish_qemu(s);
	bb_qemu_cleanup(&s->qemu);
	if (!run->error)
		bb_trace_figures(run);
	return 0;
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

static char *bb_default_out_dir(const char *sha)
{
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	return bb_strdup_printf("results/%s-%s", stamp, sha);
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
	char *kernel, *initrd, *path;
	int ret;

	if (process_options(&opt, argc, argv))
		return BB_EXIT_USAGE;
	run.scenario_name = opt.scenario;
	if (bb_load_scenario(&run, &opt) ||
	    bb_scenario_u64(&run, "GUEST_MEM_MIB", 1024, &s.guest_mem_mib) ||
	    bb_scenario_u64(&run, "TIME_LIMIT_S", 300, &time_limit_s) ||
	    bb_scenario_u64(&run, "PHASE_TIMEOUT_S", 120, &phase_timeout_s))
		return BB_EXIT_USAGE;
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
	    bb_scenario_u64(&run, "COST_NS_FRAME", 250, &run.cost_ns_frame))
		return BB_EXIT_USAGE;
	/* Targets a guest cannot give are refused before anything boots. */
	for (size_t k = 0; k < run.scenario.n; k++) {
		const char *key = run.scenario.keys[k];
		uint64_t mib;

		if (strcmp(key, "TARGET_MIB") && strcmp(key, "TOP_MIB"))
			continue;
		if (bb_scenario_u64(&run, key, 0, &mib))
			return BB_EXIT_USAGE;
		if (mib >= s.guest_mem_mib) {
			bb_error("scenario %s: %s=%llu is not below the guest's %llu MiB",
				 run.scenario_name, key, (unsigned long long)mib,
				 (unsigned long long)s.guest_mem_mib);
			return BB_EXIT_USAGE;
		}
	}
	kernel = bb_strdup_printf("%s/vmlinuz", opt.guest_dir);
	initrd = bb_strdup_printf("%s/initramfs.cpio.gz", opt.guest_dir);
	if (access(kernel, R_OK) || access(initrd, R_OK)) {
		bb_error("no guest kernel and initramfs in %s; run 'make guest'",
			 opt.guest_dir);
		return BB_EXIT_USAGE;
	}
	if (access(opt.qemu, X_OK)) {
		bb_error("no QEMU at %s; run 'make host'", opt.qemu);
		return BB_EXIT_USAGE;
	}
	cfg.append = bb_kernel_cmdline(&run, opt.append);
	if (!cfg.append)
		return BB_EXIT_USAGE;

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
				    bb_default_out_dir(run.git_sha);
	path = bb_strdup_printf("%s/guest", run.out_dir);
	if (bb_mkdir_p(path)) {
		bb_error("cannot create %s: %s", path, strerror(errno));
		return BB_EXIT_USAGE;
	}
	bb_empty_dir(path);
	free(path);

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	s.phase_timeout_ns = phase_timeout_s * NS_PER_S;
	s.deadline_ns = bb_now_ns() + time_limit_s * NS_PER_S;
	cfg.qemu = opt.qemu;
	cfg.kernel = kernel;
	cfg.initrd = initrd;
	cfg.mem_mib = s.guest_mem_mib;
	cfg.icount = !strcmp(run.clock, "virtual");
	cfg.out_dir = run.out_dir;
	/* The scenario's device settings first; --device can override them. */
	if (bb_conf_get(&run.scenario, "DEVICE_ARGS")) {
		char *args = strdup(bb_conf_get(&run.scenario, "DEVICE_ARGS"));
		char *save = NULL, *arg;
		char **props = NULL;
		size_t n = 0, i;

		for (arg = strtok_r(args, ",", &save); arg;
		     arg = strtok_r(NULL, ",", &save))
			bb_push(&props, &n, arg);
		for (i = 0; i < opt.nr_device_props; i++)
			bb_push(&props, &n, opt.device_props[i]);
		free(args);
		opt.device_props = props;
		opt.nr_device_props = n;
	}
	cfg.device_props = opt.device_props;
	cfg.nr_device_props = opt.nr_device_props;
	/* The scenario's PHASE:KEY=VALUE settings, then --phase-set's. */
	if (bb_conf_get(&run.scenario, "PHASE_SETS")) {
		char *sets = strdup(bb_conf_get(&run.scenario, "PHASE_SETS"));
		char *save = NULL, *set, **list = NULL;
		size_t n = 0, i;

		for (set = strtok_r(sets, " ", &save); set;
		     set = strtok_r(NULL, " ", &save)) {
			if (!strchr(set, ':') || !strchr(set, '=')) {
				bb_error("scenario %s: PHASE_SETS takes PHASE:KEY=VALUE words, not '%s'",
					 run.scenario_name, set);
				return BB_EXIT_USAGE;
			}
			bb_push(&list, &n, set);
		}
		for (i = 0; i < opt.nr_phase_sets; i++)
			bb_push(&list, &n, opt.phase_sets[i]);
		free(sets);
		opt.phase_sets = list;
		opt.nr_phase_sets = n;
	}

	if (bb_session_run(&s, &cfg))
		bb_fail(&run, "QEMU did not start");
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
