// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMware balloon host: the names and ranges the host's users see (the
 * knobs a QEMU property or a test sets, the counters the trace and the
 * conductor read, the statuses), apart from the state machine that uses
 * them (balloon_host.c).
 */
#include "balloon_host.h"

const char *const bh_knob_names[BH_KNOB_NUM] = {
	[BH_KNOB_TARGET] = "target",
	[BH_KNOB_CAPS] = "caps",
	[BH_KNOB_REFUSE_PPM] = "refuse-ppm",
	[BH_KNOB_REFUSE_STATUS] = "refuse-status",
	[BH_KNOB_SEED] = "seed",
	[BH_KNOB_BUSY_PPM] = "busy-ppm",
	[BH_KNOB_TARGET_BUSY_PPM] = "target-busy-ppm",
	[BH_KNOB_RESET_AFTER] = "reset-after",
	[BH_KNOB_COST_NS_CALL] = "cost-ns-call",
	[BH_KNOB_COST_NS_PAGE] = "cost-ns-page",
	[BH_KNOB_MAX_PERCENT] = "max-percent",
	[BH_KNOB_MAX_MIB] = "max-mib",
	[BH_KNOB_TRACE_MAX_MIB] = "trace-max-mib",
	[BH_KNOB_TARGET_WINDOW] = "target-window-cycles",
};

#define PPM_RANGE { 0, BH_PPM, "0 to 1000000 (per million)" }

/*
 * Every bound keeps the arithmetic in 64 bits: RAM frames (below 2^52)
 * times a percentage, max-mib in frames, a call cost plus 512 page costs.
 */
const struct bh_knob_range bh_knob_ranges[BH_KNOB_NUM] = {
	[BH_KNOB_TARGET] = { 0, 1ULL << 36, "0 to 68719476736 frames" },
	[BH_KNOB_CAPS] = {
		VMW_BALLOON_CAP_BASIC, VMW_BALLOON_CAPS_ALL,
		"a subset of 0x3e with BASIC (0x2) or BATCHED (0x4)" },
	[BH_KNOB_REFUSE_PPM] = PPM_RANGE,
	[BH_KNOB_REFUSE_STATUS] = {
		VMW_BALLOON_ERROR_PPN_INVALID, VMW_BALLOON_ERROR_PPN_NOTNEEDED,
		"2 to 6 (a batch entry's error: ppn-invalid, ppn-locked, "
		"ppn-unlocked, ppn-pinned, ppn-notneeded)" },
	[BH_KNOB_SEED] = { 0, INT64_MAX, "0 to 9223372036854775807" },
	[BH_KNOB_BUSY_PPM] = PPM_RANGE,
	[BH_KNOB_TARGET_BUSY_PPM] = PPM_RANGE,
	[BH_KNOB_RESET_AFTER] = { 0, UINT32_MAX, "0 to 4294967295 commands" },
	[BH_KNOB_COST_NS_CALL] = { 0, 1000000000, "0 to 1000000000 ns" },
	[BH_KNOB_COST_NS_PAGE] = { 0, 10000000, "0 to 10000000 ns" },
	[BH_KNOB_MAX_PERCENT] = { 0, 100, "0 to 100 (percent of guest RAM)" },
	[BH_KNOB_MAX_MIB] = { 0, 1ULL << 28, "0 (no cap) to 268435456 MiB" },
	[BH_KNOB_TRACE_MAX_MIB] = { 1, 1ULL << 20, "1 to 1048576 MiB" },
	[BH_KNOB_TARGET_WINDOW] = {
		0, 1000000, "0 (no window) to 1000000 cycles" },
};

const char *const bh_stat_names[BH_STAT_NUM] = {
	[BH_STAT_SIZE] = "size",
	[BH_STAT_FRAMES_LOCKED] = "frames-locked",
	[BH_STAT_FRAMES_UNLOCKED] = "frames-unlocked",
	[BH_STAT_FRAMES_REFUSED] = "frames-refused",
	[BH_STAT_FRAMES_DISCARDED] = "frames-discarded",
	[BH_STAT_FRAMES_RECLAIMED] = "frames-reclaimed",
	[BH_STAT_DISCARD_ERRORS] = "discard-errors",
	[BH_STAT_REFUSED_4K] = "refused-4k",
	[BH_STAT_REFUSED_2M] = "refused-2m",
	[BH_STAT_BUSY] = "busy",
	[BH_STAT_RESETS] = "resets",
	[BH_STAT_RESETS_INJECTED] = "resets-injected",
	[BH_STAT_GUEST_ERRORS] = "guest-errors",
	[BH_STAT_HOLD_NS] = "hold-ns",
	[BH_STAT_DOORBELLS] = "doorbells",
	[BH_STAT_DOORBELL_ERRORS] = "doorbell-errors",
	[BH_STAT_TARGETS_BUSY] = "targets-busy",
	[BH_STAT_CALLS_IRQS_OFF] = "calls-irqs-off",
	[BH_STAT_TRACE_ERRORS] = "trace-errors",
	[BH_STAT_TRACE_DROPPED] = "trace-dropped",
};

/**
 * bh_status_name() - printable name of a call or entry status
 * @status: the status
 *
 * Return: a static string.
 */
const char *bh_status_name(uint32_t status)
{
	if (status == VMW_BALLOON_SUCCESS_WITH_CAPABILITIES)
		return "success-caps";
	if (status < VMW_BALLOON_STATUS_NUM)
		return vmw_balloon_status_names[status];
	return "unknown";
}
