// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the workloads' library (workloads/lib): size, duration and
 * number parsing, the latency histogram and its coordinated-omission
 * correction, the PRNG, the /proc parsers and the run control.
 *
 * Output is TAP-like: one "ok N - name" or "not ok N - name" line per case,
 * the latter followed by "# " lines naming each failed check.  The exit
 * status is 0 only when every case passed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bb_options.h"
#include "bb_output.h"
#include "bb_prng.h"
#include "bb_procfs.h"
#include "bb_run.h"
#include "histogram.h"
#include "tap.h"

/* ------------------------------------------------------------------ */
/* Checks                                                             */
/* ------------------------------------------------------------------ */

/* |got - want| <= 0.1% of want */
static void check_rel(uint64_t got, uint64_t want, const char *file, int line,
		      const char *what)
{
	uint64_t diff = got > want ? got - want : want - got;

	if ((unsigned __int128)diff * 1000 <= want)
		return;
	checks_failed++;
	note("# %s:%d: %s: got %" PRIu64 ", want %" PRIu64
	     " within 0.1%%\n", file, line, what, got, want);
}

#define CHECK_REL(got, want, what)					\
	check_rel((uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__, what)

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

#define SECOND		BB_NS_PER_S
#define HOUR_NS		(3600 * SECOND)

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank percentile pm/1000 % of sorted @v[@n], exactly. */
static uint64_t exact_percentile(const uint64_t *v, uint64_t n, uint64_t pm)
{
	uint64_t rank = (pm * n + 99999) / 100000;

	return v[(rank ? rank : 1) - 1];
}

/* Checks every percentile on a grid against the sorted samples. */
static void check_percentiles(const struct hist *h, const uint64_t *sorted,
			      uint64_t n)
{
	static const uint64_t extra[] = { 1, 10, 99900, 99990, 99999 };
	char what[64];
	uint64_t pm;
	size_t i;

	for (pm = 0; pm <= 100000; pm += 500) {
		snprintf(what, sizeof(what), "p%.3f", pm / 1000.0);
		CHECK_REL(hist_percentile(h, pm / 1000.0),
			  exact_percentile(sorted, n, pm), what);
	}
	for (i = 0; i < BB_ARRAY_SIZE(extra); i++) {
		snprintf(what, sizeof(what), "p%.3f", extra[i] / 1000.0);
		CHECK_REL(hist_percentile(h, extra[i] / 1000.0),
			  exact_percentile(sorted, n, extra[i]), what);
	}
}

static bool same_hist(const struct hist *a, const struct hist *b)
{
	return a->counts_len == b->counts_len && a->total == b->total &&
	       a->min == b->min && a->max == b->max && a->sum == b->sum &&
	       a->saturated == b->saturated &&
	       !memcmp(a->counts, b->counts,
		       a->counts_len * sizeof(*a->counts));
}

/* HdrHistogram's recordValueWithExpectedInterval(), one value at a time. */
static void naive_corrected(struct hist *h, uint64_t value, uint64_t interval)
{
	uint64_t missing;

	hist_record(h, value);
	if (!interval || value <= interval)
		return;
	for (missing = value - interval; missing >= interval;
	     missing -= interval)
		hist_record(h, missing);
}

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
		{ child_opt_size, "12Q", "test_workloads: error: --size: "
		  "bad size '12Q' (want e.g. 512M, 1G, 4096K or bytes)\n" },
		{ child_opt_hold, "soon", "test_workloads: error: --hold: "
		  "bad duration 'soon' (want e.g. 10s, 500ms, 2m or forever)\n" },
		{ child_opt_choice, "huge", "test_workloads: error: --mode: "
		  "unknown value 'huge' (want anon, thp or tmpfs)\n" },
		{ child_getopt, "--bogus",
		  "test_workloads: error: unknown option '--bogus'\n" },
		{ child_getopt, "-x",
		  "test_workloads: error: unknown option '-x'\n" },
		{ child_getopt, "--size",
		  "test_workloads: error: option '--size' needs a value\n" },
		{ child_getopt, "--help=1",
		  "test_workloads: error: option '--help=1' takes no value\n" },
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
/* Histogram                                                          */
/* ------------------------------------------------------------------ */

static void test_hist_empty(void)
{
	struct hist h;

	CHECK(hist_init(&h, 0) == -EINVAL);
	CHECK_EQ(hist_init(&h, HOUR_NS), 0);
	CHECK_EQ(hist_count(&h), 0);
	CHECK_EQ(hist_percentile(&h, 50), 0);
	CHECK_EQ(hist_percentile(&h, 100), 0);
	CHECK_EQ(hist_min(&h), 0);
	CHECK_EQ(hist_max(&h), 0);
	CHECK(hist_mean(&h) == 0);
	CHECK_EQ(hist_saturated(&h), 0);
	hist_free(&h);
}

static void test_hist_small_values_exact(void)
{
	uint64_t v[2048], pm;
	struct hist h;
	unsigned int i;

	CHECK_EQ(hist_init(&h, HOUR_NS), 0);
	for (i = 0; i < 2048; i++) {
		v[i] = 2047 - i;
		hist_record(&h, v[i]);
	}
	qsort(v, 2048, sizeof(v[0]), cmp_u64);
	for (pm = 0; pm <= 100000; pm += 100)
		CHECK_EQ(hist_percentile(&h, pm / 1000.0),
			 exact_percentile(v, 2048, pm));
	CHECK_EQ(hist_min(&h), 0);
	CHECK_EQ(hist_max(&h), 2047);
	CHECK(hist_mean(&h) == 1023.5);
	CHECK_EQ(hist_percentile(&h, 50), 1023);
	CHECK_EQ(hist_percentile(&h, 99.9), 2045);	/* rank 2046 */
	hist_free(&h);
}

static void test_hist_single_value(void)
{
	struct hist h;

	CHECK_EQ(hist_init(&h, HOUR_NS), 0);
	hist_record(&h, 123456789);
	/* clamped to the exact min and max: exact whatever the bucket */
	CHECK_EQ(hist_percentile(&h, 0), 123456789);
	CHECK_EQ(hist_percentile(&h, 50), 123456789);
	CHECK_EQ(hist_percentile(&h, 99.9), 123456789);
	CHECK_EQ(hist_percentile(&h, 100), 123456789);
	CHECK_EQ(hist_count(&h), 1);
	CHECK(hist_mean(&h) == 123456789.0);
	hist_free(&h);
}

static void test_hist_uniform(void)
{
	const uint64_t n = 1000000;
	uint64_t *v = malloc(n * sizeof(*v)), i;
	struct hist h;

	CHECK(v != NULL);
	if (!v)
		return;
	CHECK_EQ(hist_init(&h, HOUR_NS), 0);
	for (i = 0; i < n; i++) {
		v[i] = i + 1;
		hist_record(&h, n - i);
	}
	check_percentiles(&h, v, n);
	CHECK_EQ(hist_count(&h), n);
	CHECK_EQ(hist_min(&h), 1);
	CHECK_EQ(hist_max(&h), n);
	CHECK(hist_mean(&h) == 500000.5);
	/* around 2^k, where the bucket width doubles */
	CHECK_REL(hist_percentile(&h, 0.2048), 2048, "p0.2048");
	CHECK_REL(hist_percentile(&h, 0.4096), 4096, "p0.4096");
	CHECK_REL(hist_percentile(&h, 50), 500000, "p50");
	CHECK_REL(hist_percentile(&h, 99), 990000, "p99");
	CHECK_REL(hist_percentile(&h, 99.9), 999000, "p99.9");
	hist_free(&h);
	free(v);
}

/* Log-uniform from 1 ns to 60 s, seeded: every percentile within 0.1%. */
static void test_hist_log_uniform(void)
{
	const uint64_t n = 300000, top = 60 * SECOND;
	uint64_t *v = malloc((n + 1) * sizeof(*v)), i, state = bb_prng_seed(42);
	unsigned __int128 sum = 0;
	struct hist h;
	double mean;

	CHECK(v != NULL);
	if (!v)
		return;
	CHECK_EQ(hist_init(&h, HOUR_NS), 0);
	for (i = 0; i < n; i++) {
		/* a random bit length 1..36, then random bits below it */
		uint64_t r = bb_xorshift64(&state);
		unsigned int bits = 1 + (unsigned int)bb_rand_below(r, 36);

		r = bb_xorshift64(&state);
		v[i] = (r >> (64 - bits)) | (1ULL << (bits - 1));
		if (v[i] > top)
			v[i] = top - (r & 1023);
		hist_record(&h, v[i]);
		sum += v[i];
	}
	/* and exactly 60 s, the largest value that must be tracked */
	v[n] = top;
	hist_record(&h, top);
	sum += top;
	qsort(v, n + 1, sizeof(v[0]), cmp_u64);
	check_percentiles(&h, v, n + 1);
	CHECK_EQ(hist_max(&h), top);
	CHECK_EQ(hist_percentile(&h, 100), top);
	CHECK_REL(hist_percentile(&h, 99.9999), top, "p99.9999");
	CHECK_EQ(hist_saturated(&h), 0);
	mean = (double)sum / (double)(n + 1);
	CHECK(hist_mean(&h) > mean * (1 - 1e-12) &&
	      hist_mean(&h) < mean * (1 + 1e-12));
	hist_free(&h);
	free(v);
}

/* Random values of random scale, against the exact sorted samples. */
static void test_hist_random_scales(void)
{
	const uint64_t n = 50000;
	uint64_t *v = malloc(n * sizeof(*v)), state = bb_prng_seed(7), i;
	struct hist h;
	int round;

	CHECK(v != NULL);
	if (!v)
		return;
	CHECK_EQ(hist_init(&h, UINT64_MAX), 0);
	for (round = 0; round < 5; round++) {
		uint64_t scale = 1ULL << (8 * round + 10);

		hist_reset(&h);
		for (i = 0; i < n; i++) {
			v[i] = bb_rand_below(bb_xorshift64(&state), scale);
			hist_record(&h, v[i]);
		}
		qsort(v, n, sizeof(v[0]), cmp_u64);
		check_percentiles(&h, v, n);
		CHECK_EQ(hist_min(&h), v[0]);
		CHECK_EQ(hist_max(&h), v[n - 1]);
	}
	/* the largest values still work with UINT64_MAX as the highest */
	hist_reset(&h);
	hist_record(&h, UINT64_MAX);
	hist_record(&h, UINT64_MAX - 1);
	CHECK_EQ(hist_max(&h), UINT64_MAX);
	CHECK_REL(hist_percentile(&h, 50), UINT64_MAX - 1, "p50 near 2^64");
	CHECK_EQ(hist_saturated(&h), 0);
	hist_free(&h);
	free(v);
}

static void test_hist_saturation(void)
{
	struct hist h;

	CHECK_EQ(hist_init(&h, 1000000), 0);
	hist_record(&h, 5);
	hist_record(&h, 2000000);
	hist_record_n(&h, UINT64_MAX, 3);
	CHECK_EQ(hist_count(&h), 5);
	CHECK_EQ(hist_saturated(&h), 4);
	CHECK_EQ(hist_max(&h), 1000000);
	CHECK_REL(hist_percentile(&h, 50), 1000000, "p50 saturated");
	CHECK_EQ(hist_min(&h), 5);
	hist_free(&h);
}

static void test_hist_record_n(void)
{
	static const uint64_t vals[] = { 0, 1, 2047, 2048, 4095, 1000003,
					 59 * SECOND };
	struct hist a, b;
	size_t i;
	int k;

	CHECK_EQ(hist_init(&a, HOUR_NS), 0);
	CHECK_EQ(hist_init(&b, HOUR_NS), 0);
	for (i = 0; i < BB_ARRAY_SIZE(vals); i++) {
		hist_record_n(&a, vals[i], 7);
		for (k = 0; k < 7; k++)
			hist_record(&b, vals[i]);
	}
	hist_record_n(&a, 99, 0);	/* records nothing */
	CHECK(same_hist(&a, &b));
	CHECK_EQ(hist_count(&a), 7 * BB_ARRAY_SIZE(vals));
	hist_free(&a);
	hist_free(&b);
}

static void test_hist_merge(void)
{
	uint64_t state = bb_prng_seed(3), r, i;
	struct hist a, b, all, other, empty;

	CHECK_EQ(hist_init(&a, HOUR_NS), 0);
	CHECK_EQ(hist_init(&b, HOUR_NS), 0);
	CHECK_EQ(hist_init(&all, HOUR_NS), 0);
	CHECK_EQ(hist_init(&empty, HOUR_NS), 0);
	CHECK_EQ(hist_init(&other, SECOND), 0);
	for (i = 0; i < 100000; i++) {
		r = bb_xorshift64(&state) >> (28 + i % 30);
		hist_record(i % 3 ? &a : &b, r);
		hist_record(&all, r);
	}
	hist_record(&b, 2 * HOUR_NS);		/* saturated, in b only */
	hist_record(&all, 2 * HOUR_NS);
	CHECK_EQ(hist_merge(&a, &b), 0);
	CHECK(same_hist(&a, &all));
	CHECK_EQ(hist_saturated(&a), 1);
	CHECK_EQ(hist_percentile(&a, 99.99), hist_percentile(&all, 99.99));
	CHECK(hist_mean(&a) == hist_mean(&all));

	/* merging an empty histogram, or into one, changes nothing else */
	CHECK_EQ(hist_merge(&a, &empty), 0);
	CHECK(same_hist(&a, &all));
	CHECK_EQ(hist_merge(&empty, &all), 0);
	CHECK(same_hist(&empty, &all));

	/* different highest trackable values: refused, untouched */
	CHECK(hist_merge(&other, &a) == -EINVAL);
	CHECK_EQ(hist_count(&other), 0);
	hist_free(&a);
	hist_free(&b);
	hist_free(&all);
	hist_free(&empty);
	hist_free(&other);
}

static void test_hist_reset(void)
{
	struct hist h;

	CHECK_EQ(hist_init(&h, HOUR_NS), 0);
	hist_record(&h, 10);
	hist_record(&h, 2 * HOUR_NS);
	hist_reset(&h);
	CHECK_EQ(hist_count(&h), 0);
	CHECK_EQ(hist_saturated(&h), 0);
	CHECK_EQ(hist_max(&h), 0);
	CHECK_EQ(hist_min(&h), 0);
	hist_record(&h, 20);
	CHECK_EQ(hist_min(&h), 20);
	CHECK_EQ(hist_max(&h), 20);
	hist_free(&h);
}

/* hist_record_series() must equal recording each value in turn. */
static void test_hist_series(void)
{
	static const struct {
		uint64_t first, step, n, highest;
	} cases[] = {
		{ 0, 1, 1, HOUR_NS },
		{ 5000, 1, 5001, HOUR_NS },
		{ 5000, 3, 100, HOUR_NS },
		{ 10000000, 40, 250000, HOUR_NS },	/* 10 ms by 40 ns */
		{ 10000000, 40, 1000000, HOUR_NS },	/* n clamped */
		{ 123456789, 1000000, 124, HOUR_NS },	/* one per bucket */
		{ 7777, 0, 5, HOUR_NS },		/* step 0 */
		{ 3000000, 1000, 3001, 1000000 },	/* saturates */
		{ 3000000, 1000, 10, 1000000 },		/* all saturated */
		{ 60 * SECOND, BB_NS_PER_MS, 60000, HOUR_NS },
		{ 2048, 1, 2049, HOUR_NS },
		{ 4097, 2, 1000, HOUR_NS },
	};
	uint64_t j, n;
	struct hist a, b;
	size_t i;

	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		CHECK_EQ(hist_init(&a, cases[i].highest), 0);
		CHECK_EQ(hist_init(&b, cases[i].highest), 0);
		hist_record(&a, 3);	/* something there already */
		hist_record(&b, 3);
		hist_record_series(&a, cases[i].first, cases[i].step,
				   cases[i].n);
		n = cases[i].n;
		if (cases[i].step && n - 1 > cases[i].first / cases[i].step)
			n = cases[i].first / cases[i].step + 1;
		for (j = 0; j < n; j++)
			hist_record(&b, cases[i].first - j * cases[i].step);
		if (!same_hist(&a, &b)) {
			checks_failed++;
			note("# series first=%" PRIu64 " step=%" PRIu64
			     " n=%" PRIu64 ": differs from one by one\n",
			     cases[i].first, cases[i].step, cases[i].n);
		}
		hist_free(&a);
		hist_free(&b);
	}
}

/* Coordinated-omission correction, as HdrHistogram does it. */
static void test_hist_corrected(void)
{
	static const struct {
		uint64_t value, interval, count;
	} cases[] = {
		{ 500, 1000, 1 },	/* faster than the interval */
		{ 1000, 1000, 1 },	/* exactly one interval */
		{ 1999, 1000, 1 },
		{ 2000, 1000, 2 },	/* 2000, 1000 */
		{ 2500, 1000, 2 },	/* 2500, 1500 */
		{ 10000000, 40, 250000 },
		{ 12345, 0, 1 },	/* no correction */
		{ 0, 100, 1 },
	};
	struct hist a, b;
	size_t i;

	for (i = 0; i < BB_ARRAY_SIZE(cases); i++) {
		CHECK_EQ(hist_init(&a, HOUR_NS), 0);
		CHECK_EQ(hist_init(&b, HOUR_NS), 0);
		hist_record_corrected(&a, cases[i].value, cases[i].interval);
		naive_corrected(&b, cases[i].value, cases[i].interval);
		CHECK(same_hist(&a, &b));
		CHECK_EQ(hist_count(&a), cases[i].count);
		CHECK_EQ(hist_max(&a), cases[i].value);
		hist_free(&a);
		hist_free(&b);
	}

	/* a 1 s stall among 1 ms samples dominates p99 once corrected */
	CHECK_EQ(hist_init(&a, HOUR_NS), 0);
	for (i = 0; i < 9000; i++)
		hist_record_corrected(&a, 100000, BB_NS_PER_MS);
	hist_record_corrected(&a, SECOND, BB_NS_PER_MS);
	CHECK_EQ(hist_count(&a), 10000);
	CHECK_EQ(hist_percentile(&a, 50), 100000);
	CHECK_REL(hist_percentile(&a, 95), 500 * BB_NS_PER_MS, "p95");
	CHECK_REL(hist_percentile(&a, 99), 900 * BB_NS_PER_MS, "p99");
	hist_free(&a);
}

/* ------------------------------------------------------------------ */
/* PRNG                                                               */
/* ------------------------------------------------------------------ */

static void test_prng(void)
{
	uint64_t a = bb_prng_seed(1), b = bb_prng_seed(1), c = bb_prng_seed(2);
	uint64_t z = bb_prng_seed(0), r, hits[10] = { 0 };
	int i;

	CHECK(a == b);
	CHECK(a != c);
	CHECK(z != 0);
	for (i = 0; i < 1000; i++)
		CHECK_EQ(bb_xorshift64(&a), bb_xorshift64(&b));
	for (i = 0; i < 100000; i++) {
		r = bb_rand_below(bb_xorshift64(&z), 10);
		if (r >= 10) {
			CHECK(r < 10);
			break;
		}
		hits[r]++;
	}
	for (i = 0; i < 10; i++)
		CHECK(hits[i] > 9000 && hits[i] < 11000);
	CHECK_EQ(bb_rand_below(UINT64_MAX, 1), 0);
	CHECK_EQ(bb_rand_below(UINT64_MAX, 7), 6);
}

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
	{ "size parsing: suffixes and plain bytes", test_parse_size_good },
	{ "size parsing: bad input and overflow", test_parse_size_bad },
	{ "duration parsing: units and fractions", test_parse_duration_good },
	{ "duration parsing: bad input and overflow",
	  test_parse_duration_bad },
	{ "hold parsing: forever", test_parse_hold },
	{ "integer and real parsing", test_parse_numbers },
	{ "option helpers: exit 2 with one error line", test_opt_helpers },
	{ "histogram: empty", test_hist_empty },
	{ "histogram: values below 2048 are exact",
	  test_hist_small_values_exact },
	{ "histogram: one value", test_hist_single_value },
	{ "histogram: uniform 1..10^6 within 0.1%", test_hist_uniform },
	{ "histogram: log-uniform 1 ns..60 s within 0.1%",
	  test_hist_log_uniform },
	{ "histogram: random scales up to 2^42, and 2^64-1",
	  test_hist_random_scales },
	{ "histogram: saturation above the highest value",
	  test_hist_saturation },
	{ "histogram: record_n", test_hist_record_n },
	{ "histogram: merge", test_hist_merge },
	{ "histogram: reset", test_hist_reset },
	{ "histogram: series equals one by one", test_hist_series },
	{ "histogram: coordinated-omission correction",
	  test_hist_corrected },
	{ "prng: xorshift64 determinism and range", test_prng },
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
