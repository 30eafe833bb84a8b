/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Change points in a series: E-divisive means (Matteson and James, "A
 * Nonparametric Approach for Multiple Change Point Analysis of Multivariate
 * Data", JASA 2014), the method behind MongoDB's signal processing and
 * Apache Otava (hunter).  The energy divergence with alpha = 1 finds the
 * best split, a permutation test decides whether it is real, and the search
 * goes on hierarchically until no split is significant.
 */
#ifndef BB_CHANGEPOINT_H
#define BB_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct bb_cp_params - how hard to look
 * @significance: accept a split when its p-value is at most this (0.05)
 * @min_segment: fewest points on either side of a split (3; at least 2)
 * @permutations: permutations in each significance test (199)
 * @seed: seed of the permutations' generator: same seed, same answer
 */
struct bb_cp_params {
	double significance;
	size_t min_segment;
	unsigned int permutations;
	uint64_t seed;
};

/**
 * struct bb_changepoint - one change point
 * @index: index of the first point after the change
 * @q: the split's scaled energy divergence (Q-hat) when it was found
 * @p: permutation p-value of the split when it was found
 * @before: median of the segment before the change
 * @after: median of the segment after the change (up to the next change)
 * @change: (@after - @before) / |@before|; 0 when both are 0, +-HUGE_VAL
 *	when only @before is 0
 */
struct bb_changepoint {
	size_t index;
	double q;
	double p;
	double before;
	double after;
	double change;
};

void bb_cp_defaults(struct bb_cp_params *params);
int bb_changepoints(const double *v, size_t n,
		    const struct bb_cp_params *params,
		    struct bb_changepoint **out, size_t *count);

#endif /* BB_CHANGEPOINT_H */
