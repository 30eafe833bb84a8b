// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the VMCI hypervisor core (host/core/vmci_core.c).
 *
 * The core is embedded with a fake guest: RAM_FRAMES frames of RAM from
 * RAM_FIRST, backed by a malloc'd buffer, then one ROM frame, then nothing.
 * writable_frame() says yes for the RAM frames only; write() copies into
 * RAM and counts, and a write anywhere else fails the running case: the
 * core must refuse such a bitmap long before it gets to write.  Each case
 * keeps a copy of what RAM should hold and compares the two after rings,
 * so a stray byte anywhere in RAM shows up as well.
 *
 * Datagrams go in one byte at a time, the way the vmw-vmci device hands
 * DATA_OUT to the core, and look like the ones a Linux 6.1 guest sends.
 *
 * Output is TAP-like: one "ok N - name" or "not ok N - name" line per case,
 * the latter followed by "# " lines naming each failed check.  The exit
 * status is 0 only when every case passed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vmci_core.h"
#include "../lib/le_bytes.h"

/* ------------------------------------------------------------------ */
/* The fake guest                                                     */
/* ------------------------------------------------------------------ */

#define PAGE		(1u << VMCI_PAGE_SHIFT)
#define RAM_FIRST	0x100u			/* first RAM frame */
#define RAM_FRAMES	4u
#define RAM_BYTES	(RAM_FRAMES * PAGE)
#define RAM_LAST	(RAM_FIRST + RAM_FRAMES - 1)
#define ROM_PPN		(RAM_FIRST + RAM_FRAMES)	/* right after RAM */
#define RAM_FILL	0xa5	/* what RAM holds until something rings */

#define CID		7u
/* What a 6.1 guest writes to CAPS: DATAGRAM | NOTIFICATIONS | PPN64. */
#define GUEST_CAPS	0x1cu
#define CAPS_PPN32	(GUEST_CAPS & ~VMCI_CAPS_PPN64)
#define BITMAP_PPN	(RAM_FIRST + 1)
/* Linux hands out doorbell resource IDs above the 1024 reserved ones. */
#define DB_RES		0x400u
#define DB_IDX		5u

/* Payload bytes the small-datagram helpers can carry. */
#define SMALL		256u
/* feed() results that no datagram can have (results are s32 or u32). */
#define NOT_DONE	INT64_MIN	/* the last byte completed nothing */
#define DONE_EARLY	(INT64_MIN + 1)	/* a byte before it did */

struct fake_guest {
	uint8_t *ram;
	uint8_t *want;		/* what RAM should hold */
	bool wrap_gpa;		/* writable_frame() as QEMU's: by address */
	bool fail_write;	/* writes fail, as a DMA error would */
	unsigned int writes;
	uint64_t last_gpa;
};

static bool fake_writable_frame(void *opaque, uint64_t ppn)
{
	struct fake_guest *g = opaque;

	/*
	 * The QEMU device looks up the address ppn << 12, which wraps for a
	 * ppn >= 2^52.  In wrap mode the fake does the same, so only the
	 * core's own bound keeps such a ppn from aliasing RAM.
	 */
	if (g->wrap_gpa)
		ppn = (ppn << VMCI_PAGE_SHIFT) >> VMCI_PAGE_SHIFT;
	return ppn >= RAM_FIRST && ppn <= RAM_LAST;
}

static int fake_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct fake_guest *g = opaque;
	uint64_t start = (uint64_t)RAM_FIRST * PAGE;
	bool in_ram = gpa >= start && gpa - start <= RAM_BYTES &&
		      len <= RAM_BYTES - (gpa - start);

	g->writes++;
	g->last_gpa = gpa;
	if (g->fail_write)
		return -1;
	/* ROM, a device or nothing: the core must never write there. */
	CHECK(in_ram);
	if (!in_ram) {
		note("#   the write: %zu bytes at gpa 0x%" PRIx64 "\n", len,
		     gpa);
		return -1;
	}
	memcpy(g->ram + (gpa - start), buf, len);
	return 0;
}

static const struct vmci_core_ops fake_ops = {
	.writable_frame = fake_writable_frame,
	.write = fake_write,
};

struct fixture {
	struct fake_guest g;
	struct vmci_core c;
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->g.ram = malloc(RAM_BYTES);
	f->g.want = malloc(RAM_BYTES);
	if (!f->g.ram || !f->g.want) {
		fprintf(stderr, "test_vmci_core: out of memory\n");
		exit(1);
	}
	memset(f->g.ram, RAM_FILL, RAM_BYTES);
	memset(f->g.want, RAM_FILL, RAM_BYTES);
	vmci_core_init(&f->c, &fake_ops, &f->g, CID);
}

static void fixture_fini(struct fixture *f)
{
	free(f->g.ram);
	free(f->g.want);
}

/* Bytes of RAM that are not what the case expects; notes the first. */
static size_t ram_diffs(const struct fake_guest *g)
{
	size_t i, n = 0;

	for (i = 0; i < RAM_BYTES; i++) {
		if (g->ram[i] == g->want[i])
			continue;
		if (!n++)
			note("#   RAM at ppn 0x%zx + %zu is 0x%02x, "
			     "want 0x%02x\n", RAM_FIRST + i / PAGE, i % PAGE,
			     g->ram[i], g->want[i]);
	}
	return n;
}

/* A ring of the doorbell at @idx of the bitmap in frame @ppn. */
static void want_rung(struct fixture *f, uint64_t ppn, uint32_t idx)
{
	f->g.want[(ppn - RAM_FIRST) * PAGE + idx] = 1;
}

static uint64_t gpa_of(uint64_t ppn, uint32_t idx)
{
	return (ppn << VMCI_PAGE_SHIFT) + idx;
}

#define CHECK_RAM(f) CHECK_EQ(ram_diffs(&(f)->g), 0)

#define CHECK_STATS(f, dgs, errs, links, rings, misses)			\
	do {								\
		const uint64_t *s_ = (f)->c.stats;			\
									\
		CHECK_EQ(s_[VMCI_STAT_DATAGRAMS], dgs);			\
		CHECK_EQ(s_[VMCI_STAT_DATAGRAM_ERRORS], errs);		\
		CHECK_EQ(s_[VMCI_STAT_LINKS], links);			\
		CHECK_EQ(s_[VMCI_STAT_RINGS], rings);			\
		CHECK_EQ(s_[VMCI_STAT_RING_MISSES], misses);		\
	} while (0)

/* ------------------------------------------------------------------ */
/* Datagrams                                                          */
/* ------------------------------------------------------------------ */

/*
 * A datagram's bytes in @buf: the header naming @size, then @len payload
 * bytes (the two differ only where a case lies about the size).
 */
static size_t build_dg(uint8_t *buf, uint32_t dst_ctx, uint32_t dst_res,
		       uint64_t size, const uint8_t *payload, size_t len)
{
	put32(buf, dst_ctx);
	put32(buf + 4, dst_res);
	/* Linux sends every hypervisor datagram from the anonymous handle. */
	put32(buf + 8, VMCI_INVALID_ID);
	put32(buf + 12, VMCI_INVALID_ID);
	put64(buf + 16, size);
	if (len)
		memcpy(buf + VMCI_DG_HEADER_SIZE, payload, len);
	return VMCI_DG_HEADER_SIZE + len;
}

/*
 * Writes @len bytes to DATA_OUT.  Returns the result when the last byte,
 * and only it, completed a datagram; NOT_DONE or DONE_EARLY otherwise, so
 * the caller's CHECK_EQ names the line that went wrong.
 */
static int64_t feed(struct vmci_core *c, const uint8_t *buf, size_t len)
{
	bool done = false;
	size_t i;

	for (i = 0; i < len; i++) {
		if (done)
			return DONE_EARLY;
		done = vmci_core_data_out(c, buf[i]);
	}
	return done ? c->result : NOT_DONE;
}

/* Datagrams completed by @len bytes; the first @max results in @res. */
static unsigned int feed_all(struct vmci_core *c, const uint8_t *buf,
			     size_t len, int64_t *res, unsigned int max)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!vmci_core_data_out(c, buf[i]))
			continue;
		if (n < max)
			res[n] = c->result;
		n++;
	}
	return n;
}

static int64_t send_dg(struct fixture *f, uint32_t dst_ctx, uint32_t dst_res,
		       const uint8_t *payload, size_t len)
{
	uint8_t buf[VMCI_DG_HEADER_SIZE + SMALL];

	if (len > SMALL)
		return NOT_DONE;
	return feed(&f->c, buf,
		    build_dg(buf, dst_ctx, dst_res, len, payload, len));
}

static int64_t send_cid(struct fixture *f)
{
	return send_dg(f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_GET_CONTEXT_ID,
		       NULL, 0);
}

/* struct vmci_doorbell_link_msg's payload, the first @len bytes of it. */
static int64_t send_link_len(struct fixture *f, uint32_t ctx, uint32_t res,
			     uint64_t idx, size_t len)
{
	uint8_t p[16];

	put32(p, ctx);
	put32(p + 4, res);
	put64(p + 8, idx);
	return send_dg(f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_DOORBELL_LINK, p,
		       len);
}

static int64_t send_link(struct fixture *f, uint32_t ctx, uint32_t res,
			 uint64_t idx)
{
	return send_link_len(f, ctx, res, idx, 16);
}

static int64_t send_unlink_len(struct fixture *f, uint32_t ctx, uint32_t res,
			       size_t len)
{
	uint8_t p[8];

	put32(p, ctx);
	put32(p + 4, res);
	return send_dg(f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_DOORBELL_UNLINK, p,
		       len);
}

static int64_t send_unlink(struct fixture *f, uint32_t ctx, uint32_t res)
{
	return send_unlink_len(f, ctx, res, 8);
}

/* The 8-byte union of struct vmci_notify_bm_set_msg, first @len bytes. */
static int64_t send_bitmap_len(struct fixture *f, uint64_t ppn, size_t len)
{
	uint8_t p[8];

	put64(p, ppn);
	return send_dg(f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_SET_NOTIFY_BITMAP,
		       p, len);
}

static int64_t send_bitmap(struct fixture *f, uint64_t ppn)
{
	return send_bitmap_len(f, ppn, 8);
}

/* A query naming @num resources and carrying the first @nres of @res. */
static int64_t send_query(struct fixture *f, uint32_t num, const uint32_t *res,
			  size_t nres)
{
	uint8_t p[SMALL];
	size_t i;

	if (8 + 4 * nres > SMALL)
		return NOT_DONE;
	put32(p, num);
	put32(p + 4, 0);
	for (i = 0; i < nres; i++)
		put32(p + 8 + 4 * i, res[i]);
	return send_dg(f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_RESOURCES_QUERY, p,
		       8 + 4 * nres);
}

/*
 * A device as a 6.1 guest leaves it after probing, plus one doorbell
 * (DB_RES at DB_IDX): two datagrams, no errors, one link.
 */
static void ready(struct fixture *f)
{
	vmci_core_set_caps(&f->c, GUEST_CAPS);
	CHECK_EQ(send_bitmap(f, BITMAP_PPN), VMCI_RESULT_SUCCESS);
	CHECK_EQ(send_link(f, CID, DB_RES, DB_IDX), VMCI_RESULT_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* The Linux guest                                                    */
/* ------------------------------------------------------------------ */

/* vmci_guest_probe_device(), then one doorbell's life. */
static void linux_probe(bool ppn64)
{
	static const uint32_t cid_res[] = { VMCI_RES_GET_CONTEXT_ID };
	uint32_t caps = ppn64 ? GUEST_CAPS : CAPS_PPN32;
	struct fixture f;
	uint8_t p[8];

	fixture_init(&f);
	vmci_core_set_caps(&f.c, caps);
	CHECK_EQ(f.c.caps_in_use, caps);
	CHECK_STATS(&f, 0, 0, 0, 0, 0);

	/* vmci_dbell_register_notification_bitmap(): 8 bytes either way. */
	if (ppn64) {
		put64(p, BITMAP_PPN);
	} else {
		put32(p, BITMAP_PPN);
		/* The union's upper half, stack garbage in older guests. */
		put32(p + 4, 0xdeadbeef);
	}
	CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT,
			 VMCI_RES_SET_NOTIFY_BITMAP, p, sizeof(p)),
		 VMCI_RESULT_SUCCESS);
	CHECK(f.c.bitmap_set);
	CHECK_EQ(f.c.bitmap_ppn, BITMAP_PPN);
	CHECK_EQ(f.g.writes, 0);
	CHECK_STATS(&f, 1, 0, 0, 0, 0);

	/* vmci_check_host_caps() fails the probe unless this is exactly 1. */
	CHECK_EQ(send_query(&f, 1, cid_res, 1), 1);
	CHECK_STATS(&f, 2, 0, 0, 0, 0);

	CHECK_EQ(send_cid(&f), CID);
	CHECK_STATS(&f, 3, 0, 0, 0, 0);

	/* vmci_doorbell_create() -> dbell_link(). */
	CHECK_EQ(send_link(&f, CID, DB_RES, DB_IDX), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, 4, 0, 1, 0, 0);
	CHECK_EQ(f.c.links[0].context, CID);
	CHECK_EQ(f.c.links[0].resource, DB_RES);
	CHECK_EQ(f.c.links[0].notify_idx, DB_IDX);

	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN, DB_IDX);
	CHECK_RAM(&f);
	CHECK_EQ(f.g.writes, 1);
	CHECK_EQ(f.g.last_gpa, gpa_of(BITMAP_PPN, DB_IDX));
	CHECK_STATS(&f, 4, 0, 1, 1, 0);

	/* The guest clears the byte it handled; the next ring sets it again. */
	f.g.ram[PAGE + DB_IDX] = 0;
	f.g.want[PAGE + DB_IDX] = 0;
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN, DB_IDX);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 4, 0, 1, 2, 0);

	/* vmci_doorbell_destroy() -> dbell_unlink(). */
	CHECK_EQ(send_unlink(&f, CID, DB_RES), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, 5, 0, 0, 2, 0);

	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), -ENOENT);
	CHECK_EQ(f.g.writes, 2);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 5, 0, 0, 2, 1);
	fixture_fini(&f);
}

static void test_linux_probe_ppn64(void)
{
	linux_probe(true);
}

static void test_linux_probe_ppn32(void)
{
	linux_probe(false);
}

static void test_caps_offered_only(void)
{
	struct fixture f;

	fixture_init(&f);
	CHECK_EQ(VMCI_CORE_CAPS, GUEST_CAPS);
	vmci_core_set_caps(&f.c, UINT32_MAX);
	CHECK_EQ(f.c.caps_in_use, GUEST_CAPS);
	/* HYPERCALL, GUESTCALL and DMA_DATAGRAM are not offered. */
	vmci_core_set_caps(&f.c, 0x23);
	CHECK_EQ(f.c.caps_in_use, 0);
	vmci_core_set_caps(&f.c, CAPS_PPN32);
	CHECK_EQ(f.c.caps_in_use, CAPS_PPN32);
	fixture_fini(&f);
}

/* ------------------------------------------------------------------ */
/* The assembler                                                      */
/* ------------------------------------------------------------------ */

/* The host between two writes of the guest: rings, a CAPS rewrite. */
static void between(struct fixture *f)
{
	CHECK_EQ(vmci_core_ring(&f->c, CID, DB_RES), 0);
	CHECK_EQ(vmci_core_ring(&f->c, CID, DB_RES + 99), -ENOENT);
	vmci_core_set_caps(&f->c, GUEST_CAPS);
}

/* @buf in pieces cut at the @n ascending offsets @cuts, host between. */
static int64_t feed_cut(struct fixture *f, const uint8_t *buf, size_t len,
			const size_t *cuts, unsigned int n)
{
	size_t from = 0, to;
	unsigned int i;
	int64_t r;

	for (i = 0; i < n; i++) {
		to = cuts[i];
		if (feed(&f->c, buf + from, to - from) != NOT_DONE)
			return DONE_EARLY;
		between(f);
		from = to;
	}
	r = feed(&f->c, buf + from, len - from);
	return r;
}

/* What the datagram left behind, rings aside, is the same in both. */
static bool same_state(const struct vmci_core *a, const struct vmci_core *b)
{
	uint64_t n = a->stats[VMCI_STAT_LINKS];

	return n == b->stats[VMCI_STAT_LINKS] && n <= VMCI_CORE_MAX_LINKS &&
	       !memcmp(a->links, b->links, n * sizeof(a->links[0])) &&
	       a->bitmap_set == b->bitmap_set &&
	       a->bitmap_ppn == b->bitmap_ppn &&
	       a->caps_in_use == b->caps_in_use &&
	       a->header_len == b->header_len &&
	       a->payload_len == b->payload_len && a->result == b->result &&
	       a->stats[VMCI_STAT_DATAGRAMS] == b->stats[VMCI_STAT_DATAGRAMS] &&
	       a->stats[VMCI_STAT_DATAGRAM_ERRORS] ==
	       b->stats[VMCI_STAT_DATAGRAM_ERRORS];
}

/*
 * @buf sent on a ready device cut once at a, or twice at a < b, for every
 * a and b: returns how many of the ways gave @want and left the state of
 * @ref, which got it in one piece; notes the first that did not.
 */
static size_t cut_every_way(const struct vmci_core *ref, const uint8_t *buf,
			    size_t len, int64_t want, const char *what)
{
	size_t cuts[2], a, b, good = 0;
	bool noted = false;
	struct fixture f;
	int64_t r;

	for (a = 1; a < len; a++) {
		for (b = a; b < len; b++) {
			fixture_init(&f);
			ready(&f);
			cuts[0] = a;
			cuts[1] = b;
			r = feed_cut(&f, buf, len, cuts, a == b ? 1 : 2);
			if (r == want && same_state(ref, &f.c)) {
				good++;
			} else if (!noted) {
				note("#   %s cut at %zu, %zu: result %" PRId64
				     "\n", what, a, b, r);
				noted = true;
			}
			fixture_fini(&f);
		}
	}
	return good;
}

static void test_split_every_point(void)
{
	struct {
		const char *what;
		uint32_t res;
		uint8_t payload[16];
		size_t len;
		int64_t want;
	} dgs[6] = {
		{ "query", VMCI_RES_RESOURCES_QUERY, { 0 }, 12, 1 },
		{ "context id", VMCI_RES_GET_CONTEXT_ID, { 0 }, 0, CID },
		{ "bitmap", VMCI_RES_SET_NOTIFY_BITMAP, { 0 }, 8, 0 },
		{ "link", VMCI_RES_DOORBELL_LINK, { 0 }, 16, 0 },
		{ "unlink", VMCI_RES_DOORBELL_UNLINK, { 0 }, 8, 0 },
		{ "bad link", VMCI_RES_DOORBELL_LINK, { 0 }, 16,
		  VMCI_RESULT_INVALID_ARGS },
	};
	uint8_t buf[VMCI_DG_HEADER_SIZE + 16 + VMCI_DG_HEADER_SIZE + 16];
	struct fixture ref, f;
	unsigned int i, bad, n;
	int64_t res[2];
	size_t len, a;

	put32(dgs[0].payload, 1);
	put32(dgs[0].payload + 8, VMCI_RES_GET_CONTEXT_ID);
	put64(dgs[2].payload, BITMAP_PPN + 1);	/* moves the bitmap */
	put32(dgs[3].payload, CID);
	put32(dgs[3].payload + 4, DB_RES + 1);
	put64(dgs[3].payload + 8, 9);
	put32(dgs[4].payload, CID);
	put32(dgs[4].payload + 4, DB_RES);
	put32(dgs[5].payload, CID);
	put32(dgs[5].payload + 4, DB_RES + 1);
	put64(dgs[5].payload + 8, VMCI_BITMAP_BYTES);

	for (i = 0; i < N(dgs); i++) {
		len = build_dg(buf, VMCI_HYPERVISOR_CONTEXT, dgs[i].res,
			       dgs[i].len, dgs[i].payload, dgs[i].len);
		fixture_init(&ref);
		ready(&ref);
		CHECK_EQ(feed(&ref.c, buf, len), dgs[i].want);
		CHECK_EQ(cut_every_way(&ref.c, buf, len, dgs[i].want,
				       dgs[i].what), (len - 1) * len / 2);
		fixture_fini(&ref);
	}

	/* Two datagrams back to back, one write ending inside the second. */
	len = build_dg(buf, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_GET_CONTEXT_ID,
		       0, NULL, 0);
	len += build_dg(buf + len, VMCI_HYPERVISOR_CONTEXT,
			dgs[3].res, dgs[3].len, dgs[3].payload, dgs[3].len);
	bad = 0;
	for (a = 0; a <= len; a++) {
		fixture_init(&f);
		ready(&f);
		n = feed_all(&f.c, buf, a, res, 2);
		between(&f);
		if (n <= 2)
			n += feed_all(&f.c, buf + a, len - a, res + n, 2 - n);
		if (n != 2 || res[0] != CID || res[1] != VMCI_RESULT_SUCCESS ||
		    f.c.header_len)
			bad++;
		CHECK_STATS(&f, 4, 0, 2, 1, 1);
		fixture_fini(&f);
	}
	CHECK_EQ(bad, 0);
}

/* A datagram without payload is complete with its header's last byte. */
static void test_zero_payload(void)
{
	struct fixture f;
	uint8_t junk[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	fixture_init(&f);
	CHECK_EQ(send_cid(&f), CID);
	CHECK_STATS(&f, 1, 0, 0, 0, 0);
	/* GET_CONTEXT_ID reads no payload; one it gets changes nothing. */
	CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_GET_CONTEXT_ID,
			 junk, sizeof(junk)), CID);
	CHECK_STATS(&f, 2, 0, 0, 0, 0);
	CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_RESOURCES_QUERY,
			 NULL, 0), VMCI_RESULT_INVALID_ARGS);
	CHECK_STATS(&f, 3, 1, 0, 0, 0);
	CHECK_EQ(f.c.header_len, 0);
	CHECK_EQ(f.c.payload_len, 0);
	fixture_fini(&f);
}

static void test_payload_too_large(void)
{
	static const uint64_t sizes[] = {
		VMCI_DG_MAX_PAYLOAD + 1,
		UINT64_MAX,
		(uint64_t)1 << 63,
		/* 24 + size wraps to a tiny datagram. */
		UINT64_MAX - VMCI_DG_HEADER_SIZE + 1,
		(uint64_t)1 << 32,
	};
	uint8_t hdr[VMCI_DG_HEADER_SIZE];
	struct fixture f;
	unsigned int i;

	fixture_init(&f);
	for (i = 0; i < N(sizes); i++) {
		build_dg(hdr, VMCI_HYPERVISOR_CONTEXT,
			 VMCI_RES_GET_CONTEXT_ID, sizes[i], NULL, 0);
		/* Answered with the header's last byte, not after the size. */
		CHECK_EQ(feed(&f.c, hdr, sizeof(hdr)),
			 VMCI_RESULT_PAYLOAD_TOO_LARGE);
		CHECK_EQ(f.c.header_len, 0);
		CHECK_STATS(&f, 2 * i + 1, i + 1, 0, 0, 0);
		/* What the guest writes next is a new header. */
		CHECK_EQ(send_cid(&f), CID);
		CHECK_STATS(&f, 2 * i + 2, i + 1, 0, 0, 0);
	}
	fixture_fini(&f);
}

static void test_large_payload(void)
{
	size_t big = 60000, len;
	uint8_t *buf = malloc(VMCI_DG_HEADER_SIZE + VMCI_DG_MAX_PAYLOAD);
	uint8_t *p = buf + VMCI_DG_HEADER_SIZE;
	struct fixture f;
	unsigned int i;

	CHECK(buf);
	if (!buf)
		return;
	fixture_init(&f);
	vmci_core_set_caps(&f.c, GUEST_CAPS);

	/* Far more than the core keeps: counted through, not stored. */
	len = build_dg(buf, VMCI_HYPERVISOR_CONTEXT, 0x1234, big, NULL, 0);
	memset(p, 0xff, big);
	CHECK_EQ(feed(&f.c, buf, len + big), VMCI_RESULT_INVALID_RESOURCE);
	CHECK_EQ(f.c.header_len, 0);
	CHECK_EQ(f.c.payload_len, 0);
	CHECK_STATS(&f, 1, 1, 0, 0, 0);
	CHECK_EQ(send_cid(&f), CID);
	CHECK_STATS(&f, 2, 1, 0, 0, 0);

	/* A handled resource reads the start of a long payload. */
	build_dg(buf, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_SET_NOTIFY_BITMAP, big,
		 NULL, 0);
	put64(p, BITMAP_PPN);
	CHECK_EQ(feed(&f.c, buf, len + big), VMCI_RESULT_SUCCESS);
	CHECK_EQ(f.c.bitmap_ppn, BITMAP_PPN);
	CHECK_STATS(&f, 3, 1, 0, 0, 0);

	/* The largest query, the whole of what the core keeps, and more. */
	build_dg(buf, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_RESOURCES_QUERY, big,
		 NULL, 0);
	memset(p, 0xff, big);
	put32(p, VMCI_RESOURCE_QUERY_MAX);
	put32(p + 4, 0);
	for (i = 0; i < VMCI_RESOURCE_QUERY_MAX; i++)
		put32(p + 8 + 4 * i, VMCI_RES_DOORBELL_LINK);
	CHECK_EQ(feed(&f.c, buf, len + big), 0x7fffffff);
	CHECK_STATS(&f, 4, 1, 0, 0, 0);

	/* The largest payload there is. */
	build_dg(buf, VMCI_HYPERVISOR_CONTEXT, 0x1234, VMCI_DG_MAX_PAYLOAD,
		 NULL, 0);
	memset(p, 0x5a, VMCI_DG_MAX_PAYLOAD);
	CHECK_EQ(feed(&f.c, buf, len + VMCI_DG_MAX_PAYLOAD),
		 VMCI_RESULT_INVALID_RESOURCE);
	CHECK_STATS(&f, 5, 2, 0, 0, 0);
	CHECK_EQ(send_cid(&f), CID);
	CHECK_STATS(&f, 6, 2, 0, 0, 0);
	CHECK_EQ(f.c.context_id, CID);
	CHECK_EQ(f.c.caps_in_use, GUEST_CAPS);
	fixture_fini(&f);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* SET_NOTIFY_BITMAP                                                  */
/* ------------------------------------------------------------------ */

static void test_bitmap_ppn_not_ram(void)
{
	static const struct {
		const char *what;
		uint64_t ppn;
		bool ppn64;
		bool wrap;
	} bad[] = {
		{ "below RAM", RAM_FIRST - 1, true, false },
		{ "frame 0", 0, true, false },
		{ "the ROM frame", ROM_PPN, true, false },
		{ "past the ROM", ROM_PPN + 1, true, false },
		{ "2^52 + RAM", ((uint64_t)1 << 52) + RAM_FIRST, true, false },
		{ "2^52 + RAM, aliasing RAM by address",
		  ((uint64_t)1 << 52) + BITMAP_PPN, true, true },
		{ "2^63 + RAM, aliasing RAM by address",
		  ((uint64_t)1 << 63) + RAM_LAST, true, true },
		{ "2^64 - 1", UINT64_MAX, true, true },
		{ "32-bit, the ROM frame", ROM_PPN, false, false },
		{ "32-bit, 2^32 - 1", UINT32_MAX, false, false },
	};
	struct fixture f;
	unsigned int i, failed;

	for (i = 0; i < N(bad); i++) {
		failed = checks_failed;
		fixture_init(&f);
		f.g.wrap_gpa = bad[i].wrap;
		vmci_core_set_caps(&f.c,
				   bad[i].ppn64 ? GUEST_CAPS : CAPS_PPN32);
		CHECK_EQ(send_bitmap(&f, bad[i].ppn), VMCI_RESULT_INVALID_ARGS);
		CHECK(!f.c.bitmap_set);
		CHECK_STATS(&f, 1, 1, 0, 0, 0);
		CHECK_EQ(send_link(&f, CID, DB_RES, DB_IDX),
			 VMCI_RESULT_SUCCESS);
		CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), -ENODEV);
		CHECK_EQ(f.g.writes, 0);
		CHECK_RAM(&f);
		CHECK_STATS(&f, 2, 1, 1, 0, 1);
		fixture_fini(&f);
		if (checks_failed != failed)
			note("#   (bitmap ppn %s: 0x%" PRIx64 ")\n",
			     bad[i].what, bad[i].ppn);
	}

	/* Both ends of RAM are fine, and the last byte is the last of RAM. */
	fixture_init(&f);
	f.g.wrap_gpa = true;
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	CHECK_EQ(send_bitmap(&f, RAM_FIRST), VMCI_RESULT_SUCCESS);
	CHECK_EQ(send_bitmap(&f, RAM_LAST), VMCI_RESULT_SUCCESS);
	CHECK_EQ(f.c.bitmap_ppn, RAM_LAST);
	CHECK_EQ(send_link(&f, CID, DB_RES, VMCI_BITMAP_BYTES - 1),
		 VMCI_RESULT_SUCCESS);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, RAM_LAST, VMCI_BITMAP_BYTES - 1);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 3, 0, 1, 1, 0);
	fixture_fini(&f);
}

static void test_bitmap_without_notifications(void)
{
	static const uint32_t caps[] = {
		0,
		VMCI_CAPS_DATAGRAM,
		VMCI_CAPS_DATAGRAM | VMCI_CAPS_PPN64,
		VMCI_CAPS_PPN64,
	};
	struct fixture f;
	unsigned int i;

	fixture_init(&f);
	for (i = 0; i < N(caps); i++) {
		vmci_core_set_caps(&f.c, caps[i]);
		CHECK_EQ(send_bitmap(&f, BITMAP_PPN), VMCI_RESULT_INVALID_ARGS);
		CHECK(!f.c.bitmap_set);
		CHECK_STATS(&f, i + 1, i + 1, 0, 0, 0);
	}
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	CHECK_EQ(send_bitmap(&f, BITMAP_PPN), VMCI_RESULT_SUCCESS);
	CHECK(f.c.bitmap_set);
	CHECK_STATS(&f, N(caps) + 1, N(caps), 0, 0, 0);
	fixture_fini(&f);
}

/* A second SET_NOTIFY_BITMAP moves the bitmap: rings land in the new one. */
static void test_bitmap_moves(void)
{
	struct fixture f;

	fixture_init(&f);
	ready(&f);
	CHECK_EQ(send_bitmap(&f, BITMAP_PPN + 2), VMCI_RESULT_SUCCESS);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN + 2, DB_IDX);
	CHECK_RAM(&f);
	CHECK_EQ(f.g.writes, 1);
	CHECK_STATS(&f, 3, 0, 1, 1, 0);
	fixture_fini(&f);
}

/* ------------------------------------------------------------------ */
/* DOORBELL_LINK and DOORBELL_UNLINK                                  */
/* ------------------------------------------------------------------ */

static void test_link_foreign_context(void)
{
	static const uint32_t ctxs[] = {
		VMCI_HYPERVISOR_CONTEXT, 1, VMCI_HOST_CONTEXT, CID - 1,
		CID + 1, VMCI_INVALID_ID,
	};
	struct fixture f;
	unsigned int i;

	fixture_init(&f);
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	CHECK_EQ(send_bitmap(&f, BITMAP_PPN), VMCI_RESULT_SUCCESS);
	for (i = 0; i < N(ctxs); i++) {
		CHECK_EQ(send_link(&f, ctxs[i], DB_RES, DB_IDX),
			 VMCI_RESULT_NO_ACCESS);
		CHECK_STATS(&f, i + 2, i + 1, 0, 0, i);
		CHECK_EQ(vmci_core_ring(&f.c, ctxs[i], DB_RES), -ENOENT);
	}
	CHECK_EQ(f.g.writes, 0);
	CHECK_RAM(&f);
	fixture_fini(&f);
}

static void test_link_notify_idx_bound(void)
{
	static const uint64_t idxs[] = {
		VMCI_BITMAP_BYTES,
		VMCI_BITMAP_BYTES + 1,
		/* Stored as a u32 before the check, these would pass. */
		(uint64_t)1 << 32,
		((uint64_t)1 << 32) + DB_IDX,
		UINT64_MAX,
	};
	struct fixture f;
	unsigned int i;

	fixture_init(&f);
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	/* In the last RAM frame: one byte too far is the ROM. */
	CHECK_EQ(send_bitmap(&f, RAM_LAST), VMCI_RESULT_SUCCESS);
	for (i = 0; i < N(idxs); i++) {
		CHECK_EQ(send_link(&f, CID, DB_RES + i, idxs[i]),
			 VMCI_RESULT_INVALID_ARGS);
		CHECK_STATS(&f, i + 2, i + 1, 0, 0, i);
		CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + i), -ENOENT);
	}
	CHECK_EQ(f.g.writes, 0);
	/* No doorbell has the invalid handle's resource. */
	CHECK_EQ(send_link(&f, CID, VMCI_INVALID_ID, DB_IDX),
		 VMCI_RESULT_INVALID_ARGS);
	CHECK_STATS(&f, N(idxs) + 2, N(idxs) + 1, 0, 0, N(idxs));

	CHECK_EQ(send_link(&f, CID, DB_RES, VMCI_BITMAP_BYTES - 1),
		 VMCI_RESULT_SUCCESS);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, RAM_LAST, VMCI_BITMAP_BYTES - 1);
	CHECK_RAM(&f);
	CHECK_STATS(&f, N(idxs) + 3, N(idxs) + 1, 1, 1, N(idxs));
	fixture_fini(&f);
}

static void test_link_duplicate(void)
{
	struct fixture f;

	fixture_init(&f);
	ready(&f);
	/* The same handle again, even at another index. */
	CHECK_EQ(send_link(&f, CID, DB_RES, DB_IDX + 1),
		 VMCI_RESULT_DUPLICATE_ENTRY);
	CHECK_EQ(send_link(&f, CID, DB_RES, DB_IDX),
		 VMCI_RESULT_DUPLICATE_ENTRY);
	CHECK_STATS(&f, 4, 2, 1, 0, 0);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN, DB_IDX);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 4, 2, 1, 1, 0);

	/* Another handle may share the index. */
	CHECK_EQ(send_link(&f, CID, DB_RES + 1, DB_IDX), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, 5, 2, 2, 1, 0);

	/* Unlinked, the handle may be linked again, anywhere. */
	CHECK_EQ(send_unlink(&f, CID, DB_RES), VMCI_RESULT_SUCCESS);
	CHECK_EQ(send_link(&f, CID, DB_RES, DB_IDX + 1), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, 7, 2, 2, 1, 0);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN, DB_IDX + 1);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 7, 2, 2, 2, 0);
	fixture_fini(&f);
}

static void test_link_table_full(void)
{
	struct fixture f;
	uint32_t i, n = VMCI_CORE_MAX_LINKS;

	fixture_init(&f);
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	CHECK_EQ(send_bitmap(&f, BITMAP_PPN), VMCI_RESULT_SUCCESS);
	for (i = 0; i < n; i++)
		CHECK_EQ(send_link(&f, CID, DB_RES + i, i),
			 VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, n + 1, 0, n, 0, 0);
	CHECK_EQ(send_link(&f, CID, DB_RES + n, n), VMCI_RESULT_NO_RESOURCES);
	CHECK_STATS(&f, n + 2, 1, n, 0, 0);
	/* A handle that is linked is a duplicate, full table or not. */
	CHECK_EQ(send_link(&f, CID, DB_RES, n), VMCI_RESULT_DUPLICATE_ENTRY);
	CHECK_STATS(&f, n + 3, 2, n, 0, 0);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + n), -ENOENT);

	for (i = 0; i < n; i++) {
		CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + i), 0);
		want_rung(&f, BITMAP_PPN, i);
	}
	CHECK_RAM(&f);
	CHECK_STATS(&f, n + 3, 2, n, n, 1);

	/* A slot freed in the middle is a slot; the others still ring. */
	CHECK_EQ(send_unlink(&f, CID, DB_RES + 10), VMCI_RESULT_SUCCESS);
	CHECK_EQ(send_link(&f, CID, DB_RES + n, n), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, n + 5, 2, n, n, 1);
	memset(f.g.ram, RAM_FILL, RAM_BYTES);
	memset(f.g.want, RAM_FILL, RAM_BYTES);
	for (i = 0; i <= n; i++) {
		CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + i),
			 i == 10 ? -ENOENT : 0);
		if (i != 10)
			want_rung(&f, BITMAP_PPN, i);
	}
	CHECK_RAM(&f);
	CHECK_STATS(&f, n + 5, 2, n, 2 * n, 2);
	fixture_fini(&f);
}

static void test_unlink_not_found(void)
{
	struct fixture f;

	fixture_init(&f);
	CHECK_EQ(send_unlink(&f, CID, DB_RES), VMCI_RESULT_NOT_FOUND);
	CHECK_STATS(&f, 1, 1, 0, 0, 0);
	ready(&f);
	CHECK_STATS(&f, 3, 1, 1, 0, 0);
	CHECK_EQ(send_unlink(&f, CID, DB_RES + 1), VMCI_RESULT_NOT_FOUND);
	CHECK_EQ(send_unlink(&f, CID + 1, DB_RES), VMCI_RESULT_NOT_FOUND);
	CHECK_STATS(&f, 5, 3, 1, 0, 0);
	CHECK_EQ(send_unlink(&f, CID, DB_RES), VMCI_RESULT_SUCCESS);
	CHECK_EQ(send_unlink(&f, CID, DB_RES), VMCI_RESULT_NOT_FOUND);
	CHECK_STATS(&f, 7, 4, 0, 0, 0);
	fixture_fini(&f);
}

/* ------------------------------------------------------------------ */
/* Payloads, destinations, resources                                  */
/* ------------------------------------------------------------------ */

static void test_short_payloads(void)
{
	static const uint32_t one[] = { VMCI_RES_GET_CONTEXT_ID };
	struct fixture f;
	uint64_t dgs = 0, errs = 0;
	uint32_t res;
	size_t len;
	uint8_t p[8];

	fixture_init(&f);
	/* A query's {num, pad} is 8 bytes; a named resource 4 more. */
	for (len = 0; len < 8; len++) {
		put32(p, 1);
		put32(p + 4, 0);
		CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT,
				 VMCI_RES_RESOURCES_QUERY, p, len),
			 VMCI_RESULT_INVALID_ARGS);
		CHECK_STATS(&f, ++dgs, ++errs, 0, 0, 0);
	}
	CHECK_EQ(send_query(&f, 1, one, 0), VMCI_RESULT_INVALID_ARGS);
	CHECK_STATS(&f, ++dgs, ++errs, 0, 0, 0);

	/* A 64-bit ppn needs 8 bytes, a 32-bit one 4. */
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	for (len = 0; len < 8; len++) {
		CHECK_EQ(send_bitmap_len(&f, BITMAP_PPN, len),
			 VMCI_RESULT_INVALID_ARGS);
		CHECK(!f.c.bitmap_set);
		CHECK_STATS(&f, ++dgs, ++errs, 0, 0, 0);
	}
	vmci_core_set_caps(&f.c, CAPS_PPN32);
	for (len = 0; len < 4; len++) {
		CHECK_EQ(send_bitmap_len(&f, BITMAP_PPN, len),
			 VMCI_RESULT_INVALID_ARGS);
		CHECK(!f.c.bitmap_set);
		CHECK_STATS(&f, ++dgs, ++errs, 0, 0, 0);
	}
	CHECK_EQ(send_bitmap_len(&f, BITMAP_PPN, 4), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, ++dgs, errs, 0, 0, 0);

	/*
	 * Each short link follows a complete one, so a core that read past
	 * the payload would find a whole valid message there.
	 */
	for (len = 0; len < 16; len++) {
		res = DB_RES + (uint32_t)len;
		CHECK_EQ(send_link(&f, CID, res, len), VMCI_RESULT_SUCCESS);
		CHECK_EQ(send_link_len(&f, CID, res + 0x100, len, len),
			 VMCI_RESULT_INVALID_ARGS);
		dgs += 2;
		CHECK_STATS(&f, dgs, ++errs, len + 1, 0, 0);
	}
	for (len = 0; len < 8; len++) {
		CHECK_EQ(send_unlink_len(&f, CID, DB_RES, len),
			 VMCI_RESULT_INVALID_ARGS);
		CHECK_STATS(&f, ++dgs, ++errs, 16, 0, 0);
	}
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN, 0);
	CHECK_RAM(&f);
	fixture_fini(&f);
}

static void test_dst_context_unreachable(void)
{
	static const uint32_t ctxs[] = {
		1, VMCI_HOST_CONTEXT, CID, CID + 1, VMCI_INVALID_ID,
	};
	struct fixture f;
	unsigned int i;
	uint8_t p[16];

	fixture_init(&f);
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	put32(p, CID);
	put32(p + 4, DB_RES);
	put64(p + 8, DB_IDX);
	for (i = 0; i < N(ctxs); i++) {
		CHECK_EQ(send_dg(&f, ctxs[i], VMCI_RES_GET_CONTEXT_ID, NULL, 0),
			 VMCI_RESULT_DST_UNREACHABLE);
		/* Not the hypervisor's link, nobody's. */
		CHECK_EQ(send_dg(&f, ctxs[i], VMCI_RES_DOORBELL_LINK, p, 16),
			 VMCI_RESULT_DST_UNREACHABLE);
		CHECK_STATS(&f, 2 * i + 2, 2 * i + 2, 0, 0, 0);
	}
	fixture_fini(&f);
}

static void test_doorbell_notify_unreachable(void)
{
	struct fixture f;
	uint8_t p[8];

	fixture_init(&f);
	ready(&f);
	/* Even for the guest's own doorbell: no ring, no write. */
	put32(p, CID);
	put32(p + 4, DB_RES);
	CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_DOORBELL_NOTIFY,
			 p, sizeof(p)), VMCI_RESULT_DST_UNREACHABLE);
	CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_DOORBELL_NOTIFY,
			 NULL, 0), VMCI_RESULT_DST_UNREACHABLE);
	CHECK_EQ(f.g.writes, 0);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 4, 2, 1, 0, 0);
	fixture_fini(&f);
}

static void test_unknown_resources(void)
{
	static const uint32_t res[] = {
		VMCI_RES_DOORBELL_NOTIFY + 1, 8, 10, 15, 16, DB_RES,
		VMCI_INVALID_ID,
	};
	struct fixture f;
	unsigned int i;

	fixture_init(&f);
	for (i = 0; i < N(res); i++) {
		CHECK_EQ(send_dg(&f, VMCI_HYPERVISOR_CONTEXT, res[i], NULL, 0),
			 VMCI_RESULT_INVALID_RESOURCE);
		CHECK_STATS(&f, i + 1, i + 1, 0, 0, 0);
	}
	fixture_fini(&f);
}

static void test_resources_query(void)
{
	static const uint32_t mixed[] = { 1, 7, 3, 4, 0 };
	/* DOORBELL_NOTIFY is answered DST_UNREACHABLE: not offered. */
	static const uint32_t unoffered[] = {
		VMCI_RES_DOORBELL_NOTIFY, 6, 8, 15, DB_RES, VMCI_INVALID_ID,
	};
	static const uint32_t all[] = { 0, 1, 2, 3, 4 };
	uint32_t many[VMCI_RESOURCE_QUERY_MAX + 1];
	struct fixture f;
	unsigned int i;

	fixture_init(&f);
	/* Bits 0, 2, 3 and 4: resources 1, 3, 4 and 0, not 7. */
	CHECK_EQ(send_query(&f, N(mixed), mixed, N(mixed)), 0x1d);
	CHECK_EQ(send_query(&f, N(all), all, N(all)), 0x1f);
	CHECK_EQ(send_query(&f, N(unoffered), unoffered, N(unoffered)), 0);
	CHECK_EQ(send_query(&f, 0, NULL, 0), 0);
	CHECK_STATS(&f, 4, 0, 0, 0, 0);
	/* Trailing bytes past the named resources are ignored. */
	CHECK_EQ(send_query(&f, 2, all + 1, N(all) - 1), 3);
	CHECK_STATS(&f, 5, 0, 0, 0, 0);

	for (i = 0; i < N(many); i++)
		many[i] = i % 2 ? VMCI_RES_DOORBELL_UNLINK : 99;
	CHECK_EQ(send_query(&f, VMCI_RESOURCE_QUERY_MAX, many,
			    VMCI_RESOURCE_QUERY_MAX), 0x2aaaaaaa);
	for (i = 0; i < N(many); i++)
		many[i] = VMCI_RES_GET_CONTEXT_ID;
	CHECK_EQ(send_query(&f, VMCI_RESOURCE_QUERY_MAX, many,
			    VMCI_RESOURCE_QUERY_MAX), 0x7fffffff);
	CHECK_STATS(&f, 7, 0, 0, 0, 0);

	/* 31 named, 30 sent. */
	CHECK_EQ(send_query(&f, VMCI_RESOURCE_QUERY_MAX, many,
			    VMCI_RESOURCE_QUERY_MAX - 1),
		 VMCI_RESULT_INVALID_ARGS);
	CHECK_STATS(&f, 8, 1, 0, 0, 0);
	/* 32 would need bit 31, the result's sign: refused even if sent. */
	CHECK_EQ(send_query(&f, VMCI_RESOURCE_QUERY_MAX + 1, many,
			    VMCI_RESOURCE_QUERY_MAX + 1),
		 VMCI_RESULT_INVALID_ARGS);
	/* 4 * num wraps a u32 to 0 and 8. */
	CHECK_EQ(send_query(&f, 0x40000000, many, 0), VMCI_RESULT_INVALID_ARGS);
	CHECK_EQ(send_query(&f, 0x40000002, many, 2), VMCI_RESULT_INVALID_ARGS);
	CHECK_EQ(send_query(&f, UINT32_MAX, many, VMCI_RESOURCE_QUERY_MAX),
		 VMCI_RESULT_INVALID_ARGS);
	CHECK_STATS(&f, 12, 5, 0, 0, 0);
	fixture_fini(&f);
}

/* ------------------------------------------------------------------ */
/* Rings and reset                                                    */
/* ------------------------------------------------------------------ */

static void test_ring_write_fails(void)
{
	struct fixture f;

	fixture_init(&f);
	ready(&f);
	f.g.fail_write = true;
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), -EFAULT);
	CHECK_EQ(f.g.writes, 1);
	CHECK_STATS(&f, 2, 0, 1, 0, 1);
	f.g.fail_write = false;
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	want_rung(&f, BITMAP_PPN, DB_IDX);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 2, 0, 1, 1, 1);
	fixture_fini(&f);
}

static void test_ring_without_bitmap(void)
{
	struct fixture f;

	fixture_init(&f);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), -ENOENT);
	CHECK_STATS(&f, 0, 0, 0, 0, 1);
	/* Linking needs no bitmap; ringing does. */
	CHECK_EQ(send_link(&f, CID, DB_RES, DB_IDX), VMCI_RESULT_SUCCESS);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), -ENODEV);
	CHECK_EQ(f.g.writes, 0);
	CHECK_STATS(&f, 1, 0, 1, 0, 2);
	fixture_fini(&f);
}

static void test_reset(void)
{
	struct fixture f;
	uint8_t buf[VMCI_DG_HEADER_SIZE + 16], p[16];
	size_t len;
	unsigned int writes;

	fixture_init(&f);
	ready(&f);
	CHECK_EQ(send_bitmap_len(&f, BITMAP_PPN, 3), VMCI_RESULT_INVALID_ARGS);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), 0);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + 1), -ENOENT);
	CHECK_STATS(&f, 3, 1, 1, 1, 1);
	want_rung(&f, BITMAP_PPN, DB_IDX);

	/* A link cut off in its payload: header in, 6 bytes of 16. */
	put32(p, CID);
	put32(p + 4, DB_RES + 1);
	put64(p + 8, DB_IDX + 1);
	len = build_dg(buf, VMCI_HYPERVISOR_CONTEXT, VMCI_RES_DOORBELL_LINK,
		       16, p, 16);
	CHECK_EQ(feed(&f.c, buf, 30), NOT_DONE);
	CHECK_EQ(f.c.header_len, VMCI_DG_HEADER_SIZE);
	CHECK_EQ(f.c.payload_len, 6);

	writes = f.g.writes;
	vmci_core_reset(&f.c);
	CHECK(!f.c.bitmap_set);
	CHECK_EQ(f.c.header_len, 0);
	CHECK_EQ(f.c.payload_len, 0);
	/* The guest writes CAPS again when it probes the reset device. */
	CHECK_EQ(f.c.caps_in_use, 0);
	CHECK_EQ(f.c.context_id, CID);
	CHECK(f.c.ops == &fake_ops && f.c.opaque == &f.g);
	/* Links go; the counters of the run stay. */
	CHECK_STATS(&f, 3, 1, 0, 1, 1);
	CHECK_EQ(f.g.writes, writes);
	CHECK_RAM(&f);

	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES), -ENOENT);
	CHECK_STATS(&f, 3, 1, 0, 1, 2);
	/* The rest of the cut-off link is gone: the next byte is a header. */
	CHECK_EQ(send_cid(&f), CID);
	CHECK_STATS(&f, 4, 1, 0, 1, 2);
	CHECK_EQ(feed(&f.c, buf, len), VMCI_RESULT_SUCCESS);
	CHECK_STATS(&f, 5, 1, 1, 1, 2);
	/* Linked again but no bitmap until the guest sends it again. */
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + 1), -ENODEV);
	CHECK_EQ(send_bitmap(&f, BITMAP_PPN), VMCI_RESULT_INVALID_ARGS);
	vmci_core_set_caps(&f.c, GUEST_CAPS);
	CHECK_EQ(send_bitmap(&f, BITMAP_PPN), VMCI_RESULT_SUCCESS);
	CHECK_EQ(vmci_core_ring(&f.c, CID, DB_RES + 1), 0);
	want_rung(&f, BITMAP_PPN, DB_IDX + 1);
	CHECK_RAM(&f);
	CHECK_STATS(&f, 7, 2, 1, 2, 3);
	fixture_fini(&f);
}

static void test_stat_names(void)
{
	CHECK(!strcmp(vmci_stat_names[VMCI_STAT_DATAGRAMS], "datagrams"));
	CHECK(!strcmp(vmci_stat_names[VMCI_STAT_DATAGRAM_ERRORS],
		      "datagram-errors"));
	CHECK(!strcmp(vmci_stat_names[VMCI_STAT_LINKS], "doorbells-linked"));
	CHECK(!strcmp(vmci_stat_names[VMCI_STAT_RINGS], "doorbells-rung"));
	CHECK(!strcmp(vmci_stat_names[VMCI_STAT_RING_MISSES], "ring-misses"));
}

static const struct tap_case cases[] = {
	{ "linux probe with PPN64: bitmap, query, cid, link, ring, unlink",
	  test_linux_probe_ppn64 },
	{ "linux probe without PPN64: 32-bit ppn, garbage upper half",
	  test_linux_probe_ppn32 },
	{ "caps keep only the offered bits", test_caps_offered_only },
	{ "a datagram split at every point, host between, same result",
	  test_split_every_point },
	{ "a datagram without payload completes with its header",
	  test_zero_payload },
	{ "payload_size > max is payload-too-large at once, then a header",
	  test_payload_too_large },
	{ "large legal payloads are counted through", test_large_payload },
	{ "bitmap ppn outside RAM, ROM, >= 2^52 is invalid-args",
	  test_bitmap_ppn_not_ram },
	{ "bitmap without NOTIFICATIONS is invalid-args",
	  test_bitmap_without_notifications },
	{ "a second bitmap replaces the first", test_bitmap_moves },
	{ "link of a foreign context is no-access", test_link_foreign_context },
	{ "link notify_idx >= 4096 is invalid-args",
	  test_link_notify_idx_bound },
	{ "duplicate link is duplicate-entry", test_link_duplicate },
	{ "link table full is no-resources", test_link_table_full },
	{ "unlink of an unlinked doorbell is not-found",
	  test_unlink_not_found },
	{ "short payloads are invalid-args", test_short_payloads },
	{ "dst context other than the hypervisor is dst-unreachable",
	  test_dst_context_unreachable },
	{ "DOORBELL_NOTIFY is dst-unreachable",
	  test_doorbell_notify_unreachable },
	{ "unknown resources are invalid-resource", test_unknown_resources },
	{ "resources query: bits, num 31 and 32, short", test_resources_query },
	{ "ring whose write fails is -EFAULT and a miss",
	  test_ring_write_fails },
	{ "ring without a bitmap is -ENODEV", test_ring_without_bitmap },
	{ "reset drops links, bitmap, caps, a half datagram; keeps counters",
	  test_reset },
	{ "stat names", test_stat_names },
};

int main(void)
{
	return tap_run(cases, N(cases));
}
