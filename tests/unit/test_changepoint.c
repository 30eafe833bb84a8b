// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the change point detector (bench/history/changepoint.c) on
 * worked examples: steps it must find where they are, and series without a
 * change (constant, noise, too short) where it must find nothing.  The
 * noise is deterministic, so every run sees the same series.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "bb_prng.h"
#include "changepoint.h"
#include "tap.h"

/* Uniform noise in [-1, 1), the same sequence for the same state. */
static double noise(uint64_t *state)
{
	return (double)(bb_splitmix64(state) >> 11) / (double)(1ull << 52) - 1;
}

/*
 * Fills v with the levels: level[i] for len[i] points each, times
 * (1 + spread * noise).  Returns the number of points.
 */
static size_t steps(double *v, const double *level, const size_t *len,
		    size_t nlevels, double spread, uint64_t seed)
{
	size_t i, j, n = 0;

	for (i = 0; i < nlevels; i++)
		for (j = 0; j < len[i]; j++)
			v[n++] = level[i] * (1 + spread * noise(&seed));
	return n;
}

/* Runs the detector with the default parameters; -1 on error. */
static long detect(const double *v, size_t n, struct bb_changepoint **cps)
{
	size_t count;

	if (bb_changepoints(v, n, NULL, cps, &count) < 0)
		return -1;
	return (long)count;
}

static void print_changes(const struct bb_changepoint *cps, long count)
{
	long i;

	for (i = 0; i < count; i++)
		note("# change at %zu: p=%g q=%g %g -> %g\n", cps[i].index,
		     cps[i].p, cps[i].q, cps[i].before, cps[i].after);
}

/* 10 x 100 then 10 x 120, +-0.5% noise: one change, at 10, about +20%. */
static void test_one_step(void)
{
	const double level[] = { 100, 120 };
	const size_t len[] = { 10, 10 };
	struct bb_changepoint *cps;
	double v[20];
	size_t n = steps(v, level, len, N(level), 0.005, 1);
	long count = detect(v, n, &cps);

	CHECK_EQ(count, 1);
	if (count >= 1) {
		CHECK_EQ(cps[0].index, 10);
		CHECK(cps[0].p < 0.01);
		CHECK(cps[0].q > 0);
		CHECK_NEAR(cps[0].before, 100, 0.5);
		CHECK_NEAR(cps[0].after, 120, 0.6);
		CHECK_NEAR(cps[0].change, 0.2, 0.01);
	}
	if (count != 1)
		print_changes(cps, count);
	free(cps);
}

/* A clear step's p-value is the smallest 199 permutations can give. */
static void test_step_p_value(void)
{
	const double level[] = { 100, 120 };
	const size_t len[] = { 10, 10 };
	struct bb_changepoint *cps;
	double v[20];
	size_t n = steps(v, level, len, N(level), 0.005, 2);
	long count = detect(v, n, &cps);

	CHECK_EQ(count, 1);
	if (count >= 1)
		CHECK_NEAR(cps[0].p, 1.0 / 200, 1e-12);
	free(cps);
}

/* A drop: the change is negative. */
static void test_step_down(void)
{
	const double level[] = { 120, 100 };
	const size_t len[] = { 12, 8 };
	struct bb_changepoint *cps;
	double v[20];
	size_t n = steps(v, level, len, N(level), 0.005, 3);
	long count = detect(v, n, &cps);

	CHECK_EQ(count, 1);
	if (count >= 1) {
		CHECK_EQ(cps[0].index, 12);
		CHECK_NEAR(cps[0].change, -1.0 / 6, 0.01);
	}
	free(cps);
}

/* 100, 120, 90: both steps, sorted by index, each against its neighbours. */
static void test_two_steps(void)
{
	const double level[] = { 100, 120, 90 };
	const size_t len[] = { 10, 10, 10 };
	struct bb_changepoint *cps;
	double v[30];
	size_t n = steps(v, level, len, N(level), 0.005, 4);
	long count = detect(v, n, &cps);

	CHECK_EQ(count, 2);
	if (count >= 2) {
		CHECK_EQ(cps[0].index, 10);
		CHECK_EQ(cps[1].index, 20);
		CHECK(cps[0].p <= 0.05 && cps[1].p <= 0.05);
		CHECK_NEAR(cps[0].change, 0.2, 0.01);
		CHECK_NEAR(cps[1].change, -0.25, 0.01);
	}
	if (count != 2)
		print_changes(cps, count);
	free(cps);
}

/* An excursion that comes back: both of its edges. */
static void test_excursion(void)
{
	const double level[] = { 100, 130, 100 };
	const size_t len[] = { 10, 5, 10 };
	struct bb_changepoint *cps;
	double v[25];
	size_t n = steps(v, level, len, N(level), 0.005, 5);
	long count = detect(v, n, &cps);

	CHECK_EQ(count, 2);
	if (count >= 2) {
		CHECK_EQ(cps[0].index, 10);
		CHECK_EQ(cps[1].index, 15);
	}
	if (count != 2)
		print_changes(cps, count);
	free(cps);
}

static void test_constant(void)
{
	struct bb_changepoint *cps;
	double v[20];
	size_t i;

	for (i = 0; i < N(v); i++)
		v[i] = 50;
	CHECK_EQ(detect(v, N(v), &cps), 0);
	CHECK(cps == NULL);
	free(cps);
}

/* 30 points of 100 +-2%, several series: no change in any. */
static void test_noise(void)
{
	const double level[] = { 100 };
	const size_t len[] = { 30 };
	struct bb_changepoint *cps;
	uint64_t seed;
	double v[30];

	for (seed = 10; seed < 15; seed++) {
		size_t n = steps(v, level, len, 1, 0.02, seed);
		long count = detect(v, n, &cps);

		CHECK_EQ(count, 0);
		if (count)
			note("# noise seed %" PRIu64 "\n", seed);
		print_changes(cps, count);
		free(cps);
	}
}

/* Fewer than twice the minimum segment: nothing, however clear. */
static void test_too_short(void)
{
	const double five[] = { 100, 100, 100, 200, 200 };
	struct bb_changepoint *cps;
	struct bb_cp_params params;
	size_t count = 99;

	CHECK_EQ(detect(five, N(five), &cps), 0);
	CHECK_EQ(detect(five, 1, &cps), 0);
	CHECK_EQ(detect(NULL, 0, &cps), 0);
	CHECK(cps == NULL);
	/* The same five points with segments of 2: too few for a p <= 0.05. */
	bb_cp_defaults(&params);
	params.min_segment = 2;
	CHECK_EQ(bb_changepoints(five, N(five), &params, &cps, &count), 0);
	CHECK_EQ(count, 0);
	free(cps);
}

/* No segment shorter than the minimum: a step 2 points in is not found. */
static void test_min_segment(void)
{
	const double level[] = { 100, 120 };
	const size_t len[] = { 2, 18 };
	struct bb_changepoint *cps;
	double v[20];
	size_t n = steps(v, level, len, N(level), 0.005, 6);
	long i, count = detect(v, n, &cps);

	CHECK(count >= 0);
	for (i = 0; i < count; i++) {
		CHECK(cps[i].index >= 3);
		CHECK(cps[i].index <= n - 3);
	}
	free(cps);
}

/* The same input and seed give the same answer; bad input is refused. */
static void test_deterministic_and_errors(void)
{
	const double level[] = { 100, 104 };
	const size_t len[] = { 15, 15 };
	struct bb_changepoint *a, *b;
	double v[30];
	size_t n = steps(v, level, len, N(level), 0.02, 7);
	long ca = detect(v, n, &a), cb = detect(v, n, &b), i;

	CHECK_EQ(ca, cb);
	for (i = 0; i < ca && i < cb; i++) {
		CHECK_EQ(a[i].index, b[i].index);
		CHECK(a[i].p == b[i].p);
	}
	free(a);
	free(b);

	v[3] = NAN;
	errno = 0;
	CHECK_EQ(detect(v, n, &a), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK(a == NULL);
}

int main(void)
{
	static const struct tap_case cases[] = {
		{ "one step found at its index", test_one_step },
		{ "a clear step has p = 1/200", test_step_p_value },
		{ "a drop is a negative change", test_step_down },
		{ "two steps found, sorted", test_two_steps },
		{ "an excursion: both edges", test_excursion },
		{ "constant series: none", test_constant },
		{ "noise: none", test_noise },
		{ "too short: none", test_too_short },
		{ "minimum segment respected", test_min_segment },
		{ "deterministic; bad input refused", test_deterministic_and_errors },
	};

	return tap_run(cases, N(cases));
}
