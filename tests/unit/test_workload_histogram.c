// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the workloads' library (workloads/lib), its statistics:
 * the latency histogram against exact sorted samples, its coordinated-
 * omission correction, and the PRNG.  Parsing is in
 * test_workload_options.c, the /proc parsers and the run control in
 * test_workloads.c.
 *
 * Output is TAP-like: one "ok N - name" or "not ok N - name" line per case,
 * the latter followed by "# " lines naming each failed check.  The exit
 * status is 0 only when every case passed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_options.h"
#include "bb_output.h"
#include "bb_prng.h"
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

static const struct tap_case cases[] = {
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
};

int main(void)
{
	bb_set_prog("test_workload_histogram");
	return tap_run(cases, BB_ARRAY_SIZE(cases));
}
