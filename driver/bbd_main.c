// SPDX-License-Identifier: GPL-2.0-only
/*
 * balloonbench VMware balloon driver: the work cycle.
 *
 * Once per poll interval (or when the VMCI doorbell rings) the driver runs a
 * reset if one is pending, asks the host for its target, and inflates or
 * deflates toward it in the mode negotiated at the last reset.  4 KiB pages
 * go through the kernel's balloon compaction, so they stay movable; 2 MiB
 * pages sit on a private list.  An optional shrinker gives memory back when
 * the guest is under pressure.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmw_vmci_api.h>
#include <asm/hypervisor.h>

#include "bbd.h"

/* The module's parameters (and instrument, in bbd_stats.c). */
static unsigned int poll_ms = 1000;
module_param(poll_ms, uint, 0644);
MODULE_PARM_DESC(poll_ms, "Poll the host every MS milliseconds (default 1000, as the stock driver)");

static bool adaptive_poll;
module_param(adaptive_poll, bool, 0644);
MODULE_PARM_DESC(adaptive_poll, "Poll again at once while the target is not reached, backing off to poll_ms (default off)");

static unsigned int batch_max = VMW_BALLOON_BATCH_MAX_ENTRIES;
module_param(batch_max, uint, 0444);
MODULE_PARM_DESC(batch_max, "Pages per batch: per batched call, or per run of single-page calls, 1-512 (default 512)");

static unsigned int work_ns_per_page;
module_param(work_ns_per_page, uint, 0644);
MODULE_PARM_DESC(work_ns_per_page, "Extra busy work per 4 KiB frame inflated, in ns (default 0): a known slowdown for validating regression gates");

static unsigned int single_refusals = 1;
module_param(single_refusals, uint, 0644);
MODULE_PARM_DESC(single_refusals, "In single-page mode, end an inflate cycle after this many refused pages (default 1, as the stock driver; batched modes allow 16)");

static int reserve_mib = -1;
module_param(reserve_mib, int, 0644);
MODULE_PARM_DESC(reserve_mib, "Memory the balloon leaves the guest, in MiB, as the kernel counts it available (default -1: 3% of RAM, at least 32 MiB; 0: none, as the stock driver)");

static bool shrinker_enable;
module_param(shrinker_enable, bool, 0444);
MODULE_PARM_DESC(shrinker_enable, "Deflate under guest memory pressure (default off, as the stock driver)");

static unsigned int block_order = PAGE_ALLOC_COSTLY_ORDER;
module_param(block_order, uint, 0644);
MODULE_PARM_DESC(block_order, "4 KiB inflates allocate blocks of up to 2^N pages and split them, 0-9 (default 3: 32 KiB; 0: single pages, a batch in one bulk allocation)");

/* After a shrinker deflate, inflation waits this long (as the stock driver). */
#define BBD_SHRINK_DELAY_MS 5000
/* Fastest adaptive poll and first ERROR_BUSY back-off. */
#define BBD_POLL_MIN_MS 10

static struct bbd balloon;

/*
 * A block for a 4 KiB inflate: as movable as balloon_page_alloc()'s pages,
 * but no reclaim (so no retry either) and no warning, since smaller blocks
 * and then single pages are tried next.
 */
static gfp_t bbd_block_gfp(void)
{
	return (balloon_mapping_gfp_mask() | __GFP_NOMEMALLOC | __GFP_NOWARN) &
	       ~__GFP_RECLAIM;
}

/*
 * The bulk allocator takes its pages, and with init_on_alloc zeroes them,
 * with interrupts off: at most this many at a time keeps that to 256 KiB
 * of zeroing.
 */
#define BBD_BULK_PAGES 64

/*
 * Single pages for a 4 KiB inflate: balloon_page_alloc()'s, light reclaim
 * included (the bulk allocator applies it to a page it cannot get from
 * the per-CPU lists).
 */
static gfp_t bbd_page_gfp(void)
{
	return balloon_mapping_gfp_mask() | __GFP_NOMEMALLOC | __GFP_NORETRY |
	       __GFP_NOWARN;
}

/**
 * bbd_alloc_4k() - add 4 KiB pages to an inflate
 * @b: the balloon
 * @ctl: the inflate, at 4 KiB
 * @n: the most pages to add, at least 1
 *
 * Pages already out of the guest's hands go first: pieces of refused
 * 2 MiB pages (most of their frames the host takes) and pages a
 * single-page run did not get to.  Then one block of the largest order
 * that fits @n and @ctl->block_order (by default 3, the largest order the
 * per-CPU lists keep), split into 4 KiB pages: one trip through the page
 * allocator for up to 8 pages, where the stock driver makes one per page.
 * Blocks that small are cut from the smallest free pieces first, as
 * single pages are: the guest's used and freed memory, which the host
 * backs.  Whole free 2 MiB blocks (@ctl->block_order 9) are often memory
 * the guest never touched, which the host never backed: ballooning them
 * gives the host nothing back and takes the guest's huge pages.  A failed
 * order lowers @ctl->block_order for the rest of the cycle; at order 0, up
 * to @n single pages (BBD_BULK_PAGES at most) in one trip through the bulk
 * allocator, the pages balloon_page_alloc() hands out one by one.
 *
 * As the stock driver's, the alloc counter counts the pages asked of the
 * page allocator and got, or one failed page; a failed block is only a
 * step down.
 *
 * Context: the work item, the balloon's conf_sem held for reading; may
 * sleep.
 *
 * Return: pages added to @ctl->pages; 0 when none could be had.
 */
static unsigned int bbd_alloc_4k(struct bbd *b, struct bbd_ctl *ctl,
				 unsigned int n)
{
	unsigned int order, i;
	unsigned long got;
	struct page *page;
	LIST_HEAD(pages);

	if (ctl->n_prealloc) {
		page = list_first_entry(&ctl->prealloc, struct page, lru);
		list_move(&page->lru, &ctl->pages);
		ctl->n_prealloc--;
		return 1;
	}
	for (order = min_t(unsigned int, ctl->block_order, ilog2(n)); order;
	     order--) {
		page = alloc_pages(bbd_block_gfp(), order);
		if (page) {
			split_page(page, order);
			for (i = 0; i < 1U << order; i++)
				list_add(&page[i].lru, &ctl->pages);
			bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC, BBD_4K,
					  1U << order);
			return 1U << order;
		}
		ctl->block_order = order - 1;
	}
	got = alloc_pages_bulk_list(bbd_page_gfp(),
				    min_t(unsigned int, n, BBD_BULK_PAGES), &pages);
	list_splice(&pages, &ctl->pages);
	bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC, BBD_4K, got ?: 1);
	return got;
}

/**
 * bbd_alloc_pages() - add pages of @ctl->size to an inflate
 * @b: the balloon
 * @ctl: the inflate
 * @n: the most pages to add, at least 1
 *
 * 2 MiB pages must never make the guest reclaim for the balloon's sake.
 *
 * Context: as bbd_alloc_4k().
 *
 * Return: pages added to @ctl->pages; 0 when none could be had (counted
 * in allocFail).
 */
static unsigned int bbd_alloc_pages(struct bbd *b, struct bbd_ctl *ctl,
				    unsigned int n)
{
	struct page *page;
	unsigned int got;

	if (ctl->size == BBD_4K) {
		got = bbd_alloc_4k(b, ctl, n);
		if (!got)
			bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC_FAIL, BBD_4K, 1);
		return got;
	}
	/* No direct reclaim, no warnings, no reserves: 2M is best effort. */
	page = alloc_pages((GFP_HIGHUSER | __GFP_NOWARN | __GFP_NOMEMALLOC) &
			   ~__GFP_RECLAIM, VMW_BALLOON_2M_ORDER);
	bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC, BBD_2M, 1);
	if (!page) {
		bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC_FAIL, BBD_2M, 1);
		return 0;
	}
	list_add(&page->lru, &ctl->pages);
	return 1;
}

/**
 * bbd_free_list() - give the guest back a list of pages
 * @pages: pages of @size, on their lru; empty on return
 * @size: their size
 *
 * Each page leaves the list before the balloon's reference goes, as the
 * stock driver frees them.  Compaction may hold a reference of its own
 * for a moment (it takes one before it looks whether a page is still
 * movable) and so drop the last one, and the page allocator then links
 * the page's lru into its per-CPU free list: a page must not be on our
 * list by then.  put_pages_list() drops first and unlinks after, which on
 * a guest of two vCPUs spliced the list being freed into the other CPU's
 * free list.
 */
static void bbd_free_list(struct list_head *pages, enum bbd_page_size size)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, pages, lru) {
		list_del(&page->lru);
		__free_pages(page, bbd_page_order(size));
	}
}

/**
 * bbd_reserve_frames() - the memory the balloon leaves the guest
 *
 * Return: the reserve in 4 KiB frames (1/32 of RAM, at least 32 MiB, by
 * default); 0 when it is off.  The reserve_mib parameter is read at each
 * call, so a change applies from the next inflate round.
 */
static u64 bbd_reserve_frames(void)
{
	int mib = READ_ONCE(reserve_mib);

	if (mib < 0)
		return max_t(u64, totalram_pages() / 32, 32 * 256);
	return (u64)mib * 256;
}

/**
 * bbd_within_reserve() - cap an inflate by the memory the guest must keep
 * @b: the balloon
 * @need: frames the target asks for
 *
 * A balloon that takes what the guest needs to run deadlocks it ("System
 * is deadlocked on memory"); the stock driver goes on while allocations
 * succeed.  This one stops where si_mem_available() would fall below the
 * reserve, records what it declined, and looks again every cycle.
 *
 * Return: the frames it may take, at most @need.
 */
static u64 bbd_within_reserve(struct bbd *b, u64 need)
{
	u64 reserve = bbd_reserve_frames(), room = 0;
	long avail;

	if (!need || !reserve) {
		WRITE_ONCE(b->declined, 0);
		return need;
	}
	avail = si_mem_available();
	if (avail > 0 && (u64)avail > reserve)
		room = avail - reserve;
	if (need <= room) {
		WRITE_ONCE(b->declined, 0);
		return need;
	}
	WRITE_ONCE(b->declined, need - room);
	bbd_stat_inc(b, BBD_STAT_RESERVE);
	return room;
}

/**
 * bbd_frames_to_inflate() - how far the balloon is below its target
 * @b: the balloon
 *
 * Nothing while a reset is pending, for a while after the shrinker ran,
 * or while the host is busy; otherwise capped by bbd_within_reserve(),
 * which also records what it held back.
 *
 * Context: the work item, @b->conf_sem held for reading.
 *
 * Return: frames to take; 0 when none.
 */
static u64 bbd_frames_to_inflate(struct bbd *b)
{
	u64 size = atomic64_read(&b->size), target = READ_ONCE(b->target);

	if (READ_ONCE(b->reset_required) ||
	    time_before(jiffies, READ_ONCE(b->shrink_until)) ||
	    time_before(jiffies, READ_ONCE(b->busy_until)))
		return 0;
	return bbd_within_reserve(b, target > size ? target - size : 0);
}

/**
 * bbd_note_status() - adjust the ERROR_BUSY back-off after a call
 * @b: the balloon
 * @status: the status of the last lock or unlock call
 * @taken: the host took pages in the call, or in the single-page calls
 *	before the last
 *
 * ERROR_BUSY holds the balloon back for a while that doubles with each busy
 * answer in a row (up to the poll interval); any call the host takes
 * resets it.  Other errors leave the back-off alone.
 *
 * Context: the work item or the shrinker, with no lock: the back-off is a
 * heuristic, and a lost update only shifts one wait.
 */
static void bbd_note_status(struct bbd *b, unsigned long status, bool taken)
{
	unsigned int backoff_ms = READ_ONCE(b->busy_backoff_ms);

	if (status == VMW_BALLOON_SUCCESS || taken)
		backoff_ms = BBD_POLL_MIN_MS;
	WRITE_ONCE(b->busy_backoff_ms, backoff_ms);
	if (status == VMW_BALLOON_ERROR_BUSY) {
		bbd_stat_inc(b, BBD_STAT_BUSY);
		WRITE_ONCE(b->busy_until,
			   jiffies + msecs_to_jiffies(backoff_ms));
		WRITE_ONCE(b->busy_backoff_ms,
			   min(backoff_ms * 2, max(poll_ms, 1U)));
	}
}

/**
 * bbd_mark_huge() - mark a 2 MiB balloon page's frames offline, or online
 * @page: the first of its 4 KiB pages
 * @offline: offline (true) while it is in the balloon, online when it leaves
 *
 * Every 4 KiB page needs the flag: the page is not compound, and kdump
 * and /proc/kcore test each frame on its own.
 */
static void bbd_mark_huge(struct page *page, bool offline)
{
	unsigned int i;

	for (i = 0; i < VMW_BALLOON_2M_FRAMES; i++) {
		if (offline)
			__SetPageOffline(page + i);
		else
			__ClearPageOffline(page + i);
	}
}

/**
 * bbd_requeue() - put pages on the balloon's lists without counting them
 * @b: the balloon
 * @ctl: the pages, on @ctl->pages; the list is empty on return
 *
 * For pages that were taken off the lists to be released and were not:
 * their frames never left @b->size.  bbd_enqueue() counts first and then
 * comes here with 2 MiB pages.  4 KiB pages go to balloon compaction,
 * 2 MiB ones to the private list.
 *
 * A 4 KiB page taken off the list may still be locked for a moment by
 * compaction, which tries the lock of a page it saw movable before the
 * dequeue: balloon_page_list_enqueue() would BUG on it, so each page is
 * locked here, waiting for compaction to let go, before it goes back.
 *
 * Context: process context (may sleep); takes @b->b_dev_info.pages_lock
 * or @b->huge_lock.
 */
static void bbd_requeue(struct bbd *b, struct bbd_ctl *ctl)
{
	struct page *page, *tmp;
	unsigned long flags;

	atomic64_add((u64)ctl->n_pages * bbd_page_frames(ctl->size),
		     &b->list_frames);
	if (ctl->size == BBD_4K) {
		list_for_each_entry_safe(page, tmp, &ctl->pages, lru) {
			list_del(&page->lru);
			lock_page(page);
			spin_lock_irqsave(&b->b_dev_info.pages_lock, flags);
			balloon_page_insert(&b->b_dev_info, page);
			spin_unlock_irqrestore(&b->b_dev_info.pages_lock,
					       flags);
			unlock_page(page);
		}
		count_vm_events(BALLOON_INFLATE, ctl->n_pages);
	} else {
		/* As the stock driver: kdump and /proc/kcore skip them. */
		list_for_each_entry(page, &ctl->pages, lru)
			bbd_mark_huge(page, true);
		count_vm_events(BALLOON_INFLATE,
				ctl->n_pages * VMW_BALLOON_2M_FRAMES);
		spin_lock_irqsave(&b->huge_lock, flags);
		list_splice_init(&ctl->pages, &b->huge_pages);
		spin_unlock_irqrestore(&b->huge_lock, flags);
	}
	ctl->n_pages = 0;
}

/**
 * bbd_enqueue() - add pages the host accepted to the balloon
 * @b: the balloon
 * @ctl: the locked pages, on @ctl->pages; the list is empty on return
 *
 * New 4 KiB pages go in with balloon_page_list_enqueue(), one lock of
 * the list for the batch: compaction tries the lock of movable pages
 * only, and these were never on the list, so none can be held and the
 * per-page locking of bbd_requeue() would only cost time.
 *
 * Context: the work item, @b->conf_sem held for reading; takes the list
 * locks.
 */
static void bbd_enqueue(struct bbd *b, struct bbd_ctl *ctl)
{
	atomic64_add((u64)ctl->n_pages * bbd_page_frames(ctl->size), &b->size);
	if (ctl->size != BBD_4K) {
		bbd_requeue(b, ctl);
		return;
	}
	atomic64_add(ctl->n_pages, &b->list_frames);
	balloon_page_list_enqueue(&b->b_dev_info, &ctl->pages);
	ctl->n_pages = 0;
}

/**
 * bbd_split_refused() - turn refused 2 MiB pages into 4 KiB candidates
 * @b: the balloon
 * @ctl: the inflate, about to drop from 2 MiB to 4 KiB pages
 *
 * A 2 MiB page the host refuses is usually refused for a few of its
 * frames only.  Split, its pieces go to @ctl->prealloc, which the 4 KiB
 * rounds offer the host first: most of those frames are fine on their own.
 *
 * Context: the work item, @b->conf_sem held for reading.
 */
static void bbd_split_refused(struct bbd *b, struct bbd_ctl *ctl)
{
	struct page *page, *tmp;
	unsigned int i;

	list_for_each_entry_safe(page, tmp, &ctl->refused, lru) {
		list_del(&page->lru);
		split_page(page, VMW_BALLOON_2M_ORDER);
		for (i = 0; i < VMW_BALLOON_2M_FRAMES; i++)
			list_add(&page[i].lru, &ctl->prealloc);
		ctl->n_prealloc += VMW_BALLOON_2M_FRAMES;
	}
	ctl->n_refused = 0;
}

/**
 * bbd_release_refused() - give the guest back what an inflate did not use
 * @b: the balloon
 * @ctl: the inflate, at its end
 *
 * Refused pages are held until the cycle ends so that the allocator cannot
 * hand them out again in the meantime; the 4 KiB pieces left on
 * @ctl->prealloc go back too.
 *
 * Context: the work item, @b->conf_sem held for reading.
 */
static void bbd_release_refused(struct bbd *b, struct bbd_ctl *ctl)
{
	bbd_free_list(&ctl->refused, ctl->size);
	/* As the stock driver, errFree counts releases, not pages. */
	if (ctl->n_refused)
		bbd_page_stat_add(b, BBD_PAGE_STAT_REFUSED_FREE, ctl->size, 1);
	ctl->n_refused = 0;
	bbd_free_list(&ctl->prealloc, BBD_4K);
	ctl->n_prealloc = 0;
}

/**
 * bbd_extra_work() - spin for work_ns_per_page per frame
 * @frames: 4 KiB frames in the batch about to be locked
 *
 * One spin per batch, on the kernel's clock, so that the slowdown is the
 * parameter times the frames and nothing more: a delay per page would add
 * its own call overhead, and ndelay() rounds.  Under QEMU's -icount the
 * clock is the guest's instruction count, so the spin is virtual time too.
 */
static void bbd_extra_work(u64 frames)
{
	u64 until;

	if (!work_ns_per_page)
		return;
	until = ktime_get_ns() + frames * work_ns_per_page;
	while (ktime_get_ns() < until)
		cpu_relax();
}

/**
 * bbd_max_refused() - refusals that end an inflate at one page size
 * @b: the balloon, with a mode picked
 *
 * Batched modes allow BBD_MAX_REFUSED, as the stock driver does; single
 * mode allows the single_refusals parameter, 1 by default.
 *
 * Return: the limit, from 1 to BBD_MAX_REFUSED.
 */
static unsigned int bbd_max_refused(struct bbd *b)
{
	if (b->ops->caps & VMW_BALLOON_CAP_BATCHED)
		return BBD_MAX_REFUSED;
	return clamp(single_refusals, 1U, BBD_MAX_REFUSED);
}

/**
 * bbd_inflate() - allocate pages and lock them until the target is reached
 * @b: the balloon
 *
 * Starts with the largest page size of the mode and drops to 4 KiB when a
 * 2 MiB allocation fails or the host refuses bbd_max_refused() pages; at
 * 4 KiB either of those ends the cycle, as does any failed call.
 *
 * Return: frames this cycle locked (the balloon's size may meanwhile have
 * shrunk: the shrinker and migration run alongside).
 */
static u64 bbd_inflate(struct bbd *b)
{
	struct bbd_ctl ctl = {
		.pages = LIST_HEAD_INIT(ctl.pages),
		.refused = LIST_HEAD_INIT(ctl.refused),
		.prealloc = LIST_HEAD_INIT(ctl.prealloc),
		.size = b->ops->max_size,
		.block_order = min_t(unsigned int, READ_ONCE(block_order),
				     VMW_BALLOON_2M_ORDER),
	};
	u64 locked = 0, need, t;
	unsigned int frames, want, got;
	unsigned long status;
	bool alloc_failed;

	lockdep_assert_held(&b->conf_sem);
	while ((need = bbd_frames_to_inflate(b))) {
		frames = bbd_page_frames(ctl.size);
		want = min_t(u64, DIV_ROUND_UP(need, frames), b->batch_max);
		alloc_failed = false;
		t = bbd_hist_start();
		while (ctl.n_pages < want) {
			got = bbd_alloc_pages(b, &ctl, want - ctl.n_pages);
			if (!got) {
				alloc_failed = true;
				break;
			}
			ctl.n_pages += got;
			/*
			 * A batch of 2 MiB pages is up to 1 GiB of zeroing:
			 * let the guest run between pages, not only between
			 * batches as the stock driver does.
			 */
			if (ctl.size == BBD_2M)
				cond_resched();
		}
		/* The batch is timed as one: a sample per page, their mean. */
		bbd_hist_end_n(b, ctl.size == BBD_2M ? BBD_HIST_ALLOC_2M :
			       BBD_HIST_ALLOC_4K, t, ctl.n_pages);
		if (ctl.n_pages) {
			unsigned int before = ctl.n_refused;
			bool taken;

			bbd_extra_work(ctl.n_pages * bbd_page_frames(ctl.size));
			status = b->ops->lock(b, &ctl, BBD_LOCK);
			bbd_page_stat_add(b, BBD_PAGE_STAT_REFUSED_ALLOC,
					  ctl.size, ctl.n_refused - before);
			taken = ctl.n_pages;
			locked += (u64)ctl.n_pages * bbd_page_frames(ctl.size);
			bbd_enqueue(b, &ctl);
			bbd_note_status(b, status, taken);
			if (status != VMW_BALLOON_SUCCESS)
				break;
		}
		if (alloc_failed || ctl.n_refused >= bbd_max_refused(b)) {
			if (ctl.size == BBD_4K)
				break;
			bbd_split_refused(b, &ctl);
			ctl.size = BBD_4K;
		}
		cond_resched();
	}
	bbd_release_refused(b, &ctl);
	return locked;
}

/**
 * bbd_dequeue() - take pages out of the balloon's lists
 * @b: the balloon
 * @ctl: receives the pages, of size @ctl->size, on @ctl->pages
 * @n: the most pages to take
 *
 * @b->size is left alone: the caller subtracts what the host released and
 * requeues the rest.  4 KiB pages that compaction holds are skipped, so
 * fewer than @n may come back with more still in the balloon.
 *
 * Context: the work item, the shrinker, a reset or module unload, with
 * @b->conf_sem held; takes @b->b_dev_info.pages_lock (inside
 * balloon_page_list_dequeue()) or @b->huge_lock.
 */
static void bbd_dequeue(struct bbd *b, struct bbd_ctl *ctl, unsigned int n)
{
	struct page *page, *tmp;
	unsigned long flags;

	if (ctl->size == BBD_4K) {
		ctl->n_pages = balloon_page_list_dequeue(&b->b_dev_info,
							 &ctl->pages, n);
		atomic64_sub(ctl->n_pages, &b->list_frames);
		return;
	}
	spin_lock_irqsave(&b->huge_lock, flags);
	list_for_each_entry_safe(page, tmp, &b->huge_pages, lru) {
		if (ctl->n_pages == n)
			break;
		list_move(&page->lru, &ctl->pages);
		ctl->n_pages++;
	}
	spin_unlock_irqrestore(&b->huge_lock, flags);
	list_for_each_entry(page, &ctl->pages, lru)
		bbd_mark_huge(page, false);
	atomic64_sub((u64)ctl->n_pages * VMW_BALLOON_2M_FRAMES,
		     &b->list_frames);
	count_vm_events(BALLOON_DEFLATE, ctl->n_pages * VMW_BALLOON_2M_FRAMES);
}

/**
 * bbd_deflate() - unlock and free pages
 * @b: the balloon
 * @n_frames: frames to release
 * @from_shrinker: the guest's shrinker asked: count the release as a shrink
 *
 * 4 KiB pages go first; 2 MiB pages follow only while whole 2 MiB pages
 * fit in what is left to release, so the balloon never undershoots.  Pages
 * the host will not release go back into the balloon.
 *
 * Return: frames released.
 */
static u64 bbd_deflate(struct bbd *b, u64 n_frames, bool from_shrinker)
{
	struct bbd_ctl ctl = {
		.pages = LIST_HEAD_INIT(ctl.pages),
		.refused = LIST_HEAD_INIT(ctl.refused),
		.prealloc = LIST_HEAD_INIT(ctl.prealloc),
		.size = BBD_4K,
	};
	u64 released = 0;
	unsigned int want, frames;
	unsigned long status;
	bool taken;

	lockdep_assert_held(&b->conf_sem);
	while (released < n_frames && !READ_ONCE(b->reset_required)) {
		frames = bbd_page_frames(ctl.size);
		/* Under pressure more is fine; toward a target, never less. */
		want = from_shrinker ?
		       DIV_ROUND_UP_ULL(n_frames - released, frames) :
		       (n_frames - released) / frames;
		want = min_t(u64, want, b->batch_max);
		if (want)
			bbd_dequeue(b, &ctl, want);
		if (ctl.n_pages) {
			status = b->ops->lock(b, &ctl, BBD_UNLOCK);
			taken = ctl.n_pages;
			/* The dequeue helper finalized the 4 KiB pages. */
			bbd_free_list(&ctl.pages, ctl.size);
			released += (u64)ctl.n_pages * frames;
			atomic64_sub((u64)ctl.n_pages * frames, &b->size);
			bbd_page_stat_add(b, BBD_PAGE_STAT_FREE, ctl.size,
					  ctl.n_pages);
			if (from_shrinker)
				bbd_stat_add(b, BBD_STAT_SHRINK_FREE,
					     (u64)ctl.n_pages * frames);
			ctl.n_pages = 0;
			/* Unreleased pages stay ballooned, and counted. */
			if (ctl.n_refused) {
				list_splice_init(&ctl.refused, &ctl.pages);
				ctl.n_pages = ctl.n_refused;
				ctl.n_refused = 0;
				bbd_requeue(b, &ctl);
				want = 0;
			}
			bbd_note_status(b, status, taken);
			if (status != VMW_BALLOON_SUCCESS)
				break;
			if (want)
				continue;
		}
		/* Out of pages of this size, or refused: try 2 MiB, then stop. */
		if (ctl.size == BBD_2M || b->ops->max_size == BBD_4K)
			break;
		ctl.size = BBD_2M;
	}
	return released;
}

/**
 * bbd_frames_to_deflate() - how far the balloon is above its target
 * @b: the balloon
 *
 * Nothing while a reset is pending or the host is busy.  Less than a
 * 2 MiB page above a non-zero target is left alone, as in the stock
 * driver: an inflate in 2 MiB pages overshoots by up to that much, and
 * that is close enough.
 *
 * Context: the work item, @b->conf_sem held for reading.
 *
 * Return: frames to release; 0 when none.
 */
static u64 bbd_frames_to_deflate(struct bbd *b)
{
	u64 size = atomic64_read(&b->size), target = READ_ONCE(b->target);

	if (READ_ONCE(b->reset_required) ||
	    time_before(jiffies, READ_ONCE(b->busy_until)))
		return 0;
	/* As the stock driver: a 2 MiB slack, unless the balloon empties. */
	if (target && size > target && size - target < VMW_BALLOON_2M_FRAMES)
		return 0;
	return size > target ? size - target : 0;
}

/**
 * bbd_has_pages() - whether the balloon still holds any page
 * @b: the balloon
 *
 * Counts 4 KiB pages isolated for migration too: bbd_pop() must wait for
 * them to come back before the balloon can be called empty.
 *
 * Context: takes @b->b_dev_info.pages_lock, then @b->huge_lock, one at a
 * time.
 *
 * Return: true when a page is on a list or away for migration.
 */
static bool bbd_has_pages(struct bbd *b)
{
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&b->b_dev_info.pages_lock, flags);
	any = !list_empty(&b->b_dev_info.pages) ||
	      b->b_dev_info.isolated_pages;
	spin_unlock_irqrestore(&b->b_dev_info.pages_lock, flags);
	spin_lock_irqsave(&b->huge_lock, flags);
	any = any || !list_empty(&b->huge_pages);
	spin_unlock_irqrestore(&b->huge_lock, flags);
	return any;
}

/**
 * bbd_pop() - give every page back to the guest without telling the host
 * @b: the balloon
 *
 * Works in batches of VMW_BALLOON_BATCH_MAX_ENTRIES pages with a
 * cond_resched() after each, as the stock driver does, and goes on until
 * the lists are empty and no page is away for migration: a page that
 * balloon_page_list_dequeue() could not lock, or that compaction had
 * isolated, is taken on a later round (@b->conf_sem, held for writing,
 * makes its migration fail and put it back).  Nothing may point into the
 * module once it is gone.
 *
 * Context: process context, @b->conf_sem held for writing.
 */
static void bbd_pop(struct bbd *b)
{
	struct bbd_ctl ctl = {
		.pages = LIST_HEAD_INIT(ctl.pages),
	};
	u64 frames;

	lockdep_assert_held_write(&b->conf_sem);
	while (bbd_has_pages(b)) {
		for (ctl.size = BBD_4K; ctl.size <= BBD_2M; ctl.size++) {
			ctl.n_pages = 0;
			bbd_dequeue(b, &ctl, VMW_BALLOON_BATCH_MAX_ENTRIES);
			/* The dequeue helper finalized the 4 KiB pages. */
			bbd_free_list(&ctl.pages, ctl.size);
			frames = (u64)ctl.n_pages * bbd_page_frames(ctl.size);
			atomic64_sub(min_t(u64, frames, atomic64_read(&b->size)),
				     &b->size);
			bbd_page_stat_add(b, BBD_PAGE_STAT_FREE, ctl.size,
					  ctl.n_pages);
		}
		cond_resched();
	}
	frames = atomic64_xchg(&b->size, 0);
	if (frames)
		pr_err("%llu frames counted in the balloon were on no list\n",
		       frames);
}

static void bbd_free_batch_page(struct bbd *b)
{
	if (b->batch)
		free_page((unsigned long)b->batch);
	b->batch = NULL;
}

/**
 * bbd_reset() - start over with the host
 * @b: the balloon
 *
 * Tears down the doorbell, returns every page to the guest (the host drops
 * them on START), negotiates capabilities, picks the mode, and announces
 * the guest type.  A failed START leaves @b->reset_required set, so the
 * next cycle tries again.
 */
static void bbd_reset(struct bbd *b)
{
	unsigned long status, caps;
	unsigned int i;

	down_write(&b->conf_sem);
	bbd_doorbell_cleanup(b);
	bbd_pop(b);
	b->ops = NULL;
	status = bbd_cmd(b, VMW_BALLOON_CMD_START, bbd_requested_caps(), 0,
			 &caps);
	if (status == VMW_BALLOON_SUCCESS)
		caps = VMW_BALLOON_CAP_BASIC;	/* a host without capabilities */
	else if (status != VMW_BALLOON_SUCCESS_WITH_CAPABILITIES)
		goto unlock;
	b->capabilities = caps;
	for (i = 0; i < bbd_nr_modes; i++) {
		if ((caps & bbd_modes[i]->caps) == bbd_modes[i]->caps) {
			b->ops = bbd_modes[i];
			break;
		}
	}
	if (!b->ops) {
		pr_err_once("host granted capabilities 0x%lx, none of this variant's modes\n",
			    caps);
		goto unlock;
	}
	if ((b->ops->caps & VMW_BALLOON_CAP_BATCHED) && !b->batch) {
		b->batch = (u64 *)get_zeroed_page(GFP_KERNEL);
		if (!b->batch) {
			b->ops = NULL;
			/* Tell the host we cannot use what it granted. */
			bbd_cmd(b, VMW_BALLOON_CMD_START, 0, 0, NULL);
			goto unlock;
		}
	}
	b->batch_max = clamp(batch_max, 1U, VMW_BALLOON_BATCH_MAX_ENTRIES);
	WRITE_ONCE(b->reset_required, false);
	bbd_stat_inc(b, BBD_STAT_RESET);
	pr_debug("mode %s, capabilities 0x%lx\n", b->ops->name, caps);
	bbd_doorbell_init(b);
	if (bbd_cmd(b, VMW_BALLOON_CMD_GUEST_ID, VMW_BALLOON_GUEST_LINUX, 0,
		    NULL) != VMW_BALLOON_SUCCESS)
		pr_err_once("failed to send guest ID to the host\n");
unlock:
	up_write(&b->conf_sem);
}

/**
 * bbd_get_target() - ask the host for the target
 * @b: the balloon
 *
 * The guest's page count is 64-bit only when the host granted 64-bit
 * targets; without that, a guest too big to name is not asked about.
 *
 * Return: true when the host answered; false leaves this cycle idle, as
 * in the stock driver, instead of working toward a target that may be old.
 */
static bool bbd_get_target(struct bbd *b)
{
	unsigned long limit = totalram_pages();

	if (!(b->capabilities & VMW_BALLOON_CAP_64_BIT_TARGET) &&
	    limit > U32_MAX)
		return false;
	return bbd_cmd(b, VMW_BALLOON_CMD_GET_TARGET, limit, 0, NULL) ==
	       VMW_BALLOON_SUCCESS;
}

/**
 * bbd_note_target_reached() - close the target the balloon has reached
 * @b: the balloon
 *
 * "Reached" is what the work cycle stops at: at or above the target by
 * less than a 2 MiB page, or empty for a zero target.  Records the time
 * since the target was first seen and clears @b->target_seen_ns, which
 * also lets adaptive polling slow down.
 *
 * Context: the work item, with no lock (a lost race loses one sample).
 */
static void bbd_note_target_reached(struct bbd *b)
{
	u64 size = atomic64_read(&b->size), target = READ_ONCE(b->target);
	u64 seen = READ_ONCE(b->target_seen_ns);

	if (!seen || size < target ||
	    (target && size >= target + VMW_BALLOON_2M_FRAMES) ||
	    (!target && size))
		return;
	WRITE_ONCE(b->target_seen_ns, 0);
	bbd_hist_add(b, BBD_HIST_TO_TARGET, ktime_get_ns() - seen);
}

/**
 * bbd_next_poll() - the delay before the next work cycle
 * @b: the balloon
 * @busy: the host answered ERROR_BUSY in this cycle, or its back-off was
 *	still running when the cycle began
 *
 * A busy host is asked again when its back-off ends, at once if it ended
 * while the cycle was still winding down (a cycle that stops on a busy
 * answer may free a batch's worth of pages first).  Without adaptive
 * polling the delay is the poll_ms parameter, kept in @b->poll_ms for
 * debugfs; the default second goes through round_jiffies_relative(), as
 * in the stock driver, so that the wakeup batches with other timers.
 * With it, the delay is @b->poll_ms as bbd_work() set it.
 *
 * Context: the work item.
 *
 * Return: the delay in jiffies.
 */
static unsigned long bbd_next_poll(struct bbd *b, bool busy)
{
	unsigned long now = jiffies, busy_until = READ_ONCE(b->busy_until);

	if (busy)
		return time_before(now, busy_until) ? busy_until - now : 0;
	if (!adaptive_poll || !poll_ms) {
		unsigned int ms = max(READ_ONCE(poll_ms), 1U);

		WRITE_ONCE(b->poll_ms, ms);
		return ms == 1000 ? round_jiffies_relative(HZ) :
				    msecs_to_jiffies(ms);
	}
	return msecs_to_jiffies(READ_ONCE(b->poll_ms));
}

/**
 * bbd_work() - the work cycle
 * @work: the work item of the balloon's dwork
 *
 * Runs a pending reset, asks the host for its target and inflates or
 * deflates toward it, then queues itself again; the doorbell may run it
 * early.  Inflate and deflate hold conf_sem for reading, so the
 * shrinker and migration can run alongside; only the reset and module
 * unload take it for writing.  The queue is freezable, so the balloon does
 * not move while the system is frozen for suspend or hibernation.
 *
 * Context: process context on system_freezable_wq; sleeps.
 */
static void bbd_work(struct work_struct *work)
{
	struct bbd *b = container_of(to_delayed_work(work), struct bbd, dwork);
	u64 start = bbd_hist_start(), moved = 0, n;
	unsigned long began = jiffies;
	bool target_open, target_known, busy;

	if (READ_ONCE(b->reset_required))
		bbd_reset(b);
	bbd_stat_inc(b, BBD_STAT_TIMER);
	target_known = bbd_get_target(b);

	down_read(&b->conf_sem);
	if (target_known && b->ops && !READ_ONCE(b->reset_required)) {
		n = bbd_frames_to_inflate(b);
		if (n) {
			moved = bbd_inflate(b);
		} else {
			n = bbd_frames_to_deflate(b);
			if (n)
				moved = bbd_deflate(b, n, false);
		}
	}
	up_read(&b->conf_sem);
	bbd_note_target_reached(b);

	bbd_hist_end(b, BBD_HIST_CYCLE, start);
	if (moved)
		bbd_hist_add(b, BBD_HIST_CYCLE_FRAMES, moved);
	/*
	 * Adaptive polling: come back soon while there is work left, but not
	 * for what the memory reserve declines: the guest's free memory, not
	 * the next poll, decides when that can go on.
	 */
	target_open = READ_ONCE(b->target_seen_ns) != 0 &&
		      (moved || !READ_ONCE(b->declined));
	if (adaptive_poll)
		WRITE_ONCE(b->poll_ms, target_open ? BBD_POLL_MIN_MS :
			   min(max(READ_ONCE(b->poll_ms), BBD_POLL_MIN_MS) * 2,
			       max(poll_ms, 1U)));
	busy = time_after(READ_ONCE(b->busy_until), began);
	queue_delayed_work(system_freezable_wq, &b->dwork,
			   bbd_next_poll(b, busy));
}

/**
 * bbd_shrinker_count() - what the shrinker could give back
 * @shrinker: the balloon's shrinker
 * @sc: the reclaim request (unused)
 *
 * Context: memory reclaim; reads the balloon's size without a lock.
 *
 * Return: the frames in the balloon, all of which can be released.
 */
static unsigned long bbd_shrinker_count(struct shrinker *shrinker,
					struct shrink_control *sc)
{
	struct bbd *b = container_of(shrinker, struct bbd, shrinker);

	return atomic64_read(&b->size);
}

/**
 * bbd_shrinker_scan() - deflate under guest memory pressure
 * @shrinker: the balloon's shrinker
 * @sc: the reclaim request; @sc->nr_to_scan is in frames
 *
 * Releases at least @sc->nr_to_scan frames if it can, then holds inflation
 * back for BBD_SHRINK_DELAY_MS so the work cycle does not take the memory
 * straight back.  Only a trylock on conf_sem: the reset holds it for
 * writing and may itself be reclaiming.
 *
 * Context: memory reclaim; never waits for conf_sem, and takes
 * comm_lock and the list locks as the deflate does.
 *
 * Return: frames released, or SHRINK_STOP when none were.
 */
static unsigned long bbd_shrinker_scan(struct shrinker *shrinker,
				       struct shrink_control *sc)
{
	struct bbd *b = container_of(shrinker, struct bbd, shrinker);
	u64 released;

	/* During a reset the pages are going back anyway. */
	if (!down_read_trylock(&b->conf_sem))
		return SHRINK_STOP;
	released = b->ops ? bbd_deflate(b, sc->nr_to_scan, true) : 0;
	bbd_stat_inc(b, BBD_STAT_SHRINK);
	up_read(&b->conf_sem);
	WRITE_ONCE(b->shrink_until,
		   jiffies + msecs_to_jiffies(BBD_SHRINK_DELAY_MS));
	return released ? released : SHRINK_STOP;
}

/**
 * bbd_register_shrinker() - register the shrinker if asked to
 * @b: the balloon
 *
 * Off by default, as in the stock driver.  @b->shrinker_registered tells
 * bbd_exit() whether there is one to unregister.
 *
 * Context: module load.
 *
 * Return: 0 when registered or not asked for, else register_shrinker()'s
 * error.
 */
static int bbd_register_shrinker(struct bbd *b)
{
	int ret;

	if (!shrinker_enable)
		return 0;
	b->shrinker.count_objects = bbd_shrinker_count;
	b->shrinker.scan_objects = bbd_shrinker_scan;
	b->shrinker.seeks = DEFAULT_SEEKS;
	ret = register_shrinker(&b->shrinker, "bb-balloon");
	b->shrinker_registered = !ret;
	return ret;
}

#ifdef CONFIG_BALLOON_COMPACTION
/**
 * bbd_migratepage() - move one ballooned 4 KiB page for compaction
 * @b_dev_info: the balloon's page list
 * @newpage: the page to balloon instead
 * @page: the ballooned page compaction wants
 * @mode: migration mode
 *
 * Unlocks @page and locks @newpage, one entry each.  If the host will not
 * release @page, nothing changes; if it released @page but refuses
 * @newpage, the balloon is one frame smaller.
 *
 * Return: MIGRATEPAGE_SUCCESS, -EAGAIN during a reset, -EBUSY otherwise.
 */
static int bbd_migratepage(struct balloon_dev_info *b_dev_info,
			   struct page *newpage, struct page *page,
			   enum migrate_mode mode)
{
	struct bbd *b = container_of(b_dev_info, struct bbd, b_dev_info);
	unsigned long status, flags;
	int ret = MIGRATEPAGE_SUCCESS;

	if (!down_read_trylock(&b->conf_sem))
		return -EAGAIN;
	if (!b->ops) {
		ret = -EAGAIN;
		goto out_unlock;
	}

	status = bbd_lock_one(b, page_to_pfn(page), BBD_UNLOCK);
	if (status != VMW_BALLOON_SUCCESS) {
		bbd_stat_inc(b, BBD_STAT_MIGRATE_FAIL);
		ret = -EBUSY;
		goto out_unlock;
	}
	balloon_page_finalize(page);
	put_page(page);

	status = bbd_lock_one(b, page_to_pfn(newpage), BBD_LOCK);
	if (status == VMW_BALLOON_SUCCESS) {
		get_page(newpage);
	} else {
		/* The old page is gone: the balloon is one page smaller. */
		bbd_stat_inc(b, BBD_STAT_MIGRATE_FAIL);
		atomic64_dec(&b->size);
		atomic64_dec(&b->list_frames);
		count_vm_event(BALLOON_DEFLATE);
		ret = -EBUSY;
	}
	spin_lock_irqsave(&b->b_dev_info.pages_lock, flags);
	if (status == VMW_BALLOON_SUCCESS) {
		balloon_page_insert(&b->b_dev_info, newpage);
		__count_vm_event(BALLOON_MIGRATE);
		bbd_stat_inc(b, BBD_STAT_MIGRATE);
	}
	b->b_dev_info.isolated_pages--;
	spin_unlock_irqrestore(&b->b_dev_info.pages_lock, flags);
out_unlock:
	up_read(&b->conf_sem);
	return ret;
}
#endif

/**
 * bbd_init() - set up the balloon and start the work cycle
 *
 * Description: nothing is said to the host here: the balloon starts with
 * a reset pending, so the first cycle, queued at once, negotiates.  A
 * missing debugfs only loses the statistics.
 *
 * Context: module load.
 *
 * Return: 0, -ENODEV outside VMware, or the shrinker's registration error.
 */
static int __init bbd_init(void)
{
	struct bbd *b = &balloon;
	int ret;

	if (x86_hyper_type != X86_HYPER_VMWARE)
		return -ENODEV;

	balloon_devinfo_init(&b->b_dev_info);
#ifdef CONFIG_BALLOON_COMPACTION
	b->b_dev_info.migratepage = bbd_migratepage;
#endif
	INIT_LIST_HEAD(&b->huge_pages);
	spin_lock_init(&b->huge_lock);
	spin_lock_init(&b->comm_lock);
	init_rwsem(&b->conf_sem);
	INIT_DELAYED_WORK(&b->dwork, bbd_work);
	b->doorbell = VMCI_INVALID_HANDLE;
	WRITE_ONCE(b->doorbell_state, "none yet");
	WRITE_ONCE(b->busy_backoff_ms, BBD_POLL_MIN_MS);
	WRITE_ONCE(b->poll_ms, max(poll_ms, 1U));
	WRITE_ONCE(b->shrink_until, jiffies);
	WRITE_ONCE(b->busy_until, jiffies);
	WRITE_ONCE(b->reset_required, true);
	ret = bbd_stats_init(b);
	if (ret)
		return ret;

	ret = bbd_register_shrinker(b);
	if (ret) {
		bbd_stats_exit(b);
		return ret;
	}
	bbd_debugfs_init(b);
	queue_delayed_work(system_freezable_wq, &b->dwork, 0);
	return 0;
}
module_init(bbd_init);

/**
 * bbd_exit() - stop the balloon and give every page back
 *
 * Description: the order matters.  The shrinker and the work cycle stop
 * first, then the doorbell and debugfs go, so nothing can call into the
 * module once it is gone.  START with no capabilities makes the host drop
 * every frame before the guest takes the pages back; the mode goes NULL
 * under conf_sem so that a late migration backs off before the batch page
 * is freed.
 *
 * Context: module unload; sleeps.
 */
static void __exit bbd_exit(void)
{
	struct bbd *b = &balloon;

	if (b->shrinker_registered)
		unregister_shrinker(&b->shrinker);
	/*
	 * The work first: a reset it ran after the doorbell went would
	 * create a new one, with its callback in this module.  A ring
	 * before the destroy may queue the work once more.
	 */
	cancel_delayed_work_sync(&b->dwork);
	down_write(&b->conf_sem);
	bbd_doorbell_cleanup(b);
	up_write(&b->conf_sem);
	cancel_delayed_work_sync(&b->dwork);
	bbd_debugfs_exit(b);

	/*
	 * START(0): the host drops every frame; the guest takes them back.
	 * conf_sem is held across both, so that no migration (it takes
	 * conf_sem for reading, or backs off) can lock a new page on the
	 * host after the START that bbd_pop() then frees; one that comes
	 * later finds no mode and backs off.
	 */
	down_write(&b->conf_sem);
	bbd_cmd(b, VMW_BALLOON_CMD_START, 0, 0, NULL);
	bbd_pop(b);
	b->ops = NULL;
	up_write(&b->conf_sem);
	bbd_free_batch_page(b);
	bbd_stats_exit(b);
}
module_exit(bbd_exit);

MODULE_AUTHOR("balloonbench");
MODULE_DESCRIPTION("balloonbench VMware balloon driver (" BBD_VARIANT_NAME ")");
MODULE_LICENSE("GPL");
#if BBD_HAVE_DOORBELL
MODULE_SOFTDEP("pre: vmw_vmci");
#endif
