/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario files: sourceable sh, one KEY=value per line.
 */
#ifndef BB_CONF_H
#define BB_CONF_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct bb_conf - ordered KEY=value pairs
 * @n: number of pairs
 * @keys: upper-case keys
 * @values: their values, unquoted
 */
struct bb_conf {
	size_t n;
	char **keys;
	char **values;
};

int bb_conf_load(struct bb_conf *conf, const char *path);
int bb_conf_set_pair(struct bb_conf *conf, const char *pair);
void bb_conf_set(struct bb_conf *conf, const char *key, const char *value);
const char *bb_conf_get(const struct bb_conf *conf, const char *key);
int bb_conf_get_u64(const struct bb_conf *conf, const char *key,
		    uint64_t *value);
void bb_conf_free(struct bb_conf *conf);

#endif /* BB_CONF_H */
