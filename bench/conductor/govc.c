// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user's govc: every call is one process, its output read whole, its
 * failure one line (govc's own last line of stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "govc.h"
#include "util.h"

#define BB_GOVC_ARGS_MAX 8

static const char *bb_govc_binary(void)
{
	const char *govc = getenv("GOVC");

	return govc && *govc ? govc : "govc";
}

/* vm/NAME, or an inventory path as given. */
static char *bb_govc_vm_path(void)
{
	const char *vm = getenv("GOVC_VM");

	return bb_strdup_printf(vm[0] == '/' ? "%s" : "vm/%s", vm);
}

/* Reads all of @fd into a string. */
static char *bb_read_all(int fd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	char buf[4096];
	ssize_t n;

	if (!out)
		abort();
	while ((n = read(fd, buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			fwrite(buf, 1, (size_t)n, out);
	fclose(out);
	return text;
}

/*
 * Starts govc with @args, its stdout on @out_fd (-1: thrown away) and its
 * stderr in a file read when it ends (bb_govc_end()).
 */
static int bb_govc_spawn(const char *const *args, int out_fd,
			 struct bb_govc_call *call, char **error)
{
	const char *argv[BB_GOVC_ARGS_MAX + 2] = { bb_govc_binary() };
	size_t i;

	for (i = 0; args[i] && i < BB_GOVC_ARGS_MAX; i++)
		argv[i + 1] = args[i];
	bb_debug("govc: %s %s %s", argv[0], argv[1], argv[2] ? argv[2] : "");
	snprintf(call->what, sizeof(call->what), "%s %s", argv[0], argv[1]);
	call->err = tmpfile();
	if (!call->err) {
		*error = bb_strdup_printf("tmpfile: %s", strerror(errno));
		return -1;
	}
	call->pid = fork();
	if (call->pid < 0) {
		*error = bb_strdup_printf("fork: %s", strerror(errno));
		fclose(call->err);
		return -1;
	}
	if (!call->pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(out_fd >= 0 ? out_fd : null, STDOUT_FILENO);
		dup2(fileno(call->err), STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

/* Judges a govc that exited with @status: its failure is its last line. */
static int bb_govc_judge(struct bb_govc_call *call, int status, char **error)
{
	char *errtext, *last;
	int ret = 0;

	rewind(call->err);
	errtext = bb_read_all(fileno(call->err));
	fclose(call->err);
	call->pid = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		while (*errtext && errtext[strlen(errtext) - 1] == '\n')
			errtext[strlen(errtext) - 1] = '\0';
		last = strrchr(errtext, '\n');
		*error = bb_strdup_printf("%s failed: %s", call->what,
					  *errtext ? (last ? last + 1 : errtext) :
					  "no message");
		ret = -1;
	}
	free(errtext);
	return ret;
}

/*
 * Runs govc with @args to its end; its stdout in *@output (may be NULL).
 * On failure *@error says how, with govc's last line of stderr.
 */
static int bb_govc_run(const char *const *args, char **output, char **error)
{
	struct bb_govc_call call;
	char *text;
	int out[2], status, ret;

	if (pipe(out)) {
		*error = bb_strdup_printf("pipe: %s", strerror(errno));
		return -1;
	}
	if (bb_govc_spawn(args, out[1], &call, error)) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	close(out[1]);
	text = bb_read_all(out[0]);
	close(out[0]);
	while (waitpid(call.pid, &status, 0) < 0 && errno == EINTR)
		;
	ret = bb_govc_judge(&call, status, error);
	if (ret || !output)
		free(text);
	else
		*output = text;
	return ret;
}

/**
 * bb_govc_end() - whether a started govc has ended, and how
 * @call: the call (bb_govc_start_limit())
 * @wait: wait for its end; else only look
 * @error: why it failed
 *
 * Return: 1 when it ended well, 0 while it runs, -1 when it failed.
 */
int bb_govc_end(struct bb_govc_call *call, bool wait, char **error)
{
	int status;
	pid_t pid;

	do
		pid = waitpid(call->pid, &status, wait ? 0 : WNOHANG);
	while (pid < 0 && errno == EINTR);
	if (!pid)
		return 0;
	if (pid < 0) {
		*error = bb_strdup_printf("%s: %s", call->what, strerror(errno));
		fclose(call->err);
		call->pid = 0;
		return -1;
	}
	return bb_govc_judge(call, status, error) ? -1 : 1;
}

/**
 * bb_govc_stop() - end a started govc the run no longer waits for
 * @call: the call, if it still runs
 */
void bb_govc_stop(struct bb_govc_call *call)
{
	char *error = NULL;

	if (call->pid <= 0)
		return;
	kill(call->pid, SIGTERM);
	bb_govc_end(call, true, &error);
	free(error);
}

/*
 * Reads @n properties of the VM (object.collect -s: one value per line,
 * in order) as numbers.
 */
static int bb_govc_collect(const char *const *props, long long *values,
			   size_t n, char **error)
{
	const char *args[BB_GOVC_ARGS_MAX + 1] = { "object.collect", "-s" };
	char *vm = bb_govc_vm_path(), *text, *line, *save = NULL, *end;
	size_t i;
	int ret;

	args[2] = vm;
	for (i = 0; i < n; i++)
		args[3 + i] = props[i];
	ret = bb_govc_run(args, &text, error);
	free(vm);
	if (ret)
		return -1;
	line = strtok_r(text, "\n", &save);
	for (i = 0; i < n; i++, line = strtok_r(NULL, "\n", &save)) {
		errno = 0;
		values[i] = line ? strtoll(line, &end, 10) : 0;
		if (!line || end == line || *end || errno) {
			*error = bb_strdup_printf("govc object.collect %s: not a number: '%s'",
						  props[i], line ? line : "");
			free(text);
			return -1;
		}
	}
	free(text);
	return 0;
}

/**
 * bb_govc_check() - whether the govc target source can run
 * @error: why not
 *
 * Return: 0 when GOVC_VM is set and govc reads the VM's memory.
 */
int bb_govc_check(char **error)
{
	long long mib;

	if (!getenv("GOVC_VM") || !*getenv("GOVC_VM")) {
		*error = strdup("the govc target source needs GOVC_VM (this VM's name or inventory path) and GOVC_URL");
		return -1;
	}
	return bb_govc_memory(&mib, error);
}

/**
 * bb_govc_start_limit() - start setting the VM's memory limit
 * @mib: the limit, or -1 for none
 * @call: the call, for bb_govc_end()
 * @error: why it could not start
 *
 * govc returns once its reconfiguration task has completed, which may be
 * after ESXi has already given the driver its new target: the run keeps
 * watching the driver meanwhile.
 *
 * Return: 0 when govc runs.
 */
int bb_govc_start_limit(long long mib, struct bb_govc_call *call,
			char **error)
{
	char *vm = getenv("GOVC_VM"), value[32];
	const char *args[] = { "vm.change", "-vm", vm, "-mem.limit", value, NULL };

	snprintf(value, sizeof(value), "%lld", mib);
	return bb_govc_spawn(args, -1, call, error);
}

/**
 * bb_govc_set_limit() - set the VM's memory limit
 * @mib: the limit, or -1 for none
 * @error: why it failed
 *
 * Return: 0 once govc's task has completed.
 */
int bb_govc_set_limit(long long mib, char **error)
{
	struct bb_govc_call call;

	if (bb_govc_start_limit(mib, &call, error))
		return -1;
	return bb_govc_end(&call, true, error) == 1 ? 0 : -1;
}

/* The VM's memory limit, MiB (-1: none). */
int bb_govc_limit(long long *mib, char **error)
{
	static const char *const props[] = { "config.memoryAllocation.limit" };

	return bb_govc_collect(props, mib, 1, error);
}

/* The VM's configured memory, MiB. */
int bb_govc_memory(long long *mib, char **error)
{
	static const char *const props[] = { "config.hardware.memoryMB" };

	return bb_govc_collect(props, mib, 1, error);
}

/* quickStats: ballooned and swapped MiB, compressed KiB. */
int bb_govc_stats(struct bb_govc_stats *st, char **error)
{
	static const char *const props[] = {
		"summary.quickStats.balloonedMemory",
		"summary.quickStats.swappedMemory",
		"summary.quickStats.compressedMemory",
	};
	long long v[3];

	if (bb_govc_collect(props, v, 3, error))
		return -1;
	st->ballooned_mib = v[0];
	st->swapped_mib = v[1];
	st->compressed_kib = v[2];
	return 0;
}
