/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor side of a VMCI guest device, as plain C: the datagram
 * assembler for the DATA_OUT port, the handful of hypervisor resources a
 * Linux guest needs for doorbells, the doorbell link table and the ring.
 * No QEMU headers: the embedding (the vmw-vmci PCI device, the unit tests,
 * the fuzzer) supplies guest memory through struct vmci_core_ops and
 * raises the interrupt when vmci_core_ring() says so.
 *
 * Wire facts (register offsets, resource IDs, result codes, the datagram
 * header) are those of Linux's include/linux/vmw_vmci_defs.h.
 */
#ifndef VMCI_CORE_H
#define VMCI_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PCI identity of the device. */
#define VMCI_PCI_VENDOR_VMWARE		0x15ad
#define VMCI_PCI_DEVICE			0x0740

/* I/O BAR0 registers. */
#define VMCI_REG_STATUS			0x00
#define VMCI_REG_CONTROL		0x04
#define VMCI_REG_ICR			0x08
#define VMCI_REG_IMR			0x0c
#define VMCI_REG_DATA_OUT		0x10
#define VMCI_REG_DATA_IN		0x14
#define VMCI_REG_CAPS			0x18
#define VMCI_REG_RESULT_LOW		0x1c
#define VMCI_REG_RESULT_HIGH		0x20
#define VMCI_BAR0_SIZE			0x40

#define VMCI_CONTROL_RESET		(1u << 0)
#define VMCI_CONTROL_INT_ENABLE		(1u << 1)
#define VMCI_CONTROL_INT_DISABLE	(1u << 2)

#define VMCI_CAPS_DATAGRAM		(1u << 2)
#define VMCI_CAPS_NOTIFICATIONS		(1u << 3)
#define VMCI_CAPS_PPN64			(1u << 4)
/* What this device offers: no hypercalls, no DMA datagrams. */
#define VMCI_CORE_CAPS	(VMCI_CAPS_DATAGRAM | VMCI_CAPS_NOTIFICATIONS | \
			 VMCI_CAPS_PPN64)

#define VMCI_ICR_DATAGRAM		(1u << 0)
#define VMCI_ICR_NOTIFICATION		(1u << 1)

/* Hypervisor resources (the datagram's destination resource). */
enum vmci_resource {
	VMCI_RES_RESOURCES_QUERY = 0,
	VMCI_RES_GET_CONTEXT_ID = 1,
	VMCI_RES_SET_NOTIFY_BITMAP = 2,
	VMCI_RES_DOORBELL_LINK = 3,
	VMCI_RES_DOORBELL_UNLINK = 4,
	VMCI_RES_DOORBELL_NOTIFY = 5,
};

/* Result codes the guest reads from RESULT_LOW. */
enum vmci_result {
	VMCI_RESULT_SUCCESS = 0,
	VMCI_RESULT_INVALID_RESOURCE = -1,
	VMCI_RESULT_INVALID_ARGS = -2,
	VMCI_RESULT_NO_ACCESS = -7,
	VMCI_RESULT_DUPLICATE_ENTRY = -9,
	VMCI_RESULT_DST_UNREACHABLE = -10,
	VMCI_RESULT_PAYLOAD_TOO_LARGE = -11,
	VMCI_RESULT_NO_RESOURCES = -19,
	VMCI_RESULT_NOT_FOUND = -21,
};

#define VMCI_HYPERVISOR_CONTEXT		0u
#define VMCI_HOST_CONTEXT		2u
#define VMCI_INVALID_ID			0xffffffffu
#define VMCI_DG_HEADER_SIZE		24u
#define VMCI_DG_MAX_PAYLOAD		(17u * 4096 - VMCI_DG_HEADER_SIZE)
#define VMCI_RESOURCE_QUERY_MAX		31u
/* The notification bitmap is one guest page, one byte per doorbell. */
#define VMCI_BITMAP_BYTES		4096u
#define VMCI_PAGE_SHIFT			12
/*
 * Payload bytes kept for dispatch: enough for the largest datagram handled
 * (a full resource query); longer payloads are counted through, not kept.
 */
#define VMCI_CORE_PAYLOAD_KEEP		(8u + 4 * VMCI_RESOURCE_QUERY_MAX)
#define VMCI_CORE_MAX_LINKS		64u

/**
 * struct vmci_core_ops - what the core needs from its embedding
 * @writable_frame: whether the 4 KiB guest frame @ppn is RAM the device may
 *	write (not ROM, not MMIO, not outside the guest)
 * @write: store @len bytes at guest-physical @gpa; 0 or -1
 */
struct vmci_core_ops {
	bool (*writable_frame)(void *opaque, uint64_t ppn);
	int (*write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
};

/* Counters; names in vmci_stat_names. */
enum vmci_stat {
	VMCI_STAT_DATAGRAMS,		/* datagrams the guest sent */
	VMCI_STAT_DATAGRAM_ERRORS,	/* ...answered with an error */
	VMCI_STAT_LINKS,		/* doorbells linked now */
	VMCI_STAT_RINGS,		/* doorbells rung */
	VMCI_STAT_RING_MISSES,		/* rings with nothing to ring */
	VMCI_STAT_LAST = VMCI_STAT_RING_MISSES,
};

#define VMCI_STAT_NUM (VMCI_STAT_LAST + 1)

extern const char *const vmci_stat_names[VMCI_STAT_NUM];

/**
 * struct vmci_link - one doorbell the guest linked
 * @context: the doorbell handle's context (the guest's CID)
 * @resource: the doorbell handle's resource
 * @notify_idx: its byte in the notification bitmap
 */
struct vmci_link {
	uint32_t context;
	uint32_t resource;
	uint32_t notify_idx;
};

/**
 * struct vmci_core - the hypervisor side of one VMCI device
 * @ops: guest memory access
 * @opaque: passed to @ops
 * @context_id: the guest's CID, answered to GET_CONTEXT_ID
 * @caps_in_use: capabilities the guest wrote to CAPS (a subset of ours)
 * @bitmap_ppn: frame of the notification bitmap, when @bitmap_set
 * @bitmap_set: the guest sent SET_NOTIFY_BITMAP
 * @links: linked doorbells; the first @stats[VMCI_STAT_LINKS] are in use
 * @header: the datagram header collected so far
 * @header_len: bytes of @header collected
 * @payload_size: the payload size from @header, once it is complete
 * @payload_len: payload bytes seen so far
 * @payload: the first VMCI_CORE_PAYLOAD_KEEP bytes of the payload
 * @result: the last datagram's result, read through RESULT_LOW/HIGH
 * @stats: counters, indexed by enum vmci_stat
 *
 * The QEMU device serialises access under its big lock; the core itself
 * takes no locks.  Nothing here is sized by the guest.
 */
struct vmci_core {
	const struct vmci_core_ops *ops;
	void *opaque;
	uint32_t context_id;
	uint32_t caps_in_use;
	uint64_t bitmap_ppn;
	bool bitmap_set;
	struct vmci_link links[VMCI_CORE_MAX_LINKS];
	uint8_t header[VMCI_DG_HEADER_SIZE];
	uint32_t header_len;
	uint64_t payload_size;
	uint64_t payload_len;
	uint8_t payload[VMCI_CORE_PAYLOAD_KEEP];
	int64_t result;
	uint64_t stats[VMCI_STAT_NUM];
};

void vmci_core_init(struct vmci_core *c, const struct vmci_core_ops *ops,
		    void *opaque, uint32_t context_id);
void vmci_core_reset(struct vmci_core *c);
void vmci_core_set_caps(struct vmci_core *c, uint32_t caps);
bool vmci_core_data_out(struct vmci_core *c, uint8_t byte);
int vmci_core_ring(struct vmci_core *c, uint32_t context, uint32_t resource);

#endif /* VMCI_CORE_H */
