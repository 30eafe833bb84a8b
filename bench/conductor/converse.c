// SPDX-License-Identifier: GPL-2.0-only
/*
 * The conversation with the guest runner, whatever the host: its lines
 * read until it is done, fails or runs out of time; the requests every
 * host answers alike (stats, files, log lines) handled here, and those
 * that need the host (phase, mark, sizes, done) passed to its
 * struct bb_host_ops.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "session.h"
#include "util.h"

/* The one-line "why" of a failed run; the first reason wins. */
void bb_fail(struct bb_run *run, const char *fmt, ...)
{
	va_list ap;

	if (run->error)
		return;
	va_start(ap, fmt);
	if (vasprintf(&run->error, fmt, ap) < 0)
		abort();
	va_end(ap);
}

/**
 * bb_reply() - answer the runner's request
 * @s: the session
 * @fmt: "ok ..." or "fail ...", printf-style
 */
void bb_reply(struct bb_session *s, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	va_end(ap);
	bb_debug("chan> %s", text);
	bb_lines_write(s->chan.fd, text);
	bb_lines_write(s->chan.fd, "\n");
	free(text);
}

/* The largest target of a best-effort phase, in guest memories. */
#define BB_OVERCOMMIT_MAX 4

/**
 * bb_phase_begin() - a new phase from the runner's "phase" request
 * @s: the session
 * @args: "NAME target_mib=N [settle_s=S] [max_cycles=N] [hold=0|1]"
 * @req: gets the options
 *
 * A target above the guest's memory is a mistake, unless the phase only
 * measures how far the balloon gets (settle_s or max_cycles): then up to
 * BB_OVERCOMMIT_MAX times the guest, as a host overcommits.
 *
 * Return: the phase, added to the run with its name, target, window and
 * hold; or NULL when the request is malformed or the run has too many
 * (the run has failed, and the runner has its answer where it waits).
 */
struct bb_phase *bb_phase_begin(struct bb_session *s, char *args,
				struct bb_phase_request *req)
{
	struct bb_run *run = s->run;
	const char *settle_arg = strstr(args, " settle_s=");
	const char *max_arg = strstr(args, " max_cycles=");
	const char *hold_arg = strstr(args, " hold=");
	unsigned long long mib, hold = 0;
	char name[BB_NAME_MAX];
	struct bb_phase *p;

	*req = (struct bb_phase_request){ 0 };
	if ((settle_arg && sscanf(settle_arg, " settle_s=%llu", &req->settle_s) != 1) ||
	    (max_arg && sscanf(max_arg, " max_cycles=%llu", &req->max_cycles) != 1) ||
	    (hold_arg && (sscanf(hold_arg, " hold=%llu", &hold) != 1 ||
			  hold > 1))) {
		bb_fail(run, "guest sent a malformed phase option (settle_s=S, max_cycles=N, hold=0|1): %s",
			args);
		return NULL;
	}
	req->hold = hold;
	if (sscanf(args, "%31s target_mib=%llu", name, &mib) != 2) {
		bb_fail(run, "guest sent a malformed phase request: %s", args);
		return NULL;
	}
	if (run->nr_phases == BB_MAX_PHASES) {
		bb_fail(run, "phase %s: more than %d phases in one run", name,
			BB_MAX_PHASES);
		bb_reply(s, "fail too many phases");
		return NULL;
	}
	if (mib > s->guest_mem_mib * ((req->settle_s || req->max_cycles) ?
				      BB_OVERCOMMIT_MAX : 1)) {
		bb_fail(run, "phase %s: target %llu MiB is beyond the %llu MiB guest",
			name, mib, (unsigned long long)s->guest_mem_mib);
		bb_reply(s, "fail bad target");
		return NULL;
	}
	p = &run->phases[run->nr_phases++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->target_mib = mib;
	p->window_cycles = req->max_cycles;
	p->held = req->hold;
	return p;
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
	if (!bb_metric_known(args)) {
		bb_fail(run, "guest sent phase-stat %s, which bench/lib/metrics.def does not declare",
			args);
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
		return s->host->phase(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
	if (!strcmp(verb, "mark"))
		return s->host->mark(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
	if (!strcmp(verb, "sizes"))
		return s->host->sizes(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
	if (!strcmp(verb, "esxi") && s->host->esxi)
		return s->host->esxi(s, args) ? BB_STEP_FAILED : BB_STEP_MORE;
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
	/* The runner ends once answered: the host's figures come first. */
	if (!strcmp(verb, "done")) {
		if (s->host->done(s))
			return BB_STEP_FAILED;
		bb_reply(s, "ok");
		return BB_STEP_DONE;
	}
	if (!strcmp(verb, "error")) {
		bb_fail(s->run, "guest: %s", args);
		return BB_STEP_FAILED;
	}
	bb_fail(s->run, "guest sent an unknown request '%s'", verb);
	return BB_STEP_FAILED;
}

/* When a phase that starts now is out of time: its limit, or the run's. */
uint64_t bb_phase_deadline(const struct bb_session *s)
{
	uint64_t deadline = bb_now_ns() + s->phase_timeout_ns;

	return deadline < s->deadline_ns ? deadline : s->deadline_ns;
}

/**
 * bb_converse_pending() - what the runner sent while a phase waits
 * @s: the session
 *
 * The runner waits for the phase's answer, but what it started in the
 * background may report (a driver load that failed says so with an
 * error line): such lines are taken as they come, so that a failure ends
 * the phase at once instead of at its time limit.  A request needs an
 * answer, and the phase's comes first: one now fails the run.
 *
 * Return: 0, or -1 when the run has failed (or was interrupted).
 */
int bb_converse_pending(struct bb_session *s)
{
	char *line;
	int ret;

	if (bb_interrupted) {
		bb_fail(s->run, "interrupted");
		return -1;
	}

	while ((ret = bb_lines_read(&s->chan, &line,
				    bb_now_ns() + 1000000)) == 1) {
		if (!strncmp(line, "@bb phase", 9) || !strncmp(line, "@bb mark", 8) ||
		    !strncmp(line, "@bb sizes", 9) || !strncmp(line, "@bb done", 8)) {
			bb_fail(s->run, "guest sent a request while a phase waited: %s",
				line);
			return -1;
		}
		if (bb_handle_line(s, line) != BB_STEP_MORE)
			return -1;
	}
	if (ret == BB_LINES_EOF) {
		bb_fail(s->run, "the guest stopped in the middle of a phase (see %s/console.log)",
			s->run->out_dir);
		return -1;
	}
	return 0;
}

/**
 * bb_converse() - answer the runner until it is done, fails, or runs out
 *	of time
 * @s: the session; its run gets the reason it failed (bb_fail())
 */
void bb_converse(struct bb_session *s)
{
	struct bb_run *run = s->run;
	enum bb_step step = BB_STEP_MORE;
	char *line;
	int ret;

	while (step == BB_STEP_MORE) {
		bool tick = s->host->tick && s->next_tick_ns &&
			    s->next_tick_ns < s->deadline_ns;

		if (tick && bb_now_ns() >= s->next_tick_ns) {
			if (s->host->tick(s))
				return;
			continue;
		}
		ret = bb_lines_read(&s->chan, &line,
				    tick ? s->next_tick_ns : s->deadline_ns);
		if (bb_interrupted) {
			bb_fail(run, "interrupted");
			return;
		}
		if (ret == BB_LINES_TIMEOUT && tick)
			continue;
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
}

