// SPDX-License-Identifier: GPL-2.0-only
/*
 * CSV command trace.  Lines are buffered; the caller flushes at quiet points
 * (each GET_TARGET, host events) so a reader sees whole lines.
 */
#include "cmd_trace.h"

#include <inttypes.h>

/**
 * bh_trace_open() - create (truncate) a trace file and write its header
 * @path: file name
 *
 * Return: the stream, or NULL with errno set.
 */
FILE *bh_trace_open(const char *path)
{
	FILE *out = fopen(path, "w");

	if (!out)
		return NULL;
	/* A 4K batch inflate writes one line per call; keep syscalls rare. */
	setvbuf(out, NULL, _IOFBF, 1 << 16);
	fprintf(out, "%s\n", BH_CMD_TRACE_HEADER);
	fflush(out);
	return out;
}

/**
 * bh_trace_write() - append one row
 * @out: the stream from bh_trace_open(), or NULL for no trace
 * @row: the row
 */
void bh_trace_write(FILE *out, const struct bh_trace_row *row)
{
	if (!out)
		return;
	fprintf(out,
		"%" PRIu64 ",%" PRIu64 ",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%s,%" PRIu64 ",%" PRIu64 "\n",
		row->host_ns, row->guest_ns, row->command, row->entries,
		row->frames, row->refused, row->status, row->size_frames,
		row->target_frames);
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
