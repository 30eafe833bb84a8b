/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A log-linear histogram of non-negative integers (latencies in ns) in the
 * style of HdrHistogram, with three significant decimal digits.
 *
 * Values 0..2047 have a bucket each; above that, every power-of-two range
 * [2^k, 2^(k+1)) is cut into 1024 equal buckets, so a bucket is never wider
 * than 1/1024 of its lowest value.  A percentile is reported as the middle
 * of its bucket, so it is within 1/2048 (0.05%) of the true sample value.
 * Count, minimum, maximum and sum are kept exactly.
 */
#ifndef BB_WL_HISTOGRAM_H
#define BB_WL_HISTOGRAM_H

#include <stdint.h>

#define HIST_SUB_BITS	11			/* 2048 sub-buckets */
#define HIST_HALF_BITS	(HIST_SUB_BITS - 1)
#define HIST_HALF	(1U << HIST_HALF_BITS)	/* 1024 */

/**
 * struct hist - the histogram; use only through the hist_*() functions
 * @counts: one counter per bucket
 * @counts_len: number of buckets
 * @highest: highest trackable value; larger values are recorded as this
 * @total: number of values recorded
 * @saturated: how many of them were larger than @highest
 * @min: smallest value recorded (after clamping to @highest)
 * @max: largest value recorded (after clamping to @highest)
 * @sum: sum of the values recorded (after clamping)
 */
struct hist {
	uint64_t *counts;
	uint32_t counts_len;
	uint64_t highest;
	uint64_t total;
	uint64_t saturated;
	uint64_t min;
	uint64_t max;
	unsigned __int128 sum;
};

int hist_init(struct hist *h, uint64_t highest);
void hist_free(struct hist *h);
void hist_reset(struct hist *h);
void hist_record(struct hist *h, uint64_t value);
void hist_record_n(struct hist *h, uint64_t value, uint64_t n);
void hist_record_series(struct hist *h, uint64_t first, uint64_t step,
			uint64_t n);
void hist_record_corrected(struct hist *h, uint64_t value, uint64_t interval);
int hist_merge(struct hist *dst, const struct hist *src);
uint64_t hist_count(const struct hist *h);
uint64_t hist_saturated(const struct hist *h);
uint64_t hist_percentile(const struct hist *h, double p);
uint64_t hist_min(const struct hist *h);
uint64_t hist_max(const struct hist *h);
double hist_mean(const struct hist *h);

#endif /* BB_WL_HISTOGRAM_H */
