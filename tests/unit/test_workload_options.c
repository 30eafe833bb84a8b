// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the workloads' library (workloads/lib), its command line:
 * size, duration, hold and number parsing, and the option helpers' one
 * error line and exit status.  The histogram and the PRNG are in
 * test_workload_histogram.c, the /proc parsers and the run control in
 * test_workloads.c.
 *
 * Output is TAP-like: one "ok N - name" or "not ok N - name" line per case,
 * the latter followed by "# " lines naming each failed check.  The exit
 * status is 0 only when every case passed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bb_options.h"
#include "bb_output.h"
#include "tap.h"

/* The name bb_die() puts before each error line. */
#define PROG		"test_workload_options"
#define SECOND		BB_NS_PER_S
#define HOUR_NS		(3600 * SECOND)

/* ------------------------------------------------------------------ */
/* Parsing                                                            */
/* ------------------------------------------------------------------ */

static void test_parse_size_good(void)
{
	static const struct {
		const char *s;
		uint64_t want;
	} cases[] = {
		{ "0", 0 },
		{ "4096", 4096 },
		{ "4096K", 4096ULL << 10 },
		{ "4096k", 4096ULL << 10 },
		{ "512M", 512ULL << 20 },
		{ "512m", 512ULL << 20 },
		{ "1G", 1ULL << 30 },
		{ "24g", 24ULL << 30 },
		{ "2T", 2ULL << 40 },
		{ "16777215T", 16777215ULL << 40 },
		{ "18446744073709551615", UINT64_MAX },
	};
	uint64_t v;
	size_t i;

	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		v = 12345;
		if (bb_parse_size(cases[i].s, &v)) {
			checks_failed++;
			note("# size '%s' rejected\n", cases[i].s);
			continue;
		}
		if (v != cases[i].want) {
			checks_failed++;
			note("# size '%s': got %" PRIu64 "\n", cases[i].s, v);
		}
	}
}

static void test_parse_size_bad(void)
{
	static const struct {
		const char *s;
		int err;
	} cases[] = {
		{ "", -EINVAL }, { "M", -EINVAL }, { "-1M", -EINVAL },
		{ "+1M", -EINVAL }, { " 1M", -EINVAL }, { "1M ", -EINVAL },
		{ "1.5G", -EINVAL }, { "1MB", -EINVAL }, { "1MiB", -EINVAL },
		{ "12Q", -EINVAL }, { "1E", -EINVAL }, { "0x10", -EINVAL },
		{ "1e3", -EINVAL }, { "16777216T", -ERANGE },
		{ "18446744073709551616", -ERANGE },
		{ "99999999999999999999999", -ERANGE },
	};
	uint64_t v = 777;
	size_t i;
	int err;

	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		err = bb_parse_size(cases[i].s, &v);
		if (err != cases[i].err) {
			checks_failed++;
			note("# size '%s': got %d, want %d\n", cases[i].s, err,
			     cases[i].err);
		}
	}
	CHECK_EQ(v, 777);	/* untouched on failure */
}

static void test_parse_duration_good(void)
{
	static const struct {
		const char *s;
		uint64_t want;
	} cases[] = {
		{ "10s", 10 * SECOND },
		{ "500ms", 500 * BB_NS_PER_MS },
		{ "2m", 120 * SECOND },
		{ "1h", HOUR_NS },
		{ "250us", 250 * BB_NS_PER_US },
		{ "7ns", 7 },
		{ "3", 3 * SECOND },
		{ "0", 0 },
		{ "0s", 0 },
		{ "1.5s", 1500 * BB_NS_PER_MS },
		{ "0.25ms", 250 * BB_NS_PER_US },
		{ "0.001s", BB_NS_PER_MS },
		{ "1.0000000009s", SECOND },	/* below a ns: dropped */
		{ "2.5m", 150 * SECOND },
		{ "0.1", 100 * BB_NS_PER_MS },
		{ "18446744073709551615ns", UINT64_MAX },
		{ "18446744073s", 18446744073 * SECOND },
	};
	uint64_t v;
	size_t i;

	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		v = 12345;
		if (bb_parse_duration(cases[i].s, &v)) {
			checks_failed++;
			note("# duration '%s' rejected\n", cases[i].s);
			continue;
		}
		if (v != cases[i].want) {
			checks_failed++;
			note("# duration '%s': got %" PRIu64 ", want %" PRIu64
			     "\n", cases[i].s, v, cases[i].want);
		}
	}
}

static void test_parse_duration_bad(void)
{
	static const struct {
		const char *s;
		int err;
	} cases[] = {
		{ "", -EINVAL }, { "s", -EINVAL }, { "-1s", -EINVAL },
		{ "+1s", -EINVAL }, { "10 s", -EINVAL }, { " 10s", -EINVAL },
		{ "10x", -EINVAL }, { "10S", -EINVAL }, { "10sec", -EINVAL },
		{ "1.s", -EINVAL }, { ".5s", -EINVAL }, { "1..5s", -EINVAL },
		{ "1e3s", -EINVAL }, { "10ms5", -EINVAL },
		{ "forever", -EINVAL },
		{ "18446744074s", -ERANGE },
		{ "18446744073709551616ns", -ERANGE },
		{ "5124095576030432h", -ERANGE },
	};
	uint64_t v = 777;
	size_t i;
	int err;

	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		err = bb_parse_duration(cases[i].s, &v);
		if (err != cases[i].err) {
			checks_failed++;
			note("# duration '%s': got %d, want %d\n", cases[i].s,
			     err, cases[i].err);
		}
	}
	CHECK_EQ(v, 777);
}

static void test_parse_hold(void)
{
	uint64_t v = 0;

	CHECK_EQ(bb_parse_hold("forever", &v), 0);
	CHECK_EQ(v, BB_FOREVER);
	CHECK_EQ(bb_parse_hold("1s", &v), 0);
	CHECK_EQ(v, SECOND);
	CHECK_EQ(bb_parse_hold("0", &v), 0);
	CHECK_EQ(v, 0);
	CHECK(bb_parse_hold("Forever", &v) == -EINVAL);
	CHECK(bb_parse_hold("forever1", &v) == -EINVAL);
	CHECK(bb_parse_hold("", &v) == -EINVAL);
	/* a finite hold of UINT64_MAX ns would read as forever */
	CHECK(bb_parse_hold("18446744073709551615ns", &v) == -ERANGE);
}

static void test_parse_numbers(void)
{
	uint64_t u = 5;
	double d = 5;

	CHECK_EQ(bb_parse_u64("0", &u), 0);
	CHECK_EQ(u, 0);
	CHECK_EQ(bb_parse_u64("18446744073709551615", &u), 0);
	CHECK_EQ(u, UINT64_MAX);
	CHECK(bb_parse_u64("18446744073709551616", &u) == -ERANGE);
	CHECK(bb_parse_u64("-1", &u) == -EINVAL);
	CHECK(bb_parse_u64("1k", &u) == -EINVAL);
	CHECK(bb_parse_u64("", &u) == -EINVAL);

	CHECK_EQ(bb_parse_double("2.5", &d), 0);
	CHECK(d == 2.5);
	CHECK_EQ(bb_parse_double("0", &d), 0);
	CHECK(d == 0);
	CHECK_EQ(bb_parse_double("-1", &d), 0);	/* callers check sign */
	CHECK(d == -1);
	CHECK(bb_parse_double("", &d) == -EINVAL);
	CHECK(bb_parse_double(" 1", &d) == -EINVAL);
	CHECK(bb_parse_double("1x", &d) == -EINVAL);
	CHECK(bb_parse_double("inf", &d) == -ERANGE);
	CHECK(bb_parse_double("nan", &d) == -ERANGE);
	CHECK(bb_parse_double("1e999", &d) == -ERANGE);
}

/* Runs @fn in a child; returns its exit status and its stderr in @err. */
static int run_child(void (*fn)(const void *), const void *arg, char *err,
		     size_t size)
{
	int fds[2], status;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	err[0] = '\0';
	if (pipe(fds))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		fn(arg);
		_exit(100);
	}
	close(fds[1]);
	while (len + 1 < size &&
	       (n = read(fds[0], err + len, size - 1 - len)) > 0)
		len += (size_t)n;
	err[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void child_opt_size(const void *arg)
{
	bb_opt_size("size", arg);
}

static void child_opt_hold(const void *arg)
{
	bb_opt_hold("hold", arg);
}

static void child_opt_choice(const void *arg)
{
	static const char *const modes[] = { "anon", "thp", "tmpfs" };

	bb_opt_choice("mode", arg, modes, 3);
}

/* getopt_long() over "prog" and @arg, as the workloads call it. */
static void child_getopt(const void *arg)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "size", required_argument, NULL, 256 },
		{ NULL, 0, NULL, 0 },
	};
	char *argv[] = { "prog", (char *)arg, NULL };
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(2, argv, ":h", opts, NULL)) != -1)
		if (c == '?' || c == ':')
			bb_getopt_fail(c, argv);
	exit(0);
}

static void test_opt_helpers(void)
{
	static const char *const modes[] = { "anon", "thp", "tmpfs" };
	static const struct {
		void (*fn)(const void *);
		const char *arg, *line;
	} cases[] = {
		{ child_opt_size, "12Q", PROG ": error: --size: "
		  "bad size '12Q' (want e.g. 512M, 1G, 4096K or bytes)\n" },
		{ child_opt_hold, "soon", PROG ": error: --hold: "
		  "bad duration 'soon' (want e.g. 10s, 500ms, 2m or forever)\n" },
		{ child_opt_choice, "huge", PROG ": error: --mode: "
		  "unknown value 'huge' (want anon, thp or tmpfs)\n" },
		{ child_getopt, "--bogus",
		  PROG ": error: unknown option '--bogus'\n" },
		{ child_getopt, "-x",
		  PROG ": error: unknown option '-x'\n" },
		{ child_getopt, "--size",
		  PROG ": error: option '--size' needs a value\n" },
		{ child_getopt, "--help=1",
		  PROG ": error: option '--help=1' takes no value\n" },
	};
	char err[512];
	size_t i;
	int st;

	CHECK_EQ(bb_opt_size("size", "1G"), 1ULL << 30);
	CHECK_EQ(bb_opt_hold("hold", "forever"), BB_FOREVER);
	CHECK_EQ(bb_opt_duration("duration", "2m"), 120 * SECOND);
	CHECK_EQ(bb_opt_u64("seed", "42"), 42);
	CHECK_EQ(bb_opt_choice("mode", "tmpfs", modes, 3), 2);
	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		st = run_child(cases[i].fn, cases[i].arg, err, sizeof(err));
		if (st != BB_EXIT_USAGE || strcmp(err, cases[i].line)) {
			checks_failed++;
			note("# '%s': exit %d, stderr '%s'\n", cases[i].arg, st,
			     err);
		}
	}
}

/* ------------------------------------------------------------------ */

static const struct tap_case cases[] = {
	{ "size parsing: suffixes and plain bytes", test_parse_size_good },
	{ "size parsing: bad input and overflow", test_parse_size_bad },
	{ "duration parsing: units and fractions", test_parse_duration_good },
	{ "duration parsing: bad input and overflow",
	  test_parse_duration_bad },
	{ "hold parsing: forever", test_parse_hold },
	{ "integer and real parsing", test_parse_numbers },
	{ "option helpers: exit 2 with one error line", test_opt_helpers },
};

int main(void)
{
	bb_set_prog(PROG);
	return tap_run(cases, BB_ARRAY_SIZE(cases));
}
