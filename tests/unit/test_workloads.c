// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the workloads' library (workloads/lib), its view of the
 * system and of time: the /proc parsers (meminfo, buddyinfo, THP mode) and
 * the run control (signal file, deadline, hold, SIGTERM).  Parsing is in
 * test_workload_options.c, the histogram and the PRNG in
 * test_workload_histogram.c.
 *
 * Output is TAP-like: one "ok N - name" or "not ok N - name" line per case,
 * the latter followed by "# " lines naming each failed check.  The exit
 * status is 0 only when every case passed.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bb_options.h"
#include "bb_output.h"
#include "bb_procfs.h"
#include "bb_run.h"
#include "tap.h"

#define HOUR_NS		(3600 * BB_NS_PER_S)

/* ------------------------------------------------------------------ */
/* /proc parsers                                                      */
/* ------------------------------------------------------------------ */

static const char meminfo[] =
	"MemTotal:       24683656 kB\n"
	"MemFree:        22360044 kB\n"
	"MemAvailable:   23764764 kB\n"
	"Buffers:          108600 kB\n"
	"AnonHugePages:      4096 kB\n"
	"Broken:            x kB\n";

static void test_kib_field(void)
{
	uint64_t v = 0;

	CHECK_EQ(bb_kib_field_parse(meminfo, "MemAvailable", &v), 0);
	CHECK_EQ(v, 23764764);
	CHECK_EQ(bb_kib_field_parse(meminfo, "MemTotal", &v), 0);
	CHECK_EQ(v, 24683656);
	CHECK_EQ(bb_kib_field_parse(meminfo, "AnonHugePages", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK(bb_kib_field_parse(meminfo, "MemAvail", &v) == -ENOENT);
	CHECK(bb_kib_field_parse(meminfo, "Avail", &v) == -ENOENT);
	CHECK(bb_kib_field_parse(meminfo, "Broken", &v) == -EINVAL);
	CHECK(bb_kib_field_parse("", "MemTotal", &v) == -ENOENT);
	/* the real file has it */
	CHECK_EQ(bb_kib_field_read("/proc/meminfo", "MemTotal", &v), 0);
	CHECK(v > 0);
	CHECK(bb_kib_field_read("/nonexistent", "MemTotal", &v) == -ENOENT);
}

static void test_buddyinfo(void)
{
	static const char text[] =
		"Node 0, zone      DMA      0      0      0      0      0"
		"      0      0      0      1      1      3 \n"
		"Node 0, zone    DMA32      2      3      0      2      3"
		"      2      1      4      4      2    752 \n"
		"Node 0, zone   Normal     19   1586   4010   2448   3693"
		"   1650    864    423    265    139    175 \n";
	uint64_t blocks = 0, pages = 0;

	CHECK_EQ(bb_buddyinfo_parse(text, 9, &blocks, &pages), 0);
	/* order 9 counts 1, order 10 counts 2 */
	CHECK_EQ(blocks, (1 + 2 + 139) + 2 * (3 + 752 + 175));
	CHECK_EQ(pages,
		 (0 + 2 + 19) + 2 * (0 + 3 + 1586) + 4 * (0 + 0 + 4010) +
		 8 * (0 + 2 + 2448) + 16 * (0 + 3 + 3693) +
		 32 * (0 + 2 + 1650) + 64 * (0 + 1 + 864) +
		 128 * (0 + 4 + 423) + 256 * (1 + 4 + 265) +
		 512 * (1 + 2 + 139) + 1024 * (3 + 752 + 175));
	CHECK_EQ(bb_buddyinfo_parse(text, 10, &blocks, NULL), 0);
	CHECK_EQ(blocks, 3 + 752 + 175);
	CHECK_EQ(bb_buddyinfo_parse("Node 0, zone Normal 1 2\n", 0, &blocks,
				    &pages), 0);
	CHECK_EQ(blocks, 5);
	CHECK(bb_buddyinfo_parse("", 9, &blocks, NULL) == -EINVAL);
	CHECK(bb_buddyinfo_parse("Node 0, zone Normal\n", 9, &blocks,
				 NULL) == -EINVAL);
	CHECK(bb_buddyinfo_parse("Node 0, Normal 1 2\n", 9, &blocks,
				 NULL) == -EINVAL);
	CHECK_EQ(bb_buddyinfo_read(9, &blocks, &pages), 0);
	CHECK(pages > 0);
}

static void test_thp_mode(void)
{
	char mode[16];

	CHECK_EQ(bb_thp_mode_parse("always [madvise] never\n", mode,
				   sizeof(mode)), 0);
	CHECK(!strcmp(mode, "madvise"));
	CHECK_EQ(bb_thp_mode_parse("[always] madvise never\n", mode,
				   sizeof(mode)), 0);
	CHECK(!strcmp(mode, "always"));
	CHECK_EQ(bb_thp_mode_parse("always madvise [never]\n", mode,
				   sizeof(mode)), 0);
	CHECK(!strcmp(mode, "never"));
	CHECK(bb_thp_mode_parse("always madvise never\n", mode,
				sizeof(mode)) == -EINVAL);
	CHECK(bb_thp_mode_parse("[]", mode, sizeof(mode)) == -EINVAL);
	CHECK(bb_thp_mode_parse("[madvise]", mode, 4) == -EINVAL);
}

/* ------------------------------------------------------------------ */
/* Run control                                                        */
/* ------------------------------------------------------------------ */

static void test_signal_file(void)
{
	char dir[] = "/tmp/test_workloads.XXXXXX", path[64], buf[64];
	ssize_t n;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/ready", dir);
	CHECK_EQ(bb_signal_file_create(path), 0);
	n = bb_read_file_buf(path, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_EQ(strtoul(buf, NULL, 10), (uint64_t)getpid());
	CHECK(unlink(path) == 0);
	snprintf(path, sizeof(path), "%s/no/such/dir", dir);
	CHECK(bb_signal_file_create(path) == -ENOENT);
	CHECK(rmdir(dir) == 0);	/* no temporary file left behind */
}

static void test_deadline_and_hold(void)
{
	uint64_t t0 = bb_now_ns(), t;

	CHECK_EQ(bb_run_init(), 0);
	bb_set_deadline(BB_FOREVER);
	CHECK(bb_should_continue());
	bb_set_deadline(0);
	CHECK(!bb_should_continue());
	bb_set_deadline(20 * BB_NS_PER_MS);
	CHECK(bb_should_continue());
	while (bb_should_continue())
		;
	/* No upper bound: a busy machine may be late; a hang is the
	 * runner's time limit. */
	t = bb_now_ns() - t0;
	CHECK(t >= 20 * BB_NS_PER_MS);
	t0 = bb_now_ns();
	CHECK(bb_hold(30 * BB_NS_PER_MS));
	t = bb_now_ns() - t0;
	CHECK(t >= 30 * BB_NS_PER_MS);
	CHECK(bb_hold(0));
	CHECK(bb_sleep_until(bb_now_ns() + BB_NS_PER_MS));
}

/* Must run last: a stop request cannot be taken back. */
static void test_stop_signal(void)
{
	CHECK_EQ(bb_run_init(), 0);
	CHECK(!bb_stop_requested());
	CHECK(raise(SIGTERM) == 0);	/* the handler only sets the flag */
	CHECK(bb_stop_requested());
	CHECK(!bb_should_continue());
	bb_set_deadline(BB_FOREVER);
	CHECK(!bb_should_continue());
	CHECK(!bb_hold(BB_FOREVER));	/* returns at once */
	CHECK(!bb_sleep_until(bb_now_ns() + HOUR_NS));
}

/* ------------------------------------------------------------------ */

static const struct tap_case cases[] = {
	{ "procfs: meminfo fields", test_kib_field },
	{ "procfs: buddyinfo", test_buddyinfo },
	{ "procfs: thp mode", test_thp_mode },
	{ "run: signal file", test_signal_file },
	{ "run: deadline, hold and sleep", test_deadline_and_hold },
	{ "run: SIGTERM stops everything", test_stop_signal },
};

int main(void)
{
	bb_set_prog("test_workloads");
	return tap_run(cases, BB_ARRAY_SIZE(cases));
}
