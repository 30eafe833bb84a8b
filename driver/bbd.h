/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * balloonbench driver (bbd): a VMware balloon driver built in variants.
 *
 * Kbuild compiles the same sources once per variant with these switches:
 *   BBD_HAVE_SINGLE   one 4 KiB page per LOCK/UNLOCK call
 *   BBD_HAVE_BATCH4K  batches of up to 512 4 KiB pages
 *   BBD_HAVE_BATCH2M  batches of up to 512 2 MiB pages, 4 KiB fallback
 *   BBD_HAVE_DOORBELL the VMCI doorbell instead of (on top of) polling
 * A variant compiles in only the ops tables it names; bb_auto has all of
 * them and picks the best one the host grants, once per reset.
 */
#ifndef BBD_H
#define BBD_H

#include <linux/atomic.h>
#include <linux/balloon_compaction.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/rwsem.h>
#include <linux/sched/clock.h>
#include <linux/shrinker.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vmw_vmci_defs.h>
#include <linux/workqueue.h>

#include "vmw_balloon_proto.h"

#ifndef BBD_HAVE_SINGLE
#define BBD_HAVE_SINGLE 0
#endif
#ifndef BBD_HAVE_BATCH4K
#define BBD_HAVE_BATCH4K 0
#endif
#ifndef BBD_HAVE_BATCH2M
#define BBD_HAVE_BATCH2M 0
#endif
#ifndef BBD_HAVE_DOORBELL
#define BBD_HAVE_DOORBELL 0
#endif

#if !(BBD_HAVE_SINGLE || BBD_HAVE_BATCH4K || BBD_HAVE_BATCH2M)
#error "a bbd variant needs at least one page mode"
#endif

/* The host refused this many pages in one inflate: stop, or drop to 4 KiB. */
#define BBD_MAX_REFUSED 16

enum bbd_page_size {
	BBD_4K,
	BBD_2M,
	BBD_PAGE_SIZE_LAST = BBD_2M,
};

#define BBD_PAGE_SIZE_NUM (BBD_PAGE_SIZE_LAST + 1)

extern const char *const bbd_page_size_names[BBD_PAGE_SIZE_NUM];

static inline unsigned int bbd_page_order(enum bbd_page_size size)
{
	return size == BBD_2M ? VMW_BALLOON_2M_ORDER : 0;
}

static inline unsigned int bbd_page_frames(enum bbd_page_size size)
{
	return 1U << bbd_page_order(size);
}

/* Counters, with the stock driver's debugfs names where it has them. */
enum bbd_stat {
	BBD_STAT_TIMER,
	BBD_STAT_DOORBELL,
	BBD_STAT_RESET,
	BBD_STAT_SHRINK,
	BBD_STAT_SHRINK_FREE,
	BBD_STAT_BUSY,
	BBD_STAT_MIGRATE,
	BBD_STAT_MIGRATE_FAIL,
	BBD_STAT_RESERVE,
	BBD_STAT_LAST = BBD_STAT_RESERVE,
};

#define BBD_STAT_NUM (BBD_STAT_LAST + 1)

enum bbd_page_stat {
	BBD_PAGE_STAT_ALLOC,
	BBD_PAGE_STAT_ALLOC_FAIL,
	BBD_PAGE_STAT_REFUSED_ALLOC,
	BBD_PAGE_STAT_REFUSED_FREE,
	BBD_PAGE_STAT_FREE,
	BBD_PAGE_STAT_LAST = BBD_PAGE_STAT_FREE,
};

#define BBD_PAGE_STAT_NUM (BBD_PAGE_STAT_LAST + 1)

/* Latency and size histograms: power-of-two buckets. */
enum bbd_hist {
	BBD_HIST_CMD_FIRST,
	BBD_HIST_CMD_LAST = BBD_HIST_CMD_FIRST + VMW_BALLOON_CMD_LAST,
	BBD_HIST_ALLOC_4K,
	BBD_HIST_ALLOC_2M,
	BBD_HIST_CYCLE,
	BBD_HIST_CYCLE_FRAMES,
	BBD_HIST_TO_TARGET,
	BBD_HIST_LAST = BBD_HIST_TO_TARGET,
};

#define BBD_HIST_NUM (BBD_HIST_LAST + 1)
#define BBD_HIST_BUCKETS 64

/**
 * struct bbd_hist_data - one histogram
 * @count: samples
 * @sum: their sum
 * @min: smallest sample
 * @max: largest sample
 * @buckets: bucket i counts samples in [2^(i-1), 2^i), bucket 0 counts 0
 */
struct bbd_hist_data {
	u64 count;
	u64 sum;
	u64 min;
	u64 max;
	u64 buckets[BBD_HIST_BUCKETS];
};

/**
 * struct bbd_counts - plain counters, all u64, so that a reader can sum
 *	them over the CPUs as one array
 * @cmd: calls per command
 * @cmd_fail: failed calls per command
 * @general: enum bbd_stat counters
 * @page: enum bbd_page_stat counters per page size
 */
struct bbd_counts {
	u64 cmd[VMW_BALLOON_CMD_NUM];
	u64 cmd_fail[VMW_BALLOON_CMD_NUM];
	u64 general[BBD_STAT_NUM];
	u64 page[BBD_PAGE_STAT_NUM][BBD_PAGE_SIZE_NUM];
};

/**
 * struct bbd_counters - one CPU's share of everything counted
 * @counts: the counters
 * @hist: the histograms
 *
 * Counters change with this_cpu_add(), safe from any context; histograms
 * change with preemption off, from process context only.  Readers sum the
 * CPUs without a lock, so a read or a reset during a cycle may see part of
 * an update.
 */
struct bbd_counters {
	struct bbd_counts counts;
	struct bbd_hist_data hist[BBD_HIST_NUM];
};

struct bbd;

/**
 * struct bbd_ctl - pages on their way into or out of the balloon
 * @pages: pages to lock or unlock; on return the ones that succeeded
 * @refused: pages the host refused (lock) or would not release (unlock)
 * @prealloc: 4 KiB pages already allocated and not yet offered (pieces of
 *	split refused 2 MiB pages, the rest of a single-page run), used
 *	before new allocations and freed at the end of the cycle
 * @n_pages: entries on @pages
 * @n_refused: entries on @refused
 * @n_prealloc: entries on @prealloc
 * @size: page size of @pages and @refused
 * @block_order: the largest block a 4 KiB inflate allocates and splits;
 *	lowered when a block of that order is not to be had
 */
struct bbd_ctl {
	struct list_head pages;
	struct list_head refused;
	struct list_head prealloc;
	unsigned int n_pages;
	unsigned int n_refused;
	unsigned int n_prealloc;
	enum bbd_page_size size;
	unsigned int block_order;
};

/* What a call does with the pages it names. */
enum bbd_op {
	BBD_LOCK,
	BBD_UNLOCK,
};

/**
 * struct bbd_ops - one way of talking to the host
 * @name: "single", "batch4k" or "batch2m"
 * @caps: capabilities this mode needs granted
 * @max_size: the largest page size it balloons
 * @lock: lock (@op BBD_LOCK) or unlock (BBD_UNLOCK) @ctl->pages of size
 *	@ctl->size; moves the pages the host refused to @ctl->refused.
 *	Returns the call status
 *	(non-zero: every page not yet done failed and moved to @ctl->refused;
 *	a single-page lock run moves the pages it did not try to
 *	@ctl->prealloc instead).
 */
struct bbd_ops {
	const char *name;
	u32 caps;
	enum bbd_page_size max_size;
	unsigned long (*lock)(struct bbd *b, struct bbd_ctl *ctl,
			      enum bbd_op op);
};

/**
 * struct bbd - the balloon
 * @b_dev_info: 4 KiB pages, movable through balloon compaction
 * @huge_pages: 2 MiB pages, never migrated.  Protected by @huge_lock.
 * @huge_lock: see @huge_pages
 * @size: frames in the balloon (atomic: read by the shrinker and debugfs)
 * @list_frames: frames in the pages on the lists, 4 KiB ones away for
 *	migration included; kept where pages join and leave the lists, apart
 *	from @size, so that the stats file checks one against the other
 *	without walking the lists (atomic: read by debugfs)
 * @target: frames the host wants, from the last target-bearing reply
 * @target_seen_ns: when a new target was first seen, 0 when reached (for
 *	the to_target histogram only: a lost race loses one sample)
 * @capabilities: granted at the last START.  Written under @conf_sem
 *	held for writing; read under it, or with READ_ONCE() where a torn
 *	value is harmless (the vmmemctl file, as the stock driver's)
 * @ops: the mode picked after negotiation.  Protected by @conf_sem.
 * @batch: the batch page.  Protected by @comm_lock.
 * @batch_max: pages per batch: per batched call, or per run of single-page
 *	calls (module parameter, at most 512).
 *	Written under @conf_sem held for writing.
 * @reset_required: a reset must run before anything else; set by
 *	bbd_call() on ERROR_RESET, cleared by the reset under @conf_sem
 * @shrink_until: jiffies until which inflation is suppressed; written by
 *	the shrinker
 * @busy_until: jiffies until which the host said it is busy
 * @busy_backoff_ms: current ERROR_BUSY back-off; it and @busy_until are
 *	written by the work and the shrinker, each a heuristic, so no lock
 * @declined: frames of the target the memory reserve held back at the
 *	last look (0 when none)
 * @poll_ms: delay before the next work cycle; written by the work
 * @doorbell: the VMCI doorbell handle, VMCI_INVALID_HANDLE when none.
 *	Protected by @conf_sem.
 * @doorbell_state: why there is or is not a doorbell; written under
 *	@conf_sem, read by debugfs
 * @conf_sem: configuration (reset) vs. use; @conf_sem -> @comm_lock
 * @comm_lock: one backdoor conversation at a time (batch page in use)
 * @dwork: the work cycle
 * @shrinker: deflates under guest memory pressure (module parameter)
 * @shrinker_registered: @shrinker is live
 * @stats: counters and histograms, one set per CPU (see struct
 *	bbd_counters)
 *
 * Fields marked lockless are single words shared by the work, the
 * shrinker, migration and debugfs without a lock: every access is
 * READ_ONCE() or WRITE_ONCE() (tests/static/test_driver_lockless.sh checks
 * it).  @size is atomic.
 */
struct bbd {
	struct balloon_dev_info b_dev_info;
	struct list_head huge_pages;
	spinlock_t huge_lock;	/* @huge_pages */
	atomic64_t size;
	atomic64_t list_frames;
	u64 target;	/* lockless */
	u64 target_seen_ns;	/* lockless */
	u32 capabilities;
	const struct bbd_ops *ops;
	u64 *batch;
	unsigned int batch_max;
	bool reset_required;	/* lockless */
	unsigned long shrink_until;	/* lockless */
	unsigned long busy_until;	/* lockless */
	unsigned int busy_backoff_ms;	/* lockless */
	u64 declined;	/* lockless */
	unsigned int poll_ms;	/* lockless */
	struct vmci_handle doorbell;
	const char *doorbell_state;	/* lockless */
	struct rw_semaphore conf_sem;
	spinlock_t comm_lock;	/* @batch and one call at a time */
	struct delayed_work dwork;
	struct shrinker shrinker;
	bool shrinker_registered;
	struct bbd_counters __percpu *stats;
};

/* bbd_cmd.c */
extern const struct bbd_ops *const bbd_modes[];
extern const unsigned int bbd_nr_modes;
u32 bbd_requested_caps(void);
unsigned long bbd_cmd(struct bbd *b, unsigned long cmd, unsigned long arg1,
		      unsigned long arg2, unsigned long *result);
unsigned long bbd_lock_one(struct bbd *b, unsigned long pfn, enum bbd_op op);

/* bbd_stats.c */
DECLARE_STATIC_KEY_TRUE(bbd_instrumented);
int bbd_stats_init(struct bbd *b);
void bbd_stats_exit(struct bbd *b);
void bbd_hist_add_n(struct bbd *b, enum bbd_hist hist, u64 total, u64 n);
void bbd_stats_reset(struct bbd *b);
void bbd_debugfs_init(struct bbd *b);
void bbd_debugfs_exit(struct bbd *b);

static inline bool bbd_instrumenting(void)
{
	return static_branch_likely(&bbd_instrumented);
}

static inline void bbd_stat_add(struct bbd *b, enum bbd_stat stat, u64 n)
{
	if (bbd_instrumenting())
		this_cpu_add(b->stats->counts.general[stat], n);
}

static inline void bbd_stat_inc(struct bbd *b, enum bbd_stat stat)
{
	bbd_stat_add(b, stat, 1);
}

static inline void bbd_page_stat_add(struct bbd *b, enum bbd_page_stat stat,
				     enum bbd_page_size size, unsigned int n)
{
	if (bbd_instrumenting())
		this_cpu_add(b->stats->counts.page[stat][size], n);
}

/*
 * Durations come from local_clock(): the cheapest clock that is monotonic
 * on a CPU, a few instructions on a stable TSC.  The histograms are timed
 * once per batch, not per page, so the clock's cost stays off the per-page
 * path.  0 when instrumentation is off.
 */
static inline u64 bbd_hist_start(void)
{
	return bbd_instrumenting() ? local_clock() : 0;
}

/* @n samples, each the mean of the time since @start. */
static inline void bbd_hist_end_n(struct bbd *b, enum bbd_hist hist,
				  u64 start, u64 n)
{
	u64 now;

	if (!bbd_instrumenting() || !n)
		return;
	/* A run that moved to another CPU may see its clock go back. */
	now = local_clock();
	bbd_hist_add_n(b, hist, now > start ? now - start : 0, n);
}

static inline void bbd_hist_end(struct bbd *b, enum bbd_hist hist, u64 start)
{
	bbd_hist_end_n(b, hist, start, 1);
}

static inline void bbd_hist_add(struct bbd *b, enum bbd_hist hist, u64 value)
{
	if (bbd_instrumenting())
		bbd_hist_add_n(b, hist, value, 1);
}

/* bbd_doorbell.c */
#if BBD_HAVE_DOORBELL
void bbd_doorbell_init(struct bbd *b);
void bbd_doorbell_cleanup(struct bbd *b);
#else
static inline void bbd_doorbell_init(struct bbd *b)
{
	b->doorbell_state = "polling (variant without doorbell)";
}

static inline void bbd_doorbell_cleanup(struct bbd *b)
{
}
#endif

#endif /* BBD_H */
