// SPDX-License-Identifier: GPL-2.0-only
/*
 * Results: results.json in Google Benchmark's schema (context plus one
 * benchmark entry per phase, our figures as counters), results.csv with a
 * row per phase, and a one-line summary on stdout.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "run.h"
#include "util.h"

#define MIB (1024.0 * 1024.0)
#define FRAMES_PER_MIB (1024 * 1024 / VMW_BALLOON_FRAME_SIZE)

static double bb_frames_mib(uint64_t frames)
{
	return (double)frames / FRAMES_PER_MIB;
}

static double bb_phase_moved_mib(const struct bb_phase *p)
{
	return bb_frames_mib(p->fig.reached_frames > p->fig.start_frames ?
			     p->fig.reached_frames - p->fig.start_frames :
			     p->fig.start_frames - p->fig.reached_frames);
}

/* Host memory of guest RAM the phase gave back (net; 0 if it grew). */
static double bb_phase_freed_mib(const struct bb_phase *p)
{
	return p->host_ram_start > p->host_ram_end ?
	       (p->host_ram_start - p->host_ram_end) / MIB : 0;
}

/* What the device's discards gave back: frames that held host memory. */
static double bb_phase_reclaimed_mib(const struct bb_phase *p)
{
	return bb_frames_mib(p->reclaimed_end > p->reclaimed_start ?
			     p->reclaimed_end - p->reclaimed_start : 0);
}

/*
 * Host memory the phase made the host back: the growth of guest RAM's
 * memfd plus what the discards freed meanwhile.  A driver that balloons
 * memory the host never backed makes the guest touch it (zeroing) first:
 * the host backs it, then frees it again, for nothing.
 */
static double bb_phase_populated_mib(const struct bb_phase *p)
{
	double backed = ((double)p->host_ram_end - (double)p->host_ram_start) /
			MIB + bb_phase_reclaimed_mib(p);

	return backed > 0 ? backed : 0;
}

/*
 * The host's modelled cost of a phase: what the virtual clock misses.
 * Each call, each frame moved, and each page the host had to back.
 */
static double bb_phase_model_ns(const struct bb_run *run,
				const struct bb_phase *p)
{
	return (double)p->fig.calls_total * run->cost_ns_call +
	       bb_phase_moved_mib(p) * FRAMES_PER_MIB * run->cost_ns_frame +
	       bb_phase_populated_mib(p) * FRAMES_PER_MIB *
	       run->cost_ns_populate;
}

/*
 * The phase's durations on the run's clock.  The guest's virtual clock
 * counts only guest instructions, so the host's modelled cost is added to
 * the work and the total (not to the reaction: that is waiting).
 */
static struct bb_phase_times bb_phase_times(const struct bb_run *run,
					    const struct bb_phase *p)
{
	struct bb_phase_times t = { 0 };
	uint64_t model;

	if (p->held)
		return t;
	if (!bb_run_virtual(run))
		return p->fig.host;
	t = p->fig.guest;
	model = (uint64_t)bb_phase_model_ns(run, p);
	t.work_ns += model;
	t.total_ns += model;
	return t;
}

static double bb_phase_mib_per_s(const struct bb_run *run,
				 const struct bb_phase *p)
{
	uint64_t work = bb_phase_times(run, p).work_ns;

	return work ? bb_phase_moved_mib(p) * 1e9 / work : 0;
}

/* The effective reclaim rate: host memory freed per second of work. */
static double bb_phase_reclaim_mib_per_s(const struct bb_run *run,
					 const struct bb_phase *p)
{
	uint64_t work = bb_phase_times(run, p).work_ns;

	return work ? bb_phase_freed_mib(p) * 1e9 / work : 0;
}

static double bb_cpu_mhz(void)
{
	FILE *in = fopen("/proc/cpuinfo", "r");
	char line[256];
	double mhz = 0;

	if (!in)
		return 0;
	while (fgets(line, sizeof(line), in))
		if (sscanf(line, "cpu MHz : %lf", &mhz) == 1)
			break;
	fclose(in);
	return mhz;
}

static json_t *bb_context(const struct bb_run *run)
{
	char date[64], host[256] = "unknown";
	double load[3] = { 0, 0, 0 };
	time_t now = time(NULL);
	json_t *ctx;
	size_t i;

	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	gethostname(host, sizeof(host) - 1);
	getloadavg(load, 3);
	ctx = json_pack("{s:s,s:s,s:s,s:I,s:I,s:b,s:[],s:[f,f,f],s:s,s:I}",
			"date", date, "host_name", host, "executable", "bbrun",
			"num_cpus", (json_int_t)sysconf(_SC_NPROCESSORS_ONLN),
			"mhz_per_cpu", (json_int_t)bb_cpu_mhz(),
			"cpu_scaling_enabled",
			access("/sys/devices/system/cpu/cpu0/cpufreq", F_OK) == 0,
			"caches", "load_avg", load[0], load[1], load[2],
			"library_build_type", "release", "json_schema_version",
			(json_int_t)1);
	json_object_set_new(ctx, "bb_scenario", json_string(run->scenario_name));
	json_object_set_new(ctx, "bb_driver", json_string(run->driver));
	json_object_set_new(ctx, "bb_instrumented",
			    json_boolean(run->instrumented));
	json_object_set_new(ctx, "bb_profiled", json_boolean(run->profiled));
	json_object_set_new(ctx, "bb_git_sha", json_string(run->git_sha));
	json_object_set_new(ctx, "bb_host", json_string(run->host));
	if (bb_run_embedded(run))
		json_object_set_new(ctx, "bb_qemu", json_string(run->qemu_path));
	else
		json_object_set_new(ctx, "bb_target_source",
				    json_string(run->target_source));
	for (i = 0; i < run->context.n; i++) {
		char *key = bb_strdup_printf("bb_%s", run->context.keys[i]);

		json_object_set_new(ctx, key, json_string(run->context.values[i]));
		free(key);
	}
	json_object_set_new(ctx, "bb_guest_kernel",
			    json_string(run->guest_kernel));
	json_object_set_new(ctx, "bb_command_line",
			    json_string(run->command_line));
	json_object_set_new(ctx, "bb_clock", json_string(run->clock));
	if (bb_run_embedded(run))
		json_object_set_new(ctx, "bb_vmci", json_boolean(run->vmci));
	json_object_set_new(ctx, "bb_result",
			    json_string(run->error ? "failed" : "ok"));
	if (run->error)
		json_object_set_new(ctx, "bb_error", json_string(run->error));
	for (i = 0; i < run->scenario.n; i++) {
		char *key = bb_strdup_printf("bb_scenario_%s",
					     run->scenario.keys[i]);

		json_object_set_new(ctx, key,
				    json_string(run->scenario.values[i]));
		free(key);
	}
	return ctx;
}

/*
 * Where a phase stands among the phases of its name: repeated phases are
 * the repetitions of one benchmark (one family per name).
 */
struct bb_repetition {
	unsigned int family;
	unsigned int index;
	unsigned int count;
};

static bool bb_first_of_name(const struct bb_run *run, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (!strcmp(run->phases[j].name, run->phases[i].name))
			return false;
	return true;
}

static struct bb_repetition bb_phase_repetition(const struct bb_run *run,
						unsigned int i)
{
	struct bb_repetition r = { .family = 0 };
	unsigned int j;
	bool seen = false;

	for (j = 0; j < run->nr_phases; j++) {
		if (!strcmp(run->phases[j].name, run->phases[i].name)) {
			seen = true;
			r.count++;
			if (j < i)
				r.index++;
		} else if (!seen && bb_first_of_name(run, j)) {
			/* Families are numbered by first appearance. */
			r.family++;
		}
	}
	return r;
}

static json_t *bb_benchmark(const struct bb_run *run, const char *what,
			    struct bb_repetition rep, double real_ms)
{
	char *name = bb_strdup_printf("%s/%s/%s", run->scenario_label,
				      run->driver_label, what);
	json_t *b = json_pack("{s:s,s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:f,s:f,s:s}",
			      "name", name, "family_index",
			      (json_int_t)rep.family,
			      "per_family_instance_index", (json_int_t)0,
			      "run_name", name, "run_type", "iteration",
			      "repetitions", (json_int_t)rep.count,
			      "repetition_index", (json_int_t)rep.index,
			      "threads", (json_int_t)1,
			      "iterations", (json_int_t)1, BB_M(real_time), real_ms,
			      BB_M(cpu_time), real_ms, "time_unit", "ms");

	if (run->boot)
		json_object_set_new(b, "bb_unit", json_string(run->boot));
	if (run->round)
		json_object_set_new(b, "bb_round", json_integer(run->round));

	free(name);
	return b;
}

/* Only what bench/lib/metrics.def declares reaches results.json. */
static void bb_counter(json_t *b, const char *name, double value)
{
	if (!bb_metric_known(name)) {
		fprintf(stderr, "bbrun: internal error: counter %s is not declared in bench/lib/metrics.def\n",
			name);
		abort();
	}
	json_object_set_new(b, name, json_real(value));
}

/*
 * What only the embedded host sees of a phase: the target it pursued, the
 * command trace's times and refusals, and the host memory behind it.
 */
static void bb_host_counters(const struct bb_run *run,
			     const struct bb_phase *p, json_t *b)
{
	struct bb_phase_times t = bb_phase_times(run, p);

	bb_counter(b, BB_M(capped_mib), p->capped_mib);
	bb_counter(b, BB_M(reaction_ms), t.reaction_ns / 1e6);
	if (t.first_page_ns)
		bb_counter(b, BB_M(first_page_ms), t.first_page_ns / 1e6);
	bb_counter(b, BB_M(guest_virtual_ms), p->fig.guest.work_ns / 1e6);
	bb_counter(b, BB_M(host_wall_ms), p->fig.host.work_ns / 1e6);
	if (bb_run_virtual(run) && !p->held)
		bb_counter(b, BB_M(host_model_ms), bb_phase_model_ns(run, p) / 1e6);
	bb_counter(b, BB_M(refused), (double)p->fig.refused);
	if (run->vmci)
		bb_counter(b, BB_M(doorbell_rings), (double)p->fig.doorbell_rings);
	bb_counter(b, BB_M(refused_pct), p->fig.entries ?
		   100.0 * p->fig.refused / p->fig.entries : 0);
	/*
	 * A held phase: what the guest's shrinker gave back while the host
	 * kept the target, and what the driver took back meanwhile (a
	 * driver that takes it straight back ping-pongs with the guest's
	 * workload).  Its host memory is not sampled at its end.
	 */
	if (p->held) {
		bb_counter(b, BB_M(given_back_mib),
			   bb_frames_mib(p->fig.unlocked_frames));
		bb_counter(b, BB_M(retaken_mib), bb_frames_mib(p->fig.locked_frames));
		if (p->fig.locked_frames && p->fig.unlocked_frames)
			bb_counter(b, BB_M(retake_ms),
				   (bb_run_virtual(run) ? p->fig.retake.guest_ns :
				    p->fig.retake.host_ns) / 1e6);
	} else {
		bb_counter(b, BB_M(host_ram_start_mib), p->host_ram_start / MIB);
		bb_counter(b, BB_M(host_ram_end_mib), p->host_ram_end / MIB);
		bb_counter(b, BB_M(host_reclaimed_mib), bb_phase_reclaimed_mib(p));
		bb_counter(b, BB_M(host_populated_mib), bb_phase_populated_mib(p));
	}
	/*
	 * Of the memory ballooned, how much the host really got back, and
	 * how fast: the balloon's purpose, beside its throughput.
	 */
	if (p->fig.inflating) {
		bb_counter(b, BB_M(host_freed_mib), bb_phase_freed_mib(p));
		bb_counter(b, BB_M(reclaim_mib_per_s),
			   bb_phase_reclaim_mib_per_s(run, p));
	}
	if (p->fig.inflating && bb_phase_moved_mib(p))
		bb_counter(b, BB_M(host_freed_pct),
			   100.0 * bb_phase_freed_mib(p) / bb_phase_moved_mib(p));
}

static json_t *bb_phase_benchmark(const struct bb_run *run, unsigned int i)
{
	const struct bb_phase *p = &run->phases[i];
	struct bb_phase_times t = bb_phase_times(run, p);
	json_t *b = bb_benchmark(run, p->name, bb_phase_repetition(run, i),
				 t.work_ns / 1e6);
	int cmd;

	bb_counter(b, BB_M(target_mib), (double)p->target_mib);
	bb_counter(b, BB_M(reached_mib), bb_frames_mib(p->fig.reached_frames));
	bb_counter(b, BB_M(reached), p->fig.reached);
	/* A held phase neither inflates nor deflates: no summary counts it. */
	if (p->held)
		bb_counter(b, BB_M(held), 1);
	else
		bb_counter(b, BB_M(inflating), p->fig.inflating);
	bb_counter(b, BB_M(mib_per_s), bb_phase_mib_per_s(run, p));
	bb_counter(b, BB_M(time_to_target_ms), t.total_ns / 1e6);
	if (!p->fig.calls_unseen)
		bb_counter(b, BB_M(calls), (double)p->fig.calls_total);
	for (cmd = 0; cmd < VMW_BALLOON_CMD_NUM; cmd++) {
		char *key;

		if (!vmw_balloon_cmd_names[cmd] || !p->fig.calls[cmd] ||
		    p->fig.calls_unseen)
			continue;
		key = bb_strdup_printf("calls_%s", vmw_balloon_cmd_names[cmd]);
		bb_counter(b, key, (double)p->fig.calls[cmd]);
		free(key);
	}
	bb_counter(b, BB_M(moved_mib), bb_phase_moved_mib(p));
	if (!p->held && !p->fig.calls_unseen)
		bb_counter(b, BB_M(calls_per_gib), bb_phase_moved_mib(p) ?
			   p->fig.calls_total * 1024.0 /
			   bb_phase_moved_mib(p) : 0);
	if (bb_run_embedded(run))
		bb_host_counters(run, p, b);
	for (size_t k = 0; k < p->extra.n; k++) {
		double v;
		char *end;

		v = strtod(p->extra.values[k], &end);
		if (!*p->extra.values[k] || *end)
			continue;
		bb_counter(b, p->extra.keys[k], v);
		/* The guest's kernel time, per GiB the phase moved. */
		if (!strcmp(p->extra.keys[k], BB_M(guest_kernel_ms)) &&
		    !p->held && bb_phase_moved_mib(p))
			bb_counter(b, BB_M(kernel_ms_per_gib),
				   v * 1024 / bb_phase_moved_mib(p));
	}
	return b;
}

/* Run-wide counters: host device stats, guest stats, memory marks. */
static json_t *bb_run_benchmark(const struct bb_run *run)
{
	struct bb_repetition rep = { .count = 1 };
	unsigned int j;

	/* The family after the phases' own. */
	for (j = 0; j < run->nr_phases; j++)
		if (bb_first_of_name(run, j))
			rep.family++;
	json_t *b = bb_benchmark(run, "run", rep, 0);
	const char *key;
	json_t *value;
	uint64_t num;

	/* A run that failed (a guest that died) still tells how far it got. */
	bb_counter(b, BB_M(run_ok), !run->error);
	unsigned int i;

	json_object_foreach(run->host_stats, key, value) {
		char *name = bb_strdup_printf("host_%s", key);

		if (json_is_integer(value))
			bb_counter(b, name, (double)json_integer_value(value));
		free(name);
	}
	for (i = 0; i < run->guest_stats.n; i++) {
		char *name;

		if (bb_parse_u64(run->guest_stats.values[i], &num))
			continue;
		name = bb_strdup_printf("%s", run->guest_stats.keys[i]);
		for (char *c = name; *c; c++)
			if (*c == '.')
				*c = '_';
		bb_counter(b, name, (double)num);
		free(name);
	}
	for (i = 0; i < run->nr_marks; i++) {
		const struct bb_mark *m = &run->marks[i];
		char *name;

		if (m->host_ram_known) {
			name = bb_strdup_printf("host_ram_%s_mib", m->name);
			bb_counter(b, name, m->host_ram / MIB);
			free(name);
		}
		if (m->size_known) {
			name = bb_strdup_printf("host_size_%s_frames", m->name);
			bb_counter(b, name, (double)m->size_frames);
			free(name);
		}
	}
	return b;
}

static int bb_write_json(const struct bb_run *run)
{
	json_t *root = json_object(), *list = json_array();
	char *text;
	unsigned int i;
	int ret;

	json_object_set_new(root, "context", bb_context(run));
	for (i = 0; i < run->nr_phases; i++)
		json_array_append_new(list, bb_phase_benchmark(run, i));
	json_array_append_new(list, bb_run_benchmark(run));
	json_object_set_new(root, "benchmarks", list);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	ret = bb_write_result(run->out_dir, "results.json", text, strlen(text));
	free(text);
	return ret;
}

static int bb_write_csv(const struct bb_run *run)
{
	char *text = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *out = open_memstream(&text, &len);
	int ret;

	if (!out)
		abort();
	fprintf(out, "scenario,driver,phase,target_mib,reached_mib,reached,"
		     "work_s,time_to_target_s,mib_per_s,calls,refused,"
		     "host_ram_start_mib,host_ram_end_mib,host_freed_mib,"
		     "reclaim_mib_per_s\n");
	for (i = 0; i < run->nr_phases; i++) {
		const struct bb_phase *p = &run->phases[i];

		fprintf(out, "%s,%s,%s,%llu,%.1f,%d,%.6f,%.6f,%.1f,%llu",
			run->scenario_label, run->driver_label, p->name,
			(unsigned long long)p->target_mib,
			bb_frames_mib(p->fig.reached_frames), p->fig.reached,
			bb_phase_times(run, p).work_ns / 1e9,
			bb_phase_times(run, p).total_ns / 1e9,
			bb_phase_mib_per_s(run, p),
			(unsigned long long)p->fig.calls_total);
		/* A VMware guest sees neither refusals nor host memory. */
		if (bb_run_embedded(run))
			fprintf(out, ",%llu,%.1f,%.1f,%.1f,%.1f\n",
				(unsigned long long)p->fig.refused,
				p->host_ram_start / MIB, p->host_ram_end / MIB,
				p->fig.inflating ? bb_phase_freed_mib(p) : 0,
				p->fig.inflating ?
				bb_phase_reclaim_mib_per_s(run, p) : 0);
		else
			fputs(",,,,,\n", out);
	}
	fclose(out);
	ret = bb_write_result(run->out_dir, "results.csv", text, len);
	free(text);
	return ret;
}

/**
 * bb_report_check_reclaim() - the reclaim check of MIN_HOST_FREED_PCT
 * @run: the finished run
 *
 * A driver that balloons memory the host never backed reaches its target
 * as fast as any and frees nothing: the run fails, naming the first
 * inflate that gave the host back less than @run->min_host_freed_pct of
 * what it ballooned.
 */
void bb_report_check_reclaim(struct bb_run *run)
{
	unsigned int i;

	for (i = 0; run->min_host_freed_pct && i < run->nr_phases; i++) {
		const struct bb_phase *p = &run->phases[i];
		double moved = bb_phase_moved_mib(p);

		if (!p->fig.inflating || !moved ||
		    100 * bb_phase_freed_mib(p) >=
		    run->min_host_freed_pct * moved)
			continue;
		bb_fail(run, "reclaim check: phase %s ballooned %.0f MiB and the host got back %.0f MiB (%.1f%%), under MIN_HOST_FREED_PCT=%llu",
			p->name, moved, bb_phase_freed_mib(p),
			100 * bb_phase_freed_mib(p) / moved,
			(unsigned long long)run->min_host_freed_pct);
		return;
	}
}

/**
 * bb_report_write() - write results.json and results.csv
 * @run: the finished (or failed) run
 *
 * Return: 0, or -1 after printing why.
 */
int bb_report_write(const struct bb_run *run)
{
	return bb_write_json(run) | bb_write_csv(run);
}

/**
 * bb_report_summary() - the one-line summary on stdout
 * @run: the finished run
 *
 * "<label>: driver=D target_mib=N reached_mib=N" and then, per phase,
 * "<phase>_s=<driver work time>", with "host_freed_mib=N" after an inflating
 * phase, and "calls=N" (backdoor calls over all phases) last.
 */
void bb_report_summary(const struct bb_run *run)
{
	const struct bb_phase *first = run->nr_phases ? &run->phases[0] : NULL;
	uint64_t calls = 0;
	unsigned int i;

	printf("%s: driver=%s target_mib=%llu reached_mib=%.0f", run->label,
	       run->driver_label,
	       (unsigned long long)(first ? first->target_mib : 0),
	       first ? bb_frames_mib(first->fig.reached_frames) : 0.0);
	for (i = 0; i < run->nr_phases; i++) {
		const struct bb_phase *p = &run->phases[i];

		printf(" %s_s=%.3f", p->name,
		       bb_phase_times(run, p).work_ns / 1e9);
		if (p->fig.inflating && bb_run_embedded(run))
			printf(" host_freed_mib=%.0f", bb_phase_freed_mib(p));
		calls += p->fig.calls_total;
	}
	printf(" calls=%llu\n", (unsigned long long)calls);
	fflush(stdout);
}
