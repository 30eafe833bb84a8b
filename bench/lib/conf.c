// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario files.  They stay valid sh (KEY=value, "#" comments, values in
 * optional double quotes without expansions), so the same file can be
 * sourced by a shell and read here.
 */
#include "conf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int bb_conf_key_valid(const char *key, size_t len)
{
	size_t i;

	if (!len || isdigit((unsigned char)key[0]))
		return 0;
	for (i = 0; i < len; i++)
		if (!isupper((unsigned char)key[i]) &&
		    !isdigit((unsigned char)key[i]) && key[i] != '_')
			return 0;
	return 1;
}

void bb_conf_set(struct bb_conf *conf, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < conf->n; i++) {
		if (!strcmp(conf->keys[i], key)) {
			free(conf->values[i]);
			conf->values[i] = strdup(value);
			return;
		}
	}
	conf->keys = realloc(conf->keys, (conf->n + 1) * sizeof(char *));
	conf->values = realloc(conf->values, (conf->n + 1) * sizeof(char *));
	if (!conf->keys || !conf->values)
		abort();
	conf->keys[conf->n] = strdup(key);
	conf->values[conf->n] = strdup(value);
	conf->n++;
}

/**
 * bb_conf_set_pair() - set KEY=value given as one string
 * @conf: the pairs
 * @pair: "KEY=value"; the value may be double-quoted
 *
 * Return: 0, or -EINVAL when @pair is not KEY=value with an upper-case key.
 */
int bb_conf_set_pair(struct bb_conf *conf, const char *pair)
{
	const char *eq = strchr(pair, '=');
	size_t klen, vlen;
	char *key, *value;

	if (!eq || !bb_conf_key_valid(pair, (size_t)(eq - pair)))
		return -EINVAL;
	klen = (size_t)(eq - pair);
	value = strdup(eq + 1);
	vlen = strlen(value);
	if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
		memmove(value, value + 1, vlen - 2);
		value[vlen - 2] = '\0';
	}
	if (strpbrk(value, "\"$`\\")) {
		free(value);
		return -EINVAL;
	}
	key = strndup(pair, klen);
	bb_conf_set(conf, key, value);
	free(key);
	free(value);
	return 0;
}

/**
 * bb_conf_load() - read a scenario file
 * @conf: pairs to add to (later keys win)
 * @path: the file
 *
 * Return: 0; -errno when the file cannot be read; -EINVAL after printing the
 * line that is not KEY=value.
 */
int bb_conf_load(struct bb_conf *conf, const char *path)
{
	char *text = bb_read_file(path, NULL);
	char *line, *save = NULL;
	unsigned int lineno = 0;
	int ret = 0;

	if (!text)
		return -errno;
	/* strtok_r skips empty lines; line numbers count non-empty ones. */
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		while (isspace((unsigned char)*line))
			line++;
		if (!*line || *line == '#')
			continue;
		if (bb_conf_set_pair(conf, line)) {
			bb_error("%s: line %u is not KEY=value: %s", path,
				 lineno, line);
			ret = -EINVAL;
			break;
		}
	}
	free(text);
	return ret;
}

const char *bb_conf_get(const struct bb_conf *conf, const char *key)
{
	size_t i;

	for (i = 0; i < conf->n; i++)
		if (!strcmp(conf->keys[i], key))
			return conf->values[i];
	return NULL;
}

/**
 * bb_conf_get_u64() - a numeric value
 * @conf: the pairs
 * @key: the key
 * @value: set when present and numeric
 *
 * Return: 0, -ENOENT when absent, -EINVAL when not a number.
 */
int bb_conf_get_u64(const struct bb_conf *conf, const char *key,
		    uint64_t *value)
{
	const char *text = bb_conf_get(conf, key);

	if (!text)
		return -ENOENT;
	return bb_parse_u64(text, value) ? -EINVAL : 0;
}

void bb_conf_free(struct bb_conf *conf)
{
	size_t i;

	for (i = 0; i < conf->n; i++) {
		free(conf->keys[i]);
		free(conf->values[i]);
	}
	free(conf->keys);
	free(conf->values);
	conf->keys = conf->values = NULL;
	conf->n = 0;
}
