// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the balloon host core (host/core).
 *
 * The host is embedded with a fake guest: RAM ranges backed by malloc'd
 * buffers (8 MiB, 2048 frames, unless a case says otherwise), read and write
 * callbacks that copy to and from them and fail outside, a discard callback
 * that records each call and zeroes the range, and a fake virtual clock.
 *
 * Output is TAP-like: one "ok N - name" or "not ok N - name" line per case,
 * the latter followed by "# " lines naming each failed check.  The exit
 * status is 0 only when every case passed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "balloon_host.h"
#include "cmd_trace.h"
#include "frame_map.h"
#include "tap.h"

/* ------------------------------------------------------------------ */
/* Checks                                                             */
/* ------------------------------------------------------------------ */


/* ------------------------------------------------------------------ */
/* The fake guest                                                     */
/* ------------------------------------------------------------------ */

#define FRAME		((uint64_t)VMW_BALLOON_FRAME_SIZE)
#define RAM_FRAMES	2048U
#define BATCH_PFN	(RAM_FRAMES - 1)	/* where the batch page lives */
#define MAX_DISCARDS	64
#define RAM_FILL	0xa5			/* what undiscarded RAM holds */

#define CAP_BASIC	VMW_BALLOON_CAP_BASIC
#define CAP_BATCHED	VMW_BALLOON_CAP_BATCHED
#define CAP_2M		VMW_BALLOON_CAP_BATCHED_2M
#define CAP_WAKEUP	VMW_BALLOON_CAP_SIGNALLED_WAKEUP
#define CAP_64BIT	VMW_BALLOON_CAP_64_BIT_TARGET
/* What a 64-bit 6.1 guest asks for at START. */
#define GUEST_CAPS	0x3eU

#define SUCCESS_CAPS	VMW_BALLOON_SUCCESS_WITH_CAPABILITIES
#define UNSET		VMW_BALLOON_DOORBELL_UNSET

struct fake_range {
	uint64_t first;
	uint64_t frames;
	uint8_t *mem;
};

struct discard_call {
	uint64_t pfn;
	uint64_t frames;
};

struct fake_guest {
	struct fake_range ranges[FRAME_MAP_MAX_RANGES];
	unsigned int nr_ranges;
	uint64_t clock_ns;
	bool fail_discard;
	unsigned int fail_write;	/* the Nth write from now fails */
	unsigned int reads;
	unsigned int writes;
	unsigned int discards;
	struct discard_call log[MAX_DISCARDS];
	bool fail_ring;
	unsigned int rings;
	uint64_t ring_ctx;
	uint64_t ring_res;
};

/* Host memory behind [gpa, gpa + len), or NULL unless inside one range. */
static uint8_t *fake_ptr(struct fake_guest *g, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	if (gpa + len < gpa)
		return NULL;
	for (i = 0; i < g->nr_ranges; i++) {
		struct fake_range *r = &g->ranges[i];
		uint64_t start = r->first * FRAME;
		uint64_t end = start + r->frames * FRAME;

		if (gpa >= start && gpa + len <= end)
			return r->mem + (gpa - start);
	}
	return NULL;
}

static int fake_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct fake_guest *g = opaque;
	uint8_t *p = fake_ptr(g, gpa, len);

	g->reads++;
	if (!p)
		return -1;
	memcpy(buf, p, len);
	return 0;
}

static int fake_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct fake_guest *g = opaque;
	uint8_t *p = fake_ptr(g, gpa, len);

	g->writes++;
	if (!p || (g->fail_write && !--g->fail_write))
		return -1;
	memcpy(p, buf, len);
	return 0;
}

/* A fake frame holds host memory while any of its bytes is not zero. */
static int fake_discard(void *opaque, uint64_t pfn, uint64_t frames,
			uint64_t *freed)
{
	struct fake_guest *g = opaque;
	uint8_t *p;
	uint64_t i, j;

	if (g->discards < MAX_DISCARDS) {
		g->log[g->discards].pfn = pfn;
		g->log[g->discards].frames = frames;
	}
	g->discards++;
	if (g->fail_discard || frames > UINT64_MAX / FRAME ||
	    pfn > UINT64_MAX / FRAME)
		return -1;
	p = fake_ptr(g, pfn * FRAME, frames * FRAME);
	if (!p)
		return -1;
	*freed = 0;
	for (i = 0; i < frames; i++)
		for (j = 0; j < FRAME; j++)
			if (p[i * FRAME + j]) {
				(*freed)++;
				break;
			}
	memset(p, 0, frames * FRAME);
	return 0;
}

static uint64_t fake_guest_ns(void *opaque)
{
	struct fake_guest *g = opaque;

	return g->clock_ns += 1000;
}

static int fake_ring_doorbell(void *opaque, uint64_t ctx, uint64_t res)
{
	struct fake_guest *g = opaque;

	g->rings++;
	g->ring_ctx = ctx;
	g->ring_res = res;
	return g->fail_ring ? -1 : 0;
}

static const struct bh_guest_ops fake_ops = {
	.read = fake_read,
	.write = fake_write,
	.discard = fake_discard,
	.guest_ns = fake_guest_ns,
	.ring_doorbell = fake_ring_doorbell,
};

/* ------------------------------------------------------------------ */
/* Fixture                                                            */
/* ------------------------------------------------------------------ */

struct fixture {
	struct fake_guest g;
	struct balloon_host h;
	struct bh_regs regs;
	uint64_t hold_ns;
};

/* A host with no RAM yet. */
static void fx_init_empty(struct fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	balloon_host_init(&fx->h, &fake_ops, &fx->g);
}

/* Declares [first, first + frames) as RAM to the host and backs it. */
static int fx_add_ram(struct fixture *fx, uint64_t first, uint64_t frames)
{
	struct fake_range *r = &fx->g.ranges[fx->g.nr_ranges];
	int ret;

	ret = balloon_host_add_ram(&fx->h, first, frames);
	if (ret)
		return ret;
	if (fx->g.nr_ranges == FRAME_MAP_MAX_RANGES) {
		CHECK(!"fake guest out of ranges");
		return -ENOSPC;
	}
	r->mem = malloc(frames * FRAME);
	if (!r->mem) {
		CHECK(!"out of memory for fake RAM");
		return -ENOMEM;
	}
	memset(r->mem, RAM_FILL, frames * FRAME);
	r->first = first;
	r->frames = frames;
	fx->g.nr_ranges++;
	return 0;
}

/*
 * A host with one RAM range [0, frames), and no ESXi cap on the target:
 * the protocol's tests ask for any target (test_target_caps has the caps).
 */
static void fx_init(struct fixture *fx, uint64_t frames)
{
	fx_init_empty(fx);
	CHECK_EQ(fx_add_ram(fx, 0, frames), 0);
	CHECK_EQ(balloon_host_set_knob(&fx->h, BH_KNOB_MAX_PERCENT, 100), 0);
}

static void fx_fini(struct fixture *fx)
{
	unsigned int i;

	balloon_host_destroy(&fx->h);
	for (i = 0; i < fx->g.nr_ranges; i++)
		free(fx->g.ranges[i].mem);
}

/* One backdoor call with the right magic; returns the status. */
static uint64_t fx_call(struct fixture *fx, uint64_t cmd, uint64_t arg1,
			uint64_t arg2)
{
	fx->regs.rax = VMW_BALLOON_MAGIC;
	fx->regs.rbx = arg1;
	fx->regs.rcx = cmd;
	fx->regs.rsi = arg2;
	fx->hold_ns = balloon_host_call(&fx->h, &fx->regs);
	return fx->regs.rax;
}

static void fx_start(struct fixture *fx, uint64_t guest_caps)
{
	CHECK_EQ(fx_call(fx, VMW_BALLOON_CMD_START, guest_caps, 0),
		 SUCCESS_CAPS);
}

static void fx_knob(struct fixture *fx, enum bh_knob knob, uint64_t value)
{
	CHECK_EQ(balloon_host_set_knob(&fx->h, knob, value), 0);
}

static uint64_t *batch_slot(struct fixture *fx, unsigned int i)
{
	return (uint64_t *)fake_ptr(&fx->g, BATCH_PFN * FRAME + i * 8, 8);
}

static void batch_put(struct fixture *fx, unsigned int i, uint64_t entry)
{
	*batch_slot(fx, i) = entry;
}

static uint64_t batch_get(struct fixture *fx, unsigned int i)
{
	return *batch_slot(fx, i);
}

static unsigned int batch_status(struct fixture *fx, unsigned int i)
{
	return vmw_balloon_batch_entry_status(batch_get(fx, i));
}

/* Writes @n entries naming @pfns into the batch page and runs @cmd on it. */
static uint64_t fx_batch(struct fixture *fx, uint64_t cmd, const uint64_t *pfns,
			 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		batch_put(fx, i, vmw_balloon_batch_entry(pfns[i]));
	return fx_call(fx, cmd, BATCH_PFN, n);
}

static uint64_t fx_batch1(struct fixture *fx, uint64_t cmd, uint64_t pfn)
{
	return fx_batch(fx, cmd, &pfn, 1);
}

static bool is_locked(struct fixture *fx, uint64_t pfn)
{
	return frame_map_all_locked(&fx->h.frames, pfn, 1);
}

/* Locked frames, counted bit by bit in the frame map. */
static uint64_t locked_frames(struct fixture *fx)
{
	uint64_t pfn, n = 0;

	for (pfn = 0; pfn < fx->h.frames.limit; pfn++)
		if (frame_map_is_ram(&fx->h.frames, pfn, 1) &&
		    is_locked(fx, pfn))
			n++;
	return n;
}

/* The balloon size, checked against the frame map. */
#define CHECK_SIZE(fx, want)						\
	do {								\
		CHECK_EQ((fx)->h.stats[BH_STAT_SIZE], (want));		\
		CHECK_EQ(locked_frames(fx), (want));			\
	} while (0)

#define STAT(fx, s) ((fx)->h.stats[BH_STAT_##s])

static bool frame_is(struct fixture *fx, uint64_t pfn, uint8_t byte)
{
	const uint8_t *p = fake_ptr(&fx->g, pfn * FRAME, FRAME);
	uint64_t i;

	for (i = 0; p && i < FRAME; i++)
		if (p[i] != byte)
			return false;
	return p != NULL;
}

/* ------------------------------------------------------------------ */
/* START                                                              */
/* ------------------------------------------------------------------ */

static void test_start_grants_caps(void)
{
	struct fixture fx;
	uint64_t host_caps;

	fx_init(&fx, RAM_FRAMES);
	host_caps = fx.h.knobs[BH_KNOB_CAPS];
	CHECK_EQ(host_caps, VMW_BALLOON_CAPS_ALL & ~CAP_WAKEUP);

	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_START, GUEST_CAPS | 1, 0),
		 SUCCESS_CAPS);
	CHECK_EQ(fx.regs.rcx, GUEST_CAPS & host_caps);
	CHECK_EQ(fx.regs.rcx & 1, 0);
	CHECK_EQ(fx.h.granted_caps, fx.regs.rcx);
	/* START answers in RCX only: RBX and RSI stay as the guest set them. */
	CHECK_EQ(fx.regs.rbx, GUEST_CAPS | 1);
	CHECK_EQ(fx.regs.rsi, 0);

	/* Bit 0 and bits above the known ones are never granted. */
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_START, ~(uint64_t)0, 0),
		 SUCCESS_CAPS);
	CHECK_EQ(fx.regs.rcx, VMW_BALLOON_CAPS_ALL);
	CHECK_EQ(fx.regs.rbx, ~(uint64_t)0);

	/* The host's knob masks what the guest asks for. */
	fx_knob(&fx, BH_KNOB_CAPS, CAP_BASIC | CAP_BATCHED);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx.regs.rcx, CAP_BASIC | CAP_BATCHED);
	fx_start(&fx, CAP_BATCHED | CAP_2M);
	CHECK_EQ(fx.regs.rcx, CAP_BATCHED);
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_START], 4);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_START], 0);
	fx_fini(&fx);
}

static void test_start_drops_locked_frames(void)
{
	struct fixture fx;
	uint64_t resets;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 11, 1), 0);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 20), 0);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_SIZE(&fx, 3 + 512);

	resets = STAT(&fx, RESETS);
	fx_start(&fx, GUEST_CAPS);
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(STAT(&fx, RESETS), resets + 1);
	/* The guest popped its pages without UNLOCK: nothing was unlocked. */
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 0);
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 3 + 512);

	/* The same frames can go into the balloon again. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_SIZE(&fx, 1 + 512);
	fx_fini(&fx);
}

/*
 * START(0) is the guest leaving (unload, or batching set-up failed).  It
 * empties the balloon like any START, but a host that granted something
 * before keeps answering that grant: the 6.1 driver pops its pages by the
 * page sizes the reply allows, and a 0 there strands its 2 MiB pages.
 */
static void test_start_zero(void)
{
	struct fixture fx;
	uint64_t resets;

	fx_init(&fx, RAM_FRAMES);
	/* Nothing granted yet: nothing to keep. */
	fx.regs.rcx = 0xdead;
	fx_start(&fx, 0);
	CHECK_EQ(fx.regs.rcx, 0);
	CHECK_EQ(fx.h.granted_caps, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);

	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_SIZE(&fx, 513);

	resets = STAT(&fx, RESETS);
	fx_start(&fx, 0);
	CHECK_EQ(fx.regs.rcx, GUEST_CAPS & fx.h.knobs[BH_KNOB_CAPS]);
	CHECK(fx.regs.rcx & CAP_2M);
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(STAT(&fx, RESETS), resets + 1);
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 0);

	/* After a device reset there is again nothing to keep. */
	balloon_host_reset(&fx.h);
	fx_start(&fx, 0);
	CHECK_EQ(fx.regs.rcx, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 10),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* GET_TARGET                                                         */
/* ------------------------------------------------------------------ */

/*
 * target-window-cycles: the GET_TARGET after the window's last cycle is
 * told the balloon as it is, while a cycle that started in the window runs
 * to its end under the old target; a window of 0 never closes.
 */
static void test_target_window(void)
{
	struct fixture fx;
	unsigned int cycle;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET_WINDOW, 2);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	for (cycle = 0; cycle < 2; cycle++) {
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
		CHECK_EQ(fx.regs.rbx, 100);
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10 + cycle, 1), 0);
		CHECK_EQ(fx.regs.rbx, 100);
	}
	CHECK_SIZE(&fx, 2);
	/* The third cycle is told to keep what it has. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 2);
	CHECK_EQ(fx.h.knobs[BH_KNOB_TARGET], 2);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 12, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_SIZE(&fx, 2);

	/* A new target opens a new window; no window, no end. */
	fx_knob(&fx, BH_KNOB_TARGET_WINDOW, 0);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	for (cycle = 0; cycle < 5; cycle++)
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	fx_fini(&fx);
}

static void test_get_target_returns_target(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	/* GET_TARGET needs no capability, not even a START. */
	fx_knob(&fx, BH_KNOB_TARGET, 1234);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 1234);

	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 1234);
	CHECK_EQ(fx.regs.rcx, VMW_BALLOON_CMD_GET_TARGET);

	fx_knob(&fx, BH_KNOB_TARGET, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 0);
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_GET_TARGET], 3);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_GET_TARGET], 0);
	fx_fini(&fx);
}

static void test_get_target_capped_by_guest_limit(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 5000);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 3000, 0), 0);
	CHECK_EQ(fx.regs.rbx, 3000);
	CHECK_EQ(balloon_host_target(&fx.h), 3000);
	/* The lock replies carry the capped target as well. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx.regs.rbx, 3000);

	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 8000, 0), 0);
	CHECK_EQ(fx.regs.rbx, 5000);
	/* A limit of 0 means none. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(fx.regs.rbx, 5000);

	/* The limit also bounds the balloon. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 1, 0), 0);
	CHECK_EQ(fx.regs.rbx, 1);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 11, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_SIZE(&fx, 1);
	fx_fini(&fx);
}

static void test_get_target_32bit_without_cap(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS & ~CAP_64BIT);
	CHECK_EQ(fx.regs.rcx & CAP_64BIT, 0);
	fx_knob(&fx, BH_KNOB_TARGET, (uint64_t)1 << 33);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(fx.regs.rbx, UINT32_MAX);
	/* Every target-bearing reply is capped the same way. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx.regs.rbx, UINT32_MAX);

	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, (uint64_t)1 << 32, 0),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 1);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_GET_TARGET], 1);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, ~(uint64_t)0, 0),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 2);

	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, UINT32_MAX, 0), 0);
	CHECK_EQ(fx.regs.rbx, UINT32_MAX);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 77, 0), 0);
	CHECK_EQ(fx.regs.rbx, 77);
	fx_fini(&fx);
}

static void test_get_target_64bit_with_cap(void)
{
	struct fixture fx;
	uint64_t big = ((uint64_t)1 << 33) + 5;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	CHECK(fx.regs.rcx & CAP_64BIT);
	fx_knob(&fx, BH_KNOB_TARGET, big);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, (uint64_t)1 << 34, 0),
		 0);
	CHECK_EQ(fx.regs.rbx, big);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, (uint64_t)1 << 33, 0),
		 0);
	CHECK_EQ(fx.regs.rbx, (uint64_t)1 << 33);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(fx.regs.rbx, big);
	/* Lock replies carry the full 64-bit target too. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx.regs.rbx, big);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* LOCK / UNLOCK                                                      */
/* ------------------------------------------------------------------ */

static void test_lock_success(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BASIC);
	CHECK_EQ(fx.regs.rcx, CAP_BASIC);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	CHECK_SIZE(&fx, 1);
	CHECK(is_locked(&fx, 10));
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 1);
	CHECK_EQ(STAT(&fx, FRAMES_DISCARDED), 1);
	CHECK_EQ(STAT(&fx, FRAMES_REFUSED), 0);
	CHECK_EQ(fx.g.discards, 1);
	CHECK_EQ(fx.g.log[0].pfn, 10);
	CHECK_EQ(fx.g.log[0].frames, 1);
	CHECK(frame_is(&fx, 10, 0));
	CHECK(frame_is(&fx, 9, RAM_FILL));
	CHECK(frame_is(&fx, 11, RAM_FILL));
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_LOCK], 1);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_LOCK], 0);
	fx_fini(&fx);
}

static void test_unlock_success(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BASIC);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 11, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	CHECK_SIZE(&fx, 1);
	CHECK(!is_locked(&fx, 10));
	CHECK(is_locked(&fx, 11));
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 1);
	/* Unlocking frees nothing on the host. */
	CHECK_EQ(fx.g.discards, 2);
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_UNLOCK], 1);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_UNLOCK], 0);
	fx_fini(&fx);
}

static void test_reply_rbx_is_target_not_pfn(void)
{
	struct fixture fx;
	uint64_t pfns[2] = { 200, 201 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 600);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 7, 1), 0);
	CHECK_EQ(fx.regs.rbx, 600);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 7, 1), 0);
	CHECK_EQ(fx.regs.rbx, 600);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 2), 0);
	CHECK_EQ(fx.regs.rbx, 600);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, pfns, 2), 0);
	CHECK_EQ(fx.regs.rbx, 600);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_EQ(fx.regs.rbx, 600);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 512), 0);
	CHECK_EQ(fx.regs.rbx, 600);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

static void test_lock_pfn_outside_ram(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, RAM_FRAMES, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, UINT32_MAX, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, RAM_FRAMES, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 3);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_LOCK], 2);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_UNLOCK], 1);
	CHECK_EQ(fx.g.discards, 0);
	CHECK_SIZE(&fx, 0);
	/* The last frame is fine. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, RAM_FRAMES - 1, 1), 0);
	CHECK_SIZE(&fx, 1);
	fx_fini(&fx);
}

static void test_lock_pfn_above_32bit(void)
{
	struct fixture fx;
	uint64_t high = (uint64_t)1 << 32;
	uint64_t errors;
	int ret;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	/*
	 * Make the frames at 2^32 real RAM, so the only thing wrong with them
	 * is their width.  The bitmap then spans 512 MiB of address space, of
	 * which only a page or two is ever touched.
	 */
	ret = fx_add_ram(&fx, high, 16);
	CHECK(ret == 0 || ret == -ENOMEM);

	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, high, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, high + 1, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, ~(uint64_t)0, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, high, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx.regs.rbx, 100);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 4);
	CHECK_EQ(fx.h.stats[BH_STAT_SIZE], 0);
	CHECK_EQ(fx.g.discards, 0);

	/* A batch entry may name a frame above 2^32. */
	if (!ret) {
		CHECK(!is_locked(&fx, high));
		CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, high), 0);
		CHECK_EQ(batch_status(&fx, 0), 0);
		CHECK(is_locked(&fx, high));
		CHECK_EQ(fx.h.stats[BH_STAT_SIZE], 1);
		CHECK_EQ(fx.g.discards, 1);
		CHECK(frame_is(&fx, high, 0));
	}
	fx_fini(&fx);
}

static void test_lock_twice_is_locked(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BASIC);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_PPN_LOCKED);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 1);
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 1);
	CHECK_EQ(fx.g.discards, 1);
	CHECK_SIZE(&fx, 1);
	fx_fini(&fx);
}

static void test_unlock_unlocked_frame(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BASIC);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1),
		 VMW_BALLOON_ERROR_PPN_UNLOCKED);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1),
		 VMW_BALLOON_ERROR_PPN_UNLOCKED);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 2);
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 1);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

static void test_lock_at_target_not_needed(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BASIC);
	fx_knob(&fx, BH_KNOB_TARGET, 2);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 11, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 12, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_EQ(fx.regs.rbx, 2);
	CHECK_SIZE(&fx, 2);
	CHECK(!is_locked(&fx, 12));
	/* Above the target, and with no target at all. */
	fx_knob(&fx, BH_KNOB_TARGET, 1);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 12, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	fx_knob(&fx, BH_KNOB_TARGET, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 12, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_SIZE(&fx, 2);
	CHECK_EQ(fx.g.discards, 2);
	/* Unlocking is always allowed. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1), 0);
	CHECK_SIZE(&fx, 1);
	fx_fini(&fx);
}

static void test_lock_without_basic_cap(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	/* Before any START nothing is granted. */
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);

	fx_start(&fx, CAP_BATCHED);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 2);

	/* The host may withhold BASIC from a guest that asks for it. */
	fx_knob(&fx, BH_KNOB_CAPS, CAP_BATCHED);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx.regs.rcx, CAP_BATCHED);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(fx.g.discards, 0);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* BATCHED_LOCK / BATCHED_UNLOCK                                      */
/* ------------------------------------------------------------------ */

static void test_batch_lock_success(void)
{
	struct fixture fx;
	uint64_t pfns[3] = { 10, 20, 30 };
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3), 0);
	CHECK_EQ(fx.regs.rbx, 1000);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(batch_get(&fx, i), vmw_balloon_batch_entry(pfns[i]));
		CHECK(is_locked(&fx, pfns[i]));
		CHECK(frame_is(&fx, pfns[i], 0));
	}
	CHECK_SIZE(&fx, 3);
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 3);
	CHECK_EQ(STAT(&fx, FRAMES_DISCARDED), 3);
	CHECK_EQ(fx.g.discards, 3);
	/* The batch page itself is left alone. */
	CHECK(!is_locked(&fx, BATCH_PFN));
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_BATCHED_LOCK], 1);
	fx_fini(&fx);
}

/* An entry naming the batch page itself is refused; the others go on. */
static void test_batch_names_itself(void)
{
	struct fixture fx;
	uint64_t pfns[3] = { 10, BATCH_PFN, 20 }, huge;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED | VMW_BALLOON_CAP_BATCHED_2M);
	fx_knob(&fx, BH_KNOB_TARGET, 2000);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3), 0);
	CHECK_EQ(vmw_balloon_batch_entry_status(batch_get(&fx, 1)),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK(!is_locked(&fx, BATCH_PFN));
	CHECK_SIZE(&fx, 2);
	/* ... and so is a 2 MiB page around it. */
	huge = BATCH_PFN & ~(uint64_t)(VMW_BALLOON_2M_FRAMES - 1);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, huge), 0);
	CHECK_EQ(vmw_balloon_batch_entry_status(batch_get(&fx, 0)),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK(!is_locked(&fx, BATCH_PFN));
	CHECK_SIZE(&fx, 2);
	fx_fini(&fx);
}

/* A batch page the host reads but cannot write fails before any lock. */
static void test_batch_page_unwritable(void)
{
	struct fixture fx;
	uint64_t pfns[3] = { 10, 20, 30 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	fx.g.fail_write = 1;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_SIZE(&fx, 0);
	CHECK(!is_locked(&fx, 10));
	CHECK_EQ(fx.g.discards, 0);
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 0);
	fx_fini(&fx);
}

/*
 * The status write-back fails after the pages were done: the guest is told
 * the call failed, so the host undoes it; size and bitmap agree with that.
 */
static void test_batch_writeback_failure_undone(void)
{
	struct fixture fx;
	uint64_t pfns[3] = { 10, 20, 30 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	fx.g.fail_write = 2;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_SIZE(&fx, 0);
	CHECK(!is_locked(&fx, 10) && !is_locked(&fx, 20));
	CHECK(!is_locked(&fx, 30));
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 0);
	/* Now lock them for real, and fail the unlock's write-back. */
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3), 0);
	CHECK_SIZE(&fx, 3);
	fx.g.fail_write = 2;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, pfns, 3),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_SIZE(&fx, 3);
	CHECK(is_locked(&fx, 10) && is_locked(&fx, 20) && is_locked(&fx, 30));
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 0);
	fx_fini(&fx);
}

static void test_batch_unlock_success(void)
{
	struct fixture fx;
	uint64_t pfns[3] = { 10, 20, 30 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3), 0);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, pfns + 1, 2), 0);
	CHECK_EQ(fx.regs.rbx, 1000);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(20));
	CHECK_EQ(batch_get(&fx, 1), vmw_balloon_batch_entry(30));
	CHECK_SIZE(&fx, 1);
	CHECK(is_locked(&fx, 10));
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 2);
	CHECK_EQ(fx.g.discards, 3);
	fx_fini(&fx);
}

static void test_batch_status_low_bits_only(void)
{
	struct fixture fx;
	const uint64_t rsvd = 0xfe0;	/* bits 11..5 */
	const uint64_t huge = (uint64_t)1 << 51;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	/* Reserved bits set, and stale status bits for the host to replace. */
	batch_put(&fx, 0, vmw_balloon_batch_entry(10) | rsvd | 0x1f);
	batch_put(&fx, 1, vmw_balloon_batch_entry(5000) | rsvd | 0x15);
	batch_put(&fx, 2, vmw_balloon_batch_entry(10) | rsvd);
	batch_put(&fx, 3, vmw_balloon_batch_entry(huge) | 0x1f);
	batch_put(&fx, 4, 0xdeadbeefcafef00dULL);	/* beyond the count */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN, 4), 0);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(10) | rsvd);
	CHECK_EQ(batch_get(&fx, 1), vmw_balloon_batch_entry(5000) | rsvd |
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(batch_get(&fx, 2), vmw_balloon_batch_entry(10) | rsvd |
		 VMW_BALLOON_ERROR_PPN_LOCKED);
	CHECK_EQ(batch_get(&fx, 3), vmw_balloon_batch_entry(huge) |
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(batch_get(&fx, 4), 0xdeadbeefcafef00dULL);
	CHECK_SIZE(&fx, 1);
	CHECK(is_locked(&fx, 10));
	fx_fini(&fx);
}

static void test_batch_lock_mixed_entries(void)
{
	struct fixture fx;
	const uint64_t pfns[] = {
		10, 5000, 10, 12, (uint64_t)1 << 40, 11, 13, 14, 15, 16,
	};
	const unsigned int want[] = {
		VMW_BALLOON_SUCCESS,		/* size 2 */
		VMW_BALLOON_ERROR_PPN_INVALID,	/* not RAM */
		VMW_BALLOON_ERROR_PPN_LOCKED,	/* duplicate in the batch */
		VMW_BALLOON_ERROR_PPN_LOCKED,	/* locked by an earlier call */
		VMW_BALLOON_ERROR_PPN_INVALID,	/* far beyond RAM */
		VMW_BALLOON_SUCCESS,		/* size 3 */
		VMW_BALLOON_SUCCESS,		/* size 4 */
		VMW_BALLOON_SUCCESS,		/* size 5: the target */
		VMW_BALLOON_ERROR_PPN_NOTNEEDED,
		VMW_BALLOON_ERROR_PPN_NOTNEEDED,
	};
	const unsigned int n = sizeof(pfns) / sizeof(pfns[0]);
	uint64_t errors;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 5);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 12), 0);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, n), 0);
	CHECK_EQ(fx.regs.rbx, 5);
	for (i = 0; i < n; i++) {
		CHECK_EQ(batch_status(&fx, i), want[i]);
		CHECK_EQ(vmw_balloon_batch_entry_pfn(batch_get(&fx, i)),
			 pfns[i]);
	}
	CHECK_SIZE(&fx, 5);
	CHECK(!is_locked(&fx, 15));
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 4);
	/* The call succeeded even though entries failed. */
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_BATCHED_LOCK], 0);
	fx_fini(&fx);
}

static void test_batch_unlock_mixed_entries(void)
{
	struct fixture fx;
	const uint64_t locked[] = { 10, 11, 12 };
	const uint64_t pfns[] = { 10, 13, 10, 5000, 11 };
	const unsigned int want[] = {
		VMW_BALLOON_SUCCESS,
		VMW_BALLOON_ERROR_PPN_UNLOCKED,	/* never locked */
		VMW_BALLOON_ERROR_PPN_UNLOCKED,	/* unlocked by entry 0 */
		VMW_BALLOON_ERROR_PPN_INVALID,
		VMW_BALLOON_SUCCESS,
	};
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, locked, 3), 0);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, pfns, 5), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	for (i = 0; i < 5; i++)
		CHECK_EQ(batch_status(&fx, i), want[i]);
	CHECK_SIZE(&fx, 1);
	CHECK(is_locked(&fx, 12));
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 2);
	/* Unlock failures are not refusals. */
	CHECK_EQ(STAT(&fx, FRAMES_REFUSED), 0);
	fx_fini(&fx);
}

static void test_batch_count_too_large(void)
{
	struct fixture fx;
	uint64_t errors;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	for (i = 0; i < VMW_BALLOON_BATCH_MAX_ENTRIES; i++)
		batch_put(&fx, i, vmw_balloon_batch_entry(1 + i));
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN,
			 VMW_BALLOON_BATCH_MAX_ENTRIES + 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, BATCH_PFN,
			 ~(uint64_t)0),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN,
			 (uint64_t)1 << 32),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 3);
	CHECK_EQ(fx.g.reads, 0);
	CHECK_EQ(fx.g.writes, 0);
	CHECK_SIZE(&fx, 0);

	/* 512 is the most a page holds, and fine. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN,
			 VMW_BALLOON_BATCH_MAX_ENTRIES), 0);
	CHECK_SIZE(&fx, VMW_BALLOON_BATCH_MAX_ENTRIES);
	for (i = 0; i < VMW_BALLOON_BATCH_MAX_ENTRIES; i++)
		CHECK_EQ(batch_status(&fx, i), 0);
	fx_fini(&fx);
}

static void test_batch_count_zero_is_noop(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	batch_put(&fx, 0, vmw_balloon_batch_entry(10));
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN, 0), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, BATCH_PFN, 0),
		 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, BATCH_PFN, 0),
		 0);
	/* With nothing to read, where the page is does not matter. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, ~(uint64_t)0, 0),
		 0);
	CHECK_EQ(fx.g.reads, 0);
	CHECK_EQ(fx.g.writes, 0);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(10));
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_BATCHED_LOCK], 0);
	fx_fini(&fx);
}

static void test_batch_page_outside_ram(void)
{
	struct fixture fx;
	const uint64_t bad[] = {
		RAM_FRAMES, UINT32_MAX, ((uint64_t)1 << 52) - 1,
		(uint64_t)1 << 52, (uint64_t)1 << 60, ~(uint64_t)0,
	};
	const unsigned int n = sizeof(bad) / sizeof(bad[0]);
	uint64_t errors;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	batch_put(&fx, 0, vmw_balloon_batch_entry(10));
	errors = STAT(&fx, GUEST_ERRORS);
	for (i = 0; i < n; i++) {
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, bad[i], 1),
			 VMW_BALLOON_ERROR_PPN_INVALID);
		CHECK_EQ(fx.regs.rbx, RAM_FRAMES);
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK,
				 bad[i], 1),
			 VMW_BALLOON_ERROR_PPN_INVALID);
	}
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 2 * n);
	CHECK_EQ(fx.g.writes, 0);
	CHECK_EQ(fx.g.discards, 0);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(10));
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(STAT(&fx, FRAMES_REFUSED), 0);
	fx_fini(&fx);
}

static void test_batch_discards_coalesced(void)
{
	struct fixture fx;
	uint64_t pfns[64 + 3];
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	for (i = 0; i < 64; i++)
		pfns[i] = 100 + i;
	pfns[64] = 200;
	pfns[65] = 201;
	pfns[66] = 300;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 67), 0);
	CHECK_SIZE(&fx, 67);
	CHECK_EQ(fx.g.discards, 3);
	CHECK_EQ(fx.g.log[0].pfn, 100);
	CHECK_EQ(fx.g.log[0].frames, 64);
	CHECK_EQ(fx.g.log[1].pfn, 200);
	CHECK_EQ(fx.g.log[1].frames, 2);
	CHECK_EQ(fx.g.log[2].pfn, 300);
	CHECK_EQ(fx.g.log[2].frames, 1);
	CHECK_EQ(STAT(&fx, FRAMES_DISCARDED), 67);

	/* A failed entry in the middle splits the run. */
	fx.g.discards = 0;
	pfns[0] = 400;
	pfns[1] = 401;
	pfns[2] = 401;
	pfns[3] = 402;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 4), 0);
	CHECK_EQ(batch_status(&fx, 2), VMW_BALLOON_ERROR_PPN_LOCKED);
	CHECK_EQ(fx.g.discards, 1);
	CHECK_EQ(fx.g.log[0].pfn, 400);
	CHECK_EQ(fx.g.log[0].frames, 3);
	fx_fini(&fx);
}

/*
 * A frame the guest never touched holds no host memory: discarding it
 * counts as discarded, not as reclaimed.
 */
static void test_batch_reclaims_only_backed_frames(void)
{
	struct fixture fx;
	uint64_t pfns[4] = { 10, 11, 12, 20 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	memset(fake_ptr(&fx.g, 11 * FRAME, 2 * FRAME), 0, 2 * FRAME);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 4), 0);
	CHECK_SIZE(&fx, 4);
	CHECK_EQ(STAT(&fx, FRAMES_DISCARDED), 4);
	CHECK_EQ(STAT(&fx, FRAMES_RECLAIMED), 2);
	fx_fini(&fx);
}

static void test_batch_discard_failure_keeps_lock(void)
{
	struct fixture fx;
	uint64_t pfns[2] = { 10, 11 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx.g.fail_discard = true;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 2), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_EQ(batch_status(&fx, 1), 0);
	CHECK_SIZE(&fx, 2);
	CHECK_EQ(STAT(&fx, DISCARD_ERRORS), 1);
	CHECK_EQ(STAT(&fx, FRAMES_DISCARDED), 0);
	CHECK_EQ(STAT(&fx, FRAMES_RECLAIMED), 0);
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 2);
	fx_fini(&fx);
}

static void test_batch_without_batched_cap(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BASIC);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 10),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, 10),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 2);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(10));
	CHECK_EQ(fx.g.reads, 0);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

static void test_batch_ram_gap(void)
{
	struct fixture fx;
	const uint64_t pfns[] = { 999, 1000, 1099, 1100 };
	const unsigned int want[] = {
		VMW_BALLOON_SUCCESS,
		VMW_BALLOON_ERROR_PPN_INVALID,
		VMW_BALLOON_ERROR_PPN_INVALID,
		VMW_BALLOON_SUCCESS,
	};
	unsigned int i;

	/* RAM [0, 1000) and [1100, 2048): a 100-frame hole. */
	fx_init_empty(&fx);
	CHECK_EQ(fx_add_ram(&fx, 0, 1000), 0);
	CHECK_EQ(fx_add_ram(&fx, 1100, RAM_FRAMES - 1100), 0);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 1050, 1),
		 VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 4), 0);
	for (i = 0; i < 4; i++)
		CHECK_EQ(batch_status(&fx, i), want[i]);
	CHECK_SIZE(&fx, 2);
	/*
	 * 2M blocks: [512, 1024) runs into the hole; [1536, 2048) is RAM but
	 * holds the batch page (test_batch_names_itself), [0, 512) is RAM.
	 */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 1536), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 0), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_SIZE(&fx, 2 + 512);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* BATCHED_2M_LOCK / BATCHED_2M_UNLOCK                                */
/* ------------------------------------------------------------------ */

static void test_2m_lock_success(void)
{
	struct fixture fx;
	uint64_t blocks[2] = { 512, 1024 };

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, CAP_BATCHED | CAP_2M);
	CHECK_EQ(fx.regs.rcx, CAP_BATCHED | CAP_2M);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_EQ(fx.regs.rbx, RAM_FRAMES);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(512));
	CHECK_SIZE(&fx, 512);
	CHECK(frame_map_all_locked(&fx.h.frames, 512, 512));
	CHECK(!is_locked(&fx, 511));
	CHECK(!is_locked(&fx, 1024));
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), 512);
	CHECK_EQ(fx.g.discards, 1);
	CHECK_EQ(fx.g.log[0].pfn, 512);
	CHECK_EQ(fx.g.log[0].frames, 512);
	CHECK(frame_is(&fx, 512, 0));
	CHECK(frame_is(&fx, 1023, 0));

	/* Two adjacent blocks: one discard of 1024 frames. */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 512), 0);
	CHECK_SIZE(&fx, 0);
	fx.g.discards = 0;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, blocks, 2), 0);
	CHECK_SIZE(&fx, 1024);
	CHECK_EQ(fx.g.discards, 1);
	CHECK_EQ(fx.g.log[0].pfn, 512);
	CHECK_EQ(fx.g.log[0].frames, 1024);
	fx_fini(&fx);
}

static void test_2m_lock_misaligned(void)
{
	struct fixture fx;
	const uint64_t pfns[] = { 513, 256, 1, 1023 };
	uint64_t errors;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, pfns, 4), 0);
	for (i = 0; i < 4; i++)
		CHECK_EQ(batch_status(&fx, i), VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 4);
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(fx.g.discards, 0);
	fx_fini(&fx);
}

static void test_2m_lock_past_end_of_ram(void)
{
	struct fixture fx;
	const uint64_t pfns[] = { 2048, 4096, 1024 };

	/* 2304 frames: the block at 2048 has only 256 frames of RAM. */
	fx_init(&fx, RAM_FRAMES + 256);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 4 * RAM_FRAMES);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, pfns, 3), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(batch_status(&fx, 1), VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_EQ(batch_status(&fx, 2), VMW_BALLOON_SUCCESS);
	CHECK_SIZE(&fx, 512);
	CHECK(!is_locked(&fx, 2048));
	/* The 4K frames there are fine. */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 2048 + 255), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_SIZE(&fx, 513);
	fx_fini(&fx);
}

static void test_2m_lock_may_overshoot_target(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 513);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_SIZE(&fx, 512);		/* target - 1 */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 1024), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_SIZE(&fx, 1024);		/* target + 511 */
	CHECK_EQ(fx.regs.rbx, 513);
	/* At or above the target, nothing more. */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 0), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 5), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_SIZE(&fx, 1024);
	fx_fini(&fx);
}

static void test_2m_unlock(void)
{
	struct fixture fx;
	uint64_t blocks[2] = { 512, 1024 };
	uint64_t pfn;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, blocks, 2), 0);
	CHECK_SIZE(&fx, 1024);

	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 512), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_EQ(fx.regs.rbx, RAM_FRAMES);
	CHECK_SIZE(&fx, 512);
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 512);

	/* One 4K frame of the other block given back: the block is torn. */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, 1030), 0);
	CHECK_EQ(batch_status(&fx, 0), 0);
	CHECK_SIZE(&fx, 511);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 1024), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_UNLOCKED);
	CHECK_SIZE(&fx, 511);
	for (pfn = 1024; pfn < 1536; pfn++)
		if (pfn != 1030 && !is_locked(&fx, pfn))
			break;
	CHECK_EQ(pfn, 1536);

	/* Never locked, and misaligned. */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 0), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_UNLOCKED);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 1025), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_INVALID);
	CHECK_SIZE(&fx, 511);
	CHECK_EQ(STAT(&fx, FRAMES_UNLOCKED), 513);
	fx_fini(&fx);
}

static void test_2m_without_2m_cap(void)
{
	struct fixture fx;
	uint64_t errors;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	/* The guest does not ask for 2M. */
	fx_start(&fx, CAP_BASIC | CAP_BATCHED);
	errors = STAT(&fx, GUEST_ERRORS);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 512),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 2);
	/* The host does not offer it. */
	fx_knob(&fx, BH_KNOB_CAPS, CAP_BASIC | CAP_BATCHED);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	/* 2M alone, without BATCHED, is not enough. */
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	fx_start(&fx, CAP_BASIC | CAP_2M);
	CHECK_EQ(fx.regs.rcx, CAP_BASIC | CAP_2M);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx.g.reads, 0);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* GUEST_ID, VMCI_DOORBELL_SET, bad calls                             */
/* ------------------------------------------------------------------ */

static void test_guest_id(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GUEST_ID,
			 VMW_BALLOON_GUEST_LINUX, 0), 0);
	CHECK_EQ(fx.h.guest_type, VMW_BALLOON_GUEST_LINUX);
	/* Not a target-bearing command: RBX is left alone. */
	CHECK_EQ(fx.regs.rbx, VMW_BALLOON_GUEST_LINUX);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GUEST_ID, 7, 0), 0);
	CHECK_EQ(fx.h.guest_type, 7);
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_GUEST_ID], 2);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_GUEST_ID], 0);
	fx_fini(&fx);
}

static void test_doorbell_unset_before_start(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	CHECK_EQ(fx.regs.rbx, UNSET);
	CHECK_EQ(fx.h.doorbell_ctx, UNSET);
	CHECK_EQ(fx.h.doorbell_res, UNSET);
	/* Also after a START that did not grant the wakeup capability. */
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx.regs.rcx & CAP_WAKEUP, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_VMCI_DOORBELL_SET], 0);
	fx_fini(&fx);
}

static void test_doorbell_set_without_cap(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	/* Only both halves all-ones is the unset form. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, 7),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx.h.doorbell_ctx, UNSET);
	CHECK_EQ(fx.h.doorbell_res, UNSET);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_VMCI_DOORBELL_SET], 3);
	fx_fini(&fx);
}

static void test_doorbell_set_with_cap(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	fx_start(&fx, GUEST_CAPS);
	CHECK(fx.regs.rcx & CAP_WAKEUP);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7), 0);
	CHECK_EQ(fx.h.doorbell_ctx, 5);
	CHECK_EQ(fx.h.doorbell_res, 7);
	CHECK_EQ(fx.regs.rbx, 5);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	CHECK_EQ(fx.h.doorbell_ctx, UNSET);
	CHECK_EQ(fx.h.doorbell_res, UNSET);
	fx_fini(&fx);
}

static void test_doorbell_rings_on_target_change(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7), 0);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx.g.rings, 1);
	CHECK_EQ(fx.g.ring_ctx, 5);
	CHECK_EQ(fx.g.ring_res, 7);
	CHECK_EQ(fx.h.stats[BH_STAT_DOORBELLS], 1);
	/* The same target again is no change: no ring. */
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx.g.rings, 1);
	fx_knob(&fx, BH_KNOB_TARGET, 0);
	CHECK_EQ(fx.g.rings, 2);
	CHECK_EQ(fx.h.stats[BH_STAT_DOORBELLS], 2);
	CHECK_EQ(fx.h.stats[BH_STAT_DOORBELL_ERRORS], 0);
	/* Other knobs are not the target. */
	fx_knob(&fx, BH_KNOB_REFUSE_PPM, 10);
	CHECK_EQ(fx.g.rings, 2);
	/* An ERROR_RESET keeps the doorbell: the guest sets it again. */
	fx_knob(&fx, BH_KNOB_RESET_AFTER, 1);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0),
		 VMW_BALLOON_ERROR_RESET);
	fx_knob(&fx, BH_KNOB_TARGET, 50);
	CHECK_EQ(fx.g.rings, 3);
	fx_fini(&fx);
}

static void test_doorbell_silent_unless_set_and_granted(void)
{
	struct fixture fx;

	/* The default caps leave SIGNALLED_WAKEUP out. */
	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	CHECK(!(fx.regs.rcx & CAP_WAKEUP));
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx.g.rings, 0);
	fx_fini(&fx);

	/* Granted, but no doorbell set, then set and unset. */
	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx.g.rings, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	fx_knob(&fx, BH_KNOB_TARGET, 200);
	CHECK_EQ(fx.g.rings, 0);
	/* A device reset forgets the doorbell. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7), 0);
	balloon_host_reset(&fx.h);
	fx_knob(&fx, BH_KNOB_TARGET, 300);
	CHECK_EQ(fx.g.rings, 0);
	CHECK_EQ(fx.h.stats[BH_STAT_DOORBELLS], 0);
	fx_fini(&fx);
}

static void test_doorbell_ring_failure_counted(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7), 0);
	fx.g.fail_ring = true;
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(fx.g.rings, 1);
	CHECK_EQ(fx.h.stats[BH_STAT_DOORBELLS], 0);
	CHECK_EQ(fx.h.stats[BH_STAT_DOORBELL_ERRORS], 1);
	/* The target is set all the same. */
	CHECK_EQ(fx.h.knobs[BH_KNOB_TARGET], 100);
	fx_fini(&fx);
}

static void test_unknown_commands(void)
{
	struct fixture fx;
	const uint64_t cmds[] = { 5, 11, 0xffffffff };
	uint64_t errors;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	errors = STAT(&fx, GUEST_ERRORS);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(fx_call(&fx, cmds[i], 10, 1),
			 VMW_BALLOON_ERROR_CMD_INVALID);
		CHECK_EQ(fx.regs.rbx, 10);
		CHECK_EQ(fx.regs.rcx, cmds[i]);
	}
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 3);
	CHECK_EQ(fx.h.calls[5], 0);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

static void test_wrong_magic(void)
{
	struct fixture fx;
	const uint64_t magics[] = { 0, VMW_BALLOON_MAGIC ^ 1, 0x564d5868 };
	uint64_t errors;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	errors = STAT(&fx, GUEST_ERRORS);
	for (i = 0; i < 3; i++) {
		fx.regs.rax = magics[i];
		fx.regs.rbx = 10;
		fx.regs.rcx = VMW_BALLOON_CMD_LOCK;
		fx.regs.rsi = 1;
		CHECK_EQ(balloon_host_call(&fx.h, &fx.regs), 0);
		CHECK_EQ(fx.regs.rax, VMW_BALLOON_ERROR_CMD_INVALID);
		CHECK_EQ(fx.regs.rbx, 10);
	}
	CHECK_EQ(STAT(&fx, GUEST_ERRORS), errors + 3);
	CHECK_EQ(fx.h.calls[VMW_BALLOON_CMD_LOCK], 0);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* Policies                                                           */
/* ------------------------------------------------------------------ */

static void test_refuse_all(void)
{
	struct fixture fx;
	uint64_t pfns[8];
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_REFUSE_PPM, 1000000);
	for (i = 0; i < 8; i++)
		pfns[i] = 10 + i;
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 8), 0);
	for (i = 0; i < 8; i++) {
		CHECK_EQ(batch_status(&fx, i), VMW_BALLOON_ERROR_PPN_PINNED);
		CHECK_EQ(vmw_balloon_batch_entry_pfn(batch_get(&fx, i)),
			 pfns[i]);
	}
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(STAT(&fx, FRAMES_REFUSED), 8);
	CHECK_EQ(STAT(&fx, REFUSED_4K), 8);
	CHECK_EQ(STAT(&fx, REFUSED_2M), 0);
	CHECK_EQ(fx.g.discards, 0);

	fx_knob(&fx, BH_KNOB_REFUSE_STATUS, VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_EQ(batch_status(&fx, 0), VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_EQ(STAT(&fx, FRAMES_REFUSED), 8 + 512);
	CHECK_EQ(STAT(&fx, REFUSED_2M), 1);

	/* A single LOCK gets the refusal as its call status. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_EQ(STAT(&fx, REFUSED_4K), 9);
	CHECK_SIZE(&fx, 0);

	/* Unlocks are never refused. */
	fx_knob(&fx, BH_KNOB_REFUSE_PPM, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	fx_knob(&fx, BH_KNOB_REFUSE_PPM, 1000000);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1), 0);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

#define REFUSE_ROUNDS	8
#define REFUSE_ENTRIES	(REFUSE_ROUNDS * VMW_BALLOON_BATCH_MAX_ENTRIES)

/* 4096 lock entries at refuse-ppm 100000; returns how many were refused. */
static unsigned int refusal_pattern(uint64_t seed, uint8_t *pattern)
{
	struct fixture fx;
	unsigned int round, i, refused = 0;
	unsigned int n = VMW_BALLOON_BATCH_MAX_ENTRIES;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_REFUSE_PPM, 100000);
	fx_knob(&fx, BH_KNOB_SEED, seed);
	for (round = 0; round < REFUSE_ROUNDS; round++) {
		/* Each START empties the balloon for the next round. */
		fx_start(&fx, CAP_BATCHED);
		for (i = 0; i < n; i++)
			batch_put(&fx, i, vmw_balloon_batch_entry(1 + i));
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN,
				 n), 0);
		for (i = 0; i < n; i++) {
			uint8_t s = (uint8_t)batch_status(&fx, i);

			CHECK(s == 0 || s == VMW_BALLOON_ERROR_PPN_PINNED);
			pattern[round * n + i] = s;
			refused += s != 0;
		}
	}
	CHECK_EQ(STAT(&fx, REFUSED_4K), refused);
	CHECK_EQ(STAT(&fx, FRAMES_LOCKED), REFUSE_ENTRIES - refused);
	fx_fini(&fx);
	return refused;
}

static void test_refuse_ten_percent_seeded(void)
{
	static uint8_t first[REFUSE_ENTRIES], second[REFUSE_ENTRIES];
	static uint8_t other[REFUSE_ENTRIES];
	unsigned int a, b;

	a = refusal_pattern(42, first);
	b = refusal_pattern(42, second);
	note("# refused %u of %u entries\n", a, REFUSE_ENTRIES);
	CHECK(a * 100 >= 7 * REFUSE_ENTRIES);
	CHECK(a * 100 <= 13 * REFUSE_ENTRIES);
	CHECK_EQ(b, a);
	CHECK(!memcmp(first, second, sizeof(first)));
	/* Another seed, another pattern. */
	refusal_pattern(43, other);
	CHECK(memcmp(first, other, sizeof(first)));
}

static void test_busy_all(void)
{
	struct fixture fx;
	uint64_t busy;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx_knob(&fx, BH_KNOB_BUSY_PPM, 1000000);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GUEST_ID, 1, 0), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	busy = STAT(&fx, BUSY);
	CHECK_EQ(busy, 0);

	batch_put(&fx, 0, vmw_balloon_batch_entry(512));
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN, 1),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_UNLOCK, BATCH_PFN, 1),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, BATCH_PFN, 1),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, BATCH_PFN, 1),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(STAT(&fx, BUSY), 6);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_LOCK], 1);
	CHECK_EQ(fx.g.reads, 0);
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(512));
	CHECK_SIZE(&fx, 0);

	/* START still answers, and busy-ppm 0 lets locks through again. */
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_BUSY_PPM, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_SIZE(&fx, 1);
	fx_fini(&fx);
}

static void test_target_busy_all(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx_knob(&fx, BH_KNOB_TARGET_BUSY_PPM, 1000000);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0),
		 VMW_BALLOON_ERROR_BUSY);
	CHECK_EQ(STAT(&fx, TARGETS_BUSY), 1);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_GET_TARGET], 1);
	/* The guest limit of a refused call is not taken. */
	CHECK_EQ(fx.h.guest_limit, 0);
	/* Only GET_TARGET: page commands and busy-ppm are apart. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(STAT(&fx, BUSY), 0);
	CHECK_SIZE(&fx, 1);
	fx_knob(&fx, BH_KNOB_TARGET_BUSY_PPM, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, 100);
	CHECK_EQ(STAT(&fx, TARGETS_BUSY), 1);
	fx_fini(&fx);
}

static void test_calls_irqs_off(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(STAT(&fx, CALLS_IRQS_OFF), 0);
	fx.regs.irqs_masked = true;
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(STAT(&fx, CALLS_IRQS_OFF), 2);
	fx.regs.irqs_masked = false;
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_UNLOCK, 10, 1), 0);
	CHECK_EQ(STAT(&fx, CALLS_IRQS_OFF), 2);
	fx_fini(&fx);
}

static void test_reset_after(void)
{
	struct fixture fx;
	uint64_t resets;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx_knob(&fx, BH_KNOB_RESET_AFTER, 3);
	/* START and DOORBELL_SET do not count. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);		/* 1 */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);	/* 2 */
	CHECK_SIZE(&fx, 1);
	resets = STAT(&fx, RESETS);
	batch_put(&fx, 0, vmw_balloon_batch_entry(11));
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN, 1),
		 VMW_BALLOON_ERROR_RESET);				/* 3 */
	CHECK_SIZE(&fx, 0);
	CHECK(!is_locked(&fx, 11));
	CHECK_EQ(batch_get(&fx, 0), vmw_balloon_batch_entry(11));
	CHECK_EQ(STAT(&fx, RESETS_INJECTED), 1);
	CHECK_EQ(STAT(&fx, RESETS), resets + 1);
	CHECK_EQ(fx.h.knobs[BH_KNOB_RESET_AFTER], 0);
	CHECK_EQ(fx.h.failed[VMW_BALLOON_CMD_BATCHED_LOCK], 1);

	/* One-shot. */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 11, 1), 0);
	CHECK_SIZE(&fx, 2);
	CHECK_EQ(STAT(&fx, RESETS_INJECTED), 1);

	/* reset-after 1: the very next eligible command, whatever it is. */
	fx_knob(&fx, BH_KNOB_RESET_AFTER, 1);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, UNSET, UNSET),
		 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GUEST_ID, 1, 0),
		 VMW_BALLOON_ERROR_RESET);
	CHECK_EQ(STAT(&fx, RESETS_INJECTED), 2);
	CHECK_EQ(fx.h.knobs[BH_KNOB_RESET_AFTER], 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GUEST_ID, 1, 0), 0);
	fx_fini(&fx);
}

static void test_cost_model(void)
{
	struct fixture fx;
	uint64_t pfns[5] = { 10, 11, 12, 5000, 10 };
	uint64_t ret, total = 0;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx_knob(&fx, BH_KNOB_COST_NS_CALL, 1000);
	fx_knob(&fx, BH_KNOB_COST_NS_PAGE, 10);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx.hold_ns, 1000);
	total += fx.hold_ns;

	/* Every entry costs, accepted or not. */
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 5), 0);
	CHECK_EQ(fx.hold_ns, 1000 + 10 * 5);
	total += fx.hold_ns;
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 20, 1), 0);
	CHECK_EQ(fx.hold_ns, 1000 + 10);
	total += fx.hold_ns;
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(fx.hold_ns, 1000);
	total += fx.hold_ns;
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 1024), 0);
	CHECK_EQ(fx.hold_ns, 1000 + 10);
	total += fx.hold_ns;
	CHECK_EQ(STAT(&fx, HOLD_NS), total);

	/* A malformed call is rejected before any cost. */
	fx.regs.rax = 0;
	fx.regs.rcx = VMW_BALLOON_CMD_GET_TARGET;
	ret = balloon_host_call(&fx.h, &fx.regs);
	CHECK_EQ(ret, 0);
	CHECK_EQ(STAT(&fx, HOLD_NS), total);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* Knobs                                                              */
/* ------------------------------------------------------------------ */

static void test_knob_caps_validation(void)
{
	struct fixture fx;
	const uint64_t bad[] = {
		0, 1, CAP_2M, CAP_WAKEUP, CAP_64BIT,
		CAP_2M | CAP_WAKEUP | CAP_64BIT, 0x40, CAP_BASIC | 1,
		CAP_BATCHED | 0x40, ((uint64_t)1 << 32) | CAP_BASIC,
		~(uint64_t)0,
	};
	uint64_t before;
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	before = fx.h.knobs[BH_KNOB_CAPS];
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(balloon_host_set_knob(&fx.h, BH_KNOB_CAPS, bad[i]),
			 -EINVAL);
		CHECK_EQ(fx.h.knobs[BH_KNOB_CAPS], before);
	}
	fx_knob(&fx, BH_KNOB_CAPS, CAP_BASIC);
	CHECK_EQ(fx.h.knobs[BH_KNOB_CAPS], CAP_BASIC);
	fx_knob(&fx, BH_KNOB_CAPS, CAP_BATCHED | CAP_2M);
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	CHECK_EQ(balloon_host_set_knob(&fx.h, BH_KNOB_CAPS, 0), -EINVAL);
	CHECK_EQ(fx.h.knobs[BH_KNOB_CAPS], VMW_BALLOON_CAPS_ALL);
	fx_fini(&fx);
}

static void test_knob_refuse_status_validation(void)
{
	struct fixture fx;
	const uint64_t bad[] = {
		0, VMW_BALLOON_ERROR_CMD_INVALID, VMW_BALLOON_ERROR_RESET,
		VMW_BALLOON_ERROR_BUSY, 31, 32, 0x100,
		VMW_BALLOON_SUCCESS_WITH_CAPABILITIES, ~(uint64_t)0,
	};
	const uint64_t good[] = {
		VMW_BALLOON_ERROR_PPN_INVALID, VMW_BALLOON_ERROR_PPN_NOTNEEDED,
		VMW_BALLOON_ERROR_PPN_LOCKED, VMW_BALLOON_ERROR_PPN_PINNED,
	};
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(fx.h.knobs[BH_KNOB_REFUSE_STATUS],
		 VMW_BALLOON_ERROR_PPN_PINNED);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(balloon_host_set_knob(&fx.h, BH_KNOB_REFUSE_STATUS,
					       bad[i]), -EINVAL);
		CHECK_EQ(fx.h.knobs[BH_KNOB_REFUSE_STATUS],
			 VMW_BALLOON_ERROR_PPN_PINNED);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		fx_knob(&fx, BH_KNOB_REFUSE_STATUS, good[i]);
		CHECK_EQ(fx.h.knobs[BH_KNOB_REFUSE_STATUS], good[i]);
	}
	fx_fini(&fx);
}

/* Every knob takes its range's ends, refuses one past them and -1. */
static void test_knob_ranges(void)
{
	struct fixture fx;
	unsigned int k;

	fx_init(&fx, RAM_FRAMES);
	for (k = 0; k < BH_KNOB_NUM; k++) {
		const struct bh_knob_range *r = &bh_knob_ranges[k];

		CHECK(bh_knob_names[k] != NULL);
		CHECK(r->allowed != NULL && r->max >= r->min);
		CHECK(r->max < (uint64_t)INT64_MAX + 1);
		if (k != BH_KNOB_CAPS) {
			fx_knob(&fx, k, r->min);
			fx_knob(&fx, k, r->max);
		}
		CHECK_EQ(balloon_host_set_knob(&fx.h, k, r->max + 1), -EINVAL);
		CHECK_EQ(balloon_host_set_knob(&fx.h, k, ~(uint64_t)0),
			 -EINVAL);
		if (r->min)
			CHECK_EQ(balloon_host_set_knob(&fx.h, k, r->min - 1),
				 -EINVAL);
	}
	fx_fini(&fx);

	/* The largest costs of a 512-entry call still add up in 64 bits. */
	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	fx_knob(&fx, BH_KNOB_MAX_PERCENT, 100);
	fx_knob(&fx, BH_KNOB_COST_NS_CALL,
		bh_knob_ranges[BH_KNOB_COST_NS_CALL].max);
	fx_knob(&fx, BH_KNOB_COST_NS_PAGE,
		bh_knob_ranges[BH_KNOB_COST_NS_PAGE].max);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN,
			 VMW_BALLOON_BATCH_MAX_ENTRIES), 0);
	CHECK_EQ(fx.hold_ns, 1000000000ULL +
		 10000000ULL * VMW_BALLOON_BATCH_MAX_ENTRIES);
	fx_fini(&fx);
}

/* ESXi's Mem.CtlMaxPercent and sched.mem.maxmemctl: max-percent, max-mib. */
static void test_target_caps(void)
{
	struct fixture fx;

	fx_init_empty(&fx);
	CHECK_EQ(fx_add_ram(&fx, 0, RAM_FRAMES), 0);
	CHECK_EQ(fx.h.knobs[BH_KNOB_MAX_PERCENT], 65);
	CHECK_EQ(fx.h.knobs[BH_KNOB_MAX_MIB], 0);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, RAM_FRAMES, 0), 0);
	CHECK_EQ(fx.regs.rbx, RAM_FRAMES * 65 / 100);
	CHECK_EQ(balloon_host_capped_target(&fx.h), RAM_FRAMES * 65 / 100);
	/* Below the cap the target stands. */
	fx_knob(&fx, BH_KNOB_TARGET, 100);
	CHECK_EQ(balloon_host_target(&fx.h), 100);
	/* 0% lets nothing be ballooned; 100% lifts the cap. */
	fx_knob(&fx, BH_KNOB_MAX_PERCENT, 0);
	CHECK_EQ(balloon_host_target(&fx.h), 0);
	fx_knob(&fx, BH_KNOB_TARGET, RAM_FRAMES * 4);
	fx_knob(&fx, BH_KNOB_MAX_PERCENT, 100);
	CHECK_EQ(balloon_host_capped_target(&fx.h), RAM_FRAMES * 4);
	/* max-mib caps in MiB, whatever the percentage. */
	fx_knob(&fx, BH_KNOB_MAX_MIB, 1);
	CHECK_EQ(balloon_host_target(&fx.h), 256);
	fx_knob(&fx, BH_KNOB_MAX_PERCENT, 10);
	CHECK_EQ(balloon_host_target(&fx.h), RAM_FRAMES / 10);
	/* A lock at the capped target is not needed. */
	fx_knob(&fx, BH_KNOB_MAX_MIB, 0);
	fx_knob(&fx, BH_KNOB_MAX_PERCENT, 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_PPN_NOTNEEDED);
	CHECK_SIZE(&fx, 0);
	fx_fini(&fx);
}

static void test_knob_ppm_validation(void)
{
	struct fixture fx;
	const enum bh_knob knobs[] = { BH_KNOB_REFUSE_PPM, BH_KNOB_BUSY_PPM,
				       BH_KNOB_TARGET_BUSY_PPM };
	unsigned int i;

	fx_init(&fx, RAM_FRAMES);
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		fx_knob(&fx, knobs[i], 1234);
		CHECK_EQ(balloon_host_set_knob(&fx.h, knobs[i], 1000001),
			 -EINVAL);
		CHECK_EQ(balloon_host_set_knob(&fx.h, knobs[i], ~(uint64_t)0),
			 -EINVAL);
		CHECK_EQ(fx.h.knobs[knobs[i]], 1234);
		fx_knob(&fx, knobs[i], 1000000);
		CHECK_EQ(fx.h.knobs[knobs[i]], 1000000);
		fx_knob(&fx, knobs[i], 0);
		CHECK_EQ(fx.h.knobs[knobs[i]], 0);
	}
	fx_fini(&fx);
}

static void test_knob_unknown(void)
{
	struct fixture fx;
	uint64_t before[BH_KNOB_NUM];

	fx_init(&fx, RAM_FRAMES);
	memcpy(before, fx.h.knobs, sizeof(before));
	CHECK_EQ(balloon_host_set_knob(&fx.h, (enum bh_knob)BH_KNOB_NUM, 1),
		 -EINVAL);
	CHECK(!memcmp(before, fx.h.knobs, sizeof(before)));
	/* The names are all there. */
	CHECK(bh_knob_names[BH_KNOB_LAST] != NULL);
	CHECK(bh_stat_names[BH_STAT_LAST] != NULL);
	fx_fini(&fx);
}

/* ------------------------------------------------------------------ */
/* Device reset, trace                                                */
/* ------------------------------------------------------------------ */

static void test_host_reset(void)
{
	struct fixture fx;
	uint64_t resets;

	fx_init(&fx, RAM_FRAMES);
	fx_knob(&fx, BH_KNOB_CAPS, VMW_BALLOON_CAPS_ALL);
	fx_knob(&fx, BH_KNOB_TARGET, 1000);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 900, 0), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, 5, 7), 0);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_LOCK, 512), 0);
	CHECK_SIZE(&fx, 513);

	resets = STAT(&fx, RESETS);
	balloon_host_reset(&fx.h);
	CHECK_SIZE(&fx, 0);
	CHECK_EQ(STAT(&fx, RESETS), resets + 1);
	CHECK_EQ(fx.h.granted_caps, 0);
	CHECK_EQ(fx.h.guest_limit, 0);
	CHECK_EQ(fx.h.doorbell_ctx, UNSET);
	CHECK_EQ(fx.h.doorbell_res, UNSET);
	CHECK_EQ(fx.h.knobs[BH_KNOB_TARGET], 1000);
	CHECK_EQ(balloon_host_target(&fx.h), 1000);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, 10),
		 VMW_BALLOON_ERROR_CMD_INVALID);
	fx_start(&fx, GUEST_CAPS);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	CHECK_SIZE(&fx, 1);
	fx_fini(&fx);
}

struct trace_line {
	uint64_t host_ns, guest_ns, entries, frames, refused, size, target;
	char command[32];
	char status[32];
};

static bool parse_trace_line(const char *s, struct trace_line *t)
{
	return sscanf(s, "%" SCNu64 ",%" SCNu64 ",%31[^,],%" SCNu64 ",%"
		      SCNu64 ",%" SCNu64 ",%31[^,],%" SCNu64 ",%" SCNu64,
		      &t->host_ns, &t->guest_ns, t->command, &t->entries,
		      &t->frames, &t->refused, t->status, &t->size,
		      &t->target) == 9;
}

#define CHECK_ROW(t, cmd, ent, frm, ref, st, sz, tgt)			\
	do {								\
		CHECK(!strcmp((t)->command, (cmd)));			\
		CHECK_EQ((t)->entries, (ent));				\
		CHECK_EQ((t)->frames, (frm));				\
		CHECK_EQ((t)->refused, (ref));				\
		CHECK(!strcmp((t)->status, (st)));			\
		CHECK_EQ((t)->size, (sz));				\
		CHECK_EQ((t)->target, (tgt));				\
	} while (0)

static void test_trace_file(void)
{
	char path[] = "/tmp/test_host_core-trace-XXXXXX";
	struct trace_line rows[16];
	struct fixture fx;
	uint64_t pfns[3] = { 10, 11, 5000 };
	char line[512];
	unsigned int n = 0, i;
	bool header = false;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);

	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(balloon_host_open_trace(&fx.h, path), 0);
	fx_knob(&fx, BH_KNOB_TARGET, 100);				/* 0 */
	fx_start(&fx, GUEST_CAPS);					/* 1 */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);	/* 2 */
	CHECK_EQ(fx_batch(&fx, VMW_BALLOON_CMD_BATCHED_LOCK, pfns, 3),
		 0);							/* 3 */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1),
		 VMW_BALLOON_ERROR_PPN_LOCKED);				/* 4 */
	CHECK_EQ(fx_batch1(&fx, VMW_BALLOON_CMD_BATCHED_2M_UNLOCK, 512),
		 0);							/* 5 */
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GUEST_ID, 1, 0), 0);	/* 6 */
	fx.regs.rax = 0;		/* malformed: not traced */
	fx.regs.rcx = VMW_BALLOON_CMD_GET_TARGET;
	balloon_host_call(&fx.h, &fx.regs);
	balloon_host_reset(&fx.h);					/* 7 */
	fx_fini(&fx);

	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f) {
		unlink(path);
		return;
	}
	if (fgets(line, sizeof(line), f))
		header = !strcmp(line, BH_CMD_TRACE_HEADER "\n");
	CHECK(header);
	while (fgets(line, sizeof(line), f)) {
		if (n == 16 || !parse_trace_line(line, &rows[n])) {
			note("# bad trace line: %s", line);
			CHECK(!"trace line parses");
			break;
		}
		n++;
	}
	fclose(f);
	unlink(path);

	CHECK_EQ(n, 8);
	if (n != 8)
		return;
	CHECK_ROW(&rows[0], "host-target", 0, 0, 0, "success", 0, 100);
	CHECK_ROW(&rows[1], vmw_balloon_cmd_names[VMW_BALLOON_CMD_START],
		  0, 0, 0, "success-caps", 0, 100);
	CHECK_ROW(&rows[2], "target", 0, 0, 0, "success", 0, 100);
	CHECK_ROW(&rows[3], "batchLock", 3, 2, 1, "success", 2, 100);
	CHECK_ROW(&rows[4], "lock", 1, 0, 1, "ppn-locked", 2, 100);
	CHECK_ROW(&rows[5], "2m-unlock", 1, 0, 0, "success", 2, 100);
	CHECK_ROW(&rows[6], "guestType", 0, 0, 0, "success", 2, 100);
	CHECK_ROW(&rows[7], "host-reset", 0, 0, 0, "success", 0, 100);
	for (i = 1; i < n; i++) {
		CHECK(rows[i].guest_ns > rows[i - 1].guest_ns);
		CHECK(rows[i].host_ns >= rows[i - 1].host_ns);
	}
}

static void test_trace_open_failure(void)
{
	struct fixture fx;

	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(balloon_host_open_trace(&fx.h,
					 "/nonexistent-dir/trace.csv"),
		 -ENOENT);
	CHECK(fx.h.trace == NULL);
	fx_start(&fx, GUEST_CAPS);
	fx_knob(&fx, BH_KNOB_TARGET, 10);
	CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_LOCK, 10, 1), 0);
	fx_fini(&fx);
}

/* A symbolic link where the trace goes is refused, not followed. */
static void test_trace_symlink_refused(void)
{
	char dir[] = "/tmp/test_host_core-link-XXXXXX";
	char target[64], link[64];
	struct fixture fx;
	struct stat st;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(target, sizeof(target), "%s/victim", dir);
	snprintf(link, sizeof(link), "%s/trace.csv", dir);
	CHECK_EQ(symlink(target, link), 0);
	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(balloon_host_open_trace(&fx.h, link), -ELOOP);
	CHECK(stat(target, &st) != 0);
	fx_fini(&fx);
	unlink(link);
	rmdir(dir);
}

/*
 * A trace that cannot be written stops at the first failure, counted once
 * as an error; the rows after it are counted as dropped.  The file size
 * limit makes the writes fail half way.
 */
static void test_trace_write_failure_stops(void)
{
	char path[] = "/tmp/test_host_core-full-XXXXXX";
	struct rlimit old, small;
	struct fixture fx;
	unsigned int i;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	signal(SIGXFSZ, SIG_IGN);
	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(balloon_host_trace_fd(&fx.h, fd), 0);
	CHECK_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
	/* The soft limit only, so that the old one comes back. */
	small.rlim_cur = 8192;
	small.rlim_max = old.rlim_max;
	CHECK_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
	fx_start(&fx, GUEST_CAPS);
	for (i = 0; i < 1000; i++)
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
	CHECK_EQ(STAT(&fx, TRACE_ERRORS), 1);
	CHECK(STAT(&fx, TRACE_DROPPED) > 500);
	CHECK(fx.h.trace == NULL);
	fx_fini(&fx);
	signal(SIGXFSZ, SIG_DFL);
	unlink(path);
}

/* The trace stops at trace-max-mib, with a last host-trace-full row. */
static void test_trace_max_mib(void)
{
	char path[] = "/tmp/test_host_core-max-XXXXXX";
	struct fixture fx;
	char line[512], last[512] = "";
	struct stat st;
	unsigned int i;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	fx_init(&fx, RAM_FRAMES);
	CHECK_EQ(balloon_host_trace_fd(&fx.h, fd), 0);
	fx_knob(&fx, BH_KNOB_TRACE_MAX_MIB, 1);
	fx_start(&fx, GUEST_CAPS);
	for (i = 0; i < 40000; i++)
		CHECK_EQ(fx_call(&fx, VMW_BALLOON_CMD_GET_TARGET, 0, 0), 0);
	CHECK_EQ(STAT(&fx, TRACE_ERRORS), 0);
	CHECK(STAT(&fx, TRACE_DROPPED) > 0);
	fx_fini(&fx);
	CHECK_EQ(stat(path, &st), 0);
	CHECK(st.st_size >= 1 << 20 && st.st_size < (1 << 20) + 512);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (f && fgets(line, sizeof(line), f))
		snprintf(last, sizeof(last), "%s", line);
	if (f)
		fclose(f);
	CHECK(strstr(last, ",host-trace-full,") != NULL);
	unlink(path);
}

/* ------------------------------------------------------------------ */
/* frame_map                                                          */
/* ------------------------------------------------------------------ */

static void test_frame_map_overlap_rejected(void)
{
	struct frame_map map;

	memset(&map, 0, sizeof(map));
	CHECK_EQ(frame_map_add_ram(&map, 100, 100), 0);
	CHECK_EQ(frame_map_add_ram(&map, 150, 100), -EINVAL);
	CHECK_EQ(frame_map_add_ram(&map, 50, 51), -EINVAL);
	CHECK_EQ(frame_map_add_ram(&map, 199, 2), -EINVAL);
	CHECK_EQ(frame_map_add_ram(&map, 0, 1000), -EINVAL);
	CHECK_EQ(frame_map_add_ram(&map, 120, 10), -EINVAL);
	CHECK_EQ(frame_map_add_ram(&map, 100, 100), -EINVAL);
	CHECK_EQ(map.nr_ranges, 1);
	/* Touching is not overlapping. */
	CHECK_EQ(frame_map_add_ram(&map, 0, 100), 0);
	CHECK_EQ(frame_map_add_ram(&map, 200, 50), 0);
	CHECK_EQ(map.nr_ranges, 3);
	CHECK_EQ(map.limit, 250);
	/* Empty, wrapping, and one range too many. */
	CHECK_EQ(frame_map_add_ram(&map, 1000, 0), -EINVAL);
	CHECK_EQ(frame_map_add_ram(&map, ~(uint64_t)0, 2), -EINVAL);
	while (map.nr_ranges < FRAME_MAP_MAX_RANGES)
		CHECK_EQ(frame_map_add_ram(&map, 100 * map.nr_ranges, 10), 0);
	CHECK_EQ(frame_map_add_ram(&map, 100 * map.nr_ranges, 10), -EINVAL);
	CHECK_EQ(map.nr_ranges, FRAME_MAP_MAX_RANGES);
	CHECK_EQ(frame_map_ram_frames(&map), 250 + 10 * (FRAME_MAP_MAX_RANGES - 3));
	frame_map_free(&map);
	CHECK(map.bits == NULL);
	CHECK_EQ(map.nr_ranges, 0);
}

static void test_frame_map_is_ram_gap(void)
{
	struct frame_map map;

	memset(&map, 0, sizeof(map));
	CHECK(!frame_map_is_ram(&map, 0, 1));
	CHECK_EQ(frame_map_add_ram(&map, 0, 100), 0);
	CHECK_EQ(frame_map_add_ram(&map, 200, 100), 0);
	CHECK(frame_map_is_ram(&map, 0, 100));
	CHECK(frame_map_is_ram(&map, 99, 1));
	CHECK(frame_map_is_ram(&map, 200, 100));
	CHECK(!frame_map_is_ram(&map, 100, 1));
	CHECK(!frame_map_is_ram(&map, 150, 1));
	CHECK(!frame_map_is_ram(&map, 199, 1));
	CHECK(!frame_map_is_ram(&map, 99, 2));
	CHECK(!frame_map_is_ram(&map, 90, 120));
	CHECK(!frame_map_is_ram(&map, 0, 300));
	CHECK(!frame_map_is_ram(&map, 299, 2));
	CHECK(!frame_map_is_ram(&map, 0, 0));
	CHECK(!frame_map_is_ram(&map, ~(uint64_t)0, 2));
	/* Two ranges that touch are still two: a page may not span both. */
	CHECK_EQ(frame_map_add_ram(&map, 100, 50), 0);
	CHECK(frame_map_is_ram(&map, 100, 50));
	CHECK(!frame_map_is_ram(&map, 99, 2));
	frame_map_free(&map);
}

static void test_frame_map_bits(void)
{
	struct frame_map map;

	memset(&map, 0, sizeof(map));
	CHECK_EQ(frame_map_add_ram(&map, 0, 200), 0);
	frame_map_set(&map, 60, 10, true);	/* straddles a word */
	CHECK(frame_map_all_locked(&map, 60, 10));
	CHECK(!frame_map_all_locked(&map, 59, 2));
	CHECK(frame_map_any_locked(&map, 50, 11));
	CHECK(!frame_map_any_locked(&map, 0, 60));
	CHECK(!frame_map_any_locked(&map, 70, 130));
	/* Growing the map keeps the bits. */
	CHECK_EQ(frame_map_add_ram(&map, 1000, 100), 0);
	CHECK(frame_map_all_locked(&map, 60, 10));
	frame_map_set(&map, 1099, 1, true);
	frame_map_set(&map, 64, 2, false);
	CHECK(!frame_map_any_locked(&map, 64, 2));
	CHECK(frame_map_all_locked(&map, 60, 4));
	frame_map_clear_all(&map);
	CHECK(!frame_map_any_locked(&map, 0, 200));
	CHECK(!frame_map_any_locked(&map, 1000, 100));
	frame_map_free(&map);
}

static void test_frame_map_huge_range(void)
{
	struct frame_map map;
	int ret;

	/*
	 * A range ending just below 2^64 needs a bitmap that cannot exist;
	 * it must not be accepted with a too-small one.
	 */
	memset(&map, 0, sizeof(map));
	ret = frame_map_add_ram(&map, ~(uint64_t)0 - 10, 5);
	CHECK(ret == -ENOMEM || ret == -EINVAL);
	CHECK_EQ(map.nr_ranges, 0);
	CHECK(!frame_map_is_ram(&map, ~(uint64_t)0 - 10, 1));
	frame_map_free(&map);
}

/* ------------------------------------------------------------------ */
/* Runner                                                             */
/* ------------------------------------------------------------------ */

static const struct tap_case cases[] = {
	{ "start grants guest caps & host caps, never bit 0",
	  test_start_grants_caps },
	{ "start drops every locked frame", test_start_drops_locked_frames },
	{ "start(0) empties the balloon, grants 0 only if nothing was granted",
	  test_start_zero },
	{ "get_target returns the target knob",
	  test_get_target_returns_target },
	{ "get_target capped by the guest limit",
	  test_get_target_capped_by_guest_limit },
	{ "get_target 32-bit without 64_BIT_TARGET",
	  test_get_target_32bit_without_cap },
	{ "get_target 64-bit with 64_BIT_TARGET",
	  test_get_target_64bit_with_cap },
	{ "lock success", test_lock_success },
	{ "unlock success", test_unlock_success },
	{ "lock/unlock reply RBX is the target, not the PFN",
	  test_reply_rbx_is_target_not_pfn },
	{ "lock pfn outside RAM is ppn-invalid", test_lock_pfn_outside_ram },
	{ "lock pfn >= 2^32 is ppn-invalid", test_lock_pfn_above_32bit },
	{ "lock twice is ppn-locked", test_lock_twice_is_locked },
	{ "unlock of an unlocked frame is ppn-unlocked",
	  test_unlock_unlocked_frame },
	{ "lock at target is ppn-notneeded", test_lock_at_target_not_needed },
	{ "lock without BASIC is cmd-invalid", test_lock_without_basic_cap },
	{ "batched lock success", test_batch_lock_success },
	{ "batched unlock success", test_batch_unlock_success },
	{ "batch status written to the low 5 bits only",
	  test_batch_status_low_bits_only },
	{ "batched lock mixed entries", test_batch_lock_mixed_entries },
	{ "batched unlock mixed entries", test_batch_unlock_mixed_entries },
	{ "batch count > 512 is cmd-invalid", test_batch_count_too_large },
	{ "batch count 0 is a no-op", test_batch_count_zero_is_noop },
	{ "batch page outside RAM is ppn-invalid",
	  test_batch_page_outside_ram },
	{ "batch discards contiguous frames in one call",
	  test_batch_discards_coalesced },
	{ "batch reclaims only frames that held host memory",
	  test_batch_reclaims_only_backed_frames },
	{ "batch discard failure keeps the lock",
	  test_batch_discard_failure_keeps_lock },
	{ "batched without BATCHED is cmd-invalid",
	  test_batch_without_batched_cap },
	{ "batch entries across a RAM gap", test_batch_ram_gap },
	{ "2m lock success", test_2m_lock_success },
	{ "2m lock misaligned is ppn-invalid", test_2m_lock_misaligned },
	{ "2m lock past the end of RAM is ppn-invalid",
	  test_2m_lock_past_end_of_ram },
	{ "2m lock below target may overshoot it",
	  test_2m_lock_may_overshoot_target },
	{ "2m unlock needs all 512 frames locked", test_2m_unlock },
	{ "2m without the 2M cap is cmd-invalid", test_2m_without_2m_cap },
	{ "guest_id", test_guest_id },
	{ "doorbell unset before start", test_doorbell_unset_before_start },
	{ "doorbell set without SIGNALLED_WAKEUP is cmd-invalid",
	  test_doorbell_set_without_cap },
	{ "doorbell set with SIGNALLED_WAKEUP", test_doorbell_set_with_cap },
	{ "a target change rings the doorbell",
	  test_doorbell_rings_on_target_change },
	{ "no ring without a doorbell set and granted",
	  test_doorbell_silent_unless_set_and_granted },
	{ "a ring the VMCI device refuses is counted",
	  test_doorbell_ring_failure_counted },
	{ "unknown commands are cmd-invalid", test_unknown_commands },
	{ "wrong magic is cmd-invalid", test_wrong_magic },
	{ "refuse-ppm 1000000 refuses every lock entry", test_refuse_all },
	{ "refuse-ppm 100000 refuses ~10%, same seed same pattern",
	  test_refuse_ten_percent_seeded },
	{ "busy-ppm 1000000 answers busy to page commands only",
	  test_busy_all },
	{ "target-busy-ppm 1000000 answers busy to GET_TARGET only",
	  test_target_busy_all },
	{ "calls made with interrupts masked are counted",
	  test_calls_irqs_off },
	{ "reset-after injects one ERROR_RESET", test_reset_after },
	{ "cost-ns-call and cost-ns-page", test_cost_model },
	{ "knob caps validation", test_knob_caps_validation },
	{ "knob refuse-status validation",
	  test_knob_refuse_status_validation },
	{ "knob ppm validation", test_knob_ppm_validation },
	{ "an entry naming the batch page is refused", test_batch_names_itself },
	{ "a batch page the host cannot write fails first",
	  test_batch_page_unwritable },
	{ "a failed status write-back is undone", test_batch_writeback_failure_undone },
	{ "every knob's range, ends in, one past out", test_knob_ranges },
	{ "max-percent and max-mib cap the target", test_target_caps },
	{ "target-window-cycles: cycles after the window keep the balloon",
	  test_target_window },
	{ "knob unknown is rejected", test_knob_unknown },
	{ "balloon_host_reset drops frames and caps", test_host_reset },
	{ "trace file rows", test_trace_file },
	{ "trace open failure", test_trace_open_failure },
	{ "trace through a symbolic link refused", test_trace_symlink_refused },
	{ "trace write failure stops the trace once",
	  test_trace_write_failure_stops },
	{ "trace stops at trace-max-mib", test_trace_max_mib },
	{ "frame_map overlapping ranges rejected",
	  test_frame_map_overlap_rejected },
	{ "frame_map_is_ram across a gap", test_frame_map_is_ram_gap },
	{ "frame_map bits set, test, grow and clear", test_frame_map_bits },
	{ "frame_map range near 2^64 rejected", test_frame_map_huge_range },
};

int main(void)
{
	return tap_run(cases, sizeof(cases) / sizeof(cases[0]));
}
