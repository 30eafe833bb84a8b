// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages go to stderr with a "bbrun:" prefix; results go to files.
 */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool bb_verbose;
volatile sig_atomic_t bb_interrupted;

static void bb_vprint(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", program_invocation_short_name, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Progress of a long step. */
void bb_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bb_vprint("", fmt, ap);
	va_end(ap);
}

/* Only with -v: command lines and protocol exchanges. */
void bb_debug(const char *fmt, ...)
{
	va_list ap;

	if (!bb_verbose)
		return;
	va_start(ap, fmt);
	bb_vprint("", fmt, ap);
	va_end(ap);
}

void bb_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bb_vprint("error: ", fmt, ap);
	va_end(ap);
}

uint64_t bb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/**
 * bb_write_atomic() - replace a file with new contents, all or nothing
 * @path: the file
 * @data: contents
 * @len: length of @data
 *
 * Writes a temporary file beside @path, syncs it, and renames it over @path,
 * so a reader sees the old or the new file, never a torn one.
 *
 * Return: 0, or -1 with errno set.
 */
int bb_write_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = bb_strdup_printf("%s.tmp.%ld", path, (long)getpid());
	int fd, saved;
	ssize_t n;
	size_t done = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	while (done < len) {
		n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_close;
		done += (size_t)n;
	}
	if (fsync(fd) || close(fd))
		goto fail_unlink;
	if (rename(tmp, path))
		goto fail_unlink;
	free(tmp);
	return 0;

fail_close:
	saved = errno;
	close(fd);
	errno = saved;
fail_unlink:
	saved = errno;
	unlink(tmp);
	errno = saved;
fail:
	free(tmp);
	return -1;
}

/**
 * bb_write_result() - write DIR/NAME atomically, saying so if it fails
 * @dir: the result folder
 * @name: the file's name in it
 * @data: contents
 * @len: length of @data
 *
 * Return: 0, or -1 after printing one error line.
 */
int bb_write_result(const char *dir, const char *name, const char *data,
		    size_t len)
{
	char *path = bb_strdup_printf("%s/%s", dir, name);
	int ret = bb_write_atomic(path, data, len);

	if (ret)
		bb_error("cannot write %s: %s", path, strerror(errno));
	free(path);
	return ret;
}

/**
 * bb_read_file() - read a whole file into a NUL-terminated buffer
 * @path: the file
 * @len: set to the length, may be NULL
 *
 * Return: the buffer (free it), or NULL with errno set.
 */
char *bb_read_file(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	char *buf = NULL;
	size_t size = 0, used = 0, n;

	if (!in)
		return NULL;
	do {
		if (used + 1 >= size) {
			size = size ? size * 2 : 65536;
			buf = realloc(buf, size);
			if (!buf)
				abort();
		}
		n = fread(buf + used, 1, size - used - 1, in);
		used += n;
	} while (n);
	fclose(in);
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}

char *bb_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	if (vasprintf(&out, fmt, ap) < 0)
		abort();
	va_end(ap);
	return out;
}

/**
 * bb_parse_u64() - parse a whole string as a non-negative integer
 * @text: decimal digits, or 0x and hex digits; no sign, no space
 * @value: set on success
 *
 * The workloads' bb_parse_u64() has the same contract, decimal only.
 *
 * Return: 0, -EINVAL (not a number) or -ERANGE (beyond 64 bits).
 */
int bb_parse_u64(const char *text, uint64_t *value)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text;
	unsigned long long v;
	char *end;

	if (!isxdigit((unsigned char)*digits) ||
	    (!hex && !isdigit((unsigned char)*digits)))
		return -EINVAL;
	errno = 0;
	v = strtoull(digits, &end, hex ? 16 : 10);
	if (*end)
		return -EINVAL;
	if (errno)
		return -ERANGE;
	*value = v;
	return 0;
}
