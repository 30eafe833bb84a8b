// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsing of sizes, durations and numbers given on the command line.
 *
 * Every parser takes the whole string or fails: no leading blanks or signs,
 * no trailing garbage.  They return 0, -EINVAL for a malformed string or
 * -ERANGE for one that does not fit in 64 bits.
 */
#include "bb_options.h"
#include "bb_output.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the leading decimal digits of *@s; -EINVAL if there are none. */
static int parse_digits(const char **s, uint64_t *value)
{
	const char *p = *s;
	uint64_t v = 0;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*p - '0'), &v))
			return -ERANGE;
	}
	*s = p;
	*value = v;
	return 0;
}

/**
 * bb_parse_u64() - parse a non-negative decimal integer
 * @s: the string, digits only
 * @value: where the value goes
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int bb_parse_u64(const char *s, uint64_t *value)
{
	uint64_t v;
	int err;

	err = parse_digits(&s, &v);
	if (err)
		return err;
	if (*s)
		return -EINVAL;
	*value = v;
	return 0;
}

/**
 * bb_parse_size() - parse a size in bytes with an optional binary suffix
 * @s: digits, then optionally K, M, G or T (either case; 1K = 1024 bytes),
 *     e.g. "512M", "1G", "4096K", "65536"
 * @bytes: where the size in bytes goes
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int bb_parse_size(const char *s, uint64_t *bytes)
{
	unsigned int shift;
	uint64_t v;
	int err;

	err = parse_digits(&s, &v);
	if (err)
		return err;
	switch (*s) {
	case '\0':
		shift = 0;
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case 't':
	case 'T':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (shift && s[1])
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*bytes = v << shift;
	return 0;
}

/* Nanoseconds per unit of a duration suffix, 0 for an unknown suffix. */
static uint64_t duration_unit(const char *u)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
		{ "",	BB_NS_PER_S },
		{ "h",	3600 * BB_NS_PER_S },
		{ "m",	60 * BB_NS_PER_S },
		{ "ms",	BB_NS_PER_MS },
		{ "ns",	1 },
		{ "s",	BB_NS_PER_S },
		{ "us",	BB_NS_PER_US },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(u, units[i].name))
			return units[i].ns;
	return 0;
}

/**
 * bb_parse_duration() - parse a duration into nanoseconds
 * @s: a decimal number, optionally with a fraction ("1.5"), then a unit:
 *     ns, us, ms, s, m (minutes) or h; no unit means seconds.
 *     E.g. "10s", "500ms", "2m", "0.25s".
 * @ns: where the duration in nanoseconds goes (fractions of a nanosecond
 *      are dropped)
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int bb_parse_duration(const char *s, uint64_t *ns)
{
	uint64_t whole, frac = 0, frac_scale = 1, unit;
	unsigned __int128 total;
	int err;

	err = parse_digits(&s, &whole);
	if (err)
		return err;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		for (; isdigit((unsigned char)*s); s++) {
			/* digits beyond 10^-18 cannot matter: drop them */
			if (frac_scale >= 1000000000000000000ULL)
				continue;
			frac = frac * 10 + (uint64_t)(*s - '0');
			frac_scale *= 10;
		}
	}
	unit = duration_unit(s);
	if (!unit)
		return -EINVAL;
	total = (unsigned __int128)whole * unit +
		(unsigned __int128)frac * unit / frac_scale;
	if (total > UINT64_MAX)
		return -ERANGE;
	*ns = (uint64_t)total;
	return 0;
}

/**
 * bb_parse_hold() - parse a hold time: a duration or "forever"
 * @s: "forever" or a duration as for bb_parse_duration()
 * @ns: where the duration goes; BB_FOREVER for "forever"
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int bb_parse_hold(const char *s, uint64_t *ns)
{
	uint64_t v;
	int err;

	if (!strcmp(s, "forever")) {
		*ns = BB_FOREVER;
		return 0;
	}
	err = bb_parse_duration(s, &v);
	if (err)
		return err;
	/* a finite hold must not be mistaken for "forever" */
	if (v == BB_FOREVER)
		return -ERANGE;
	*ns = v;
	return 0;
}

/**
 * bb_parse_double() - parse a finite real number
 * @s: the number as strtod() reads it, without leading blanks
 * @value: where the value goes
 *
 * Return: 0, -EINVAL or -ERANGE (overflow, infinity or NaN).
 */
int bb_parse_double(const char *s, double *value)
{
	char *end;
	double v;

	if (!*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*value = v;
	return 0;
}

/**
 * bb_opt_size() - parse the size given to an option, or exit 2
 * @name: the option's long name, without "--"
 * @arg: its value, as for bb_parse_size()
 *
 * Return: the size in bytes.
 */
uint64_t bb_opt_size(const char *name, const char *arg)
{
	uint64_t v;

	if (bb_parse_size(arg, &v))
		bb_die(BB_EXIT_USAGE,
		       "--%s: bad size '%s' (want e.g. 512M, 1G, 4096K or bytes)",
		       name, arg);
	return v;
}

/**
 * bb_opt_duration() - parse the duration given to an option, or exit 2
 * @name: the option's long name, without "--"
 * @arg: its value, as for bb_parse_duration()
 *
 * Return: the duration in nanoseconds.
 */
uint64_t bb_opt_duration(const char *name, const char *arg)
{
	uint64_t v;

	if (bb_parse_duration(arg, &v))
		bb_die(BB_EXIT_USAGE,
		       "--%s: bad duration '%s' (want e.g. 10s, 500ms, 2m)",
		       name, arg);
	return v;
}

/**
 * bb_opt_hold() - parse the hold time given to an option, or exit 2
 * @name: the option's long name, without "--"
 * @arg: its value, as for bb_parse_hold()
 *
 * Return: the duration in nanoseconds, or BB_FOREVER.
 */
uint64_t bb_opt_hold(const char *name, const char *arg)
{
	uint64_t v;

	if (bb_parse_hold(arg, &v))
		bb_die(BB_EXIT_USAGE,
		       "--%s: bad duration '%s' (want e.g. 10s, 500ms, 2m or forever)",
		       name, arg);
	return v;
}

/**
 * bb_opt_u64() - parse the integer given to an option, or exit 2
 * @name: the option's long name, without "--"
 * @arg: its value, as for bb_parse_u64()
 *
 * Return: the value.
 */
uint64_t bb_opt_u64(const char *name, const char *arg)
{
	uint64_t v;

	if (bb_parse_u64(arg, &v))
		bb_die(BB_EXIT_USAGE,
		       "--%s: bad number '%s' (want a non-negative integer)",
		       name, arg);
	return v;
}

/**
 * bb_opt_choice() - find an option's value in a list of words, or exit 2
 * @name: the option's long name, without "--"
 * @arg: its value
 * @choices: the words allowed
 * @n: how many there are
 *
 * Return: the index of @arg in @choices.
 */
unsigned int bb_opt_choice(const char *name, const char *arg,
			   const char *const *choices, unsigned int n)
{
	char list[256] = "";
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(arg, choices[i]))
			return i;
	for (i = 0; i < n && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i ? (i + 1 < n ? ", " : " or ") : "",
					choices[i]);
	bb_die(BB_EXIT_USAGE, "--%s: unknown value '%s' (want %s)", name, arg,
	       list);
}

/**
 * bb_getopt_fail() - report what getopt_long() did not like, and exit 2
 * @c: what getopt_long() returned: '?' or ':' (the option string must
 *     start with ':' for the latter, and opterr must be 0)
 * @argv: the argument vector given to getopt_long()
 */
void bb_getopt_fail(int c, char *const argv[])
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bb_die(BB_EXIT_USAGE, "option '%s' needs a value", arg);
	/* a known long option given "=value" although it takes none */
	if (optopt && !strncmp(arg, "--", 2) && strchr(arg, '='))
		bb_die(BB_EXIT_USAGE, "option '%s' takes no value", arg);
	if (optopt > 0 && optopt < 128 && isprint(optopt))
		bb_die(BB_EXIT_USAGE, "unknown option '-%c'", optopt);
	bb_die(BB_EXIT_USAGE, "unknown option '%s'", arg);
}
