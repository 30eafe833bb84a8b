// SPDX-License-Identifier: GPL-2.0-only
/*
 * The clock, the time limit and the stop flag shared by a workload's loops.
 *
 * SIGINT and SIGTERM set the stop flag; sleeps are cut short by them (no
 * SA_RESTART).  The flag is a lock-free atomic, so any thread may poll it.
 */
#include "bb_run.h"
#include "bb_options.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Longest single sleep of bb_hold(), bounding a missed wake-up. */
#define HOLD_SLICE_NS (100 * BB_NS_PER_MS)

static atomic_int stop_flag;
static uint64_t deadline_ns = UINT64_MAX;

static void on_stop_signal(int sig)
{
	(void)sig;
	atomic_store(&stop_flag, 1);
}

/**
 * bb_run_init() - make SIGINT and SIGTERM request a stop
 *
 * Return: 0, or -errno when a handler cannot be installed.
 */
int bb_run_init(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
	return 0;
}

/**
 * bb_now_ns() - read CLOCK_MONOTONIC
 *
 * Return: nanoseconds since an arbitrary point.
 */
uint64_t bb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * BB_NS_PER_S + (uint64_t)ts.tv_nsec;
}

/**
 * bb_set_deadline() - set the time limit of bb_should_continue()
 * @duration_ns: how long from now; BB_FOREVER for no limit
 */
void bb_set_deadline(uint64_t duration_ns)
{
	uint64_t now = bb_now_ns();

	if (duration_ns == BB_FOREVER || duration_ns > UINT64_MAX - now)
		deadline_ns = UINT64_MAX;
	else
		deadline_ns = now + duration_ns;
}

/**
 * bb_stop_requested() - whether SIGINT, SIGTERM or bb_request_stop() came
 *
 * Return: true once a stop has been requested.
 */
bool bb_stop_requested(void)
{
	return atomic_load_explicit(&stop_flag, memory_order_relaxed);
}

/**
 * bb_request_stop() - ask every loop to stop, as SIGTERM does
 */
void bb_request_stop(void)
{
	atomic_store(&stop_flag, 1);
}

/**
 * bb_should_continue() - loop condition of a timed workload
 *
 * Reads the clock on every call; a tight loop should call it every few
 * thousand iterations only.
 *
 * Return: false once a stop was requested or the deadline has passed.
 */
bool bb_should_continue(void)
{
	if (bb_stop_requested())
		return false;
	return deadline_ns == UINT64_MAX || bb_now_ns() < deadline_ns;
}

/**
 * bb_sleep_until() - sleep until a CLOCK_MONOTONIC time or a stop request
 * @when_ns: the wake-up time, as bb_now_ns() counts
 *
 * Return: true when @when_ns was reached, false when a stop cut it short.
 */
bool bb_sleep_until(uint64_t when_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(when_ns / BB_NS_PER_S),
		.tv_nsec = (long)(when_ns % BB_NS_PER_S),
	};

	while (!bb_stop_requested()) {
		/* a signal interrupts it: look at the stop flag again */
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				    NULL) != EINTR)
			return true;
	}
	return false;
}

/**
 * bb_hold() - do nothing for a while, or until a stop request
 * @ns: how long; BB_FOREVER to wait for SIGINT or SIGTERM only
 *
 * Sleeps in slices of at most 100 ms, so a signal that lands just before
 * a sleep begins delays the stop by one slice at most.
 *
 * Return: true when the whole time passed, false when a stop cut it short.
 */
bool bb_hold(uint64_t ns)
{
	uint64_t now = bb_now_ns();
	uint64_t end = (ns == BB_FOREVER || ns > UINT64_MAX - now) ?
		       UINT64_MAX : now + ns;

	for (;;) {
		if (bb_stop_requested())
			return false;
		now = bb_now_ns();
		if (now >= end)
			return true;
		if (!bb_sleep_until(end - now > HOLD_SLICE_NS ?
				    now + HOLD_SLICE_NS : end))
			return false;
	}
}

/**
 * bb_signal_file_create() - create a file whose existence signals a state
 * @path: the file; its content is the process id and a newline
 *
 * The file is written under a temporary name and renamed, so whoever sees
 * @path also sees its content.
 *
 * Return: 0, or -errno.
 */
int bb_signal_file_create(const char *path)
{
	char tmp[4096], pid[32];
	int fd, n, err = 0;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	errno = 0;
	if (write(fd, pid, (size_t)n) != n)
		err = errno ? -errno : -EIO;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
