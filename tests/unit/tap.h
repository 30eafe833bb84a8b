/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit tests' harness: checks that record a failure with file:line and
 * let the case go on, and a runner printing TAP-like lines, "ok N - name"
 * or "not ok N - name" followed by "# " lines for each failed check.  Each
 * test program is one file that includes this once.
 */
#ifndef BB_TAP_H
#define BB_TAP_H

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static char tap_detail[16384];
static size_t tap_detail_len;
static unsigned int checks_failed;

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	size_t room = sizeof(tap_detail) - tap_detail_len;
	va_list ap;
	int n;

	if (room <= 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tap_detail + tap_detail_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		tap_detail_len += (size_t)n < room ? (size_t)n : room - 1;
}

static void check(bool ok, const char *file, int line, const char *what)
{
	if (ok)
		return;
	checks_failed++;
	note("# %s:%d: CHECK(%s) failed\n", file, line, what);
}

static void check_eq(uint64_t got, uint64_t want, const char *file, int line,
		     const char *got_expr, const char *want_expr)
{
	if (got == want)
		return;
	checks_failed++;
	note("# %s:%d: %s == %s: got %" PRIu64 " (0x%" PRIx64 "), want %"
	     PRIu64 " (0x%" PRIx64 ")\n", file, line, got_expr, want_expr,
	     got, got, want, want);
}

/* Inline: not every test program compares floating-point results. */
static inline void check_near(double got, double want, double eps,
			      const char *file, int line, const char *what)
{
	if (fabs(got - want) <= eps)
		return;
	checks_failed++;
	note("# %s:%d: %s: got %.9g, want %.9g (within %g)\n", file, line,
	     what, got, want, eps);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define CHECK(cond) check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_NEAR(got, want, eps) \
	check_near((got), (want), (eps), __FILE__, __LINE__, #got)
#define CHECK_EQ(got, want)						\
	check_eq((uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__,	\
		 #got, #want)

struct tap_case {
	const char *name;
	void (*fn)(void);
};

/* Runs every case; returns the exit status (0 when all passed). */
static int tap_run(const struct tap_case *cases, unsigned int n)
{
	unsigned int i, failed = 0;

	printf("1..%u\n", n);
	for (i = 0; i < n; i++) {
		checks_failed = 0;
		tap_detail_len = 0;
		tap_detail[0] = '\0';
		cases[i].fn();
		if (checks_failed) {
			failed++;
			printf("not ok %u - %s\n%s", i + 1, cases[i].name,
			       tap_detail);
		} else {
			printf("ok %u - %s\n", i + 1, cases[i].name);
		}
		fflush(stdout);
	}
	if (failed)
		printf("# %u of %u failed\n", failed, n);
	return failed ? 1 : 0;
}

#endif /* BB_TAP_H */
