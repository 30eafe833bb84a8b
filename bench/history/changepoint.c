// SPDX-License-Identifier: GPL-2.0-only
/*
 * E-divisive means with alpha = 1.  Split a segment x[0..n) into a left
 * part x[0..t) and a right part x[t..k), where k <= n: as in the paper, the
 * right part need not reach the segment's end, so a short excursion in the
 * middle of a segment still stands out.  With
 *
 *   B  = sum of |a - b| over a in the left part and b in the right part,
 *   WL = sum of |a - a'| over the pairs within the left part,
 *   WR = the same within the right part, r = k - t,
 *
 * the energy divergence is E = 2 B / (t r) - WL / C(t, 2) - WR / C(r, 2)
 * and the scaled divergence is Q = t r / (t + r) E.  The best split of a
 * segment maximises Q over t and k; its position is t.
 *
 * The search over every (t, k) takes O(n^2) time and O(n) memory: W[k], the
 * sum over the pairs within x[0..k), is a running sum (WL = W[t]); col[j],
 * the sum of |x[i] - x[j]| over i < t, gains one row for each t, so B is a
 * running sum of col[t..k) and WR = W[k] - W[t] - B.
 *
 * A split is significant when few random arrangements of the data do as
 * well: every current segment is shuffled on its own, the best split over
 * all segments is found again, and p = (1 + hits) / (1 + permutations),
 * where a hit is a shuffle whose best Q is at least the observed one.
 */
#include "changepoint.h"
#include "bb_prng.h"
#include "sample.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Scratch space for bb_best_split(), n + 1 entries each. */
struct bb_cp_scratch {
	double *within;
	double *col;
};

/* The best split of x[0..n): the left part's size and its Q. */
static bool bb_best_split(const double *x, size_t n, size_t min,
			  struct bb_cp_scratch *s, size_t *split, double *q)
{
	double *w = s->within, *col = s->col;
	size_t t, k, i;

	if (n < 2 * min)
		return false;
	w[0] = 0;
	for (k = 1; k <= n; k++) {
		double sum = 0;

		for (i = 0; i + 1 < k; i++)
			sum += fabs(x[i] - x[k - 1]);
		w[k] = w[k - 1] + sum;
		col[k - 1] = 0;
	}
	*q = -INFINITY;
	for (t = 1; t + min <= n; t++) {
		double cross = 0, l = (double)t;

		for (k = t; k < n; k++)
			col[k] += fabs(x[t - 1] - x[k]);
		if (t < min)
			continue;
		for (k = t + 1; k <= n; k++) {
			double r = (double)(k - t), wr, e, qq;

			cross += col[k - 1];
			if (k - t < min)
				continue;
			wr = w[k] - w[t] - cross;
			e = 2 * cross / (l * r) - 2 * w[t] / (l * (l - 1)) -
			    2 * wr / (r * (r - 1));
			qq = l * r / (l + r) * e;
			if (qq > *q) {
				*q = qq;
				*split = t;
			}
		}
	}
	return true;
}

/*
 * The best split over the segments x[bounds[i]..bounds[i + 1]), i < nseg:
 * its index in x and its Q; false when every segment is too short.
 */
static bool bb_best_of_segments(const double *x, const size_t *bounds,
				size_t nseg, size_t min,
				struct bb_cp_scratch *s, size_t *at, double *q)
{
	bool found = false;
	size_t i, split = 0;
	double qq;

	for (i = 0; i < nseg; i++) {
		if (!bb_best_split(x + bounds[i], bounds[i + 1] - bounds[i],
				   min, s, &split, &qq))
			continue;
		if (!found || qq > *q) {
			found = true;
			*q = qq;
			*at = bounds[i] + split;
		}
	}
	return found;
}

/* Fisher-Yates; the draw is uniform in [0, i) (rejection, no modulo bias). */
static void bb_shuffle(double *x, size_t n, uint64_t *state)
{
	size_t i, j;

	for (i = n; i > 1; i--) {
		uint64_t limit = UINT64_MAX - UINT64_MAX % i, r;
		double tmp;

		do
			r = bb_splitmix64(state);
		while (r >= limit);
		j = (size_t)(r % i);
		tmp = x[i - 1];
		x[i - 1] = x[j];
		x[j] = tmp;
	}
}

/*
 * The permutation p-value of a best split with divergence q.  @work holds a
 * copy of the data and is shuffled.  Stops as soon as the split cannot be
 * significant any more; the p-value returned then is already above the
 * significance level.
 */
static double bb_permutation_p(double *work, const size_t *bounds,
			       size_t nseg, const struct bb_cp_params *pr,
			       struct bb_cp_scratch *s, uint64_t *state,
			       double q)
{
	double total = pr->permutations + 1.0, qq;
	unsigned int r, hits = 0;
	size_t i, at;

	for (r = 0; r < pr->permutations; r++) {
		for (i = 0; i < nseg; i++)
			bb_shuffle(work + bounds[i], bounds[i + 1] - bounds[i],
				   state);
		if (bb_best_of_segments(work, bounds, nseg, pr->min_segment, s,
					&at, &qq) && qq >= q)
			hits++;
		if ((hits + 1) / total > pr->significance)
			break;
	}
	return (hits + 1) / total;
}

/* Median of x[0..n), n >= 1, sorted in @tmp. */
static double bb_cp_median(const double *x, size_t n, double *tmp)
{
	memcpy(tmp, x, n * sizeof(*tmp));
	return bb_sort_median(tmp, n);
}

/**
 * bb_cp_defaults() - the usual parameters
 * @params: filled in: significance 0.05, segments of at least 3 points,
 *	199 permutations, a fixed seed
 */
void bb_cp_defaults(struct bb_cp_params *params)
{
	params->significance = 0.05;
	params->min_segment = 3;
	params->permutations = 199;
	params->seed = 0x62616c6c6f6f6eu; /* "balloon" */
}

/**
 * bb_changepoints() - change points of a series, by E-divisive means
 * @v: the series, finite values, oldest first
 * @n: how many values
 * @params: how hard to look; NULL for bb_cp_defaults().  A @min_segment
 *	below 2 counts as 2.
 * @out: set to a malloc()ed array of the change points sorted by index
 *	(NULL when there is none); the caller frees it
 * @count: set to the number of change points
 *
 * Finds the best split of the series and keeps it when its permutation
 * p-value is at most @params->significance; then, over all the segments
 * the kept splits delimit, the best split again, until one is not
 * significant.  A series shorter than twice the minimum segment has none.
 * The medians of each change point's neighbouring segments are those of
 * the final segmentation.  The permutations come from a generator seeded
 * with @params->seed, so the same input always gives the same answer.
 *
 * Return: 0, or -1 with errno EINVAL (a value is not finite, or the
 * significance is not a number) or ENOMEM.
 */
int bb_changepoints(const double *v, size_t n,
		    const struct bb_cp_params *params,
		    struct bb_changepoint **out, size_t *count)
{
	struct bb_cp_scratch s = { NULL, NULL };
	struct bb_changepoint *cps = NULL;
	struct bb_cp_params pr;
	size_t *bounds = NULL, nseg = 1, i, at = 0;
	double *work = NULL, q, p;
	uint64_t state;
	int ret = -1;

	*out = NULL;
	*count = 0;
	if (params)
		pr = *params;
	else
		bb_cp_defaults(&pr);
	if (pr.min_segment < 2)
		pr.min_segment = 2;
	if (isnan(pr.significance))
		goto einval;
	for (i = 0; i < n; i++)
		if (!isfinite(v[i]))
			goto einval;
	if (n < 2 * pr.min_segment)
		return 0;

	bounds = malloc((n + 1) * sizeof(*bounds));
	cps = malloc(n * sizeof(*cps));
	work = malloc(n * sizeof(*work));
	s.within = malloc((n + 1) * sizeof(*s.within));
	s.col = malloc((n + 1) * sizeof(*s.col));
	if (!bounds || !cps || !work || !s.within || !s.col) {
		errno = ENOMEM;
		goto out;
	}

	/* Segment i is v[bounds[i]..bounds[i + 1]); cps[i] is at bounds[i + 1]. */
	bounds[0] = 0;
	bounds[1] = n;
	state = pr.seed;
	while (bb_best_of_segments(v, bounds, nseg, pr.min_segment, &s, &at,
				   &q) && q > 0) {
		memcpy(work, v, n * sizeof(*work));
		p = bb_permutation_p(work, bounds, nseg, &pr, &s, &state, q);
		if (p > pr.significance)
			break;
		for (i = nseg; bounds[i] > at; i--) {
			bounds[i + 1] = bounds[i];
			if (i < nseg)
				cps[i] = cps[i - 1];
		}
		bounds[i + 1] = at;
		cps[i] = (struct bb_changepoint){ .index = at, .q = q, .p = p };
		nseg++;
	}

	for (i = 0; i + 1 < nseg; i++) {
		struct bb_changepoint *c = &cps[i];

		c->before = bb_cp_median(v + bounds[i], bounds[i + 1] - bounds[i],
					 work);
		c->after = bb_cp_median(v + bounds[i + 1],
					bounds[i + 2] - bounds[i + 1], work);
		if (c->before != 0)
			c->change = (c->after - c->before) / fabs(c->before);
		else if (c->after == 0)
			c->change = 0;
		else
			c->change = c->after > 0 ? HUGE_VAL : -HUGE_VAL;
	}
	*count = nseg - 1;
	if (*count) {
		*out = cps;
		cps = NULL;
	}
	ret = 0;
	goto out;
einval:
	errno = EINVAL;
out:
	free(bounds);
	free(cps);
	free(work);
	free(s.within);
	free(s.col);
	return ret;
}
