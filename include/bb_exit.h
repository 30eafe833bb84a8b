/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exit codes, the same for every program of the project (and read so by
 * tests/run.sh, where 4 is a skipped test).
 */
#ifndef BB_EXIT_H
#define BB_EXIT_H

enum bb_exit {
	BB_EXIT_OK = 0,		/* done; a workload's metrics are good */
	BB_EXIT_FAIL = 1,	/* a run, a check or a workload failed */
	BB_EXIT_USAGE = 2,	/* bad input, or undecided (bbcompare) */
	BB_EXIT_SKIP = 4,	/* a feature is not available (no THP) */
	BB_EXIT_UNTRUSTED = 5,	/* ran, but the metrics are not trustworthy */
};

#endif /* BB_EXIT_H */
