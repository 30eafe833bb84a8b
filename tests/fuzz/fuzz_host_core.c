// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the balloon host core (host/core).
 *
 * One input is one host's life: a few knobs, a small guest RAM layout, then
 * a sequence of backdoor calls.  Every field reads as zero once the input
 * runs out, so any input, empty included, is a valid one.
 *
 *   u8 flags		which knobs follow, trace to /dev/null, failing
 *			discards
 *   knobs		caps u8, refuse-ppm u8, refuse-status u8, busy-ppm
 *			u8, reset-after u8 (each only if its flag is set),
 *			target u16 (or u64), seed u64, cost-ns-call u32 and
 *			cost-ns-page u32 (if flagged); a ppm is the u8 times
 *			4000, so the top values are out of range, and every
 *			value goes through balloon_host_set_knob() unchecked
 *   layout		u8 (bit 0: two ranges, bit 1: a PC's three), then for
 *			one or two: u16 first, u16 frames, and for a second
 *			range u16 gap, u16 frames; for a PC's: u16 frames from
 *			1 MiB, u16 hole, u16 frames above it; 4096 frames at
 *			most
 *   calls		u8 op (command, argument mode), u8 sub (magic, range,
 *			...), then the arguments and, for a batch command
 *			whose batch page is in RAM, its entries and a u8 of
 *			faults (bit 0: the guest read fails; bits 1-2: the
 *			first or second write fails)
 *
 * After every call the target checks the invariants below and traps on a
 * violation; the fake guest traps when the host reads, writes or discards
 * outside its RAM, or discards a frame that is not in the balloon or was
 * discarded before since it was last locked.  A batch call that fails
 * leaves the balloon as it was (the guest takes it as not done), and every
 * locked frame has been discarded exactly once.
 *
 * Covers: host/core/balloon_host.c host/core/frame_map.c host/core/cmd_trace.c
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "balloon_host.h"
#include "fuzz_input.h"

#define FRAME		((uint64_t)VMW_BALLOON_FRAME_SIZE)
#define NR_RANGES	3
#define MAX_FRAMES	4096U	/* guest RAM, all ranges together */
#define MAX_FIRST	1024U	/* first PFN of the first range, and gap */
#define MAX_CALLS	1024U
#define ENTRIES		VMW_BALLOON_BATCH_MAX_ENTRIES
#define PPM_STEP	4000U	/* 255 steps reach past 1000000 */
#define RECENT		64	/* remembered pages, for unlocks to hit */
/* One past the highest PFN a layout reaches. */
#define MAX_PFN		(MAX_FIRST * 2 + MAX_FRAMES)


struct fuzz_range {
	uint64_t first;
	uint64_t frames;
	uint8_t *mem;
};

struct fuzz_guest {
	struct fuzz_range ranges[NR_RANGES];
	unsigned int nr_ranges;
	uint64_t frames;		/* RAM frames in all ranges */
	const struct balloon_host *h;
	bool fail_discard;
	bool fail_read;
	unsigned int fail_write;	/* the Nth write from now fails */
	uint64_t clock_ns;
	uint64_t discarded[MAX_PFN / 64 + 1];	/* since its last lock */
};

/* Memory behind [gpa, gpa + len), or NULL unless inside one range. */
static uint8_t *guest_ptr(struct fuzz_guest *g, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	if (gpa + len < gpa)
		return NULL;
	for (i = 0; i < g->nr_ranges; i++) {
		struct fuzz_range *r = &g->ranges[i];
		uint64_t start = r->first * FRAME;

		if (gpa >= start && gpa + len <= start + r->frames * FRAME)
			return r->mem + (gpa - start);
	}
	return NULL;
}

static int guest_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct fuzz_guest *g = opaque;
	uint8_t *p = guest_ptr(g, gpa, len);

	ASSERT(p && len && len <= FRAME);
	if (g->fail_read)
		return -1;
	memcpy(buf, p, len);
	return 0;
}

static int guest_write(void *opaque, uint64_t gpa, const void *buf,
		       size_t len)
{
	struct fuzz_guest *g = opaque;
	uint8_t *p = guest_ptr(g, gpa, len);

	ASSERT(p && len && len <= FRAME);
	if (g->fail_write && !--g->fail_write)
		return -1;
	memcpy(p, buf, len);
	return 0;
}

/* Every frame must be RAM (a run may span two touching ranges) and locked. */
static int guest_discard(void *opaque, uint64_t pfn, uint64_t frames,
			 uint64_t *freed)
{
	struct fuzz_guest *g = opaque;
	uint64_t end = pfn + frames, p = pfn;
	unsigned int i;

	ASSERT(frames && end > pfn && frames <= g->frames);
	while (p < end) {
		for (i = 0; i < g->nr_ranges; i++)
			if (p >= g->ranges[i].first &&
			    p < g->ranges[i].first + g->ranges[i].frames)
				break;
		ASSERT(i < g->nr_ranges);
		p = g->ranges[i].first + g->ranges[i].frames;
	}
	ASSERT(frame_map_all_locked(&g->h->frames, pfn, frames));
	for (p = pfn; p < end; p++) {
		ASSERT(p < MAX_PFN && !(g->discarded[p / 64] >> (p % 64) & 1));
		g->discarded[p / 64] |= (uint64_t)1 << (p % 64);
	}
	*freed = frames;
	return g->fail_discard ? -1 : 0;
}

static uint64_t guest_ns(void *opaque)
{
	struct fuzz_guest *g = opaque;

	return g->clock_ns += 1000;
}

static const struct bh_guest_ops fuzz_ops = {
	.read = guest_read,
	.write = guest_write,
	.discard = guest_discard,
	.guest_ns = guest_ns,
};

/*
 * @recent: pages the host accepted lately.  An unlock only gets anywhere
 * with a page that is locked, and 2M and 4K pages run the same host code,
 * so the fuzzer has no coverage to steer it there: the input picks them
 * from this ring instead.
 */
struct fuzz_ctx {
	struct input in;
	struct fuzz_guest g;
	struct balloon_host h;
	uint64_t prev_entry_pfn;
	uint64_t recent[RECENT];
	unsigned int nr_recent;
};

static void remember(struct fuzz_ctx *c, uint64_t pfn)
{
	c->recent[c->nr_recent++ % RECENT] = pfn;
}

/* A page from the ring, or @fallback while it is empty. */
static uint64_t recall(struct fuzz_ctx *c, unsigned int idx, uint64_t fallback)
{
	unsigned int n = c->nr_recent < RECENT ? c->nr_recent : RECENT;

	return n ? c->recent[idx % n] : fallback;
}

/* ------------------------------------------------------------------ */
/* Set-up                                                             */
/* ------------------------------------------------------------------ */

enum {
	FLAG_CAPS = 1 << 0,
	FLAG_REFUSE = 1 << 1,
	FLAG_BUSY = 1 << 2,
	FLAG_RESET = 1 << 3,
	FLAG_TARGET64 = 1 << 4,
	FLAG_COST = 1 << 5,
	FLAG_TRACE = 1 << 6,
	FLAG_FAIL_DISCARD = 1 << 7,
};

/* Knob values straight from the input: out-of-range ones are refused. */
static void setup_knobs(struct fuzz_ctx *c, unsigned int flags)
{
	struct balloon_host *h = &c->h;
	struct input *in = &c->in;

	if (flags & FLAG_CAPS)
		balloon_host_set_knob(h, BH_KNOB_CAPS, take(in, 1));
	if (flags & FLAG_REFUSE) {
		balloon_host_set_knob(h, BH_KNOB_REFUSE_PPM,
				      take(in, 1) * PPM_STEP);
		balloon_host_set_knob(h, BH_KNOB_REFUSE_STATUS, take(in, 1));
	}
	if (flags & FLAG_BUSY)
		balloon_host_set_knob(h, BH_KNOB_BUSY_PPM,
				      take(in, 1) * PPM_STEP);
	if (flags & FLAG_RESET)
		balloon_host_set_knob(h, BH_KNOB_RESET_AFTER, take(in, 1));
	balloon_host_set_knob(h, BH_KNOB_TARGET,
			      take(in, flags & FLAG_TARGET64 ? 8 : 2));
	balloon_host_set_knob(h, BH_KNOB_SEED, take(in, 8));
	/* Costs up to the bounds and past them (refused). */
	if (flags & FLAG_COST) {
		balloon_host_set_knob(h, BH_KNOB_COST_NS_CALL, take(in, 4));
		balloon_host_set_knob(h, BH_KNOB_COST_NS_PAGE, take(in, 4));
	}
}

/*
 * The memory behind guest RAM, shared by every input: the host only reads
 * batch entries this target wrote for the same call, so what earlier inputs
 * left here changes nothing.  A fresh 16 MiB allocation per input would cost
 * more than the rest of the run.
 */
static uint8_t ram_pool[MAX_FRAMES * FRAME];

static bool add_range(struct fuzz_ctx *c, uint64_t first, uint64_t frames)
{
	struct fuzz_range *r = &c->g.ranges[c->g.nr_ranges];

	ASSERT(c->g.frames + frames <= MAX_FRAMES);
	if (balloon_host_add_ram(&c->h, first, frames))
		return false;
	r->mem = ram_pool + c->g.frames * FRAME;
	r->first = first;
	r->frames = frames;
	c->g.nr_ranges++;
	c->g.frames += frames;
	return true;
}

/*
 * A PC's layout in small: RAM below the legacy window (frames 0-0x9f),
 * RAM from 1 MiB up to a hole (the PCI hole, ROM and MMIO: not RAM), and
 * RAM above it.
 */
static void setup_pc_ram(struct fuzz_ctx *c)
{
	struct input *in = &c->in;
	uint64_t low = 1 + take(in, 2) % (MAX_FRAMES - 0x100 - 1);
	uint64_t hole = 1 + take(in, 2) % MAX_FIRST;
	uint64_t high = 1 + take(in, 2) % (MAX_FRAMES - 0xa0 - low);

	ASSERT(add_range(c, 0, 0xa0));
	ASSERT(add_range(c, 0x100, low));
	ASSERT(add_range(c, 0x100 + low + hole, high));
}

static void setup_ram(struct fuzz_ctx *c)
{
	struct input *in = &c->in;
	unsigned int layout = (unsigned int)take(in, 1);
	uint64_t first, frames, gap, frames2;

	if (layout & 2) {
		setup_pc_ram(c);
		return;
	}
	first = take(in, 2) % MAX_FIRST;
	frames = 1 + take(in, 2) % MAX_FRAMES;
	ASSERT(add_range(c, first, frames));
	if (!(layout & 1) || frames == MAX_FRAMES)
		return;
	/* A gap of 0 makes two touching ranges. */
	gap = take(in, 2) % MAX_FIRST;
	frames2 = 1 + take(in, 2) % (MAX_FRAMES - frames);
	ASSERT(add_range(c, first + frames + gap, frames2));
}

/* ------------------------------------------------------------------ */
/* Invariants                                                         */
/* ------------------------------------------------------------------ */

/* Locked frames in [first, first + frames), a word at a time. */
static uint64_t count_locked(const struct frame_map *map, uint64_t first,
			     uint64_t frames)
{
	uint64_t pfn = first, end = first + frames, n = 0, bits, chunk;

	while (pfn < end) {
		chunk = 64 - pfn % 64;
		if (chunk > end - pfn)
			chunk = end - pfn;
		bits = map->bits[pfn / 64] >> (pfn % 64);
		if (chunk < 64)
			bits &= ((uint64_t)1 << chunk) - 1;
		n += (uint64_t)__builtin_popcountll(bits);
		pfn += chunk;
	}
	return n;
}

static void check_frames(struct fuzz_ctx *c)
{
	const struct frame_map *map = &c->h.frames;
	uint64_t size = c->h.stats[BH_STAT_SIZE];
	uint64_t in_ram = 0, w;
	unsigned int i;

	for (i = 0; i < c->g.nr_ranges; i++)
		in_ram += count_locked(map, c->g.ranges[i].first,
				       c->g.ranges[i].frames);
	ASSERT(size == in_ram);
	/* No bit outside RAM, nor past the end of the map. */
	ASSERT(count_locked(map, 0, (map->limit + 63) / 64 * 64) == in_ram);
	ASSERT(size <= c->g.frames);
	/*
	 * Locked: discarded once.  Unlocked: the next lock discards again.
	 * A word of frames at a time; no bit is set past the map's end.
	 */
	for (w = 0; w < (map->limit + 63) / 64; w++) {
		c->g.discarded[w] &= map->bits[w];
		ASSERT(!(map->bits[w] & ~c->g.discarded[w]));
	}
}

static bool is_batch_cmd(uint64_t cmd)
{
	return cmd >= VMW_BALLOON_CMD_BATCHED_LOCK &&
	       cmd <= VMW_BALLOON_CMD_BATCHED_2M_UNLOCK;
}

static uint64_t frames_per_page(uint64_t cmd)
{
	return cmd == VMW_BALLOON_CMD_BATCHED_2M_LOCK ||
	       cmd == VMW_BALLOON_CMD_BATCHED_2M_UNLOCK ?
	       VMW_BALLOON_2M_FRAMES : 1;
}

/* An entry status the host may write, given the refusal knob. */
static bool entry_status_ok(struct fuzz_ctx *c, uint64_t status)
{
	switch (status) {
	case VMW_BALLOON_SUCCESS:
	case VMW_BALLOON_ERROR_PPN_INVALID:
	case VMW_BALLOON_ERROR_PPN_LOCKED:
	case VMW_BALLOON_ERROR_PPN_UNLOCKED:
	case VMW_BALLOON_ERROR_PPN_NOTNEEDED:
		return true;
	}
	return status == c->h.knobs[BH_KNOB_REFUSE_STATUS];
}

/* The batch page after a batch command, against its copy from before. */
static void check_batch(struct fuzz_ctx *c, uint64_t cmd, uint64_t status,
			uint64_t count, const uint64_t *before,
			const uint64_t *after)
{
	uint64_t fpp = frames_per_page(cmd), pfn, i;

	if (status != VMW_BALLOON_SUCCESS || count > ENTRIES) {
		ASSERT(!memcmp(before, after, ENTRIES * sizeof(*after)));
		return;
	}
	for (i = 0; i < ENTRIES; i++) {
		if (i >= count) {
			ASSERT(after[i] == before[i]);
			continue;
		}
		/* Only the 5 status bits change. */
		ASSERT(!((after[i] ^ before[i]) &
			 ~VMW_BALLOON_BATCH_STATUS_MASK));
		ASSERT(entry_status_ok(c, vmw_balloon_batch_entry_status(
						 after[i])));
		if (vmw_balloon_batch_entry_status(after[i]))
			continue;
		pfn = vmw_balloon_batch_entry_pfn(after[i]);
		ASSERT(!(pfn & (fpp - 1)));
		ASSERT(frame_map_is_ram(&c->h.frames, pfn, fpp));
		/*
		 * One branch per command: 2M and 4K pages run the same host
		 * code, so this is what tells the fuzzer it reached a 2M
		 * unlock that worked.
		 */
		switch (cmd) {
		case VMW_BALLOON_CMD_BATCHED_LOCK:
			ASSERT(frame_map_all_locked(&c->h.frames, pfn, 1));
			remember(c, pfn);
			break;
		case VMW_BALLOON_CMD_BATCHED_2M_LOCK:
			ASSERT(frame_map_all_locked(&c->h.frames, pfn, fpp));
			remember(c, pfn);
			break;
		case VMW_BALLOON_CMD_BATCHED_UNLOCK:
			ASSERT(!frame_map_any_locked(&c->h.frames, pfn, 1));
			break;
		case VMW_BALLOON_CMD_BATCHED_2M_UNLOCK:
			ASSERT(!frame_map_any_locked(&c->h.frames, pfn, fpp));
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Calls                                                              */
/* ------------------------------------------------------------------ */

/* A PFN in range @sel's RAM, or just past either end of it. */
static uint64_t pick_pfn(struct fuzz_ctx *c, unsigned int sel)
{
	const struct fuzz_range *r = &c->g.ranges[sel % c->g.nr_ranges];
	uint64_t off = take(&c->in, 2);

	if (sel & 2)	/* near an edge, in or out */
		return off & 1 ? r->first + r->frames - 1 + (off >> 1) % 3 :
				 r->first - (r->first ? (off >> 1) % 2 : 0);
	return r->first + off % r->frames;
}

/*
 * One batch entry.  The low bits of @kind say where its PFN comes from: RAM,
 * the last entry (again, or the page after it), anything at all, or a page
 * the host accepted lately, which is what an unlock needs to get anywhere.
 */
static uint64_t make_entry(struct fuzz_ctx *c, uint64_t cmd)
{
	unsigned int kind = (unsigned int)take(&c->in, 1);
	uint64_t fpp = frames_per_page(cmd), pfn, entry;

	switch (kind & 3) {
	case 0:
		pfn = pick_pfn(c, kind >> 2);
		/* Mostly aligned, rounded up so the block starts in RAM. */
		if (fpp > 1 && !(kind & 0x20))
			pfn = (pfn + fpp - 1) & ~(fpp - 1);
		break;
	case 1:		/* a duplicate, or a contiguous run */
		pfn = c->prev_entry_pfn + (kind & 4 ? fpp : 0);
		break;
	case 2:
		if (kind & 4)
			return take(&c->in, 8);
		/* fall through */
	default:
		pfn = recall(c, kind >> 3, c->prev_entry_pfn);
		/* A 2M block around it, or a frame of the block. */
		if (fpp > 1 && !(kind & 0x20))
			pfn &= ~(fpp - 1);
		else if (fpp == 1 && (kind & 0x80))
			pfn += take(&c->in, 2) % VMW_BALLOON_2M_FRAMES;
		break;
	}
	pfn &= UINT64_MAX >> VMW_BALLOON_BATCH_PFN_SHIFT;
	c->prev_entry_pfn = pfn;
	entry = vmw_balloon_batch_entry(pfn);
	/* Reserved and stale status bits the host must cope with. */
	if (kind & 0x40)
		entry |= take(&c->in, 2) & (FRAME - 1);
	return entry;
}

/* The host side acting between calls: a knob, or a device reset. */
static void host_action(struct fuzz_ctx *c, unsigned int sub)
{
	unsigned int knob = sub % (BH_KNOB_NUM + 1);

	if (knob == BH_KNOB_NUM)
		balloon_host_reset(&c->h);
	else
		balloon_host_set_knob(&c->h, (enum bh_knob)knob,
				      take(&c->in, sub & 0x80 ? 8 : 2));
	check_frames(c);
}

static const uint64_t op_cmds[16] = {
	VMW_BALLOON_CMD_START,
	VMW_BALLOON_CMD_GET_TARGET,
	VMW_BALLOON_CMD_LOCK,
	VMW_BALLOON_CMD_UNLOCK,
	VMW_BALLOON_CMD_GUEST_ID,
	VMW_BALLOON_CMD_BATCHED_LOCK,
	VMW_BALLOON_CMD_BATCHED_UNLOCK,
	VMW_BALLOON_CMD_BATCHED_2M_LOCK,
	VMW_BALLOON_CMD_BATCHED_2M_UNLOCK,
	VMW_BALLOON_CMD_VMCI_DOORBELL_SET,
	VMW_BALLOON_CMD_BATCHED_LOCK,
	VMW_BALLOON_CMD_BATCHED_UNLOCK,
	VMW_BALLOON_CMD_BATCHED_2M_LOCK,
	VMW_BALLOON_CMD_BATCHED_2M_UNLOCK,
	~(uint64_t)0,	/* host action */
	~(uint64_t)1,	/* a command number from the input */
};

static void one_call(struct fuzz_ctx *c)
{
	struct input *in = &c->in;
	unsigned int op = (unsigned int)take(in, 1);
	unsigned int sub = (unsigned int)take(in, 1);
	unsigned int mode = op >> 4;
	uint64_t before[ENTRIES], after[ENTRIES];
	uint64_t cmd = op_cmds[op & 15];
	struct bh_regs regs = { .rax = VMW_BALLOON_MAGIC };
	struct bh_regs in_regs;
	uint8_t *page = NULL;
	uint64_t i, n, hold, status, cost, prev_caps, size_before;
	static uint64_t bits_before[MAX_PFN / 64 + 1];
	unsigned int faults;
	bool valid;

	if (cmd == ~(uint64_t)0) {
		host_action(c, sub);
		return;
	}
	if (cmd == ~(uint64_t)1)
		cmd = take(in, sub & 1 ? 8 : 1);
	if (sub == 0xff)
		regs.rax = take(in, 8);
	else if (sub == 0xfe)
		regs.rax |= take(in, 4) << 32;
	regs.rcx = cmd;

	switch (cmd) {
	case VMW_BALLOON_CMD_START:
		regs.rbx = take(in, mode == 15 ? 8 : 1);
		break;
	case VMW_BALLOON_CMD_GET_TARGET:
		regs.rbx = take(in, mode >= 8 ? 8 : 2);
		break;
	case VMW_BALLOON_CMD_LOCK:
	case VMW_BALLOON_CMD_UNLOCK:
		if (mode < 8)
			regs.rbx = pick_pfn(c, sub);
		else if (mode < 12)
			regs.rbx = recall(c, sub, 0) + (mode & 1 ? sub : 0);
		else
			regs.rbx = take(in, 8);
		regs.rsi = 1;
		break;
	case VMW_BALLOON_CMD_VMCI_DOORBELL_SET:
		if (mode & 1) {
			regs.rbx = VMW_BALLOON_DOORBELL_UNSET;
			regs.rsi = VMW_BALLOON_DOORBELL_UNSET;
		} else {
			regs.rbx = take(in, 8);
			regs.rsi = take(in, 8);
		}
		break;
	default:
		if (!is_batch_cmd(cmd)) {
			regs.rbx = take(in, 8);
			regs.rsi = take(in, 8);
			break;
		}
		regs.rbx = mode < 12 ? pick_pfn(c, sub) : take(in, 8);
		regs.rsi = mode == 15 ? take(in, 8) : take(in, 2) % 600;
		if (regs.rbx <= UINT64_MAX >> VMW_BALLOON_FRAME_SHIFT)
			page = guest_ptr(&c->g, regs.rbx * FRAME, FRAME);
		if (!page)
			break;
		n = regs.rsi < ENTRIES ? regs.rsi : ENTRIES;
		for (i = 0; i < n; i++) {
			uint64_t entry = make_entry(c, cmd);

			memcpy(page + i * 8, &entry, 8);
		}
		memcpy(before, page, FRAME);
		faults = (unsigned int)take(in, 1);
		c->g.fail_read = faults & 1;
		c->g.fail_write = (faults >> 1) & 3;
		break;
	}
	size_before = c->h.stats[BH_STAT_SIZE];
	memcpy(bits_before, c->h.frames.bits,
	       (c->h.frames.limit + 63) / 64 * sizeof(uint64_t));

	in_regs = regs;
	prev_caps = c->h.granted_caps;
	hold = balloon_host_call(&c->h, &regs);
	status = regs.rax;
	c->g.fail_read = false;
	c->g.fail_write = 0;
	/* A batch call the guest is told failed did nothing (a reset aside). */
	if (is_batch_cmd(cmd) && status != VMW_BALLOON_SUCCESS &&
	    status != VMW_BALLOON_ERROR_RESET) {
		ASSERT(c->h.stats[BH_STAT_SIZE] == size_before);
		ASSERT(!memcmp(bits_before, c->h.frames.bits,
			       (c->h.frames.limit + 63) / 64 * sizeof(uint64_t)));
	}
	valid = (uint32_t)in_regs.rax == VMW_BALLOON_MAGIC &&
		cmd < VMW_BALLOON_CMD_NUM && vmw_balloon_cmd_names[cmd];

	/* Registers. */
	ASSERT(regs.rsi == in_regs.rsi);
	if (!valid) {
		ASSERT(status == VMW_BALLOON_ERROR_CMD_INVALID);
		ASSERT(regs.rbx == in_regs.rbx && regs.rcx == in_regs.rcx);
		ASSERT(hold == 0);
		check_frames(c);
		return;
	}
	if (cmd == VMW_BALLOON_CMD_START) {
		ASSERT(status == VMW_BALLOON_SUCCESS_WITH_CAPABILITIES);
		ASSERT(regs.rcx == c->h.granted_caps);
		ASSERT(!(regs.rcx & ~(uint64_t)VMW_BALLOON_CAPS_ALL));
		/* START(0), the guest leaving, may keep the last grant. */
		if (in_regs.rbx) {
			ASSERT(!(regs.rcx & ~in_regs.rbx));
			ASSERT(!(regs.rcx & ~c->h.knobs[BH_KNOB_CAPS]));
		} else {
			ASSERT(!regs.rcx || regs.rcx == prev_caps);
		}
		ASSERT(c->h.stats[BH_STAT_SIZE] == 0);
	} else {
		ASSERT(status <= VMW_BALLOON_STATUS_LAST ||
		       (cmd == VMW_BALLOON_CMD_LOCK &&
			status == c->h.knobs[BH_KNOB_REFUSE_STATUS]));
		ASSERT(regs.rcx == in_regs.rcx);
	}
	if ((VMW_BALLOON_CMD_WITH_TARGET_MASK >> cmd) & 1) {
		ASSERT(regs.rbx == balloon_host_target(&c->h));
		if (!(c->h.granted_caps & VMW_BALLOON_CAP_64_BIT_TARGET))
			ASSERT(regs.rbx <= UINT32_MAX);
	} else if (cmd != VMW_BALLOON_CMD_START) {
		ASSERT(regs.rbx == in_regs.rbx);
	}
	if (status == VMW_BALLOON_ERROR_RESET)
		ASSERT(c->h.stats[BH_STAT_SIZE] == 0);

	/* The modelled cost. */
	cost = c->h.knobs[BH_KNOB_COST_NS_CALL];
	if (status == VMW_BALLOON_ERROR_RESET ||
	    (!is_batch_cmd(cmd) && cmd != VMW_BALLOON_CMD_LOCK &&
	     cmd != VMW_BALLOON_CMD_UNLOCK))
		ASSERT(hold == cost);
	else if (status == VMW_BALLOON_SUCCESS && is_batch_cmd(cmd))
		ASSERT((unsigned __int128)hold ==
		       (unsigned __int128)cost +
		       (unsigned __int128)c->h.knobs[BH_KNOB_COST_NS_PAGE] *
		       regs.rsi);
	/* The knobs' bounds keep every hold within 64 bits, and small. */
	ASSERT(hold <= bh_knob_ranges[BH_KNOB_COST_NS_CALL].max +
		       bh_knob_ranges[BH_KNOB_COST_NS_PAGE].max * ENTRIES);

	if (page) {
		memcpy(after, page, FRAME);
		check_batch(c, cmd, status, regs.rsi, before, after);
	}
	if (cmd == VMW_BALLOON_CMD_LOCK && status == VMW_BALLOON_SUCCESS) {
		ASSERT(frame_map_all_locked(&c->h.frames, in_regs.rbx, 1));
		remember(c, in_regs.rbx);
	} else if (cmd == VMW_BALLOON_CMD_UNLOCK &&
		   status == VMW_BALLOON_SUCCESS) {
		ASSERT(!frame_map_any_locked(&c->h.frames, in_regs.rbx, 1));
	}
	check_frames(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ctx *c = calloc(1, sizeof(*c));
	unsigned int flags, calls = 0;

	ASSERT(c);
	c->in.data = data;
	c->in.size = size;
	c->g.h = &c->h;
	balloon_host_init(&c->h, &fuzz_ops, &c->g);

	flags = (unsigned int)take(&c->in, 1);
	c->g.fail_discard = flags & FLAG_FAIL_DISCARD;
	setup_knobs(c, flags);
	setup_ram(c);
	if (flags & FLAG_TRACE)
		ASSERT(!balloon_host_open_trace(&c->h, "/dev/null"));
	check_frames(c);

	while (input_left(&c->in) && calls++ < MAX_CALLS)
		one_call(c);

	balloon_host_destroy(&c->h);
	free(c);
	return 0;
}
