/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMware balloon ("vmmemctl") protocol: the one place its numbers are written.
 *
 * Used by the host core (host/core), the QEMU device (host/qemu) and the
 * guest driver (driver/).  The guest issues a 32-bit IN on
 * VMW_BALLOON_PORT with the magic in EAX, the command in ECX, arg1 in RBX and
 * arg2 in RSI.  The host answers a status in EAX, the capabilities in RCX for
 * START, and a result (the target, for the target-bearing commands) in RBX.
 */
#ifndef VMW_BALLOON_PROTO_H
#define VMW_BALLOON_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#define VMW_BALLOON_PORT	0x5670
#define VMW_BALLOON_MAGIC	0x456c6d6fU	/* "Elmo" */

/* Balloon size and target are always counted in 4 KiB frames. */
#define VMW_BALLOON_FRAME_SHIFT	12
#define VMW_BALLOON_FRAME_SIZE	(1U << VMW_BALLOON_FRAME_SHIFT)
/* A 2 MiB page is an order-9 block: 512 frames, 512-frame aligned. */
#define VMW_BALLOON_2M_ORDER	9
#define VMW_BALLOON_2M_FRAMES	(1U << VMW_BALLOON_2M_ORDER)

enum vmw_balloon_cmd {
	VMW_BALLOON_CMD_START = 0,
	VMW_BALLOON_CMD_GET_TARGET = 1,
	VMW_BALLOON_CMD_LOCK = 2,
	VMW_BALLOON_CMD_UNLOCK = 3,
	VMW_BALLOON_CMD_GUEST_ID = 4,
	/* 5 was used briefly by internal VMware builds; never implement it. */
	VMW_BALLOON_CMD_BATCHED_LOCK = 6,
	VMW_BALLOON_CMD_BATCHED_UNLOCK = 7,
	VMW_BALLOON_CMD_BATCHED_2M_LOCK = 8,
	VMW_BALLOON_CMD_BATCHED_2M_UNLOCK = 9,
	VMW_BALLOON_CMD_VMCI_DOORBELL_SET = 10,
	VMW_BALLOON_CMD_LAST = VMW_BALLOON_CMD_VMCI_DOORBELL_SET,
};

#define VMW_BALLOON_CMD_NUM	(VMW_BALLOON_CMD_LAST + 1)

/* Designated array initialisers are C only; C++ readers skip the tables. */
#ifndef __cplusplus
/*
 * Labels as the stock driver's debugfs file prints them; slot 5 stays NULL.
 * Traces and CSV headers print these too, so every reader sees one name.
 */
/* Not every user of the header reads both tables. */
static const char *const vmw_balloon_cmd_names[VMW_BALLOON_CMD_NUM]
	__attribute__((unused)) = {
	[VMW_BALLOON_CMD_START] = "start",
	[VMW_BALLOON_CMD_GET_TARGET] = "target",
	[VMW_BALLOON_CMD_LOCK] = "lock",
	[VMW_BALLOON_CMD_UNLOCK] = "unlock",
	[VMW_BALLOON_CMD_GUEST_ID] = "guestType",
	[VMW_BALLOON_CMD_BATCHED_LOCK] = "batchLock",
	[VMW_BALLOON_CMD_BATCHED_UNLOCK] = "batchUnlock",
	[VMW_BALLOON_CMD_BATCHED_2M_LOCK] = "2m-lock",
	[VMW_BALLOON_CMD_BATCHED_2M_UNLOCK] = "2m-unlock",
	[VMW_BALLOON_CMD_VMCI_DOORBELL_SET] = "doorbellSet",
};
#endif /* __cplusplus */

/* On success the guest takes RBX as its new target after these commands. */
#define VMW_BALLOON_CMD_WITH_TARGET_MASK			\
	((1U << VMW_BALLOON_CMD_GET_TARGET) |			\
	 (1U << VMW_BALLOON_CMD_LOCK) |				\
	 (1U << VMW_BALLOON_CMD_UNLOCK) |			\
	 (1U << VMW_BALLOON_CMD_BATCHED_LOCK) |			\
	 (1U << VMW_BALLOON_CMD_BATCHED_UNLOCK) |		\
	 (1U << VMW_BALLOON_CMD_BATCHED_2M_LOCK) |		\
	 (1U << VMW_BALLOON_CMD_BATCHED_2M_UNLOCK))

/* True for the commands that lock or unlock pages. */
static inline int vmw_balloon_cmd_moves_pages(unsigned long long cmd)
{
	return cmd == VMW_BALLOON_CMD_LOCK || cmd == VMW_BALLOON_CMD_UNLOCK ||
	       (cmd >= VMW_BALLOON_CMD_BATCHED_LOCK &&
		cmd <= VMW_BALLOON_CMD_BATCHED_2M_UNLOCK);
}

/* Capability bits: START's arg1 from the guest, RCX back from the host. */
enum vmw_balloon_cap {
	/* Bit 0 is reserved and never set, so masking always clears it. */
	VMW_BALLOON_CAP_BASIC = 1U << 1,
	VMW_BALLOON_CAP_BATCHED = 1U << 2,
	VMW_BALLOON_CAP_BATCHED_2M = 1U << 3,
	VMW_BALLOON_CAP_SIGNALLED_WAKEUP = 1U << 4,
	VMW_BALLOON_CAP_64_BIT_TARGET = 1U << 5,
};

#define VMW_BALLOON_CAPS_ALL					\
	(VMW_BALLOON_CAP_BASIC | VMW_BALLOON_CAP_BATCHED |	\
	 VMW_BALLOON_CAP_BATCHED_2M | VMW_BALLOON_CAP_SIGNALLED_WAKEUP | \
	 VMW_BALLOON_CAP_64_BIT_TARGET)

/* Status codes: EAX for a call, and the 5-bit status of a batch entry. */
enum vmw_balloon_status {
	VMW_BALLOON_SUCCESS = 0,
	VMW_BALLOON_ERROR_CMD_INVALID = 1,
	VMW_BALLOON_ERROR_PPN_INVALID = 2,
	VMW_BALLOON_ERROR_PPN_LOCKED = 3,
	VMW_BALLOON_ERROR_PPN_UNLOCKED = 4,
	VMW_BALLOON_ERROR_PPN_PINNED = 5,
	VMW_BALLOON_ERROR_PPN_NOTNEEDED = 6,
	VMW_BALLOON_ERROR_RESET = 7,
	VMW_BALLOON_ERROR_BUSY = 8,
	VMW_BALLOON_STATUS_LAST = VMW_BALLOON_ERROR_BUSY,
};

#define VMW_BALLOON_STATUS_NUM	(VMW_BALLOON_STATUS_LAST + 1)

/* START's success reply when RCX carries the granted capabilities. */
#define VMW_BALLOON_SUCCESS_WITH_CAPABILITIES	0x03000000U

#ifndef __cplusplus
static const char *const vmw_balloon_status_names[VMW_BALLOON_STATUS_NUM]
	__attribute__((unused)) = {
	[VMW_BALLOON_SUCCESS] = "success",
	[VMW_BALLOON_ERROR_CMD_INVALID] = "cmd-invalid",
	[VMW_BALLOON_ERROR_PPN_INVALID] = "ppn-invalid",
	[VMW_BALLOON_ERROR_PPN_LOCKED] = "ppn-locked",
	[VMW_BALLOON_ERROR_PPN_UNLOCKED] = "ppn-unlocked",
	[VMW_BALLOON_ERROR_PPN_PINNED] = "ppn-pinned",
	[VMW_BALLOON_ERROR_PPN_NOTNEEDED] = "ppn-notneeded",
	[VMW_BALLOON_ERROR_RESET] = "reset",
	[VMW_BALLOON_ERROR_BUSY] = "busy",
};
#endif /* __cplusplus */

/* GUEST_ID's arg1. */
enum vmw_balloon_guest_type {
	VMW_BALLOON_GUEST_UNKNOWN = 0,
	VMW_BALLOON_GUEST_LINUX = 1,
};

/* VMCI_DOORBELL_SET with both arguments all-ones unsets the doorbell. */
#define VMW_BALLOON_DOORBELL_UNSET	(~(uint64_t)0)

/*
 * Batch page: one 4 KiB guest page of little-endian u64 entries.  Bits 63..12
 * hold a PFN, bits 11..5 are reserved, bits 4..0 hold the status the host
 * writes back.  A 2 MiB entry names the first frame of its block.
 */
#define VMW_BALLOON_BATCH_MAX_ENTRIES	(VMW_BALLOON_FRAME_SIZE / 8)
#define VMW_BALLOON_BATCH_STATUS_MASK	((uint64_t)0x1f)
#define VMW_BALLOON_BATCH_PFN_SHIFT	VMW_BALLOON_FRAME_SHIFT

static inline uint64_t vmw_balloon_batch_entry_pfn(uint64_t entry)
{
	return entry >> VMW_BALLOON_BATCH_PFN_SHIFT;
}

static inline unsigned int vmw_balloon_batch_entry_status(uint64_t entry)
{
	return (unsigned int)(entry & VMW_BALLOON_BATCH_STATUS_MASK);
}

static inline uint64_t vmw_balloon_batch_entry(uint64_t pfn)
{
	return pfn << VMW_BALLOON_BATCH_PFN_SHIFT;
}

#endif /* VMW_BALLOON_PROTO_H */
