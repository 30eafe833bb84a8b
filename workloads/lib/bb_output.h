/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Output of the workloads: "key=value" metric lines and "# " comment lines
 * on stdout, one-line errors on stderr, and the exit codes they share.
 */
#ifndef BB_WL_OUTPUT_H
#define BB_WL_OUTPUT_H

#include <stdint.h>

#include "bb_exit.h"

void bb_set_prog(const char *name);
const char *bb_prog(void);
void bb_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __attribute__((noreturn, format(printf, 2, 3)))
bb_die(int status, const char *fmt, ...);
void bb_comment(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bb_out_u64(const char *key, uint64_t value);
void bb_out_f(const char *key, double value);
void bb_out_s(const char *key, uint64_t ns);
void bb_out_flush(void);

#endif /* BB_WL_OUTPUT_H */
