// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench/conductor/trace_figures.c on hand-made host traces: what a phase
 * counts, the waits between cycles left out of its work, and a window of
 * N cycles.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "trace_figures.h"

/*
 * One inflate from 0 toward 2048 frames in three cycles; the host's clock
 * runs ten times the guest's.
 */
static const char inflate_trace[] =
	"host_ns,guest_ns,command,entries,frames,refused,status,size_frames,target_frames,requested_frames\n"
	"100,10,host-target,0,0,0,ok,0,2048,0\n"
	"1000,100,target,0,0,0,ok,0,2048,0\n"
	"2000,200,batchLock,512,512,0,ok,512,2048,512\n"
	"10000,1000,target,0,0,0,ok,512,2048,0\n"
	"11000,1100,batchLock,512,512,16,ok,1008,2048,512\n"
	"30000,3000,target,0,0,0,ok,1008,2048,0\n"
	"31000,3100,batchLock,1040,1040,0,ok,2048,2048,1040\n";

/*
 * Two steps of a guest with a doorbell: the host rings at the first
 * change; at the second the ring fails, and the driver polls.
 */
static const char doorbell_trace[] =
	"host_ns,guest_ns,command,entries,frames,refused,status,size_frames,target_frames,requested_frames\n"
	"100,10,host-target,0,0,0,success,0,512,0\n"
	"110,11,host-doorbell,0,0,0,success,0,512,0\n"
	"200,20,target,0,0,0,success,0,512,0\n"
	"300,30,batchLock,512,512,0,success,512,512,512\n"
	"1000,100,host-target,0,0,0,success,512,0,0\n"
	"1010,101,host-doorbell,0,0,0,not-rung,512,0,0\n"
	"9000,900,target,0,0,0,success,512,0,0\n"
	"9100,910,batchUnlock,512,512,0,success,0,0,512\n";

/*
 * A held step: the balloon at its 1024-frame target while the guest's
 * workload runs; the shrinker gives 300 frames back in two calls, the
 * driver takes 100 back at its next cycle, then the next step begins.
 */
static const char held_trace[] =
	"host_ns,guest_ns,command,entries,frames,refused,status,size_frames,target_frames,requested_frames\n"
	"100,10,host-target,0,0,0,success,1024,1024,0\n"
	"1000,100,target,0,0,0,success,1024,1024,0\n"
	"2000,200,batchUnlock,200,200,0,success,824,1024,200\n"
	"3000,300,batchUnlock,100,100,0,success,724,1024,100\n"
	"9000,900,target,0,0,0,success,724,1024,0\n"
	"9500,950,batchLock,100,100,0,success,824,1024,100\n"
	"20000,2000,host-target,0,0,0,success,824,0,0\n"
	"21000,2100,target,0,0,0,success,824,0,0\n"
	"22000,2200,batchUnlock,824,824,0,success,0,0,824\n";

static void load_text(struct bb_trace *trace, const char *text)
{
	char path[] = "/tmp/bb-trace-XXXXXX";
	int fd = mkstemp(path);
	FILE *out = fd < 0 ? NULL : fdopen(fd, "w");

	CHECK(out);
	if (!out)
		exit(1);
	fputs(text, out);
	fclose(out);
	CHECK_EQ(bb_trace_load(trace, path), 0);
	unlink(path);
}

static void load(struct bb_trace *trace)
{
	load_text(trace, inflate_trace);
}

static void test_whole_step(void)
{
	struct bb_phase_figures fig;
	struct bb_trace trace;

	load(&trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &fig), 0);
	CHECK(fig.reached);
	CHECK_EQ(fig.reached_frames, 2048);
	CHECK_EQ(fig.calls_total, 6);
	CHECK_EQ(fig.refused, 16);
	CHECK_EQ(fig.guest.reaction_ns, 100 - 10);
	CHECK_EQ(fig.guest.total_ns, 3100 - 10);
	/* Three cycles of 100 ns each; the waits between them are not work. */
	CHECK_EQ(fig.guest.work_ns, 3 * 100);
	CHECK_EQ(fig.host.work_ns, 3 * 1000);
	CHECK_EQ(bb_trace_phase(&trace, 1, 0, false, &fig), -ENOENT);
	bb_trace_free(&trace);
}

/* A window of two cycles holds the first two: 4 calls, not 6. */
static void test_window(void)
{
	struct bb_phase_figures fig;
	struct bb_trace trace;

	load(&trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 2, false, &fig), 0);
	CHECK(!fig.reached);
	CHECK_EQ(fig.reached_frames, 1008);
	CHECK_EQ(fig.calls_total, 4);
	CHECK_EQ(fig.refused, 16);
	CHECK_EQ(fig.entries, 1024);
	/* Short of the target, the work runs to the last call that moved. */
	CHECK_EQ(fig.guest.work_ns, 2 * 100);
	CHECK_EQ(fig.guest.total_ns, 1100 - 10);
	CHECK_EQ(bb_trace_phase(&trace, 0, 1, false, &fig), 0);
	CHECK_EQ(fig.calls_total, 2);
	CHECK_EQ(fig.reached_frames, 512);
	CHECK_EQ(fig.host.work_ns, 1000);
	bb_trace_free(&trace);
}

/* A window the step outlives counts the same as none. */
static void test_window_past_the_target(void)
{
	struct bb_phase_figures whole, windowed;
	struct bb_trace trace;

	load(&trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &whole), 0);
	CHECK_EQ(bb_trace_phase(&trace, 0, 3, false, &windowed), 0);
	CHECK(windowed.reached);
	CHECK_EQ(windowed.calls_total, whole.calls_total);
	CHECK_EQ(windowed.guest.work_ns, whole.guest.work_ns);
	bb_trace_free(&trace);
}

/* A ring counts for its step only when the host's VMCI device rang. */
static void test_doorbell_rings(void)
{
	struct bb_phase_figures fig;
	struct bb_trace trace;

	load_text(&trace, doorbell_trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &fig), 0);
	CHECK_EQ(fig.doorbell_rings, 1);
	CHECK_EQ(fig.calls_total, 2);
	CHECK_EQ(bb_trace_phase(&trace, 1, 0, false, &fig), 0);
	CHECK_EQ(fig.doorbell_rings, 0);
	CHECK(fig.reached);
	bb_trace_free(&trace);
	load(&trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &fig), 0);
	CHECK_EQ(fig.doorbell_rings, 0);
	bb_trace_free(&trace);
}

/*
 * Columns are read by their names in the header: the inflate trace with
 * its columns in another order gives the same figures; a trace without
 * a column it needs, or with a number that is not one, is refused.
 */
static void test_columns_by_name(void)
{
	static const char shuffled[] =
		"status,target_frames,command,host_ns,size_frames,guest_ns,refused,frames,entries\n"
		"ok,2048,host-target,100,0,10,0,0,0\n"
		"ok,2048,target,1000,0,100,0,0,0\n"
		"ok,2048,batchLock,2000,512,200,0,512,512\n"
		"ok,2048,target,10000,512,1000,0,0,0\n"
		"ok,2048,batchLock,11000,1008,1100,16,512,512\n"
		"ok,2048,target,30000,1008,3000,0,0,0\n"
		"ok,2048,batchLock,31000,2048,3100,0,1040,1040\n";
	struct bb_phase_figures a, b;
	struct bb_trace trace;
	char path[] = "/tmp/bb-trace-XXXXXX";
	int fd;
	FILE *out;

	load(&trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &a), 0);
	bb_trace_free(&trace);
	load_text(&trace, shuffled);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &b), 0);
	bb_trace_free(&trace);
	CHECK(!memcmp(&a, &b, sizeof(a)));
	fd = mkstemp(path);
	out = fd < 0 ? NULL : fdopen(fd, "w");
	CHECK(out);
	if (!out)
		return;
	fputs("host_ns,guest_ns,command,entries,frames,status,size_frames,target_frames\n"
	      "100,10,host-target,0,0,ok,0,2048\n", out);
	fclose(out);
	CHECK_EQ(bb_trace_load(&trace, path), -EINVAL);
	bb_trace_free(&trace);
	out = fopen(path, "w");
	CHECK(out);
	if (!out)
		return;
	fputs("host_ns,guest_ns,command,entries,frames,refused,status,size_frames,target_frames\n"
	      "100,ten,host-target,0,0,0,ok,0,2048\n", out);
	fclose(out);
	CHECK_EQ(bb_trace_load(&trace, path), -EINVAL);
	bb_trace_free(&trace);
	unlink(path);
}

/*
 * A held step has no target to reach: it counts every call to the next
 * step, and what went out and came back in, not the net.
 */
static void test_held_step(void)
{
	struct bb_phase_figures fig;
	struct bb_trace trace;

	load_text(&trace, held_trace);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, false, &fig), 0);
	CHECK(fig.reached);
	CHECK_EQ(fig.calls_total, 0);
	CHECK_EQ(bb_trace_phase(&trace, 0, 0, true, &fig), 0);
	CHECK_EQ(fig.calls_total, 5);
	CHECK_EQ(fig.unlocked_frames, 300);
	CHECK_EQ(fig.locked_frames, 100);
	CHECK_EQ(fig.reached_frames, 824);
	/* The driver took memory back 650 ns after the shrinker's last call. */
	CHECK_EQ(fig.retake.guest_ns, 950 - 300);
	CHECK_EQ(fig.retake.host_ns, 9500 - 3000);
	/* The next step's figures begin at its own change. */
	CHECK_EQ(bb_trace_phase(&trace, 1, 0, false, &fig), 0);
	CHECK_EQ(fig.unlocked_frames, 824);
	CHECK_EQ(fig.locked_frames, 0);
	bb_trace_free(&trace);
}

int main(void)
{
	static const struct tap_case cases[] = {
		{ "a step without a window runs to its target", test_whole_step },
		{ "a window of N cycles holds the first N", test_window },
		{ "a window the step outlives changes nothing",
		  test_window_past_the_target },
		{ "each step counts the doorbells the host rang",
		  test_doorbell_rings },
		{ "a held step counts its whole window, out and in",
		  test_held_step },
		{ "columns by their names in the header", test_columns_by_name },
	};

	return tap_run(cases, N(cases));
}
