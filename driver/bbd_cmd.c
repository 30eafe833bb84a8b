// SPDX-License-Identifier: GPL-2.0-only
/*
 * The backdoor choke point and the page-mode ops tables.
 *
 * bbd_call() is the only code that talks to the host.  It records a new
 * target and latches a reset request; bbd_cmd() counts and times one call,
 * the single-page loop counts and times a run of calls together.  The ops
 * tables turn a list of pages into LOCK/UNLOCK calls (single mode) or into
 * batch pages (batched modes).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/mm.h>

#include "bbd.h"

const char *const bbd_page_size_names[BBD_PAGE_SIZE_NUM] = {
	[BBD_4K] = "4k",
	[BBD_2M] = "2M",
};

/**
 * bbd_backdoor() - one IN on the balloon port
 * @cmd: command number, passed in RCX
 * @arg1: first argument, passed in RBX
 * @arg2: second argument, passed in RSI
 * @rbx: set to RBX on return: the result (the target) for most commands
 * @rcx: set to RCX on return: the granted capabilities for START
 *
 * The host may also change RDX and RSI, so the asm lists them as outputs
 * even though nothing reads them.  No lock here: callers that use the
 * batch page hold the balloon's comm_lock around the whole exchange.
 *
 * Return: the host's status, from EAX.
 */
static unsigned long bbd_backdoor(unsigned long cmd, unsigned long arg1,
				  unsigned long arg2, unsigned long *rbx,
				  unsigned long *rcx)
{
	unsigned long status, out_rbx, out_rcx, dummy_rdx, dummy_rsi;

	asm volatile("inl %%dx"
		     : "=a"(status), "=b"(out_rbx), "=c"(out_rcx),
		       "=d"(dummy_rdx), "=S"(dummy_rsi)
		     : "0"(VMW_BALLOON_MAGIC), "1"(arg1), "2"(cmd),
		       "3"(VMW_BALLOON_PORT), "4"(arg2)
		     : "memory");
	*rbx = out_rbx;
	*rcx = out_rcx;
	return status;
}

static bool bbd_call_failed(unsigned long status)
{
	return status != VMW_BALLOON_SUCCESS &&
	       status != VMW_BALLOON_SUCCESS_WITH_CAPABILITIES;
}

static void bbd_count_calls(struct bbd *b, unsigned long cmd, u64 calls,
			    u64 failed)
{
	if (!bbd_instrumenting())
		return;
	this_cpu_add(b->stats->counts.cmd[cmd], calls);
	if (failed)
		this_cpu_add(b->stats->counts.cmd_fail[cmd], failed);
}

/**
 * bbd_call() - issue one balloon command, uncounted and untimed
 * @b: the balloon
 * @cmd: command number
 * @arg1: RBX
 * @arg2: RSI
 * @result: the command's result (capabilities for START, else RBX), or NULL
 *
 * Updates the target after every successful target-bearing command and
 * flags a reset when the host asks for one.  Callers count and time the
 * call: bbd_cmd() one at a time, the single-page loop a run of calls
 * together.
 *
 * Context: any process context; lock, unlock and batched commands with
 * @b->comm_lock held.  Interrupts stay enabled: nothing in interrupt
 * context talks to the host.
 *
 * Return: the host's status.
 */
static unsigned long bbd_call(struct bbd *b, unsigned long cmd,
			      unsigned long arg1, unsigned long arg2,
			      unsigned long *result)
{
	unsigned long status, rbx, rcx;

	/* Page commands are one conversation at a time (the batch page). */
	if (vmw_balloon_cmd_moves_pages(cmd))
		lockdep_assert_held(&b->comm_lock);
	status = bbd_backdoor(cmd, arg1, arg2, &rbx, &rcx);
	if (bbd_call_failed(status))
		pr_debug("%s failed with status %lu\n",
			 vmw_balloon_cmd_names[cmd], status);

	if (status == VMW_BALLOON_SUCCESS &&
	    ((VMW_BALLOON_CMD_WITH_TARGET_MASK >> cmd) & 1)) {
		if (rbx != READ_ONCE(b->target) &&
		    !READ_ONCE(b->target_seen_ns))
			WRITE_ONCE(b->target_seen_ns, ktime_get_ns());
		WRITE_ONCE(b->target, rbx);
	}
	if (status == VMW_BALLOON_ERROR_RESET)
		WRITE_ONCE(b->reset_required, true);
	if (result)
		*result = cmd == VMW_BALLOON_CMD_START ? rcx : rbx;
	return status;
}

/**
 * bbd_cmd() - issue one balloon command and time it
 * @b: the balloon
 * @cmd: command number
 * @arg1: RBX
 * @arg2: RSI
 * @result: the command's result (capabilities for START, else RBX), or NULL
 *
 * Context: as bbd_call().
 *
 * Return: the host's status.
 */
unsigned long bbd_cmd(struct bbd *b, unsigned long cmd, unsigned long arg1,
		      unsigned long arg2, unsigned long *result)
{
	u64 start = bbd_hist_start();
	unsigned long status = bbd_call(b, cmd, arg1, arg2, result);

	bbd_hist_end(b, BBD_HIST_CMD_FIRST + cmd, start);
	bbd_count_calls(b, cmd, 1, bbd_call_failed(status));
	return status;
}

#if BBD_HAVE_SINGLE
/**
 * bbd_move_rest() - move @first and the pages after it off @ctl->pages
 * @ctl: the pages
 * @first: the first page to move; the list's head itself moves nothing
 * @to: where they go
 * @n: the count of @to, raised by the pages moved
 */
static void bbd_move_rest(struct bbd_ctl *ctl, struct page *first,
			  struct list_head *to, unsigned int *n)
{
	struct page *page = first, *tmp;

	list_for_each_entry_safe_from(page, tmp, &ctl->pages, lru) {
		list_move_tail(&page->lru, to);
		ctl->n_pages--;
		(*n)++;
	}
}

/**
 * bbd_single_lock() - lock or unlock pages one call at a time
 * @b: the balloon
 * @ctl: the pages, all 4 KiB
 * @op: BBD_LOCK or BBD_UNLOCK
 *
 * Each call's status is its page's, and each reply carries the target.
 * A lock run stops, as the stock driver's one-page cycles do, at the first
 * page the host refuses and when the balloon reaches the target: the pages
 * not yet offered move to @ctl->prealloc, for the inflate to offer again
 * or free at the end of its cycle.  An unlock run goes on past a refused
 * page.  ERROR_RESET and ERROR_BUSY concern the whole balloon and stop
 * either run; an unlock moves the pages not yet tried to @ctl->refused, so
 * they stay ballooned.  Refused pages move to @ctl->refused; the pages
 * done stay on @ctl->pages.  The calls are counted and timed together:
 * the command histogram gets one sample per call, each the mean of the
 * run.  The run yields between calls, as the stock driver does between
 * pages.
 *
 * Context: the work item or the shrinker, @b->conf_sem held for reading;
 * takes @b->comm_lock around each call (one conversation with the host at
 * a time); sleeps.
 *
 * Return: VMW_BALLOON_SUCCESS, or ERROR_RESET or ERROR_BUSY when the host
 * stopped the run.
 */
static unsigned long bbd_single_lock(struct bbd *b, struct bbd_ctl *ctl,
				     enum bbd_op op)
{
	bool lock = op == BBD_LOCK;
	unsigned long cmd = lock ? VMW_BALLOON_CMD_LOCK : VMW_BALLOON_CMD_UNLOCK;
	unsigned long status = VMW_BALLOON_SUCCESS, pfn;
	u64 start = bbd_hist_start(), calls = 0, failed = 0, done = 0;
	u64 size = atomic64_read(&b->size);
	struct page *page, *tmp, *rest = NULL;
	bool whole = false;

	list_for_each_entry_safe(page, tmp, &ctl->pages, lru) {
		if (lock && size + done >= READ_ONCE(b->target)) {
			rest = page;
			break;
		}
		pfn = page_to_pfn(page);
		/* The protocol carries 32-bit PFNs here; refuse locally. */
		if (pfn > U32_MAX) {
			status = VMW_BALLOON_ERROR_PPN_INVALID;
		} else {
			spin_lock(&b->comm_lock);
			status = bbd_call(b, cmd, pfn, 1, NULL);
			spin_unlock(&b->comm_lock);
			calls++;
			failed += bbd_call_failed(status);
			cond_resched();
		}
		if (status == VMW_BALLOON_SUCCESS) {
			done++;
			continue;
		}
		list_move(&page->lru, &ctl->refused);
		ctl->n_pages--;
		ctl->n_refused++;
		whole = status == VMW_BALLOON_ERROR_RESET ||
			status == VMW_BALLOON_ERROR_BUSY;
		if (lock || whole) {
			rest = tmp;
			break;
		}
	}
	if (rest && lock)
		bbd_move_rest(ctl, rest, &ctl->prealloc, &ctl->n_prealloc);
	else if (rest)
		bbd_move_rest(ctl, rest, &ctl->refused, &ctl->n_refused);
	bbd_hist_end_n(b, BBD_HIST_CMD_FIRST + cmd, start, calls);
	bbd_count_calls(b, cmd, calls, failed);
	return whole ? status : VMW_BALLOON_SUCCESS;
}

static const struct bbd_ops bbd_single_ops = {
	.name = "single",
	.caps = VMW_BALLOON_CAP_BASIC,
	.max_size = BBD_4K,
	.lock = bbd_single_lock,
};
#endif

#if BBD_HAVE_BATCH4K || BBD_HAVE_BATCH2M
/**
 * bbd_batch_lock() - lock or unlock pages in one batched call
 * @b: the balloon, with its batch page
 * @ctl: at most @b->batch_max pages, of size @ctl->size
 * @op: BBD_LOCK or BBD_UNLOCK
 *
 * The batch page names every page and the host writes a status into each
 * entry's low bits.  Refused pages move to @ctl->refused; when the call
 * itself fails, all of them do.
 *
 * Context: the work item or the shrinker, @b->conf_sem held for reading;
 * holds @b->comm_lock from filling the batch page until its statuses are
 * read, since bbd_lock_one() (migration) shares the page.
 *
 * Return: the call's status.
 */
static unsigned long bbd_batch_lock(struct bbd *b, struct bbd_ctl *ctl,
				    enum bbd_op op)
{
	bool huge = ctl->size == BBD_2M, lock = op == BBD_LOCK;
	unsigned long cmd, status;
	struct page *page, *tmp;
	unsigned int i = 0;

	if (huge)
		cmd = lock ? VMW_BALLOON_CMD_BATCHED_2M_LOCK :
			     VMW_BALLOON_CMD_BATCHED_2M_UNLOCK;
	else
		cmd = lock ? VMW_BALLOON_CMD_BATCHED_LOCK :
			     VMW_BALLOON_CMD_BATCHED_UNLOCK;

	spin_lock(&b->comm_lock);
	list_for_each_entry(page, &ctl->pages, lru)
		b->batch[i++] = vmw_balloon_batch_entry(page_to_pfn(page));
	status = bbd_cmd(b, cmd, PHYS_PFN(virt_to_phys(b->batch)),
			 ctl->n_pages, NULL);
	i = 0;
	list_for_each_entry_safe(page, tmp, &ctl->pages, lru) {
		u64 entry = b->batch[i++];

		/* A failed call fails every entry, whatever they say. */
		if (status == VMW_BALLOON_SUCCESS &&
		    !vmw_balloon_batch_entry_status(entry))
			continue;
		list_move(&page->lru, &ctl->refused);
		ctl->n_pages--;
		ctl->n_refused++;
	}
	spin_unlock(&b->comm_lock);
	return status;
}
#endif

#if BBD_HAVE_BATCH4K
static const struct bbd_ops bbd_batch4k_ops = {
	.name = "batch4k",
	.caps = VMW_BALLOON_CAP_BATCHED,
	.max_size = BBD_4K,
	.lock = bbd_batch_lock,
};
#endif

#if BBD_HAVE_BATCH2M
static const struct bbd_ops bbd_batch2m_ops = {
	.name = "batch2m",
	.caps = VMW_BALLOON_CAP_BATCHED | VMW_BALLOON_CAP_BATCHED_2M,
	.max_size = BBD_2M,
	.lock = bbd_batch_lock,
};

#if !BBD_HAVE_BATCH4K
/*
 * The 2 MiB mode falls back to 4 KiB batches when the host lacks 2M (a
 * variant with the 4 KiB mode has that mode itself).
 */
static const struct bbd_ops bbd_batch2m_fallback_ops = {
	.name = "batch2m-as-4k",
	.caps = VMW_BALLOON_CAP_BATCHED,
	.max_size = BBD_4K,
	.lock = bbd_batch_lock,
};
#endif
#endif

/**
 * bbd_lock_one() - lock or unlock a single 4 KiB frame
 * @b: the balloon, with a mode picked
 * @pfn: the frame
 * @op: BBD_LOCK or BBD_UNLOCK
 *
 * Used by compaction, which moves one page at a time, outside the work
 * cycle: a one-entry batch in batched modes, LOCK/UNLOCK otherwise.
 *
 * Return: the frame's status.
 */
unsigned long bbd_lock_one(struct bbd *b, unsigned long pfn, enum bbd_op op)
{
	bool lock = op == BBD_LOCK;
	unsigned long status;

	spin_lock(&b->comm_lock);
	if (b->ops->caps & VMW_BALLOON_CAP_BATCHED) {
		b->batch[0] = vmw_balloon_batch_entry(pfn);
		status = bbd_cmd(b, lock ? VMW_BALLOON_CMD_BATCHED_LOCK :
					   VMW_BALLOON_CMD_BATCHED_UNLOCK,
				 PHYS_PFN(virt_to_phys(b->batch)), 1, NULL);
		if (status == VMW_BALLOON_SUCCESS)
			status = vmw_balloon_batch_entry_status(b->batch[0]);
	} else if (pfn > U32_MAX) {
		status = VMW_BALLOON_ERROR_PPN_INVALID;
	} else {
		status = bbd_cmd(b, lock ? VMW_BALLOON_CMD_LOCK :
					   VMW_BALLOON_CMD_UNLOCK, pfn, 1, NULL);
	}
	spin_unlock(&b->comm_lock);
	return status;
}

/* Best first: the first mode whose capabilities are granted wins. */
const struct bbd_ops *const bbd_modes[] = {
#if BBD_HAVE_BATCH2M
	&bbd_batch2m_ops,
#endif
#if BBD_HAVE_BATCH4K
	&bbd_batch4k_ops,
#elif BBD_HAVE_BATCH2M
	&bbd_batch2m_fallback_ops,
#endif
#if BBD_HAVE_SINGLE
	&bbd_single_ops,
#endif
};

const unsigned int bbd_nr_modes = ARRAY_SIZE(bbd_modes);

/**
 * bbd_requested_caps() - the capabilities this variant asks for at START
 *
 * Return: the union of its modes' needs, the 64-bit target, and the
 * doorbell when the variant has one.
 */
u32 bbd_requested_caps(void)
{
	u32 caps = VMW_BALLOON_CAP_64_BIT_TARGET;
	unsigned int i;

	for (i = 0; i < bbd_nr_modes; i++)
		caps |= bbd_modes[i]->caps;
	if (BBD_HAVE_DOORBELL)
		caps |= VMW_BALLOON_CAP_SIGNALLED_WAKEUP;
	return caps;
}
