// SPDX-License-Identifier: GPL-2.0-only
/*
 * CSV command trace.  Lines are buffered; the caller flushes at quiet points
 * (each GET_TARGET, host events) so a reader sees whole lines.
 */
#include "cmd_trace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>

/**
 * bh_trace_fdopen() - start a trace on an open file and write its header
 * @fd: a file open for writing; the stream owns it from here, even on
 *	failure
 *
 * Return: the stream, or NULL with errno set.
 */
FILE *bh_trace_fdopen(int fd)
{
	FILE *out = fdopen(fd, "w");

	if (!out) {
		int saved = errno;

		close(fd);
		errno = saved;
		return NULL;
	}
	/* A 4K batch inflate writes one line per call; keep syscalls rare. */
	setvbuf(out, NULL, _IOFBF, 1 << 16);
	if (fprintf(out, "%s\n", BH_CMD_TRACE_HEADER) < 0 || fflush(out)) {
		int saved = errno;

		fclose(out);
		errno = saved;
		return NULL;
	}
	return out;
}

/**
 * bh_trace_open() - create (truncate) a trace file and write its header
 * @path: file name; a symbolic link there is refused, not followed
 *
 * Return: the stream, or NULL with errno set.
 */
FILE *bh_trace_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
			    O_NOFOLLOW, 0644);

	return fd < 0 ? NULL : bh_trace_fdopen(fd);
}

/**
 * bh_trace_write() - append one row
 * @out: the stream from bh_trace_open() or bh_trace_fdopen()
 * @row: the row
 *
 * Return: the bytes written, or -1 when the stream has failed.
 */
int bh_trace_write(FILE *out, const struct bh_trace_row *row)
{
	int n = fprintf(out,
		"%" PRIu64 ",%" PRIu64 ",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
		row->host_ns, row->guest_ns, row->command, row->entries,
		row->frames, row->refused, row->status, row->size_frames,
		row->target_frames, row->requested_frames);

	return n < 0 || ferror(out) ? -1 : n;
}

/**
 * bh_trace_close() - flush and close a trace
 * @out: the stream, or NULL
 */
void bh_trace_close(FILE *out)
{
	if (out)
		fclose(out);
}
