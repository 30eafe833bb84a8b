/* SPDX-License-Identifier: GPL-2.0-only */
/* Whether two result sets' environments make a comparison meaningful. */
#ifndef BB_ENVIRONMENT_H
#define BB_ENVIRONMENT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

bool bb_in(const char *key, const char *const *list, size_t n);
const char *bb_host_kind(json_t *results);
bool bb_environments(json_t *base, json_t *cand, const char *const *allowed,
		     size_t n_allowed);

#endif
