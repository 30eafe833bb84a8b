/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parsing of command-line values: sizes ("512M"), durations ("500ms"),
 * hold times ("forever"), integers and reals; the bb_opt_*() helpers
 * parse an option's value or exit 2 with one error line.
 */
#ifndef BB_WL_OPTIONS_H
#define BB_WL_OPTIONS_H

#include <stdint.h>

/* A duration meaning "until SIGINT or SIGTERM" (bb_parse_hold()). */
#define BB_FOREVER UINT64_MAX

#define BB_NS_PER_US	1000ULL
#define BB_NS_PER_MS	1000000ULL
#define BB_NS_PER_S	1000000000ULL
#define BB_MIB		(1ULL << 20)

#define BB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int bb_parse_size(const char *s, uint64_t *bytes);
int bb_parse_duration(const char *s, uint64_t *ns);
int bb_parse_hold(const char *s, uint64_t *ns);
int bb_parse_u64(const char *s, uint64_t *value);
int bb_parse_double(const char *s, double *value);
uint64_t bb_opt_size(const char *name, const char *arg);
uint64_t bb_opt_duration(const char *name, const char *arg);
uint64_t bb_opt_hold(const char *name, const char *arg);
uint64_t bb_opt_u64(const char *name, const char *arg);
unsigned int bb_opt_choice(const char *name, const char *arg,
			   const char *const *choices, unsigned int n);
void __attribute__((noreturn))
bb_getopt_fail(int c, char *const argv[]);

#endif /* BB_WL_OPTIONS_H */
