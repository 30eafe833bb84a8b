/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small helpers shared by the conductor's files: messages, time, files.
 */
#ifndef BB_UTIL_H
#define BB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bb_exit.h"

/* The number of elements of an array. */
#define BB_N(a) (sizeof(a) / sizeof((a)[0]))

#include <signal.h>

extern bool bb_verbose;
/* Set by SIGINT/SIGTERM; every wait loop checks it. */
extern volatile sig_atomic_t bb_interrupted;

void bb_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bb_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bb_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t bb_now_ns(void);
int bb_write_atomic(const char *path, const char *data, size_t len);
int bb_write_result(const char *dir, const char *name, const char *data,
		    size_t len);
char *bb_read_file(const char *path, size_t *len);
char *bb_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
int bb_parse_u64(const char *text, uint64_t *value);

#endif /* BB_UTIL_H */
