// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsers of /proc/meminfo-style files, /proc/buddyinfo and the THP mode.
 */
#include "bb_procfs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Big enough for /proc/buddyinfo and smaps_rollup of any machine. */
#define PROC_BUF 16384

/**
 * bb_read_file_buf() - read a whole (small) file into the caller's buffer
 * @path: the file
 * @buf: where its text goes, NUL-terminated
 * @size: size of @buf; a longer file is cut to @size - 1 bytes
 *
 * Return: bytes read, or -errno.
 */
ssize_t bb_read_file_buf(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, err = 0;

	if (!size)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return err ? err : (ssize_t)len;
}

/**
 * bb_kib_field_parse() - find a "Field:   1234 kB" line in meminfo-style text
 * @text: the text, e.g. of /proc/meminfo or /proc/self/smaps_rollup
 * @field: the field name without the colon, e.g. "MemAvailable"
 * @kib: where the value goes
 *
 * Return: 0, -ENOENT when there is no such line, -EINVAL when its value is
 * not a number.
 */
int bb_kib_field_parse(const char *text, const char *field, uint64_t *kib)
{
	size_t len = strlen(field);
	const char *line = text;
	char *end;

	while (line && *line) {
		if (!strncmp(line, field, len) && line[len] == ':') {
			const char *p = line + len + 1;

			while (*p == ' ' || *p == '\t')
				p++;
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			errno = 0;
			*kib = strtoull(p, &end, 10);
			if (errno)
				return -EINVAL;
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

/**
 * bb_kib_field_read() - read a "Field: N kB" value from a meminfo-style file
 * @path: the file, e.g. "/proc/meminfo"
 * @field: the field name without the colon
 * @kib: where the value goes
 *
 * Return: 0, or a negative errno (-ENOENT for a missing field).
 */
int bb_kib_field_read(const char *path, const char *field, uint64_t *kib)
{
	char *buf = malloc(PROC_BUF);
	ssize_t n;
	int err;

	if (!buf)
		return -ENOMEM;
	n = bb_read_file_buf(path, buf, PROC_BUF);
	err = n < 0 ? (int)n : bb_kib_field_parse(buf, field, kib);
	free(buf);
	return err;
}

/**
 * bb_buddyinfo_parse() - count free blocks in /proc/buddyinfo text
 * @text: lines of "Node N, zone NAME c0 c1 ... c10", cK being the number
 *        of free blocks of order K
 * @order: the smallest order that counts
 * @blocks: where the free space in blocks of @order or larger goes, in
 *          units of 2^@order pages (a free block of @order + 1 counts 2)
 * @free_pages: where the total free pages go (may be NULL)
 *
 * Return: 0, or -EINVAL when no zone line could be read.
 */
int bb_buddyinfo_parse(const char *text, unsigned int order, uint64_t *blocks,
		       uint64_t *free_pages)
{
	uint64_t nblocks = 0, pages = 0, c;
	const char *line, *next, *p;
	unsigned int zones = 0, o;
	char *end;

	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (strncmp(line, "Node ", 5))
			continue;
		p = strstr(line, "zone ");
		if (!p || p >= next)
			return -EINVAL;
		p += 5;
		while (*p == ' ')
			p++;
		while (p < next && !isspace((unsigned char)*p))
			p++;		/* the zone name */
		for (o = 0;; o++) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			c = strtoull(p, &end, 10);
			p = end;
			if (o < 64)
				pages += c << o;
			if (o >= order && o - order < 64)
				nblocks += c << (o - order);
		}
		if (!o)
			return -EINVAL;
		zones++;
	}
	if (!zones)
		return -EINVAL;
	*blocks = nblocks;
	if (free_pages)
		*free_pages = pages;
	return 0;
}

/**
 * bb_buddyinfo_read() - count free blocks in /proc/buddyinfo
 * @order: the smallest order that counts
 * @blocks: as for bb_buddyinfo_parse()
 * @free_pages: as for bb_buddyinfo_parse()
 *
 * Return: 0, or a negative errno.
 */
int bb_buddyinfo_read(unsigned int order, uint64_t *blocks,
		      uint64_t *free_pages)
{
	char *buf = malloc(PROC_BUF);
	ssize_t n;
	int err;

	if (!buf)
		return -ENOMEM;
	n = bb_read_file_buf("/proc/buddyinfo", buf, PROC_BUF);
	err = n < 0 ? (int)n : bb_buddyinfo_parse(buf, order, blocks,
						  free_pages);
	free(buf);
	return err;
}

/**
 * bb_thp_mode_parse() - the selected word of a THP "enabled" file
 * @text: e.g. "always [madvise] never"
 * @mode: where the word between brackets goes, e.g. "madvise"
 * @size: size of @mode
 *
 * Return: 0, or -EINVAL when no word is bracketed or it does not fit.
 */
int bb_thp_mode_parse(const char *text, char *mode, size_t size)
{
	const char *open = strchr(text, '['), *close;

	if (!open)
		return -EINVAL;
	close = strchr(open, ']');
	if (!close || close == open + 1 || (size_t)(close - open - 1) >= size)
		return -EINVAL;
	memcpy(mode, open + 1, (size_t)(close - open - 1));
	mode[close - open - 1] = '\0';
	return 0;
}
