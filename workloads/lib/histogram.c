// SPDX-License-Identifier: GPL-2.0-only
/*
 * Log-linear latency histogram (see histogram.h for the bucket layout).
 *
 * The index arithmetic is HdrHistogram's with a unit magnitude of 0 and
 * 2048 sub-buckets: bucket b holds values of bit length b + 11 (bucket 0
 * also everything below 2048) at a resolution of 2^b.
 */
#include "histogram.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SUB_MASK ((1ULL << HIST_SUB_BITS) - 1)

/* Bucket of @v: 0 below 2048, then one per power of two. */
static unsigned int bucket_of(uint64_t v)
{
	return (unsigned int)(63 - __builtin_clzll(v | SUB_MASK)) -
	       HIST_HALF_BITS;
}

static uint32_t index_of(uint64_t v)
{
	unsigned int b = bucket_of(v);
	uint64_t sub = v >> b;

	return (uint32_t)(((uint64_t)(b + 1) << HIST_HALF_BITS) + sub -
			  HIST_HALF);
}

/* Resolution of bucket @i's counter: log2 of its width. */
static unsigned int shift_of_index(uint32_t i)
{
	uint32_t b = i >> HIST_HALF_BITS;

	return b ? b - 1 : 0;
}

/* Lowest value counted by counter @i. */
static uint64_t lowest_of_index(uint32_t i)
{
	uint64_t sub = (i & (HIST_HALF - 1)) + HIST_HALF;

	if (i < HIST_HALF)
		return i;
	return sub << shift_of_index(i);
}

/* The value reported for counter @i: the middle of its range. */
static uint64_t middle_of_index(uint32_t i)
{
	return lowest_of_index(i) + ((1ULL << shift_of_index(i)) >> 1);
}

/**
 * hist_init() - set up an empty histogram
 * @h: the histogram
 * @highest: highest value to track, at least 1; larger values are
 *           recorded as @highest and counted by hist_saturated()
 *
 * Return: 0, -EINVAL for @highest 0, -ENOMEM.
 */
int hist_init(struct hist *h, uint64_t highest)
{
	memset(h, 0, sizeof(*h));
	if (!highest)
		return -EINVAL;
	h->counts_len = index_of(highest) + 1;
	h->counts = calloc(h->counts_len, sizeof(*h->counts));
	if (!h->counts)
		return -ENOMEM;
	h->highest = highest;
	h->min = UINT64_MAX;
	return 0;
}

/**
 * hist_free() - release the counters
 * @h: the histogram; hist_init() may set it up again
 */
void hist_free(struct hist *h)
{
	free(h->counts);
	memset(h, 0, sizeof(*h));
}

/**
 * hist_reset() - forget every value recorded
 * @h: the histogram
 */
void hist_reset(struct hist *h)
{
	memset(h->counts, 0, h->counts_len * sizeof(*h->counts));
	h->total = 0;
	h->saturated = 0;
	h->min = UINT64_MAX;
	h->max = 0;
	h->sum = 0;
}

/* Counts @n values, the largest @hi and the smallest @lo, summing to @sum. */
static void account(struct hist *h, uint64_t n, uint64_t lo, uint64_t hi,
		    unsigned __int128 sum)
{
	h->total += n;
	h->sum += sum;
	if (lo < h->min)
		h->min = lo;
	if (hi > h->max)
		h->max = hi;
}

/**
 * hist_record_n() - record one value several times
 * @h: the histogram
 * @value: the value
 * @n: how many times; 0 records nothing
 */
void hist_record_n(struct hist *h, uint64_t value, uint64_t n)
{
	if (!n)
		return;
	if (value > h->highest) {
		value = h->highest;
		h->saturated += n;
	}
	h->counts[index_of(value)] += n;
	account(h, n, value, value, (unsigned __int128)value * n);
}

/**
 * hist_record() - record one value
 * @h: the histogram
 * @value: the value
 */
void hist_record(struct hist *h, uint64_t value)
{
	hist_record_n(h, value, 1);
}

/**
 * hist_record_series() - record a decreasing arithmetic series of values
 * @h: the histogram
 * @first: the first and largest value
 * @step: the difference between consecutive values
 * @n: number of values: @first, @first - @step, ..., @first - (@n-1)*@step;
 *     values that would be negative are not recorded
 *
 * Takes time in the number of buckets the series crosses, not in @n, so a
 * long stall corrected for coordinated omission stays cheap to record.
 */
void hist_record_series(struct hist *h, uint64_t first, uint64_t step,
			uint64_t n)
{
	uint64_t x = first, m, lo;
	uint32_t i;

	if (!n)
		return;
	if (!step) {
		hist_record_n(h, first, n);
		return;
	}
	if (n - 1 > first / step)
		n = first / step + 1;
	/* the values above the highest trackable one, all as @highest */
	if (x > h->highest) {
		m = (x - h->highest - 1) / step + 1;
		if (m > n)
			m = n;
		hist_record_n(h, h->highest, m);
		h->saturated += m;
		n -= m;
		if (!n)
			return;
		x -= m * step;
	}
	account(h, n, x - (n - 1) * step, x, 0);
	for (;;) {
		i = index_of(x);
		lo = lowest_of_index(i);
		m = (x - lo) / step + 1;
		if (m > n)
			m = n;
		h->counts[i] += m;
		/* m values from x down: m * x - step * m * (m - 1) / 2 */
		h->sum += (unsigned __int128)m * x -
			  (unsigned __int128)step * m * (m - 1) / 2;
		n -= m;
		if (!n)
			break;
		x -= m * step;
	}
}

/**
 * hist_record_corrected() - record a value, correcting coordinated omission
 * @h: the histogram
 * @value: the value measured
 * @interval: the expected interval between two measurements; 0 for none
 *
 * As HdrHistogram's recordValueWithExpectedInterval(): a measurement that
 * took @value stalled the measurements that would have started every
 * @interval meanwhile, so @value - @interval, @value - 2 * @interval, ...
 * are recorded too, as long as they are at least @interval.
 */
void hist_record_corrected(struct hist *h, uint64_t value, uint64_t interval)
{
	uint64_t n = 1;

	if (interval && value >= interval)
		n = value / interval;
	hist_record_series(h, value, interval, n);
}

/**
 * hist_merge() - add every value of one histogram to another
 * @dst: the histogram added to
 * @src: the histogram added; unchanged
 *
 * Return: 0, or -EINVAL when the two do not track the same highest value.
 */
int hist_merge(struct hist *dst, const struct hist *src)
{
	uint32_t i;

	if (dst->highest != src->highest || dst->counts_len != src->counts_len)
		return -EINVAL;
	if (!src->total)
		return 0;
	for (i = 0; i < src->counts_len; i++)
		dst->counts[i] += src->counts[i];
	dst->saturated += src->saturated;
	account(dst, src->total, src->min, src->max, src->sum);
	return 0;
}

/**
 * hist_count() - number of values recorded
 * @h: the histogram
 *
 * Return: the count.
 */
uint64_t hist_count(const struct hist *h)
{
	return h->total;
}

/**
 * hist_saturated() - number of values recorded above the highest trackable
 * @h: the histogram
 *
 * Return: the count; those values were recorded as the highest trackable.
 */
uint64_t hist_saturated(const struct hist *h)
{
	return h->saturated;
}

/**
 * hist_percentile() - the value at a percentile, by nearest rank
 * @h: the histogram
 * @p: the percentile, 0 to 100 (clamped)
 *
 * The sample at rank ceil(@p / 100 * count) in increasing order (the first
 * for @p 0), reported as the middle of its bucket but within the exact
 * minimum and maximum: within 0.05% of the true sample value.
 *
 * Return: the value, 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct hist *h, double p)
{
	long double r;
	uint64_t rank, seen = 0, v;
	uint32_t i;

	if (!h->total)
		return 0;
	if (!(p > 0))
		return h->min;
	if (p >= 100)
		return h->max;
	r = (long double)p * h->total / 100;
	/* 99.9 is 99.900000000000006 as a double: do not round that up */
	r -= r * 1e-15L;
	rank = (uint64_t)r;
	if ((long double)rank < r || rank < 1)
		rank++;		/* ceil(r), at least 1 */
	for (i = 0; i < h->counts_len; i++) {
		seen += h->counts[i];
		if (seen >= rank)
			break;
	}
	if (i == h->counts_len)
		return h->max;
	v = middle_of_index(i);
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

/**
 * hist_min() - smallest value recorded
 * @h: the histogram
 *
 * Return: the exact minimum, 0 for an empty histogram.
 */
uint64_t hist_min(const struct hist *h)
{
	return h->total ? h->min : 0;
}

/**
 * hist_max() - largest value recorded
 * @h: the histogram
 *
 * Return: the exact maximum, 0 for an empty histogram.
 */
uint64_t hist_max(const struct hist *h)
{
	return h->max;
}

/**
 * hist_mean() - mean of the values recorded
 * @h: the histogram
 *
 * Return: the exact mean (rounded to a double), 0 for an empty histogram.
 */
double hist_mean(const struct hist *h)
{
	return h->total ? (double)h->sum / (double)h->total : 0;
}
