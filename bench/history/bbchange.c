// SPDX-License-Identifier: GPL-2.0-only
/*
 * bbchange: change points of one series, by E-divisive means.
 *
 * Reads lines "LABEL VALUE" (LABEL any token without blanks, VALUE a
 * number; blank lines and lines starting with '#' are skipped) from FILE or
 * stdin, oldest first, and prints one line per change point:
 *
 *   change LABEL_BEFORE LABEL_AFTER index=I p=P change=+C% before=B after=A
 *
 * LABEL_BEFORE and LABEL_AFTER are the points either side of the change, I
 * the 0-based index of the point after it, P its permutation p-value, and
 * C the relative change from B, the median of the segment before, to A,
 * the median of the segment after.  Nothing is printed when there is no
 * change point.  Exit status: 0, 1 when out of memory, 2 on bad input.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "util.h"

struct series {
	double *v;
	char **label;
	size_t n;
	size_t cap;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bbchange [-p SIGNIFICANCE] [-m MIN_SEGMENT] [FILE]\n"
		"Change points of a series of \"LABEL VALUE\" lines (FILE or stdin),\n"
		"by E-divisive means with a permutation test.\n"
		"  -p SIGNIFICANCE  keep a change when its p-value is at most this\n"
		"                   (default 0.05)\n"
		"  -m MIN_SEGMENT   fewest points between changes (default 3, at least 2)\n"
		"  -h               this help\n");
}

/* Appends one point; false when out of memory. */
static bool series_add(struct series *s, const char *label, double value)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		double *v = realloc(s->v, cap * sizeof(*v));
		char **l;

		if (!v)
			return false;
		s->v = v;
		l = realloc(s->label, cap * sizeof(*l));
		if (!l)
			return false;
		s->label = l;
		s->cap = cap;
	}
	s->label[s->n] = strdup(label);
	if (!s->label[s->n])
		return false;
	s->v[s->n++] = value;
	return true;
}

/* Reads the series; on bad input prints why and returns BB_EXIT_USAGE. */
static int series_read(FILE *f, const char *name, struct series *s)
{
	char *line = NULL, *label, *value, *end, *extra;
	size_t cap = 0, lineno = 0;
	int ret = 0;
	double x;

	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		label = strtok(line, " \t\r\n");
		if (!label || label[0] == '#')
			continue;
		value = strtok(NULL, " \t\r\n");
		extra = strtok(NULL, " \t\r\n");
		if (!value || extra) {
			bb_error("%s:%zu: expected \"LABEL VALUE\"", name,
				 lineno);
			ret = BB_EXIT_USAGE;
			break;
		}
		errno = 0;
		x = strtod(value, &end);
		if (*end || end == value || errno || !isfinite(x)) {
			bb_error("%s:%zu: not a finite number: %s", name,
				 lineno, value);
			ret = BB_EXIT_USAGE;
			break;
		}
		if (!series_add(s, label, x)) {
			bb_error("out of memory");
			ret = BB_EXIT_FAIL;
			break;
		}
	}
	if (!ret && ferror(f)) {
		bb_error("%s: %s", name, strerror(errno));
		ret = BB_EXIT_USAGE;
	}
	free(line);
	return ret;
}

int main(int argc, char **argv)
{
	struct bb_changepoint *cps = NULL;
	struct series s = { 0 };
	struct bb_cp_params params;
	const char *name = "stdin";
	size_t i, count = 0;
	FILE *f = stdin;
	char *end;
	int opt, ret;

	bb_cp_defaults(&params);
	while ((opt = getopt(argc, argv, ":p:m:h")) != -1) {
		switch (opt) {
		case 'p':
			errno = 0;
			params.significance = strtod(optarg, &end);
			if (*end || end == optarg || errno ||
			    !(params.significance > 0 &&
			      params.significance <= 1)) {
				bb_error("-p: want a significance in (0, 1], not %s",
					 optarg);
				return BB_EXIT_USAGE;
			}
			break;
		case 'm': {
			uint64_t m;

			if (bb_parse_u64(optarg, &m) || m < 2 ||
			    m > SIZE_MAX / 2) {
				bb_error("-m: want a whole number of at least 2, not %s",
					 optarg);
				return BB_EXIT_USAGE;
			}
			params.min_segment = (size_t)m;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			bb_error("-%c needs a value (see -h)", optopt);
			return BB_EXIT_USAGE;
		default:
			bb_error("unknown option -%c (see -h)", optopt);
			return BB_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		bb_error("one input file at most, got %d", argc - optind);
		return BB_EXIT_USAGE;
	}
	if (optind < argc && strcmp(argv[optind], "-") != 0) {
		name = argv[optind];
		f = fopen(name, "r");
		if (!f) {
			bb_error("%s: %s", name, strerror(errno));
			return BB_EXIT_USAGE;
		}
	}

	ret = series_read(f, name, &s);
	if (f != stdin)
		fclose(f);
	if (!ret && bb_changepoints(s.v, s.n, &params, &cps, &count) < 0) {
		ret = errno == ENOMEM ? BB_EXIT_FAIL : BB_EXIT_USAGE;
		bb_error("change points: %s", strerror(errno));
	}
	for (i = 0; !ret && i < count; i++) {
		const struct bb_changepoint *c = &cps[i];

		printf("change %s %s index=%zu p=%.3g change=%+.1f%% before=%.6g after=%.6g\n",
		       s.label[c->index - 1], s.label[c->index], c->index, c->p,
		       100 * c->change, c->before, c->after);
	}
	if (!ret && (fflush(stdout) || ferror(stdout))) {
		bb_error("stdout: %s", strerror(errno));
		ret = BB_EXIT_FAIL;
	}
	for (i = 0; i < s.n; i++)
		free(s.label[i]);
	free(s.label);
	free(s.v);
	free(cps);
	return ret;
}
