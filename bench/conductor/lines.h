/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Line-at-a-time reading from a socket, with a deadline.
 */
#ifndef BB_LINES_H
#define BB_LINES_H

#include <stddef.h>
#include <stdint.h>

#define BB_LINE_MAX 65536

/**
 * struct bb_lines - a buffered line reader
 * @fd: the socket
 * @len: bytes buffered
 * @buf: the buffer; a returned line lives here until the next read
 */
struct bb_lines {
	int fd;
	size_t len;
	char buf[BB_LINE_MAX];
};

/* bb_lines_read() results besides 1 (a line). */
#define BB_LINES_TIMEOUT 0
#define BB_LINES_EOF (-1)

void bb_lines_init(struct bb_lines *lines, int fd);
int bb_lines_read(struct bb_lines *lines, char **line, uint64_t deadline_ns);
int bb_lines_write(int fd, const char *text);

#endif /* BB_LINES_H */
