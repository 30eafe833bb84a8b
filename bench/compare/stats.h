/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Statistics for comparing a base and a candidate: medians, a bootstrap
 * confidence interval of the ratio of medians, the Mann-Whitney U test, the
 * paired t test with the geometric mean ratio, Holm's adjustment, and the
 * verdict for one metric.
 */
#ifndef BB_STATS_H
#define BB_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "metrics.h"
#include "sample.h"


/**
 * struct bb_interval - a confidence interval
 * @low: lower bound
 * @high: upper bound
 */
struct bb_interval {
	double low;
	double high;
};

struct bb_interval bb_bootstrap_ratio(const double *base, size_t nb,
				      const double *cand, size_t nc,
				      unsigned int resamples,
				      double confidence, uint64_t seed);
double bb_mann_whitney_p(const double *a, size_t na, const double *b,
			 size_t nb);
double bb_mann_whitney_min_p(size_t na, size_t nb);
double bb_student_t_p(double t, unsigned int df);
double bb_student_t_quantile(double p, unsigned int df);
double bb_paired_log_t_p(const double *base, const double *cand, size_t n);

double bb_best(const double *v, size_t n, enum bb_better better);

enum bb_verdict {
	BB_VERDICT_SAME,
	BB_VERDICT_BETTER,
	BB_VERDICT_WORSE,
	BB_VERDICT_UNRELIABLE,
};

extern const char *const bb_verdict_names[];
extern const char *const bb_metric_kind_names[];

/**
 * struct bb_comparison - one metric, base against candidate
 * @n_base: base samples
 * @n_cand: candidate samples
 * @base_median: the base's figure: its median, or for a virtual-clock
 *	metric its best repetition
 * @cand_median: the candidate's, the same way
 * @ratio: the effect judged: @cand_median / @base_median (1 when both
 *	are 0), or for pairs the geometric mean of the pairs' ratios
 * @change: relative change of @ratio in the metric's good direction: > 0
 *	better
 * @interval: 95% interval of @ratio (wall metrics): the bootstrap's, or
 *	for pairs the t interval of the geometric mean ratio
 * @p: two-sided p-value (wall metrics: Mann-Whitney, or the paired t test
 *	on log ratios), else 1
 * @min_p: the smallest @p the test could have given at these sample
 *	sizes (0 for the t test), 1 for metrics without a test
 * @paired: the paired t test judged (bb_compare_paired() on pairs whose
 *	values are all above 0)
 * @verdict: the decision
 */
struct bb_comparison {
	size_t n_base;
	size_t n_cand;
	double base_median;
	double cand_median;
	double ratio;
	double change;
	struct bb_interval interval;
	double p;
	double min_p;
	bool paired;
	enum bb_verdict verdict;
};

/* Significance level of every test: 5%. */
#define BB_ALPHA 0.05

int bb_holm(double *p, size_t n);
double bb_holm_in_place(const double *p, size_t n, size_t slot,
			double p_other);
bool bb_can_reject(const double *min_p, size_t family, size_t self);

/* Fewer repetitions than this per side: the verdict is unreliable. */
#define BB_MIN_REPETITIONS 3

struct bb_comparison bb_compare(const double *base, size_t nb,
				const double *cand, size_t nc,
				enum bb_better better, enum bb_metric_kind kind,
				double tolerance);
struct bb_comparison bb_compare_paired(const double *base,
				       const double *cand, size_t n,
				       enum bb_better better,
				       enum bb_metric_kind kind,
				       double tolerance);

#endif /* BB_STATS_H */
