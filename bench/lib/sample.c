// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample's order statistics: the comparison qsort() sorts doubles with,
 * and the median.
 */
#include "sample.h"

#include <stdlib.h>
#include <string.h>

/* qsort()'s comparison for doubles, ascending. */
int bb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/**
 * bb_sort_median() - median of a sample, sorting it
 * @v: values, sorted in place
 * @n: how many, at least one
 *
 * Return: the median (the mean of the middle two for an even count, taken
 * as halves: the sum of two values near DBL_MAX overflows).
 */
double bb_sort_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bb_cmp_double);
	return n % 2 ? v[n / 2] : v[n / 2 - 1] / 2 + v[n / 2] / 2;
}

/**
 * bb_median() - median of a sample
 * @v: values (not changed)
 * @n: how many, at least one
 *
 * Return: the median, as bb_sort_median() gives it.
 */
double bb_median(const double *v, size_t n)
{
	double *copy = malloc(n * sizeof(*copy)), m;

	if (!copy)
		abort();
	memcpy(copy, v, n * sizeof(*copy));
	m = bb_sort_median(copy, n);
	free(copy);
	return m;
}
