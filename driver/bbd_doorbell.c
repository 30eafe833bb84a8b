// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMCI doorbell: the host rings it when the target changes, and the
 * work cycle runs at once instead of at the next poll.  Polling goes on
 * either way, so a missing doorbell only costs latency; its state shows in
 * the "doorbell" line of the stats file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/vmw_vmci_api.h>
#include <linux/workqueue.h>

#include "bbd.h"

/**
 * bbd_doorbell_ring() - the doorbell callback: run the work cycle now
 * @client_data: the balloon, as given to vmci_doorbell_create()
 *
 * mod_delayed_work() pulls a pending poll forward; if the cycle is running,
 * it runs again once done, so a target that changed meanwhile is not left
 * until the next poll.
 *
 * Context: VMCI's work item (the doorbell is created with
 * VMCI_FLAG_DELAYED_CB); takes no lock of the balloon.
 */
static void bbd_doorbell_ring(void *client_data)
{
	struct bbd *b = client_data;

	bbd_stat_inc(b, BBD_STAT_DOORBELL);
	mod_delayed_work(system_freezable_wq, &b->dwork, 0);
}

/**
 * bbd_doorbell_init() - create the doorbell and announce it to the host
 * @b: the balloon, with @b->conf_sem held for writing
 */
void bbd_doorbell_init(struct bbd *b)
{
	unsigned long status;
	u32 context;
	int ret;

	if (!(b->capabilities & VMW_BALLOON_CAP_SIGNALLED_WAKEUP)) {
		WRITE_ONCE(b->doorbell_state, "polling (host did not grant the doorbell)");
		return;
	}
	/*
	 * Without a VMCI guest device vmw_vmci still creates doorbells, in
	 * its host personality (context 2), but nothing could ever ring one.
	 */
	context = vmci_get_context_id();
	if (context == VMCI_INVALID_ID || context == VMCI_HOST_CONTEXT_ID) {
		WRITE_ONCE(b->doorbell_state, "polling (no VMCI guest device)");
		return;
	}
	ret = vmci_doorbell_create(&b->doorbell, VMCI_FLAG_DELAYED_CB,
				   VMCI_PRIVILEGE_FLAG_RESTRICTED,
				   bbd_doorbell_ring, b);
	if (ret != VMCI_SUCCESS) {
		b->doorbell = VMCI_INVALID_HANDLE;
		WRITE_ONCE(b->doorbell_state, "polling (VMCI doorbell unavailable)");
		return;
	}
	status = bbd_cmd(b, VMW_BALLOON_CMD_VMCI_DOORBELL_SET,
			 b->doorbell.context, b->doorbell.resource, NULL);
	if (status != VMW_BALLOON_SUCCESS) {
		bbd_doorbell_cleanup(b);
		WRITE_ONCE(b->doorbell_state, "polling (host refused the doorbell)");
		return;
	}
	WRITE_ONCE(b->doorbell_state, "vmci");
}

/**
 * bbd_doorbell_cleanup() - unset and destroy the doorbell, if any
 * @b: the balloon, with @b->conf_sem held for writing
 */
void bbd_doorbell_cleanup(struct bbd *b)
{
	if (vmci_handle_is_invalid(b->doorbell))
		return;
	bbd_cmd(b, VMW_BALLOON_CMD_VMCI_DOORBELL_SET, VMW_BALLOON_DOORBELL_UNSET,
		VMW_BALLOON_DOORBELL_UNSET, NULL);
	vmci_doorbell_destroy(b->doorbell);
	b->doorbell = VMCI_INVALID_HANDLE;
}
