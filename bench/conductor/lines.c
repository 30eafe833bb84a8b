// SPDX-License-Identifier: GPL-2.0-only
/*
 * Buffered line reader for the QMP and results sockets.
 */
#include "lines.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void bb_lines_init(struct bb_lines *lines, int fd)
{
	lines->fd = fd;
	lines->len = 0;
}

/* Takes the first complete line out of the buffer, without its CR LF. */
static int bb_lines_take(struct bb_lines *lines, char **line)
{
	char *nl = memchr(lines->buf, '\n', lines->len);
	static char out[BB_LINE_MAX];
	size_t n;

	if (!nl) {
		/* A line longer than the buffer is cut, never a deadlock. */
		if (lines->len < sizeof(lines->buf) - 1)
			return 0;
		nl = lines->buf + lines->len - 1;
	}
	n = (size_t)(nl - lines->buf);
	memcpy(out, lines->buf, n);
	out[n] = '\0';
	if (n && out[n - 1] == '\r')
		out[n - 1] = '\0';
	lines->len -= n + 1;
	memmove(lines->buf, nl + 1, lines->len);
	*line = out;
	return 1;
}

/**
 * bb_lines_read() - the next line, waiting at most until a deadline
 * @lines: the reader
 * @line: set to the line; valid until the next call on any reader
 * @deadline_ns: bb_now_ns() time to give up at
 *
 * Return: 1 with a line, BB_LINES_TIMEOUT, or BB_LINES_EOF when the peer
 * closed or the socket failed.
 */
int bb_lines_read(struct bb_lines *lines, char **line, uint64_t deadline_ns)
{
	struct pollfd pfd = { .fd = lines->fd, .events = POLLIN };
	uint64_t now;
	ssize_t n;
	int ret;

	for (;;) {
		if (bb_lines_take(lines, line))
			return 1;
		now = bb_now_ns();
		if (now >= deadline_ns)
			return BB_LINES_TIMEOUT;
		ret = poll(&pfd, 1, (int)((deadline_ns - now) / 1000000 + 1));
		if (ret < 0 && errno == EINTR && !bb_interrupted)
			continue;
		if (ret < 0)
			return BB_LINES_EOF;
		if (!ret)
			continue;
		n = read(lines->fd, lines->buf + lines->len,
			 sizeof(lines->buf) - 1 - lines->len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return BB_LINES_EOF;
		lines->len += (size_t)n;
	}
}

/**
 * bb_lines_write() - write a whole string to a socket
 * @fd: the socket
 * @text: what to send
 *
 * Return: 0, or -1 with errno set.
 */
int bb_lines_write(int fd, const char *text)
{
	size_t len = strlen(text), done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}
