/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMware balloon host as plain C: protocol state machine, policies,
 * statistics and command trace.  No QEMU headers: the embedding (the QEMU
 * device, the unit tests, the fuzzer) supplies guest memory and clocks
 * through struct bh_guest_ops.
 */
#ifndef BALLOON_HOST_H
#define BALLOON_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frame_map.h"
#include "vmw_balloon_proto.h"

/**
 * struct bh_guest_ops - what the core needs from its embedding
 * @read: copy @len bytes of guest-physical memory at @gpa; 0 or -1
 * @write: store @len bytes at @gpa; 0 or -1
 * @discard: hand the host memory behind @frames frames at @pfn back to the
 *	host, and store in *@freed how many of them held host memory (a frame
 *	the guest never touched was never backed, and frees nothing); 0, or -1
 *	when it could not (the lock still stands)
 * @guest_ns: the guest's virtual clock, for the trace
 * @ring_doorbell: ring the VMCI doorbell @ctx:@res in the guest; 0, or -1
 *	when there is no VMCI device or no such doorbell.  NULL: no VMCI.
 */
struct bh_guest_ops {
	int (*read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	int (*write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
	int (*discard)(void *opaque, uint64_t pfn, uint64_t frames,
		       uint64_t *freed);
	uint64_t (*guest_ns)(void *opaque);
	int (*ring_doorbell)(void *opaque, uint64_t ctx, uint64_t res);
};

/*
 * Knobs the host side sets, before or during a run.  Names are the QOM
 * property names of the QEMU device.
 */
enum bh_knob {
	BH_KNOB_TARGET,		/* frames the guest should give up */
	BH_KNOB_CAPS,		/* capabilities offered at START */
	BH_KNOB_REFUSE_PPM,	/* per-lock-entry refusal rate */
	BH_KNOB_REFUSE_STATUS,	/* status given to a refused entry */
	BH_KNOB_SEED,		/* seed of the refusal and busy PRNG */
	BH_KNOB_BUSY_PPM,	/* per lock/unlock call ERROR_BUSY rate */
	BH_KNOB_TARGET_BUSY_PPM,	/* per GET_TARGET ERROR_BUSY rate */
	BH_KNOB_RESET_AFTER,	/* answer ERROR_RESET after N more commands */
	BH_KNOB_COST_NS_CALL,	/* modelled host cost of any call */
	BH_KNOB_COST_NS_PAGE,	/* ...and of each page a call names */
	BH_KNOB_MAX_PERCENT,	/* cap on the target, % of RAM (Mem.CtlMaxPercent) */
	BH_KNOB_MAX_MIB,	/* cap on the target, MiB (sched.mem.maxmemctl) */
	BH_KNOB_TRACE_MAX_MIB,	/* the trace stops at this size */
	BH_KNOB_TARGET_WINDOW,	/* cycles a target is pursued for */
	BH_KNOB_LAST = BH_KNOB_TARGET_WINDOW,
};

#define BH_KNOB_NUM (BH_KNOB_LAST + 1)

extern const char *const bh_knob_names[BH_KNOB_NUM];

/* The unit of the knobs that are rates: one per million. */
#define BH_PPM 1000000U

/**
 * struct bh_knob_range - the values a knob takes
 * @min: smallest value
 * @max: largest value
 * @allowed: the same in words, for an error message
 */
struct bh_knob_range {
	uint64_t min;
	uint64_t max;
	const char *allowed;
};

extern const struct bh_knob_range bh_knob_ranges[BH_KNOB_NUM];

/* Counters; names in bh_stat_names, one per counter. */
enum bh_stat {
	BH_STAT_SIZE,			/* frames in the balloon now */
	BH_STAT_FRAMES_LOCKED,		/* frames accepted into the balloon */
	BH_STAT_FRAMES_UNLOCKED,	/* frames handed back to the guest */
	BH_STAT_FRAMES_REFUSED,		/* frames in refused lock entries */
	BH_STAT_FRAMES_DISCARDED,	/* locked frames handed back to the host */
	BH_STAT_FRAMES_RECLAIMED,	/* ...of them, frames that held host memory */
	BH_STAT_DISCARD_ERRORS,		/* discards the host could not do */
	BH_STAT_REFUSED_4K,		/* refused 4 KiB lock entries */
	BH_STAT_REFUSED_2M,		/* refused 2 MiB lock entries */
	BH_STAT_BUSY,			/* calls answered ERROR_BUSY */
	BH_STAT_RESETS,			/* times the balloon was emptied */
	BH_STAT_RESETS_INJECTED,	/* ERROR_RESET replies sent */
	BH_STAT_GUEST_ERRORS,		/* malformed requests from the guest */
	BH_STAT_HOLD_NS,		/* modelled host cost charged */
	BH_STAT_DOORBELLS,		/* target changes the doorbell told */
	BH_STAT_DOORBELL_ERRORS,	/* rings the VMCI device refused */
	BH_STAT_TARGETS_BUSY,		/* GET_TARGETs answered ERROR_BUSY */
	BH_STAT_CALLS_IRQS_OFF,		/* calls made with interrupts masked */
	BH_STAT_TRACE_ERRORS,		/* trace writes that failed (it stops) */
	BH_STAT_TRACE_DROPPED,		/* rows not traced: trace full or failed */
	BH_STAT_LAST = BH_STAT_TRACE_DROPPED,
};

#define BH_STAT_NUM (BH_STAT_LAST + 1)

extern const char *const bh_stat_names[BH_STAT_NUM];

/**
 * struct bh_regs - the registers of one backdoor call
 * @rax: in: magic; out: status (zero-extended)
 * @rbx: in: arg1; out: result (the target for target-bearing commands)
 * @rcx: in: command; out: granted capabilities after START
 * @rsi: in: arg2
 * @irqs_masked: in: the calling vCPU had interrupts masked (EFLAGS.IF
 *	clear), so nothing else ran on it for the whole call
 */
struct bh_regs {
	uint64_t rax;
	uint64_t rbx;
	uint64_t rcx;
	uint64_t rsi;
	bool irqs_masked;
};

/**
 * struct balloon_host - one balloon host
 * @ops: guest memory and clock access
 * @opaque: passed to @ops
 * @knobs: current knob values, indexed by enum bh_knob
 * @stats: counters, indexed by enum bh_stat
 * @calls: calls per command
 * @failed: calls per command answered with an error
 * @granted_caps: capabilities granted at the last START
 * @guest_limit: the guest's page limit from the last GET_TARGET (0: none)
 * @guest_type: GUEST_ID's argument
 * @doorbell_ctx: VMCI context of the guest's doorbell, or all-ones
 * @doorbell_res: VMCI resource of the guest's doorbell, or all-ones
 * @commands_to_reset: commands left before an injected ERROR_RESET
 * @prng: refusal and busy PRNG state
 * @frames: RAM layout and locked frames
 * @trace: CSV trace stream, or NULL
 * @trace_bytes: bytes written to @trace
 * @trace_stopped: @trace was closed early (full, or a write failed)
 * @batch: scratch copy of a batch page
 *
 * The QEMU device serialises calls under its big lock; the core itself
 * takes no locks.
 */
struct balloon_host {
	const struct bh_guest_ops *ops;
	void *opaque;
	uint64_t knobs[BH_KNOB_NUM];
	uint64_t stats[BH_STAT_NUM];
	uint64_t calls[VMW_BALLOON_CMD_NUM];
	uint64_t failed[VMW_BALLOON_CMD_NUM];
	uint32_t granted_caps;
	uint64_t guest_limit;
	uint64_t guest_type;
	uint64_t doorbell_ctx;
	uint64_t doorbell_res;
	uint64_t commands_to_reset;
	uint64_t prng;
	uint64_t target_reads;
	struct frame_map frames;
	FILE *trace;
	uint64_t trace_bytes;
	bool trace_stopped;
	uint64_t batch[VMW_BALLOON_BATCH_MAX_ENTRIES];
};

/**
 * struct bh_discard_run - adjacent locked frames, discarded in one go
 * @first: first frame
 * @frames: number of frames; 0 for an empty run
 */
struct bh_discard_run {
	uint64_t first;
	uint64_t frames;
};

void balloon_host_init(struct balloon_host *h, const struct bh_guest_ops *ops,
		       void *opaque);
int balloon_host_add_ram(struct balloon_host *h, uint64_t first_pfn,
			 uint64_t frames);
int balloon_host_open_trace(struct balloon_host *h, const char *path);
int balloon_host_trace_fd(struct balloon_host *h, int fd);
void balloon_host_destroy(struct balloon_host *h);
int balloon_host_set_knob(struct balloon_host *h, enum bh_knob knob,
			  uint64_t value);
uint64_t balloon_host_capped_target(const struct balloon_host *h);
uint64_t balloon_host_target(const struct balloon_host *h);
void balloon_host_reset(struct balloon_host *h);
uint64_t balloon_host_call(struct balloon_host *h, struct bh_regs *regs);
const char *bh_status_name(uint32_t status);
uint64_t bh_batch_decode(const struct frame_map *map, uint64_t *batch,
			 uint64_t count, uint64_t frames);
struct bh_discard_run bh_discard_coalesce(struct bh_discard_run *run,
					  uint64_t pfn, uint64_t frames);
uint64_t bh_now_ns(void);

#endif /* BALLOON_HOST_H */
