// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMware guest the conductor runs in (bbrun --target-source): the
 * runner started beside it, its requests answered from what this guest
 * can see.  ESXi sets the target: with the esxi source each phase waits
 * for the next step ESXi makes the way the phase goes; with govc the run
 * asks for the phase's step by setting the VM's memory limit.  The driver's own view (its vmmemctl file) is the only
 * fine-grained instrument; ESXi's quickStats (govc) are coarse.  The host
 * memory a balloon frees is not visible from a guest: those figures are
 * absent from the results, not zero.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "govc.h"
#include "metrics.h"
#include "session.h"
#include "trace_figures.h"
#include "util.h"
#include "vmw_balloon_proto.h"

#define FRAMES_PER_MIB (1024 * 1024 / VMW_BALLOON_FRAME_SIZE)
/* How often the driver's view is read while a phase waits. */
#define BB_LOCAL_POLL_US 20000
/* A runner told to stop gets this long before it is killed. */
#define BB_RUNNER_GRACE_NS (10 * NS_PER_S)

/**
 * struct bb_driver_view - the driver's vmmemctl file at one moment
 * @target: the target it last received, frames
 * @size: its balloon, frames
 * @calls: its calls per command so far
 * @calls_total: their sum
 * @loaded: the file was there (a driver was loaded)
 */
struct bb_driver_view {
	uint64_t target;
	uint64_t size;
	uint64_t calls[VMW_BALLOON_CMD_NUM];
	uint64_t calls_total;
	bool loaded;
};

/*
 * Reads the driver's vmmemctl file (the stock driver's format, and ours);
 * with no driver loaded yet (a phase or mark may come before it), an
 * empty balloon with no target.
 */
static int bb_driver_view(struct bb_session *s, struct bb_driver_view *v)
{
	FILE *in = fopen(s->local.vmmemctl, "r");
	bool target = false, size = false;
	char line[256], name[64];
	unsigned long long n, failed;
	int cmd;

	*v = (struct bb_driver_view){ 0 };
	if (!in && errno == ENOENT)
		return 0;
	if (!in) {
		bb_fail(s->run, "cannot read %s: %s (is a balloon driver loaded?)",
			s->local.vmmemctl, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), in)) {
		/* A command's calls first: GET_TARGET's line is "target" too. */
		if (sscanf(line, " %63[^: ] : %llu (%llu failed)", name, &n,
			   &failed) == 3) {
			for (cmd = 0; cmd < VMW_BALLOON_CMD_NUM; cmd++)
				if (vmw_balloon_cmd_names[cmd] &&
				    !strcmp(name, vmw_balloon_cmd_names[cmd]))
					v->calls[cmd] = n;
			v->calls_total += n;
		} else if (sscanf(line, " target : %llu", &n) == 1) {
			v->target = n;
			target = true;
		} else if (sscanf(line, " current : %llu", &n) == 1) {
			v->size = n;
			size = true;
		}
	}
	fclose(in);
	v->loaded = true;
	if (!target || !size) {
		bb_fail(s->run, "%s has no target or current line: not a vmw_balloon driver's file",
			s->local.vmmemctl);
		return -1;
	}
	return 0;
}

/* One row of driver-trace.csv: what the driver held at @ns. */
static void bb_trace_row(struct bb_session *s, uint64_t ns, const char *event,
			 const struct bb_driver_view *v)
{
	if (s->local.trace)
		fprintf(s->local.trace, "%llu,%s,%llu,%llu\n",
			(unsigned long long)ns, event,
			(unsigned long long)v->size,
			(unsigned long long)v->target);
}

static void bb_phase_stat(struct bb_phase *p, const char *name, double value)
{
	char text[32];

	snprintf(text, sizeof(text), "%.3f", value);
	bb_conf_set(&p->extra, name, text);
}

/* ESXi's quickStats before or after a step, as the phase's counters. */
static int bb_phase_quickstats(struct bb_session *s, struct bb_phase *p,
			       bool after)
{
	struct bb_govc_stats st;
	char *error = NULL;

	if (strcmp(s->local.source, "govc"))
		return 0;
	if (bb_govc_stats(&st, &error)) {
		bb_fail(s->run, "phase %s: %s", p->name, error);
		free(error);
		return -1;
	}
	if (!after) {
		bb_phase_stat(p, BB_M(esxi_ballooned_before_mib), st.ballooned_mib);
		return 0;
	}
	bb_phase_stat(p, BB_M(esxi_ballooned_after_mib), st.ballooned_mib);
	bb_phase_stat(p, BB_M(esxi_swapped_after_mib), st.swapped_mib);
	bb_phase_stat(p, BB_M(esxi_compressed_after_kib), st.compressed_kib);
	return 0;
}

/*
 * The govc source asks for a balloon of @mib by the limit that leaves the
 * VM its memory less @mib; ESXi then balloons the VM's touched memory
 * above the limit, within its caps, when its policy says.  govc runs
 * while the phase watches the driver (bb_asked()).
 */
static int bb_ask(struct bb_session *s, struct bb_phase *p)
{
	long long limit;
	char *error = NULL;

	if (strcmp(s->local.source, "govc"))
		return 0;
	limit = p->target_mib ? (long long)(s->guest_mem_mib - p->target_mib) : -1;
	bb_say("phase %s: govc vm.change -mem.limit %lld", p->name, limit);
	s->local.limit_set = true;
	if (bb_govc_start_limit(limit, &s->local.ask, &error)) {
		bb_fail(s->run, "phase %s: %s", p->name, error);
		free(error);
		bb_reply(s, "fail govc");
		return -1;
	}
	bb_phase_stat(p, BB_M(requested_mib), (double)p->target_mib);
	return 0;
}

/*
 * Whether the govc of bb_ask() has ended well (@wait: wait for it); a
 * failed one fails the phase.  Return: 1 ended (or none), 0 running, -1
 * failed.
 */
static int bb_asked(struct bb_session *s, const struct bb_phase *p, bool wait)
{
	char *error = NULL;
	int ret;

	if (s->local.ask.pid <= 0)
		return 1;
	ret = bb_govc_end(&s->local.ask, wait, &error);
	if (ret < 0) {
		bb_fail(s->run, "phase %s: %s", p->name, error);
		free(error);
		bb_reply(s, "fail govc");
	}
	return ret;
}

/* Whether @pending goes from @size at least half the way to @wanted. */
static bool bb_halfway(uint64_t size, uint64_t pending, uint64_t wanted)
{
	if (pending == size)
		return false;
	if (wanted > size)
		return pending > size && 2 * (pending - size) >= wanted - size;
	return pending < size && 2 * (size - pending) >= size - wanted;
}

/*
 * Whether the step the phase waits for has come.  govc: the driver has
 * received a target other than the one it had, or it holds the one asked
 * for (which makes no step), or one it has not reached that goes at least
 * half the way from its balloon to the one asked for (a driver just loaded
 * may have fetched it already; ESXi's cap may keep it there).  A smaller
 * pending target is ESXi adjusting the previous step, not this one.
 * esxi: ESXi has set a target on the side of the balloon the phase goes
 * to (a fresh driver's standing target is such a step), whatever its
 * size, or, when the balloon is already where the phase goes, a target
 * either way: the phase measures ESXi's step.
 */
static bool bb_step_seen(struct bb_session *s, const struct bb_phase *p,
			 const struct bb_driver_view *start,
			 const struct bb_driver_view *now)
{
	uint64_t wanted = p->target_mib * FRAMES_PER_MIB;

	if (!strcmp(s->local.source, "govc"))
		return now->target != start->target ||
		       start->target == wanted ||
		       bb_halfway(start->size, start->target, wanted);
	if (wanted > start->size)
		return now->target > start->size;
	if (wanted < start->size)
		return now->target < start->size;
	/* Already where the phase goes: ESXi's next step, either way. */
	return now->target != start->target || start->target != start->size;
}

/*
 * "phase NAME target_mib=N": ask the target source for the step (govc),
 * wait for the driver to receive a new target, then for its balloon to
 * reach it.
 */
static int bb_local_phase(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	struct bb_phase_request req;
	struct bb_phase *p = bb_phase_begin(s, args, &req);
	struct bb_driver_view start, now;
	uint64_t asked_ns, seen_ns = 0, deadline, last_change, sample_ns;
	uint64_t before_ns, from_ns = 0;
	int cmd;

	if (!p)
		return -1;
	if (req.max_cycles) {
		bb_fail(run, "phase %s: max_cycles needs the embedded host (it counts the driver's cycles at the host)",
			p->name);
		bb_reply(s, "fail max_cycles");
		return -1;
	}
	if (bb_driver_view(s, &start) || bb_phase_quickstats(s, p, false))
		return -1;
	asked_ns = bb_now_ns();
	if (bb_ask(s, p))
		return -1;
	deadline = bb_phase_deadline(s);
	p->fig.start_frames = start.size;
	last_change = sample_ns = before_ns = asked_ns;
	now = start;
	while (!req.hold) {
		uint64_t t = bb_now_ns(), before = now.size;

		if (!seen_ns && bb_step_seen(s, p, &start, &now)) {
			/*
			 * When the view that shows it was read; the driver's
			 * part counts from the view before, which did not: a
			 * driver may take the target and reach it between two
			 * views, and its time is then at most their interval.
			 */
			seen_ns = sample_ns;
			from_ns = before_ns;
			bb_trace_row(s, seen_ns, "target-seen", &now);
			bb_phase_stat(p, BB_M(target_seen_ms), (seen_ns - asked_ns) / 1e6);
			bb_say("phase %s: the driver has a target of %.0f MiB after %.2f s",
			       p->name, (double)now.target / FRAMES_PER_MIB,
			       (seen_ns - asked_ns) / 1e9);
		}
		/* As on the embedded host: 2 MiB pages may overshoot by 511 frames. */
		if (seen_ns && bb_target_reached(now.size, now.target,
						 now.target > start.size))
			break;
		if (seen_ns && req.settle_s &&
		    t - last_change >= req.settle_s * NS_PER_S) {
			bb_say("phase %s: settled %.0f MiB short of the target",
			       p->name, ((double)now.target - (double)now.size) /
			       FRAMES_PER_MIB);
			break;
		}
		if (bb_asked(s, p, false) < 0)
			return -1;
		if (bb_converse_pending(s)) {
			bb_govc_stop(&s->local.ask);
			return -1;
		}
		if (t >= deadline) {
			bb_govc_stop(&s->local.ask);
			if (seen_ns)
				bb_fail(run, "phase %s: balloon at %llu of %llu frames after %.0f s: the driver never reached the target",
					p->name, (unsigned long long)now.size,
					(unsigned long long)now.target,
					(t - asked_ns) / 1e9);
			else
				bb_fail(run, "phase %s: ESXi gave the driver no new target in %.0f s (%s)",
					p->name, (t - asked_ns) / 1e9,
					strcmp(s->local.source, "govc") ?
					"the esxi source waits for ESXi's own steps; the govc source asks for them" :
					"ESXi balloons only what the VM has touched above its limit");
			bb_reply(s, "fail timeout");
			return -1;
		}
		usleep(BB_LOCAL_POLL_US);
		if (bb_driver_view(s, &now)) {
			bb_govc_stop(&s->local.ask);
			return -1;
		}
		before_ns = sample_ns;
		sample_ns = bb_now_ns();
		bb_trace_row(s, sample_ns, "sample", &now);
		if (now.size != before)
			last_change = sample_ns;
	}
	if (bb_asked(s, p, true) < 0)
		return -1;
	p->fig.reached = req.hold ||
			 bb_target_reached(now.size, now.target,
					   now.target > start.size);
	p->fig.inflating = now.target > start.size;
	p->fig.target_frames = now.target;
	p->fig.reached_frames = now.size;
	/*
	 * The driver's part of the step, to the view that ended the wait (not
	 * to the end of govc's task): ESXi's is target_seen_ms.
	 */
	if (seen_ns)
		p->fig.host.work_ns = p->fig.host.total_ns = sample_ns - from_ns;
	for (cmd = 0; cmd < VMW_BALLOON_CMD_NUM; cmd++)
		p->fig.calls[cmd] = now.calls[cmd] - start.calls[cmd];
	p->fig.calls_total = now.calls_total - start.calls_total;
	/*
	 * The stock driver counts calls only from the first read of its
	 * file: loaded during the phase, it made calls no view saw.
	 */
	p->fig.calls_unseen = !start.loaded && !strcmp(s->run->driver, "upstream");
	p->target_mib = now.target / FRAMES_PER_MIB;
	if (bb_phase_quickstats(s, p, true))
		return -1;
	bb_say("phase %s: %s in %.2f s", p->name,
	       p->fig.reached ? "reached" : "ended",
	       p->fig.host.total_ns / 1e9);
	s->agree_by_ns = bb_phase_deadline(s);
	bb_reply(s, "ok size_frames=%llu reached=%d",
		 (unsigned long long)now.size, p->fig.reached);
	return 0;
}

/* "mark NAME": the driver's balloon, and ESXi's view of it (govc). */
static int bb_local_mark(struct bb_session *s, char *args)
{
	struct bb_run *run = s->run;
	struct bb_driver_view v;
	struct bb_govc_stats st;
	struct bb_mark *m;
	char *error = NULL;

	if (run->nr_marks == BB_MAX_MARKS || !*args) {
		bb_fail(run, "guest sent a bad mark: '%s'", args);
		return -1;
	}
	if (bb_driver_view(s, &v))
		return -1;
	m = &run->marks[run->nr_marks++];
	snprintf(m->name, sizeof(m->name), "%s", args);
	if (!strcmp(s->local.source, "govc")) {
		if (bb_govc_stats(&st, &error)) {
			bb_fail(run, "mark %s: %s", m->name, error);
			free(error);
			return -1;
		}
		m->size_frames = (uint64_t)st.ballooned_mib * FRAMES_PER_MIB;
		m->size_known = true;
	}
	bb_reply(s, "ok size_frames=%llu", (unsigned long long)v.size);
	return 0;
}

/*
 * "sizes PHASE driver_frames=N [list_frames=M]": ESXi's own size is out of
 * sight (quickStats are whole MiB, 20 s old), so what must agree is the
 * driver's size and the pages on its lists.
 */
static int bb_local_sizes(struct bb_session *s, char *args)
{
	unsigned long long driver, lists = 0;
	const char *lists_arg = strstr(args, " list_frames=");
	char name[BB_NAME_MAX];

	if (sscanf(args, "%31s driver_frames=%llu", name, &driver) != 2 ||
	    (lists_arg && sscanf(lists_arg, " list_frames=%llu", &lists) != 1)) {
		bb_fail(s->run, "guest sent a malformed sizes request: %s", args);
		return -1;
	}
	if (!lists_arg || lists == driver) {
		bb_reply(s, "ok agree");
		return 0;
	}
	if (bb_now_ns() < s->agree_by_ns) {
		bb_reply(s, "ok retry");
		return 0;
	}
	bb_fail(s->run, "phase %s: the balloon's size disagrees: driver %llu frames, its lists %llu",
		name, driver, lists);
	bb_reply(s, "fail sizes disagree");
	return -1;
}

static int bb_local_done(struct bb_session *s)
{
	(void)s;
	return 0;
}

static const struct bb_host_ops bb_local_host = {
	.phase = bb_local_phase,
	.mark = bb_local_mark,
	.sizes = bb_local_sizes,
	.done = bb_local_done,
};

/* The runner, in its own process group, on @chan as fd 3. */
static pid_t bb_start_runner(struct bb_session *s, const char *root,
			     const char *cmdline, int chan)
{
	char *runner = bb_strdup_printf("%s/runner.sh", root);
	char *log = bb_strdup_printf("%s/console.log", s->run->out_dir);
	pid_t pid = fork();
	int fd;

	if (pid) {
		free(runner);
		free(log);
		return pid;
	}
	setpgid(0, 0);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
	    dup2(fd, STDERR_FILENO) < 0 || dup2(chan, 3) < 0)
		_exit(127);
	setenv("BB_CHANNEL", "fd", 1);
	setenv("BB_ROOT", root, 1);
	setenv("BB_CMDLINE", cmdline, 1);
	execl("/bin/sh", "sh", runner, (char *)NULL);
	fprintf(stderr, "cannot run %s: %s\n", runner, strerror(errno));
	_exit(127);
}

/* Waits for the runner until @deadline; then ends its process group. */
static int bb_reap_runner(pid_t pid, uint64_t deadline)
{
	int status, sig = SIGTERM;

	for (;;) {
		pid_t got = waitpid(pid, &status, WNOHANG);

		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR)
			return -1;
		if (bb_now_ns() >= deadline) {
			kill(-pid, sig);
			sig = SIGKILL;
			deadline = bb_now_ns() + BB_RUNNER_GRACE_NS;
		}
		usleep(50000);
	}
}

/* Puts the VM's memory limit back as it was before the run. */
static void bb_restore_limit(struct bb_session *s)
{
	char *error = NULL;

	if (!s->local.limit_set)
		return;
	bb_say("govc vm.change -mem.limit %lld (as before the run)",
	       s->local.limit_before);
	if (bb_govc_set_limit(s->local.limit_before, &error)) {
		bb_error("could not put the VM's memory limit back to %lld MiB: %s",
			 s->local.limit_before, error);
		bb_fail(s->run, "the VM's memory limit is not back: %s", error);
		free(error);
	}
}

/**
 * bb_local_run() - run the scenario in this VMware guest
 * @s: the session; s->local.source says where the target comes from
 * @root: the runner's files (runner.sh, scenarios/, workloads/, drivers/)
 * @cmdline: the bb.* parameters a guest kernel's command line would carry
 *
 * The runner never outlives this call, and with govc the VM's memory
 * limit is as it was.
 *
 * Return: 0, or -1 when the run could not start (the run says why).
 */
int bb_local_run(struct bb_session *s, const char *root, const char *cmdline)
{
	struct bb_run *run = s->run;
	char *error = NULL, *trace, *trace_tmp;
	int sv[2], status;
	long long mib;

	s->host = &bb_local_host;
	if (!strcmp(s->local.source, "govc")) {
		if (bb_govc_check(&error) || bb_govc_memory(&mib, &error) ||
		    bb_govc_limit(&s->local.limit_before, &error)) {
			bb_fail(run, "%s", error);
			free(error);
			return -1;
		}
		s->guest_mem_mib = (uint64_t)mib;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		bb_fail(run, "socketpair: %s", strerror(errno));
		return -1;
	}
	bb_say("running %s (driver %s, %s target source, %llu MiB VM)",
	       run->scenario_name, run->driver, s->local.source,
	       (unsigned long long)s->guest_mem_mib);
	s->runner = bb_start_runner(s, root, cmdline, sv[1]);
	close(sv[1]);
	if (s->runner < 0) {
		bb_fail(run, "fork: %s", strerror(errno));
		close(sv[0]);
		return -1;
	}
	trace = bb_strdup_printf("%s/driver-trace.csv", run->out_dir);
	trace_tmp = bb_strdup_printf("%s.tmp", trace);
	s->local.trace = fopen(trace_tmp, "w");
	if (s->local.trace)
		fputs("host_ns,command,size_frames,target_frames\n",
		      s->local.trace);
	bb_lines_init(&s->chan, sv[0]);
	bb_converse(s);
	if (s->local.trace && (fclose(s->local.trace) || rename(trace_tmp, trace)))
		bb_error("cannot write %s: %s", trace, strerror(errno));
	s->local.trace = NULL;
	free(trace);
	free(trace_tmp);
	status = bb_reap_runner(s->runner, run->error ? bb_now_ns() :
				bb_now_ns() + BB_RUNNER_GRACE_NS);
	close(sv[0]);
	bb_restore_limit(s);
	if (!run->error && (status < 0 || !WIFEXITED(status) ||
			    WEXITSTATUS(status)))
		bb_fail(run, "the runner ended badly after it was done (see %s/console.log)",
			run->out_dir);
	return 0;
}
