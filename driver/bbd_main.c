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

static unsigned int poll_ms = 1000;
module_param(poll_ms, uint, 0644);
MODULE_PARM_DESC(poll_ms, "Poll the host every MS milliseconds (default 1000, as the stock driver)");

static bool adaptive_poll;
module_param(adaptive_poll, bool, 0644);
MODULE_PARM_DESC(adaptive_poll, "Poll again at once while the target is not reached, backing off to poll_ms (default off)");

static unsigned int batch_max = VMW_BALLOON_BATCH_MAX_ENTRIES;
module_param(batch_max, uint, 0444);
MODULE_PARM_DESC(batch_max, "Pages per batched call, 1-512 (default 512)");

static unsigned int work_ns_per_page;
module_param(work_ns_per_page, uint, 0644);
MODULE_PARM_DESC(work_ns_per_page, "Extra busy work per 4 KiB frame inflated, in ns (default 0): a known slowdown for validating regression gates");

static bool shrinker_enable;
module_param(shrinker_enable, bool, 0444);
MODULE_PARM_DESC(shrinker_enable, "Deflate under guest memory pressure (default off, as the stock driver)");

/* After a shrinker deflate, inflation waits this long (as the stock driver). */
#define BBD_SHRINK_DELAY_MS 5000
/* Fastest adaptive poll and first ERROR_BUSY back-off. */
#define BBD_POLL_MIN_MS 10

static struct bbd balloon;

static struct page *bbd_alloc_page(struct bbd_ctl *ctl)
{
	struct page *page;

	if (ctl->size == BBD_4K && ctl->n_prealloc) {
		page = list_first_entry(&ctl->prealloc, struct page, lru);
		list_del(&page->lru);
		ctl->n_prealloc--;
		return page;
	}
	if (ctl->size == BBD_4K)
		return balloon_page_alloc();
	/* No direct reclaim, no warnings, no reserves: 2M is best effort. */
	return alloc_pages((GFP_HIGHUSER | __GFP_NOWARN | __GFP_NOMEMALLOC) &
			   ~__GFP_RECLAIM, VMW_BALLOON_2M_ORDER);
}

static void bbd_free_page(struct page *page, enum bbd_page_size size)
{
	__free_pages(page, bbd_page_order(size));
}

/* Frames the balloon still has to take to reach the target (0: none). */
static u64 bbd_frames_to_inflate(struct bbd *b)
{
	u64 size = atomic64_read(&b->size), target = READ_ONCE(b->target);

	if (b->reset_required || time_before(jiffies, b->shrink_until) ||
	    time_before(jiffies, b->busy_until))
		return 0;
	return target > size ? target - size : 0;
}

/*
 * ERROR_BUSY holds the balloon back for a while that doubles with each busy
 * answer (up to the poll interval); any call the host takes resets it.
 */
static void bbd_note_status(struct bbd *b, unsigned long status)
{
	if (status == VMW_BALLOON_SUCCESS) {
		b->busy_backoff_ms = BBD_POLL_MIN_MS;
	} else if (status == VMW_BALLOON_ERROR_BUSY) {
		bbd_stat_inc(b, BBD_STAT_BUSY);
		b->busy_until = jiffies + msecs_to_jiffies(b->busy_backoff_ms);
		b->busy_backoff_ms = min(b->busy_backoff_ms * 2,
					 max(poll_ms, 1U));
	}
}

/* Hands accepted pages to the balloon's lists and counts them. */
static void bbd_enqueue(struct bbd *b, struct bbd_ctl *ctl)
{
	unsigned long flags;

	atomic64_add((u64)ctl->n_pages * bbd_page_frames(ctl->size), &b->size);
	if (ctl->size == BBD_4K) {
		balloon_page_list_enqueue(&b->b_dev_info, &ctl->pages);
	} else {
		spin_lock_irqsave(&b->huge_lock, flags);
		list_splice_init(&ctl->pages, &b->huge_pages);
		spin_unlock_irqrestore(&b->huge_lock, flags);
	}
	ctl->n_pages = 0;
}

/*
 * Refused 2 MiB pages are split into 4 KiB pages the 4 KiB rounds offer
 * the host first: most of those frames are fine on their own.
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

static void bbd_release_refused(struct bbd *b, struct bbd_ctl *ctl)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, &ctl->refused, lru) {
		list_del(&page->lru);
		bbd_free_page(page, ctl->size);
	}
	bbd_page_stat_add(b, BBD_PAGE_STAT_REFUSED_FREE, ctl->size,
			  ctl->n_refused);
	ctl->n_refused = 0;
	list_for_each_entry_safe(page, tmp, &ctl->prealloc, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
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
 * bbd_inflate() - allocate pages and lock them until the target is reached
 * @b: the balloon
 *
 * Starts with the largest page size of the mode and drops to 4 KiB when a
 * 2 MiB allocation fails or the host refuses BBD_MAX_REFUSED pages; at
 * 4 KiB either of those ends the cycle, as does any failed call.
 *
 * Return: frames added.
 */
static u64 bbd_inflate(struct bbd *b)
{
	struct bbd_ctl ctl = {
		.pages = LIST_HEAD_INIT(ctl.pages),
		.refused = LIST_HEAD_INIT(ctl.refused),
		.prealloc = LIST_HEAD_INIT(ctl.prealloc),
		.size = b->ops->max_size,
	};
	u64 start_size = atomic64_read(&b->size), need;
	unsigned int frames, want;
	unsigned long status;
	bool alloc_failed;
	struct page *page;

	while ((need = bbd_frames_to_inflate(b))) {
		frames = bbd_page_frames(ctl.size);
		want = min_t(u64, DIV_ROUND_UP(need, frames), b->batch_max);
		alloc_failed = false;
		while (ctl.n_pages < want) {
			u64 t = bbd_hist_start();

			page = bbd_alloc_page(&ctl);
			if (!page) {
				bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC_FAIL,
						  ctl.size, 1);
				alloc_failed = true;
				break;
			}
			bbd_hist_end(b, ctl.size == BBD_2M ? BBD_HIST_ALLOC_2M :
					BBD_HIST_ALLOC_4K, t);
			bbd_page_stat_add(b, BBD_PAGE_STAT_ALLOC, ctl.size, 1);
			list_add(&page->lru, &ctl.pages);
			ctl.n_pages++;
			/*
			 * A batch of 2 MiB pages is up to 1 GiB of zeroing:
			 * let the guest run between pages, not only between
			 * batches as the stock driver does.
			 */
			if (ctl.size == BBD_2M)
				cond_resched();
		}
		if (ctl.n_pages) {
			unsigned int before = ctl.n_refused;

			bbd_extra_work(ctl.n_pages * bbd_page_frames(ctl.size));
			status = b->ops->lock(b, &ctl, true);
			bbd_page_stat_add(b, BBD_PAGE_STAT_REFUSED_ALLOC,
					  ctl.size, ctl.n_refused - before);
			bbd_enqueue(b, &ctl);
			bbd_note_status(b, status);
			if (status != VMW_BALLOON_SUCCESS)
				break;
		}
		if (alloc_failed || ctl.n_refused >= BBD_MAX_REFUSED) {
			if (ctl.size == BBD_4K)
				break;
			bbd_split_refused(b, &ctl);
			ctl.size = BBD_4K;
		}
		cond_resched();
	}
	bbd_release_refused(b, &ctl);
	return atomic64_read(&b->size) - start_size;
}

/* Takes up to @n pages of @size out of the balloon onto @ctl->pages. */
static void bbd_dequeue(struct bbd *b, struct bbd_ctl *ctl, unsigned int n)
{
	struct page *page, *tmp;
	unsigned long flags;

	if (ctl->size == BBD_4K) {
		ctl->n_pages = balloon_page_list_dequeue(&b->b_dev_info,
							 &ctl->pages, n);
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
}

/**
 * bbd_deflate() - unlock and free pages
 * @b: the balloon
 * @n_frames: frames to release
 * @coordinated: count the release as a shrink
 *
 * 4 KiB pages go first; 2 MiB pages follow only while whole 2 MiB pages
 * fit in what is left to release, so the balloon never undershoots.  Pages
 * the host will not release go back into the balloon.
 *
 * Return: frames released.
 */
static u64 bbd_deflate(struct bbd *b, u64 n_frames, bool coordinated)
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
	struct page *page, *tmp;

	while (released < n_frames && !b->reset_required) {
		frames = bbd_page_frames(ctl.size);
		/* Under pressure more is fine; toward a target, never less. */
		want = coordinated ?
		       DIV_ROUND_UP_ULL(n_frames - released, frames) :
		       (n_frames - released) / frames;
		want = min_t(u64, want, b->batch_max);
		if (want)
			bbd_dequeue(b, &ctl, want);
		if (ctl.n_pages) {
			status = b->ops->lock(b, &ctl, false);
			list_for_each_entry_safe(page, tmp, &ctl.pages, lru) {
				list_del(&page->lru);
				if (ctl.size == BBD_4K)
					balloon_page_finalize(page);
				bbd_free_page(page, ctl.size);
			}
			released += (u64)ctl.n_pages * frames;
			atomic64_sub((u64)ctl.n_pages * frames, &b->size);
			bbd_page_stat_add(b, BBD_PAGE_STAT_FREE, ctl.size,
					  ctl.n_pages);
			if (coordinated)
				atomic64_add((u64)ctl.n_pages * frames,
					     &b->stats.general[BBD_STAT_SHRINK_FREE]);
			ctl.n_pages = 0;
			/* Unreleased pages stay ballooned. */
			if (ctl.n_refused) {
				list_splice_init(&ctl.refused, &ctl.pages);
				ctl.n_pages = ctl.n_refused;
				ctl.n_refused = 0;
				atomic64_add((u64)ctl.n_pages * frames, &b->size);
				bbd_enqueue(b, &ctl);
				want = 0;
			}
			bbd_note_status(b, status);
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

/* Frames to release toward the target (0: none). */
static u64 bbd_frames_to_deflate(struct bbd *b)
{
	u64 size = atomic64_read(&b->size), target = READ_ONCE(b->target);

	if (b->reset_required || time_before(jiffies, b->busy_until))
		return 0;
	return size > target ? size - target : 0;
}

/* Gives every page back to the guest without telling the host. */
static void bbd_pop(struct bbd *b)
{
	struct bbd_ctl ctl = {
		.pages = LIST_HEAD_INIT(ctl.pages),
		.size = BBD_4K,
	};
	struct page *page, *tmp;

	do {
		ctl.n_pages = 0;
		bbd_dequeue(b, &ctl, UINT_MAX);
		list_for_each_entry_safe(page, tmp, &ctl.pages, lru) {
			list_del(&page->lru);
			if (ctl.size == BBD_4K)
				balloon_page_finalize(page);
			bbd_free_page(page, ctl.size);
		}
		bbd_page_stat_add(b, BBD_PAGE_STAT_FREE, ctl.size, ctl.n_pages);
		ctl.size++;
	} while (ctl.size <= BBD_2M);
	atomic64_set(&b->size, 0);
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
	b->batch_max = b->ops->caps & VMW_BALLOON_CAP_BATCHED ?
		       clamp(batch_max, 1U, VMW_BALLOON_BATCH_MAX_ENTRIES) : 1;
	b->reset_required = false;
	bbd_stat_inc(b, BBD_STAT_RESET);
	pr_debug("mode %s, capabilities 0x%lx\n", b->ops->name, caps);
	bbd_doorbell_init(b);
	if (bbd_cmd(b, VMW_BALLOON_CMD_GUEST_ID, VMW_BALLOON_GUEST_LINUX, 0,
		    NULL) != VMW_BALLOON_SUCCESS)
		pr_err_once("failed to send guest ID to the host\n");
unlock:
	up_write(&b->conf_sem);
}

/* The frame count is 64-bit only when the host granted 64-bit targets. */
static void bbd_get_target(struct bbd *b)
{
	unsigned long limit = totalram_pages();

	if (!(b->capabilities & VMW_BALLOON_CAP_64_BIT_TARGET) &&
	    limit > U32_MAX)
		return;
	bbd_cmd(b, VMW_BALLOON_CMD_GET_TARGET, limit, 0, NULL);
}

/* Records how long the balloon took from seeing a target to reaching it. */
static void bbd_note_target_reached(struct bbd *b)
{
	u64 size = atomic64_read(&b->size), target = READ_ONCE(b->target);
	u64 seen = b->target_seen_ns;

	if (!seen || size < target ||
	    (target && size >= target + VMW_BALLOON_2M_FRAMES) ||
	    (!target && size))
		return;
	b->target_seen_ns = 0;
	if (static_branch_likely(&bbd_instrumented))
		bbd_hist_add(b, BBD_HIST_TO_TARGET, ktime_get_ns() - seen);
}

static unsigned long bbd_next_poll(struct bbd *b, bool busy)
{
	unsigned long now = jiffies;

	if (busy && time_before(now, b->busy_until))
		return b->busy_until - now;
	if (!adaptive_poll || !poll_ms) {
		b->poll_ms = max(poll_ms, 1U);
		return b->poll_ms == 1000 ? round_jiffies_relative(HZ) :
					    msecs_to_jiffies(b->poll_ms);
	}
	return msecs_to_jiffies(b->poll_ms);
}

static void bbd_work(struct work_struct *work)
{
	struct bbd *b = container_of(to_delayed_work(work), struct bbd, dwork);
	u64 start = bbd_hist_start(), moved = 0, n;
	bool target_open;

	if (b->reset_required)
		bbd_reset(b);
	bbd_stat_inc(b, BBD_STAT_TIMER);
	bbd_get_target(b);

	down_read(&b->conf_sem);
	if (b->ops && !b->reset_required) {
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

	if (static_branch_likely(&bbd_instrumented)) {
		bbd_hist_end(b, BBD_HIST_CYCLE, start);
		if (moved)
			bbd_hist_add(b, BBD_HIST_CYCLE_FRAMES, moved);
	}
	/* Adaptive polling: come back soon while there is work left. */
	target_open = b->target_seen_ns != 0;
	if (adaptive_poll)
		b->poll_ms = target_open ? BBD_POLL_MIN_MS :
			     min(max(b->poll_ms, BBD_POLL_MIN_MS) * 2,
				 max(poll_ms, 1U));
	queue_delayed_work(system_freezable_wq, &b->dwork,
			   bbd_next_poll(b, time_before(jiffies, b->busy_until)));
}

static unsigned long bbd_shrinker_count(struct shrinker *shrinker,
					struct shrink_control *sc)
{
	struct bbd *b = container_of(shrinker, struct bbd, shrinker);

	return atomic64_read(&b->size);
}

/* Deflates under guest memory pressure, then holds inflation back. */
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

	status = bbd_lock_one(b, page_to_pfn(page), false);
	if (status != VMW_BALLOON_SUCCESS) {
		bbd_stat_inc(b, BBD_STAT_MIGRATE_FAIL);
		ret = -EBUSY;
		goto out_unlock;
	}
	balloon_page_finalize(page);
	put_page(page);

	status = bbd_lock_one(b, page_to_pfn(newpage), true);
	if (status == VMW_BALLOON_SUCCESS) {
		get_page(newpage);
	} else {
		bbd_stat_inc(b, BBD_STAT_MIGRATE_FAIL);
		atomic64_dec(&b->size);
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
	spin_lock_init(&b->stats.lock);
	init_rwsem(&b->conf_sem);
	INIT_DELAYED_WORK(&b->dwork, bbd_work);
	b->doorbell = VMCI_INVALID_HANDLE;
	b->doorbell_state = "none yet";
	b->busy_backoff_ms = BBD_POLL_MIN_MS;
	b->poll_ms = max(poll_ms, 1U);
	b->shrink_until = b->busy_until = jiffies;
	b->reset_required = true;
	bbd_stats_reset(b);

	ret = bbd_register_shrinker(b);
	if (ret)
		return ret;
	bbd_debugfs_init(b);
	queue_delayed_work(system_freezable_wq, &b->dwork, 0);
	return 0;
}
module_init(bbd_init);

static void __exit bbd_exit(void)
{
	struct bbd *b = &balloon;

	if (b->shrinker_registered)
		unregister_shrinker(&b->shrinker);
	down_write(&b->conf_sem);
	bbd_doorbell_cleanup(b);
	up_write(&b->conf_sem);
	cancel_delayed_work_sync(&b->dwork);
	bbd_debugfs_exit(b);

	/* START(0): the host drops every frame; the guest takes them back. */
	bbd_cmd(b, VMW_BALLOON_CMD_START, 0, 0, NULL);
	down_write(&b->conf_sem);
	bbd_pop(b);
	up_write(&b->conf_sem);
	bbd_free_batch_page(b);
}
module_exit(bbd_exit);

MODULE_AUTHOR("balloonbench");
MODULE_DESCRIPTION("balloonbench VMware balloon driver (" BBD_VARIANT_NAME ")");
MODULE_LICENSE("GPL");
#if BBD_HAVE_DOORBELL
MODULE_SOFTDEP("pre: vmw_vmci");
#endif
