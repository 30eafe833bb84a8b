/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A sample's order statistics, shared by bbcompare, bbreport and bbchange.
 */
#ifndef BB_SAMPLE_H
#define BB_SAMPLE_H

#include <stddef.h>

int bb_cmp_double(const void *a, const void *b);
double bb_sort_median(double *v, size_t n);
double bb_median(const double *v, size_t n);

#endif /* BB_SAMPLE_H */
