// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads host-trace.csv (written by host/core/cmd_trace.c) and cuts it into
 * target steps: the k-th "host-target" event starts step k.
 */
#include "trace_figures.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/**
 * bb_target_reached() - whether the balloon has reached its target
 * @size: balloon size, frames
 * @target: target, frames
 * @inflating: whether the step raised the target
 *
 * Inflating, the size must reach the target (2 MiB pages may overshoot it by
 * up to 511 frames).  Deflating, a driver stops within 2 MiB of a non-zero
 * target (its deflate slack) and empties the balloon for a zero target.
 *
 * Return: true when reached.
 */
bool bb_target_reached(uint64_t size, uint64_t target, bool inflating)
{
	if (inflating)
		return size >= target;
	if (!target)
		return size == 0;
	return size < target + VMW_BALLOON_2M_FRAMES;
}

static int bb_cmd_index(const char *name)
{
	int i;

	for (i = 0; i < VMW_BALLOON_CMD_NUM; i++)
		if (vmw_balloon_cmd_names[i] &&
		    !strcmp(vmw_balloon_cmd_names[i], name))
			return i;
	return -1;
}

/* The columns a row is read from, by their names in the trace's header. */
enum bb_trace_column {
	BB_COL_HOST_NS,
	BB_COL_GUEST_NS,
	BB_COL_COMMAND,
	BB_COL_ENTRIES,
	BB_COL_FRAMES,
	BB_COL_REFUSED,
	BB_COL_STATUS,
	BB_COL_SIZE,
	BB_COL_TARGET,
	BB_COL_NUM,
};

static const char *const bb_trace_column_names[BB_COL_NUM] = {
	[BB_COL_HOST_NS] = "host_ns",
	[BB_COL_GUEST_NS] = "guest_ns",
	[BB_COL_COMMAND] = "command",
	[BB_COL_ENTRIES] = "entries",
	[BB_COL_FRAMES] = "frames",
	[BB_COL_REFUSED] = "refused",
	[BB_COL_STATUS] = "status",
	[BB_COL_SIZE] = "size_frames",
	[BB_COL_TARGET] = "target_frames",
};

/* A trace has no more columns than this. */
#define BB_TRACE_MAX_FIELDS 32

/* Splits @line at its commas, in place; returns the fields, or -EINVAL. */
static int bb_trace_fields(char *line, char **field)
{
	int n = 0;

	for (;;) {
		if (n == BB_TRACE_MAX_FIELDS)
			return -EINVAL;
		field[n++] = line;
		line = strchr(line, ',');
		if (!line)
			return n;
		*line++ = '\0';
	}
}

/* Where each column of enum bb_trace_column is in the header @line. */
static int bb_trace_header(char *line, int *at)
{
	char *field[BB_TRACE_MAX_FIELDS];
	int n = bb_trace_fields(line, field), c, i;

	if (n < 0)
		return n;
	for (c = 0; c < BB_COL_NUM; c++) {
		for (i = 0; i < n && strcmp(field[i], bb_trace_column_names[c]);
		     i++)
			;
		if (i == n)
			return -EINVAL;
		at[c] = i;
	}
	return 0;
}

static int bb_trace_number(const char *text, uint64_t *value)
{
	char *end;

	errno = 0;
	*value = strtoull(text, &end, 10);
	return errno || end == text || *end ? -EINVAL : 0;
}

static int bb_trace_parse_line(char *line, const int *at,
			       struct bb_trace_row *row)
{
	static const enum bb_trace_column numbers[] = {
		BB_COL_HOST_NS, BB_COL_GUEST_NS, BB_COL_ENTRIES, BB_COL_FRAMES,
		BB_COL_REFUSED, BB_COL_SIZE, BB_COL_TARGET,
	};
	uint64_t *out[] = {
		&row->host_ns, &row->guest_ns, &row->entries, &row->frames,
		&row->refused, &row->size, &row->target,
	};
	char *field[BB_TRACE_MAX_FIELDS];
	int n = bb_trace_fields(line, field), c;
	const char *command;
	size_t k;

	for (c = 0; c < BB_COL_NUM; c++)
		if (at[c] >= n)
			return -EINVAL;
	memset(row, 0, sizeof(*row));
	for (k = 0; k < sizeof(numbers) / sizeof(numbers[0]); k++)
		if (bb_trace_number(field[at[numbers[k]]], out[k]))
			return -EINVAL;
	row->succeeded = !strcmp(field[at[BB_COL_STATUS]], "success");
	command = field[at[BB_COL_COMMAND]];
	row->cmd = bb_cmd_index(command);
	if (row->cmd < 0) {
		if (strncmp(command, "host-", 5) ||
		    strlen(command) >= sizeof(row->event))
			return -EINVAL;
		snprintf(row->event, sizeof(row->event), "%s", command);
	}
	return 0;
}

/**
 * bb_trace_load() - parse a host trace
 * @trace: filled in
 * @path: host-trace.csv
 *
 * Return: 0, -errno when unreadable, -EINVAL on a malformed line.
 */
int bb_trace_load(struct bb_trace *trace, const char *path)
{
	char *text = bb_read_file(path, NULL);
	char *line, *save = NULL;
	int at[BB_COL_NUM];
	size_t cap = 0;
	int ret = 0;

	memset(trace, 0, sizeof(*trace));
	if (!text)
		return -errno;
	line = strtok_r(text, "\n", &save);
	ret = line ? bb_trace_header(line, at) : -EINVAL;
	while (!ret && (line = strtok_r(NULL, "\n", &save))) {
		if (trace->n == cap) {
			cap = cap ? cap * 2 : 4096;
			trace->rows = realloc(trace->rows,
					      cap * sizeof(*trace->rows));
			if (!trace->rows)
				abort();
		}
		ret = bb_trace_parse_line(line, at, &trace->rows[trace->n]);
		if (ret)
			break;
		trace->n++;
	}
	free(text);
	return ret;
}

static size_t bb_trace_step_start(const struct bb_trace *trace,
				  unsigned int step)
{
	size_t i;

	for (i = 0; i < trace->n; i++)
		if (!strcmp(trace->rows[i].event, "host-target") && !step--)
			return i;
	return trace->n;
}

/**
 * bb_trace_phase() - figures of one target step
 * @trace: the parsed trace
 * @step: 0 for the first target change, 1 for the next, ...
 * @window_cycles: count only the driver's first this many cycles (a
 *	GET_TARGET and the calls after it) after the change, or 0 for the
 *	whole step: a max_cycles phase, whose window the device closed at
 *	the next GET_TARGET (target-window-cycles)
 * @held: the step is a held phase: the host kept the target while the
 *	guest ran a workload, so the step has no target to reach, its window
 *	runs to the next step, and it has no times
 * @fig: filled in
 *
 * Return: 0, or -ENOENT when the trace has no such step.
 */
int bb_trace_phase(const struct bb_trace *trace, unsigned int step,
		   uint64_t window_cycles, bool held,
		   struct bb_phase_figures *fig)
{
	size_t set = bb_trace_step_start(trace, step);
	size_t end = bb_trace_step_start(trace, step + 1);
	size_t first_seen = 0, first_page = 0, i;
	const struct bb_trace_row *row, *reach = NULL, *last_move = NULL;
	const struct bb_trace_row *prev = NULL, *last_release = NULL;
	/* Time inside the driver's cycles, on each clock. */
	struct bb_trace_span busy = { 0, 0 }, busy_moved = { 0, 0 };
	uint64_t size, cycles = 0;

	memset(fig, 0, sizeof(*fig));
	if (set >= trace->n)
		return -ENOENT;
	fig->target_frames = trace->rows[set].target;
	fig->start_frames = size = trace->rows[set].size;
	fig->inflating = fig->target_frames > size;
	if (!held && bb_target_reached(size, fig->target_frames, fig->inflating))
		reach = &trace->rows[set];
	for (i = set + 1; i < end && !reach; i++) {
		row = &trace->rows[i];
		/* A window holds whole cycles, as many on every run. */
		if (window_cycles && row->cmd == VMW_BALLOON_CMD_GET_TARGET &&
		    ++cycles > window_cycles)
			break;
		if (!strcmp(row->event, "host-doorbell") && row->succeeded)
			fig->doorbell_rings++;
		if (row->cmd < 0)
			continue;
		fig->calls[row->cmd]++;
		fig->calls_total++;
		fig->refused += row->refused;
		fig->entries += row->entries;
		if (!first_seen && row->cmd == VMW_BALLOON_CMD_GET_TARGET)
			first_seen = i;
		if (!first_page && vmw_balloon_cmd_moves_pages(row->cmd))
			first_page = i;
		/*
		 * A cycle starts with its GET_TARGET: the time before one is
		 * the wait for the next poll (or doorbell), not work.
		 */
		if (prev && row->cmd != VMW_BALLOON_CMD_GET_TARGET) {
			busy.host_ns += row->host_ns - prev->host_ns;
			busy.guest_ns += row->guest_ns - prev->guest_ns;
		}
		if (first_seen)
			prev = row;
		if (row->size != size) {
			last_move = row;
			busy_moved = busy;
		}
		if (row->size > size) {
			/* How long after its last release the balloon grew. */
			if (!fig->locked_frames && last_release) {
				fig->retake.host_ns =
					row->host_ns - last_release->host_ns;
				fig->retake.guest_ns =
					row->guest_ns - last_release->guest_ns;
			}
			fig->locked_frames += row->size - size;
		} else if (row->size < size) {
			fig->unlocked_frames += size - row->size;
			if (!fig->locked_frames)
				last_release = row;
		}
		size = row->size;
		if (!held &&
		    bb_target_reached(size, fig->target_frames, fig->inflating))
			reach = row;
	}
	fig->reached = held || reach;
	fig->reached_frames = size;
	/* A held step has no target step to time. */
	if (held)
		return 0;
	if (first_page) {
		fig->host.first_page_ns = trace->rows[first_page].host_ns -
					  trace->rows[set].host_ns;
		fig->guest.first_page_ns = trace->rows[first_page].guest_ns -
					   trace->rows[set].guest_ns;
	}
	/* Short of the target, time runs to the last call that moved pages. */
	if (!reach) {
		reach = last_move;
		busy = busy_moved;
	}
	if (!reach)
		return 0;
	fig->host.total_ns = reach->host_ns - trace->rows[set].host_ns;
	fig->guest.total_ns = reach->guest_ns - trace->rows[set].guest_ns;
	if (first_seen) {
		const struct bb_trace_row *seen = &trace->rows[first_seen];

		fig->host.work_ns = busy.host_ns;
		fig->guest.work_ns = busy.guest_ns;
		fig->host.reaction_ns = seen->host_ns - trace->rows[set].host_ns;
		fig->guest.reaction_ns =
			seen->guest_ns - trace->rows[set].guest_ns;
	}
	return 0;
}

void bb_trace_free(struct bb_trace *trace)
{
	free(trace->rows);
	memset(trace, 0, sizeof(*trace));
}
