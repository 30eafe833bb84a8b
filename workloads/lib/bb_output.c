// SPDX-License-Identifier: GPL-2.0-only
/*
 * Metric, comment and error output of the workloads.
 */
#include "bb_output.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static const char *prog_name = "workload";

/**
 * bb_set_prog() - set the program name used in error lines
 * @name: the name, e.g. "memhog"; must stay valid for the whole run
 */
void bb_set_prog(const char *name)
{
	prog_name = name;
}

/**
 * bb_prog() - the program name set by bb_set_prog()
 *
 * Return: the name.
 */
const char *bb_prog(void)
{
	return prog_name;
}

static void verror(const char *fmt, va_list ap)
{
	char msg[512], *p;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* one line, whatever the message quotes */
	for (p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	/* stdout first, so that metrics printed so far precede the error */
	fflush(stdout);
	fprintf(stderr, "%s: error: %s\n", prog_name, msg);
	fflush(stderr);
}

/**
 * bb_error() - print one "<prog>: error: <what>" line on stderr
 * @fmt: printf format of <what>, without a newline; newlines in what it
 *       expands to become blanks, and it is cut at 511 bytes
 */
void bb_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
}

/**
 * bb_die() - print one error line on stderr and exit
 * @status: the exit status, one of enum bb_exit
 * @fmt: printf format of the error, without a newline
 */
void bb_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	exit(status);
}

/**
 * bb_comment() - print a "# " comment line for humans on stdout
 * @fmt: printf format of the comment, without a newline
 */
void bb_comment(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/**
 * bb_out_u64() - print an integer metric as "key=value"
 * @key: metric name, with its unit in it (e.g. "timer_quiet_p99_ns")
 * @value: the value
 */
void bb_out_u64(const char *key, uint64_t value)
{
	printf("%s=%" PRIu64 "\n", key, value);
}

/**
 * bb_out_f() - print a real metric as "key=value" with three decimals
 * @key: metric name, with its unit in it (e.g. "touch_mib_per_s")
 * @value: the value
 */
void bb_out_f(const char *key, double value)
{
	printf("%s=%.3f\n", key, value);
}

/**
 * bb_out_s() - print a duration metric in seconds, to the nanosecond
 * @key: metric name ending in "_s"
 * @ns: the duration in nanoseconds
 */
void bb_out_s(const char *key, uint64_t ns)
{
	printf("%s=%" PRIu64 ".%09" PRIu64 "\n", key, ns / 1000000000,
	       ns % 1000000000);
}

/**
 * bb_out_flush() - flush stdout, so a reader sees every line printed so far
 */
void bb_out_flush(void)
{
	fflush(stdout);
}
