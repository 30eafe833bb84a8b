// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMCI hypervisor side: datagrams in, doorbell rings out.
 *
 * The guest writes a datagram to DATA_OUT one byte at a time (rep outsb),
 * then reads the result.  vmci_core_data_out() collects the 24-byte header,
 * learns the payload size from it, counts the payload through (keeping
 * only what a handled datagram needs) and dispatches once the last byte is
 * in.  A guest may split a datagram across any number of writes, name any
 * size and any destination: every outcome is a result code.
 */
#include "vmci_core.h"

#include <errno.h>
#include <string.h>

const char *const vmci_stat_names[VMCI_STAT_NUM] = {
	[VMCI_STAT_DATAGRAMS] = "datagrams",
	[VMCI_STAT_DATAGRAM_ERRORS] = "datagram-errors",
	[VMCI_STAT_LINKS] = "doorbells-linked",
	[VMCI_STAT_RINGS] = "doorbells-rung",
	[VMCI_STAT_RING_MISSES] = "ring-misses",
};

static uint32_t vmci_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t vmci_le64(const uint8_t *p)
{
	return (uint64_t)vmci_le32(p) | (uint64_t)vmci_le32(p + 4) << 32;
}

/**
 * vmci_core_init() - set up a device with nothing linked
 * @c: the core
 * @ops: guest memory access
 * @opaque: passed to @ops
 * @context_id: the guest's CID: above VMCI_HOST_CONTEXT and not
 *	VMCI_INVALID_ID, or the guest takes itself for a host
 */
void vmci_core_init(struct vmci_core *c, const struct vmci_core_ops *ops,
		    void *opaque, uint32_t context_id)
{
	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->opaque = opaque;
	c->context_id = context_id;
}

/**
 * vmci_core_reset() - device reset: links, bitmap and a partial datagram go
 * @c: the core
 */
void vmci_core_reset(struct vmci_core *c)
{
	uint64_t datagrams = c->stats[VMCI_STAT_DATAGRAMS];
	uint64_t errors = c->stats[VMCI_STAT_DATAGRAM_ERRORS];
	uint64_t rings = c->stats[VMCI_STAT_RINGS];
	uint64_t misses = c->stats[VMCI_STAT_RING_MISSES];

	vmci_core_init(c, c->ops, c->opaque, c->context_id);
	/* The counters describe the whole run, across guest resets. */
	c->stats[VMCI_STAT_DATAGRAMS] = datagrams;
	c->stats[VMCI_STAT_DATAGRAM_ERRORS] = errors;
	c->stats[VMCI_STAT_RINGS] = rings;
	c->stats[VMCI_STAT_RING_MISSES] = misses;
}

/**
 * vmci_core_set_caps() - the guest's write to CAPS: the capabilities in use
 * @c: the core
 * @caps: what the guest wrote; bits we do not offer are dropped
 */
void vmci_core_set_caps(struct vmci_core *c, uint32_t caps)
{
	c->caps_in_use = caps & VMCI_CORE_CAPS;
}

static struct vmci_link *vmci_find_link(struct vmci_core *c, uint32_t context,
					uint32_t resource)
{
	uint64_t i;

	for (i = 0; i < c->stats[VMCI_STAT_LINKS]; i++)
		if (c->links[i].context == context &&
		    c->links[i].resource == resource)
			return &c->links[i];
	return NULL;
}

/*
 * Answers a bit per queried resource: set when this hypervisor has it.
 * The 6.1 guest probe requires exactly that bit for GET_CONTEXT_ID.
 */
static int64_t vmci_resources_query(const struct vmci_core *c)
{
	uint32_t num, i, res;
	int64_t have = 0;

	if (c->payload_size < 8)
		return VMCI_RESULT_INVALID_ARGS;
	num = vmci_le32(c->payload);
	if (num > VMCI_RESOURCE_QUERY_MAX ||
	    c->payload_size < 8 + 4 * (uint64_t)num)
		return VMCI_RESULT_INVALID_ARGS;
	for (i = 0; i < num; i++) {
		res = vmci_le32(c->payload + 8 + 4 * i);
		if (res <= VMCI_RES_DOORBELL_UNLINK)
			have |= (int64_t)1 << i;
	}
	return have;
}

static int64_t vmci_set_notify_bitmap(struct vmci_core *c)
{
	bool ppn64 = c->caps_in_use & VMCI_CAPS_PPN64;
	uint64_t ppn;

	if (!(c->caps_in_use & VMCI_CAPS_NOTIFICATIONS) ||
	    c->payload_size < (ppn64 ? 8u : 4u))
		return VMCI_RESULT_INVALID_ARGS;
	/* Without PPN64 the union's upper half is whatever the stack held. */
	ppn = ppn64 ? vmci_le64(c->payload) : vmci_le32(c->payload);
	if (ppn >> (64 - VMCI_PAGE_SHIFT) ||
	    !c->ops->writable_frame(c->opaque, ppn))
		return VMCI_RESULT_INVALID_ARGS;
	c->bitmap_ppn = ppn;
	c->bitmap_set = true;
	return VMCI_RESULT_SUCCESS;
}

static int64_t vmci_doorbell_link(struct vmci_core *c)
{
	uint32_t context, resource;
	uint64_t idx;

	if (c->payload_size < 16)
		return VMCI_RESULT_INVALID_ARGS;
	context = vmci_le32(c->payload);
	resource = vmci_le32(c->payload + 4);
	idx = vmci_le64(c->payload + 8);
	/* A guest links only its own doorbells. */
	if (context != c->context_id)
		return VMCI_RESULT_NO_ACCESS;
	if (resource == VMCI_INVALID_ID || idx >= VMCI_BITMAP_BYTES)
		return VMCI_RESULT_INVALID_ARGS;
	if (vmci_find_link(c, context, resource))
		return VMCI_RESULT_DUPLICATE_ENTRY;
	if (c->stats[VMCI_STAT_LINKS] == VMCI_CORE_MAX_LINKS)
		return VMCI_RESULT_NO_RESOURCES;
	c->links[c->stats[VMCI_STAT_LINKS]++] = (struct vmci_link) {
		.context = context,
		.resource = resource,
		.notify_idx = (uint32_t)idx,
	};
	return VMCI_RESULT_SUCCESS;
}

static int64_t vmci_doorbell_unlink(struct vmci_core *c)
{
	struct vmci_link *link;

	if (c->payload_size < 8)
		return VMCI_RESULT_INVALID_ARGS;
	link = vmci_find_link(c, vmci_le32(c->payload),
			      vmci_le32(c->payload + 4));
	if (!link)
		return VMCI_RESULT_NOT_FOUND;
	*link = c->links[--c->stats[VMCI_STAT_LINKS]];
	return VMCI_RESULT_SUCCESS;
}

static int64_t vmci_dispatch(struct vmci_core *c)
{
	uint32_t dst_context = vmci_le32(c->header);
	uint32_t dst_resource = vmci_le32(c->header + 4);

	if (dst_context != VMCI_HYPERVISOR_CONTEXT)
		return VMCI_RESULT_DST_UNREACHABLE;
	switch (dst_resource) {
	case VMCI_RES_RESOURCES_QUERY:
		return vmci_resources_query(c);
	case VMCI_RES_GET_CONTEXT_ID:
		return c->context_id;
	case VMCI_RES_SET_NOTIFY_BITMAP:
		return vmci_set_notify_bitmap(c);
	case VMCI_RES_DOORBELL_LINK:
		return vmci_doorbell_link(c);
	case VMCI_RES_DOORBELL_UNLINK:
		return vmci_doorbell_unlink(c);
	case VMCI_RES_DOORBELL_NOTIFY:
		/* Guest-to-guest doorbells: there is no other guest. */
		return VMCI_RESULT_DST_UNREACHABLE;
	}
	return VMCI_RESULT_INVALID_RESOURCE;
}

static void vmci_finish(struct vmci_core *c, int64_t result)
{
	c->result = result;
	c->stats[VMCI_STAT_DATAGRAMS]++;
	if (result < 0)
		c->stats[VMCI_STAT_DATAGRAM_ERRORS]++;
	c->header_len = 0;
	c->payload_len = 0;
}

/**
 * vmci_core_data_out() - one byte the guest wrote to DATA_OUT
 * @c: the core
 * @byte: the byte
 *
 * A header whose payload size exceeds VMCI_DG_MAX_PAYLOAD is answered
 * PAYLOAD_TOO_LARGE at once, and the next byte starts a new header: no
 * guest-named size is ever waited for or allocated.
 *
 * Return: true when this byte completed a datagram and @c->result is new.
 */
bool vmci_core_data_out(struct vmci_core *c, uint8_t byte)
{
	if (c->header_len < VMCI_DG_HEADER_SIZE) {
		c->header[c->header_len++] = byte;
		if (c->header_len < VMCI_DG_HEADER_SIZE)
			return false;
		c->payload_size = vmci_le64(c->header + 16);
		if (c->payload_size > VMCI_DG_MAX_PAYLOAD) {
			vmci_finish(c, VMCI_RESULT_PAYLOAD_TOO_LARGE);
			return true;
		}
	} else {
		if (c->payload_len < VMCI_CORE_PAYLOAD_KEEP)
			c->payload[c->payload_len] = byte;
		c->payload_len++;
	}
	if (c->payload_len < c->payload_size)
		return false;
	vmci_finish(c, vmci_dispatch(c));
	return true;
}

/**
 * vmci_core_ring() - ring the guest's doorbell
 * @c: the core
 * @context: the doorbell handle's context
 * @resource: the doorbell handle's resource
 *
 * Sets the doorbell's byte in the guest's notification bitmap.  The
 * embedding then raises ICR_NOTIFICATION and, if the guest enabled it, the
 * interrupt.
 *
 * Return: 0; -ENOENT when no such doorbell is linked; -ENODEV when the
 * guest has no notification bitmap; -EFAULT when the bitmap write failed.
 */
int vmci_core_ring(struct vmci_core *c, uint32_t context, uint32_t resource)
{
	const uint8_t ring = 1;
	struct vmci_link *link = vmci_find_link(c, context, resource);
	int ret = 0;

	if (!link)
		ret = -ENOENT;
	else if (!c->bitmap_set)
		ret = -ENODEV;
	else if (c->ops->write(c->opaque, (c->bitmap_ppn << VMCI_PAGE_SHIFT) +
			       link->notify_idx, &ring, 1))
		ret = -EFAULT;
	c->stats[ret ? VMCI_STAT_RING_MISSES : VMCI_STAT_RINGS]++;
	return ret;
}
