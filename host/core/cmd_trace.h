/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command trace: one CSV line per backdoor call and per host event.
 */
#ifndef BH_CMD_TRACE_H
#define BH_CMD_TRACE_H

#include <stdint.h>
#include <stdio.h>

/* The CSV header; bench/ reads columns by these names. */
#define BH_CMD_TRACE_HEADER \
	"host_ns,guest_ns,command,entries,frames,refused,status,size_frames,target_frames,requested_frames"

/**
 * struct bh_trace_row - one line of the trace
 * @host_ns: host CLOCK_MONOTONIC at the end of the call
 * @guest_ns: the guest's virtual clock at the call
 * @command: command name from the protocol header, or a "host-" event
 * @entries: pages named by the call (batch entries, or 1)
 * @frames: 4 KiB frames the call moved into or out of the balloon
 * @refused: entries the call refused
 * @status: status name returned to the guest
 * @size_frames: balloon size after the call
 * @target_frames: target the guest was told after the call, or for a
 *	host-target event the host's target within its caps
 * @requested_frames: the target as set, before max-percent and max-mib
 */
struct bh_trace_row {
	uint64_t host_ns;
	uint64_t guest_ns;
	const char *command;
	uint64_t entries;
	uint64_t frames;
	uint64_t refused;
	const char *status;
	uint64_t size_frames;
	uint64_t target_frames;
	uint64_t requested_frames;
};

FILE *bh_trace_fdopen(int fd);
FILE *bh_trace_open(const char *path);
int bh_trace_write(FILE *out, const struct bh_trace_row *row);
void bh_trace_close(FILE *out);

#endif /* BH_CMD_TRACE_H */
