// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the VMCI hypervisor core (host/core/vmci_core.c).
 *
 * One input is one device's life: a context ID, then a sequence of
 * operations.  Every field reads as zero once the input runs out, so any
 * input, empty included, is a valid one.
 *
 *   u32 cid		mapped into 3 .. 2^32 - 2, the CIDs a guest can have
 *   ops		u8 op, its low 3 bits one of:
 *     0 bytes		u8 n, then n bytes to DATA_OUT
 *     1 fill		u16 n, u8 b: n copies of b to DATA_OUT (long payloads
 *			for a few input bytes)
 *     2 caps		u8, or u32 with op bit 7, written to CAPS
 *     3 reset		a device reset; with op bit 7 instead the guest's
 *			writes start or stop failing, as a DMA error would
 *     4 ring		u32 ctx, u32 res
 *     5 recall		u8 which: ring a doorbell this input linked (maybe
 *			unlinked since) or, with bit 7, one of the table
 *     6 datagram	a well-formed datagram, see one_datagram(): header
 *			and payload to one of the six resources with fields
 *			from the input, so deep states take few bytes
 *     7 burst		u8 n, u8 base: n links (op bit 7: unlinks) of
 *			doorbells base, base + 1, ... (see link_burst())
 *
 * Datagram bytes from ops 0 and 1 land anywhere in a datagram, so both
 * split what ops 6 and 7 send.  At most MAX_OPS operations and about
 * MAX_BYTES bytes to DATA_OUT run per input.
 *
 * The fake guest has RAM_FRAMES frames of RAM, then one ROM frame; it
 * traps on any write outside RAM.  Its writable_frame() looks up the
 * address ppn << 12, as the QEMU device's does, so a ppn >= 2^52 aliases
 * RAM there and only the core's own bound keeps it out.  After every
 * operation the target checks the invariants in check_core() and traps
 * on a violation; a ring must return 0 exactly when its doorbell is linked
 * and the bitmap is set (and the write worked), and then have written one
 * byte, the doorbell's, in the bitmap page.  A well-formed datagram that
 * starts on a datagram boundary must also get the result, and leave the
 * links and bitmap, that the wire format says (expect()).
 *
 * Covers: host/core/vmci_core.c
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmci_core.h"
#include "fuzz_input.h"
#include "../lib/le_bytes.h"

#define PAGE		(1u << VMCI_PAGE_SHIFT)
#define RAM_FIRST	0x100u
#define RAM_FRAMES	4u
#define ROM_PPN		(RAM_FIRST + RAM_FRAMES)	/* right after RAM */
#define MAX_OPS		4096u
#define MAX_BYTES	(1u << 18)	/* a few of the largest datagrams */
#define RECENT		16		/* remembered doorbells */
#define DB_RES		0x400u		/* the first resource Linux hands out */
#define DB_SPREAD	80u		/* resources linked: more than fit */
/* Payload bytes a well-formed datagram names; padding beyond is zero. */
#define DG_KEEP		(8u + 4 * 40)


/* ------------------------------------------------------------------ */
/* The fake guest                                                     */
/* ------------------------------------------------------------------ */

/* Shared by every input; cleared at the start of each. */
static uint8_t ram[RAM_FRAMES * PAGE];

struct fuzz_guest {
	bool fail_write;
	uint64_t writes;	/* write calls, failed ones too */
	uint64_t last_gpa;
	size_t last_len;
};

static bool is_ram_frame(uint64_t ppn)
{
	return ppn >= RAM_FIRST && ppn < RAM_FIRST + RAM_FRAMES;
}

static bool guest_writable_frame(void *opaque, uint64_t ppn)
{
	(void)opaque;
	/* As vmw_vmci_writable_frame(): by address, which wraps. */
	return is_ram_frame((ppn << VMCI_PAGE_SHIFT) >> VMCI_PAGE_SHIFT);
}

static int guest_write(void *opaque, uint64_t gpa, const void *buf,
		       size_t len)
{
	struct fuzz_guest *g = opaque;
	uint64_t start = (uint64_t)RAM_FIRST * PAGE;

	g->writes++;
	g->last_gpa = gpa;
	g->last_len = len;
	/* The ROM frame and anything else outside RAM, failing or not. */
	ASSERT(gpa >> VMCI_PAGE_SHIFT != ROM_PPN);
	ASSERT(gpa >= start && gpa - start < sizeof(ram) &&
	       len <= sizeof(ram) - (gpa - start));
	if (g->fail_write)
		return -1;
	memcpy(ram + (gpa - start), buf, len);
	return 0;
}

static const struct vmci_core_ops fuzz_ops = {
	.writable_frame = guest_writable_frame,
	.write = guest_write,
};

struct handle {
	uint32_t ctx;
	uint32_t res;
};

/*
 * @recent: doorbells this input linked.  A ring or an unlink only gets
 * anywhere with a linked handle, which the fuzzer would have to guess
 * twice over (context and resource); the input picks them from here.
 */
struct fuzz_ctx {
	struct input in;
	struct fuzz_guest g;
	struct vmci_core c;
	uint32_t cid;
	uint64_t bytes;			/* to DATA_OUT, this input */
	uint64_t prev[VMCI_STAT_NUM];	/* stats after the last op */
	struct handle recent[RECENT];
	unsigned int nr_recent;
};

static void remember(struct fuzz_ctx *x, uint32_t ctx, uint32_t res)
{
	x->recent[x->nr_recent++ % RECENT] = (struct handle){ ctx, res };
}

/* A remembered handle, or a plausible one while there is none. */
static struct handle recall(struct fuzz_ctx *x, unsigned int which)
{
	unsigned int n = x->nr_recent < RECENT ? x->nr_recent : RECENT;

	if (!n)
		return (struct handle){ x->cid, DB_RES };
	return x->recent[which % n];
}

/* One of the links now in the table, else a remembered handle. */
static struct handle pick_handle(struct fuzz_ctx *x, unsigned int which)
{
	uint64_t n = x->c.stats[VMCI_STAT_LINKS];

	if (which & 0x80 && n)
		return (struct handle){ x->c.links[which % n].context,
					x->c.links[which % n].resource };
	return recall(x, which);
}

/* ------------------------------------------------------------------ */
/* Invariants                                                         */
/* ------------------------------------------------------------------ */

static const struct vmci_link *find_link(const struct vmci_core *c,
					 uint32_t ctx, uint32_t res)
{
	uint64_t i;

	for (i = 0; i < c->stats[VMCI_STAT_LINKS]; i++)
		if (c->links[i].context == ctx && c->links[i].resource == res)
			return &c->links[i];
	return NULL;
}

static bool known_error(int64_t r)
{
	switch (r) {
	case VMCI_RESULT_INVALID_RESOURCE:
	case VMCI_RESULT_INVALID_ARGS:
	case VMCI_RESULT_NO_ACCESS:
	case VMCI_RESULT_DUPLICATE_ENTRY:
	case VMCI_RESULT_DST_UNREACHABLE:
	case VMCI_RESULT_PAYLOAD_TOO_LARGE:
	case VMCI_RESULT_NO_RESOURCES:
	case VMCI_RESULT_NOT_FOUND:
		return true;
	}
	return false;
}

/*
 * After every operation.  @links_too: the link table may have changed (a
 * datagram completed, or a reset), so check it whole, which is quadratic.
 */
static void check_core(struct fuzz_ctx *x, bool links_too)
{
	const struct vmci_core *c = &x->c;
	const uint64_t *s = c->stats;
	uint64_t n = s[VMCI_STAT_LINKS], i, j;

	ASSERT(c->ops == &fuzz_ops && c->opaque == &x->g);
	ASSERT(c->context_id == x->cid);
	ASSERT(!(c->caps_in_use & ~VMCI_CORE_CAPS));
	ASSERT(n <= VMCI_CORE_MAX_LINKS);
	ASSERT(!c->bitmap_set || is_ram_frame(c->bitmap_ppn));

	/* The assembler: a header, then a payload of a legal size. */
	ASSERT(c->header_len <= VMCI_DG_HEADER_SIZE);
	if (c->header_len < VMCI_DG_HEADER_SIZE) {
		ASSERT(c->payload_len == 0);
	} else {
		ASSERT(c->payload_size <= VMCI_DG_MAX_PAYLOAD);
		ASSERT(c->payload_len < c->payload_size);
	}

	/* The run's counters only grow; errors are datagrams. */
	ASSERT(s[VMCI_STAT_DATAGRAMS] >= s[VMCI_STAT_DATAGRAM_ERRORS]);
	ASSERT(s[VMCI_STAT_DATAGRAMS] >= x->prev[VMCI_STAT_DATAGRAMS]);
	ASSERT(s[VMCI_STAT_DATAGRAM_ERRORS] >=
	       x->prev[VMCI_STAT_DATAGRAM_ERRORS]);
	ASSERT(s[VMCI_STAT_DATAGRAM_ERRORS] -
	       x->prev[VMCI_STAT_DATAGRAM_ERRORS] <=
	       s[VMCI_STAT_DATAGRAMS] - x->prev[VMCI_STAT_DATAGRAMS]);
	ASSERT(s[VMCI_STAT_RINGS] >= x->prev[VMCI_STAT_RINGS]);
	ASSERT(s[VMCI_STAT_RING_MISSES] >= x->prev[VMCI_STAT_RING_MISSES]);
	if (s[VMCI_STAT_DATAGRAMS] != x->prev[VMCI_STAT_DATAGRAMS]) {
		/* An error code, a resource bitmask (never bit 31), the CID. */
		ASSERT(c->result < 0 ? known_error(c->result) :
		       c->result <= INT32_MAX || c->result == x->cid);
	}
	memcpy(x->prev, s, sizeof(x->prev));

	if (!links_too)
		return;
	for (i = 0; i < n; i++) {
		ASSERT(c->links[i].context == c->context_id);
		ASSERT(c->links[i].resource != VMCI_INVALID_ID);
		ASSERT(c->links[i].notify_idx < VMCI_BITMAP_BYTES);
		for (j = i + 1; j < n; j++)
			ASSERT(c->links[i].context != c->links[j].context ||
			       c->links[i].resource != c->links[j].resource);
	}
}

/* ------------------------------------------------------------------ */
/* Operations                                                         */
/* ------------------------------------------------------------------ */

static bool data_out(struct fuzz_ctx *x, uint8_t byte)
{
	x->bytes++;
	return vmci_core_data_out(&x->c, byte);
}

/* A ring, and exactly what it must have done. */
static void do_ring(struct fuzz_ctx *x, uint32_t ctx, uint32_t res)
{
	const struct vmci_link *link = find_link(&x->c, ctx, res);
	uint64_t writes = x->g.writes, gpa = 0;
	uint64_t rings = x->c.stats[VMCI_STAT_RINGS];
	uint64_t misses = x->c.stats[VMCI_STAT_RING_MISSES];
	int ret;

	if (link && x->c.bitmap_set)
		gpa = (x->c.bitmap_ppn << VMCI_PAGE_SHIFT) + link->notify_idx;
	ret = vmci_core_ring(&x->c, ctx, res);
	if (!link) {
		ASSERT(ret == -ENOENT && x->g.writes == writes);
	} else if (!x->c.bitmap_set) {
		ASSERT(ret == -ENODEV && x->g.writes == writes);
	} else {
		/* One byte, the doorbell's, in the bitmap page. */
		ASSERT(x->g.writes == writes + 1);
		ASSERT(x->g.last_len == 1 && x->g.last_gpa == gpa);
		ASSERT(gpa >> VMCI_PAGE_SHIFT == x->c.bitmap_ppn);
		if (x->g.fail_write) {
			ASSERT(ret == -EFAULT);
		} else {
			ASSERT(ret == 0);
			ASSERT(ram[gpa - (uint64_t)RAM_FIRST * PAGE] == 1);
		}
	}
	if (ret) {
		ASSERT(x->c.stats[VMCI_STAT_RINGS] == rings);
		ASSERT(x->c.stats[VMCI_STAT_RING_MISSES] == misses + 1);
	} else {
		ASSERT(x->c.stats[VMCI_STAT_RINGS] == rings + 1);
		ASSERT(x->c.stats[VMCI_STAT_RING_MISSES] == misses);
	}
}

struct dg {
	uint32_t dst_ctx;
	uint32_t dst_res;
	uint64_t size;			/* what the header says */
	size_t len;			/* payload bytes sent */
	uint8_t payload[DG_KEEP];	/* the first of them; then zeroes */
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Payload byte @i of @d, as sent. */
static uint8_t dg_byte(const struct dg *d, size_t i)
{
	return i < DG_KEEP ? d->payload[i] : 0;
}

/*
 * The result @d must get on a device in state @c, by the wire format
 * (vmw_vmci_defs.h) and what the Linux guest relies on.  Written from the
 * format, not from vmci_core.c, so that each checks the other.
 */
static int64_t expect(const struct vmci_core *c, const struct dg *d)
{
	const uint8_t *p = d->payload;
	uint64_t len = d->len, ppn, idx;
	uint32_t num, i;
	bool ppn64;
	int64_t bits = 0;

	if (d->dst_ctx != VMCI_HYPERVISOR_CONTEXT)
		return VMCI_RESULT_DST_UNREACHABLE;
	switch (d->dst_res) {
	case VMCI_RES_RESOURCES_QUERY:
		if (len < 8)
			return VMCI_RESULT_INVALID_ARGS;
		num = le32(p);
		if (num > VMCI_RESOURCE_QUERY_MAX || len < 8 + 4 * num)
			return VMCI_RESULT_INVALID_ARGS;
		for (i = 0; i < num; i++)
			if (le32(p + 8 + 4 * i) < VMCI_RES_DOORBELL_NOTIFY)
				bits |= (int64_t)1 << i;
		return bits;
	case VMCI_RES_GET_CONTEXT_ID:
		return c->context_id;
	case VMCI_RES_SET_NOTIFY_BITMAP:
		ppn64 = c->caps_in_use & VMCI_CAPS_PPN64;
		if (!(c->caps_in_use & VMCI_CAPS_NOTIFICATIONS) ||
		    len < (ppn64 ? 8 : 4))
			return VMCI_RESULT_INVALID_ARGS;
		ppn = ppn64 ? le64(p) : le32(p);
		return is_ram_frame(ppn) ? VMCI_RESULT_SUCCESS :
					   VMCI_RESULT_INVALID_ARGS;
	case VMCI_RES_DOORBELL_LINK:
		if (len < 16)
			return VMCI_RESULT_INVALID_ARGS;
		if (le32(p) != c->context_id)
			return VMCI_RESULT_NO_ACCESS;
		idx = le64(p + 8);
		if (le32(p + 4) == VMCI_INVALID_ID || idx >= VMCI_BITMAP_BYTES)
			return VMCI_RESULT_INVALID_ARGS;
		if (find_link(c, le32(p), le32(p + 4)))
			return VMCI_RESULT_DUPLICATE_ENTRY;
		if (c->stats[VMCI_STAT_LINKS] == VMCI_CORE_MAX_LINKS)
			return VMCI_RESULT_NO_RESOURCES;
		return VMCI_RESULT_SUCCESS;
	case VMCI_RES_DOORBELL_UNLINK:
		if (len < 8)
			return VMCI_RESULT_INVALID_ARGS;
		return find_link(c, le32(p), le32(p + 4)) ?
		       VMCI_RESULT_SUCCESS : VMCI_RESULT_NOT_FOUND;
	case VMCI_RES_DOORBELL_NOTIFY:
		return VMCI_RESULT_DST_UNREACHABLE;
	}
	return VMCI_RESULT_INVALID_RESOURCE;
}

/* A ppn for SET_NOTIFY_BITMAP: RAM mostly, and each way not to be RAM. */
static uint64_t pick_ppn(struct fuzz_ctx *x)
{
	unsigned int v = (unsigned int)take(&x->in, 1);

	switch (v & 7) {
	case 4:
		return ROM_PPN;
	case 5:		/* just outside, either side */
		if (v & 8)
			return RAM_FIRST - 1 - (v >> 4);
		return ROM_PPN + 1 + (v >> 4);
	case 6:		/* aliases RAM by address */
		return ((uint64_t)((v >> 3) | 1) << 52) + RAM_FIRST + (v & 3);
	case 7:
		return take(&x->in, 8);
	}
	return RAM_FIRST + (v & 3);
}

/* The payload of a datagram to @res, with fields from the input. */
static void fill_payload(struct fuzz_ctx *x, struct dg *d, unsigned int shape)
{
	struct input *in = &x->in;
	uint8_t *p = d->payload;
	struct handle h;
	uint32_t num, i, r;

	switch (d->dst_res) {
	case VMCI_RES_RESOURCES_QUERY:
		num = shape & 0x10 ? (uint32_t)take(in, 4) :
				     (uint32_t)take(in, 1) % 36;
		put32(p, num);
		put32(p + 4, (uint32_t)take(in, shape & 0x40 ? 4 : 0));
		if (num > 40)
			num = 40;
		for (i = 0; i < num; i++)
			put32(p + 8 + 4 * i, (uint32_t)(shape & 0x20 ?
				take(in, 4) : take(in, 1) % 8));
		d->len = 8 + 4 * num;
		break;
	case VMCI_RES_SET_NOTIFY_BITMAP:
		put64(p, pick_ppn(x));
		/* A 32-bit guest's upper half: whatever its stack held. */
		if (shape & 0x10)
			put32(p + 4, (uint32_t)take(in, 4));
		d->len = 8;
		break;
	case VMCI_RES_DOORBELL_LINK:
		r = (uint32_t)take(in, 1);
		if (r & 0x80) {
			h = pick_handle(x, r);
		} else {
			h.ctx = x->cid;
			h.res = r == 0x7f ? VMCI_INVALID_ID :
					    DB_RES + r % DB_SPREAD;
		}
		if (shape & 0x10)
			h.ctx = (uint32_t)take(in, 4);
		put32(p, h.ctx);
		put32(p + 4, h.res);
		/* Mostly in the page, now and then just past or far past it. */
		put64(p + 8, shape & 0x20 ? take(in, 8) :
			     take(in, 2) % (VMCI_BITMAP_BYTES + 256));
		d->len = 16;
		break;
	case VMCI_RES_DOORBELL_UNLINK:
	case VMCI_RES_DOORBELL_NOTIFY:
		r = (uint32_t)take(in, 1);
		h = pick_handle(x, r);
		if (shape & 0x10)
			h.ctx = (uint32_t)take(in, 4);
		if (shape & 0x20)
			h.res = (uint32_t)take(in, 4);
		put32(p, h.ctx);
		put32(p + 4, h.res);
		d->len = 8;
		break;
	case VMCI_RES_GET_CONTEXT_ID:
		d->len = 0;
		break;
	default:
		d->len = take(in, 1) % 32;
		for (i = 0; i < d->len; i++)
			p[i] = (uint8_t)take(in, 1);
		break;
	}
}

/*
 * Sends @d, with a ring before byte @cut of it (none if out of range), and
 * when it starts on a datagram boundary and names its own length checks
 * that it got the result expect() says, and left behind what it should.
 */
static void send_dg(struct fuzz_ctx *x, const struct dg *d, uint64_t cut)
{
	bool modelled = x->c.header_len == 0 && d->size == d->len;
	uint64_t total = VMCI_DG_HEADER_SIZE + d->len, i;
	uint64_t links = x->c.stats[VMCI_STAT_LINKS];
	uint64_t dgs = x->c.stats[VMCI_STAT_DATAGRAMS];
	uint64_t errs = x->c.stats[VMCI_STAT_DATAGRAM_ERRORS];
	uint64_t bitmap_ppn = x->c.bitmap_ppn, done_at = UINT64_MAX;
	bool bitmap_set = x->c.bitmap_set;
	const uint8_t *p = d->payload;
	unsigned int completions = 0;
	uint8_t hdr[VMCI_DG_HEADER_SIZE];
	const struct vmci_link *l;
	struct handle h;
	int64_t want = 0;

	if (modelled)
		want = expect(&x->c, d);
	put32(hdr, d->dst_ctx);
	put32(hdr + 4, d->dst_res);
	put32(hdr + 8, VMCI_INVALID_ID);
	put32(hdr + 12, VMCI_INVALID_ID);
	put64(hdr + 16, d->size);
	for (i = 0; i < total; i++) {
		if (i == cut) {
			h = pick_handle(x, (unsigned int)take(&x->in, 1));
			do_ring(x, h.ctx, h.res);
		}
		if (data_out(x, i < VMCI_DG_HEADER_SIZE ? hdr[i] :
			     dg_byte(d, i - VMCI_DG_HEADER_SIZE))) {
			completions++;
			done_at = i;
		}
	}
	if (!modelled)
		return;

	/* One datagram, done with its last byte, as the format says. */
	ASSERT(completions == 1 && done_at == total - 1);
	ASSERT(x->c.header_len == 0 && x->c.payload_len == 0);
	ASSERT(x->c.result == want);
	ASSERT(x->c.stats[VMCI_STAT_DATAGRAMS] == dgs + 1);
	ASSERT(x->c.stats[VMCI_STAT_DATAGRAM_ERRORS] == errs + (want < 0));

	/* And did what it says, or nothing. */
	if (d->dst_res == VMCI_RES_SET_NOTIFY_BITMAP && !want) {
		ASSERT(x->c.bitmap_set);
		ASSERT(x->c.bitmap_ppn == (x->c.caps_in_use & VMCI_CAPS_PPN64 ?
					   le64(p) : le32(p)));
	} else {
		ASSERT(x->c.bitmap_set == bitmap_set);
		ASSERT(!bitmap_set || x->c.bitmap_ppn == bitmap_ppn);
	}
	if (d->dst_res == VMCI_RES_DOORBELL_LINK && !want) {
		l = find_link(&x->c, le32(p), le32(p + 4));
		ASSERT(l && l->notify_idx == le64(p + 8));
		ASSERT(x->c.stats[VMCI_STAT_LINKS] == links + 1);
		remember(x, l->context, l->resource);
	} else if (d->dst_res == VMCI_RES_DOORBELL_UNLINK && !want) {
		ASSERT(!find_link(&x->c, le32(p), le32(p + 4)));
		ASSERT(x->c.stats[VMCI_STAT_LINKS] == links - 1);
	} else {
		ASSERT(x->c.stats[VMCI_STAT_LINKS] == links);
	}
}

/*
 * u8 kind: the low 3 bits a resource, 0-5 the six, 6 one from the input
 * (u32), 7 a destination context from the input (u32) and a resource
 * from the next 3 bits.  u8 shape: bits 0-1 the payload length (as is,
 * shorter by u8, longer by u8, longer by u16), bit 2 a cut at u16 with a
 * ring between, bit 3 a payload_size from the input (u64) instead of the
 * length, bits 4-7 field choices for fill_payload().
 */
static void one_datagram(struct fuzz_ctx *x)
{
	struct input *in = &x->in;
	unsigned int kind = (unsigned int)take(in, 1);
	unsigned int shape = (unsigned int)take(in, 1);
	uint64_t natural, v, cut = UINT64_MAX;
	struct dg d = { 0 };

	d.dst_ctx = VMCI_HYPERVISOR_CONTEXT;
	d.dst_res = kind & 7;
	if ((kind & 7) == 6) {
		d.dst_res = (uint32_t)take(in, 4);
	} else if ((kind & 7) == 7) {
		d.dst_ctx = (uint32_t)take(in, 4);
		d.dst_res = (kind >> 3) & 7;
	}
	fill_payload(x, &d, shape);

	natural = d.len;
	switch (shape & 3) {
	case 1:
		if (natural)
			d.len = natural - 1 - take(in, 1) % natural;
		break;
	case 2:
		d.len = natural + take(in, 1);
		break;
	case 3:
		v = take(in, 2);
		/* Long payloads cost time: only while the budget lasts. */
		if (x->bytes + v < MAX_BYTES)
			d.len = natural + v;
		break;
	}
	d.size = d.len;
	if (shape & 8) {
		d.size = take(in, 8);
		/* No more bytes than named, and no more than one datagram. */
		if (d.size < d.len)
			d.len = d.size;
	}
	if (shape & 4)
		cut = take(in, 2) % (VMCI_DG_HEADER_SIZE + d.len);
	send_dg(x, &d, cut);
}

/*
 * u8 n, u8 base: links (op bit 7: unlinks) the n doorbells from base on
 * of DB_SPREAD, each at its own index.  The table only fills with 64
 * links in one input, and coverage tells the fuzzer nothing on its way
 * there.
 */
static void link_burst(struct fuzz_ctx *x, unsigned int op)
{
	unsigned int n = (unsigned int)take(&x->in, 1);
	unsigned int base = (unsigned int)take(&x->in, 1), i, k;
	struct dg d = { 0 };

	d.dst_ctx = VMCI_HYPERVISOR_CONTEXT;
	d.dst_res = op & 0x80 ? VMCI_RES_DOORBELL_UNLINK :
				VMCI_RES_DOORBELL_LINK;
	d.len = d.size = op & 0x80 ? 8 : 16;
	for (i = 0; i < n && x->bytes < MAX_BYTES; i++) {
		k = (base + i) % DB_SPREAD;
		put32(d.payload, x->cid);
		put32(d.payload + 4, DB_RES + k);
		put64(d.payload + 8, (uint64_t)k * 51 % VMCI_BITMAP_BYTES);
		send_dg(x, &d, UINT64_MAX);
	}
}

static void one_op(struct fuzz_ctx *x)
{
	struct input *in = &x->in;
	unsigned int op = (unsigned int)take(in, 1);
	uint64_t n, i, dgs = x->c.stats[VMCI_STAT_DATAGRAMS];
	struct handle h;
	uint8_t b;
	bool links_too = false;

	switch (op & 7) {
	case 0:
		n = take(in, 1);
		for (i = 0; i < n; i++)
			data_out(x, (uint8_t)take(in, 1));
		break;
	case 1:
		n = take(in, 2);
		b = (uint8_t)take(in, 1);
		if (x->bytes + n > MAX_BYTES)
			n = x->bytes < MAX_BYTES ? MAX_BYTES - x->bytes : 0;
		for (i = 0; i < n; i++)
			data_out(x, b);
		break;
	case 2:
		vmci_core_set_caps(&x->c,
				   (uint32_t)take(in, op & 0x80 ? 4 : 1));
		break;
	case 3:
		if (op & 0x80) {
			x->g.fail_write = !x->g.fail_write;
			break;
		}
		vmci_core_reset(&x->c);
		ASSERT(!x->c.bitmap_set && !x->c.header_len);
		ASSERT(x->c.stats[VMCI_STAT_LINKS] == 0);
		links_too = true;
		break;
	case 4:
		h.ctx = (uint32_t)take(in, 4);
		h.res = (uint32_t)take(in, 4);
		do_ring(x, h.ctx, h.res);
		break;
	case 5:
		h = pick_handle(x, (unsigned int)take(in, 1));
		do_ring(x, h.ctx, h.res);
		break;
	case 6:
		one_datagram(x);
		break;
	default:
		link_burst(x, op);
		break;
	}
	check_core(x, links_too || x->c.stats[VMCI_STAT_DATAGRAMS] != dgs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ctx *x = calloc(1, sizeof(*x));
	unsigned int ops = 0;

	ASSERT(x);
	x->in.data = data;
	x->in.size = size;
	x->cid = 3 + (uint32_t)(take(&x->in, 4) % (VMCI_INVALID_ID - 3));
	memset(ram, 0, sizeof(ram));
	vmci_core_init(&x->c, &fuzz_ops, &x->g, x->cid);
	check_core(x, true);

	while (input_left(&x->in) && ops++ < MAX_OPS && x->bytes < MAX_BYTES)
		one_op(x);

	free(x);
	return 0;
}
