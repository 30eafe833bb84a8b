// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counters, histograms and their debugfs files.
 *
 * /sys/kernel/debug/vmmemctl      the stock driver's format and names, so
 *                                 existing readers work unchanged
 * /sys/kernel/debug/balloonbench/ this driver's own view:
 *   stats        "name value" lines: identity, state, every counter
 *   histograms   "# hist NAME unit=U count=N sum=N min=N max=N" headers,
 *                then "NAME LOW HIGH COUNT" per non-empty bucket
 *                (samples in [LOW, HIGH))
 *   control      write "reset" to zero every counter and histogram
 *
 * Instrumentation sits behind the bbd_instrumented static key (module
 * parameter "instrument"), so a driver loaded with it off runs no counter
 * code.  Counters and histograms are per CPU and batches are timed as one
 * (see bbd.h): the observer costs under 1% of an inflate.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "bbd.h"

DEFINE_STATIC_KEY_TRUE(bbd_instrumented);

static bool instrument = true;
module_param(instrument, bool, 0444);
MODULE_PARM_DESC(instrument, "Counters and histograms (default on)");

static const char *const bbd_stat_names[BBD_STAT_NUM] = {
	[BBD_STAT_TIMER] = "timer",
	[BBD_STAT_DOORBELL] = "doorbell",
	[BBD_STAT_RESET] = "reset",
	[BBD_STAT_SHRINK] = "shrink",
	[BBD_STAT_SHRINK_FREE] = "shrinkFree",
	[BBD_STAT_BUSY] = "busy",
	[BBD_STAT_MIGRATE] = "migrate",
	[BBD_STAT_MIGRATE_FAIL] = "migrateFail",
	[BBD_STAT_RESERVE] = "reserve",
};

/* The stock driver prints only these five; the rest are ours. */
#define BBD_STAT_STOCK_LAST BBD_STAT_SHRINK_FREE

static const char *const bbd_page_stat_names[BBD_PAGE_STAT_NUM] = {
	[BBD_PAGE_STAT_ALLOC] = "alloc",
	[BBD_PAGE_STAT_ALLOC_FAIL] = "allocFail",
	[BBD_PAGE_STAT_REFUSED_ALLOC] = "errAlloc",
	[BBD_PAGE_STAT_REFUSED_FREE] = "errFree",
	[BBD_PAGE_STAT_FREE] = "free",
};

/**
 * bbd_hist_name() - a histogram's name in the histograms file
 * @hist: which histogram
 *
 * Command histograms take the names of the vmmemctl command counters, so
 * that the two files can be matched.
 *
 * Return: the name, or NULL for a command number without one.
 */
static const char *bbd_hist_name(enum bbd_hist hist)
{
	static const char *const names[] = {
		[BBD_HIST_ALLOC_4K] = "alloc_4k",
		[BBD_HIST_ALLOC_2M] = "alloc_2M",
		[BBD_HIST_CYCLE] = "cycle",
		[BBD_HIST_CYCLE_FRAMES] = "cycle_frames",
		[BBD_HIST_TO_TARGET] = "to_target",
	};

	if (hist <= BBD_HIST_CMD_LAST)
		return vmw_balloon_cmd_names[hist - BBD_HIST_CMD_FIRST];
	return names[hist];
}

static const char *bbd_hist_unit(enum bbd_hist hist)
{
	return hist == BBD_HIST_CYCLE_FRAMES ? "frames" : "ns";
}

/**
 * bbd_hist_add_n() - record @n samples of equal value
 * @b: the balloon
 * @hist: which histogram
 * @total: their sum (ns, or frames)
 * @n: how many, at least 1
 *
 * A batch of pages timed as one adds one sample per page, each the batch's
 * mean, so counts and sums stay those of the pages.  Only this CPU's copy
 * changes, with preemption off, so no lock is shared.
 *
 * Context: process context.
 */
void bbd_hist_add_n(struct bbd *b, enum bbd_hist hist, u64 total, u64 n)
{
	struct bbd_hist_data *h = get_cpu_ptr(&b->stats->hist[hist]);
	u64 value = div64_u64(total, n);
	unsigned int bucket = value ? min(ilog2(value) + 1, BBD_HIST_BUCKETS - 1) : 0;

	if (!h->count || value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
	h->count += n;
	h->sum += total;
	h->buckets[bucket] += n;
	put_cpu_ptr(h);
}

/**
 * bbd_stats_reset() - zero every counter and histogram
 * @b: the balloon
 *
 * Context: any process context.  Updates running meanwhile on other CPUs
 * may survive in part.
 */
void bbd_stats_reset(struct bbd *b)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(b->stats, cpu), 0, sizeof(*b->stats));
}

/**
 * bbd_stats_init() - allocate the per-CPU counters
 * @b: the balloon
 *
 * Return: 0 or -ENOMEM.
 */
int bbd_stats_init(struct bbd *b)
{
	if (!instrument)
		static_branch_disable(&bbd_instrumented);
	b->stats = alloc_percpu(struct bbd_counters);
	return b->stats ? 0 : -ENOMEM;
}

/**
 * bbd_stats_exit() - free the per-CPU counters
 * @b: the balloon, with nothing left that counts
 */
void bbd_stats_exit(struct bbd *b)
{
	free_percpu(b->stats);
	b->stats = NULL;
}

/**
 * bbd_counts_read() - the counters summed over the CPUs
 * @b: the balloon
 * @sum: receives the sums
 */
static void bbd_counts_read(struct bbd *b, struct bbd_counts *sum)
{
	u64 *total = (u64 *)sum;
	const u64 *one;
	unsigned int cpu, i;

	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		one = (const u64 *)&per_cpu_ptr(b->stats, cpu)->counts;
		for (i = 0; i < sizeof(*sum) / sizeof(u64); i++)
			total[i] += one[i];
	}
}

/**
 * bbd_hist_read() - one histogram summed over the CPUs
 * @b: the balloon
 * @hist: which histogram
 * @out: receives the sum
 */
static void bbd_hist_read(struct bbd *b, enum bbd_hist hist,
			  struct bbd_hist_data *out)
{
	const struct bbd_hist_data *h;
	unsigned int cpu, k;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		h = &per_cpu_ptr(b->stats, cpu)->hist[hist];
		if (!h->count)
			continue;
		if (!out->count || h->min < out->min)
			out->min = h->min;
		out->max = max(out->max, h->max);
		out->count += h->count;
		out->sum += h->sum;
		for (k = 0; k < BBD_HIST_BUCKETS; k++)
			out->buckets[k] += h->buckets[k];
	}
}

/**
 * bbd_vmmemctl_show() - show the vmmemctl file
 * @f: the seq_file; @f->private is the balloon
 * @offset: unused
 *
 * Keeps the stock driver's layout, names and counter set, so that tools
 * that read the stock file read this one unchanged; this driver's extra
 * counters go only to the stats file.
 *
 * Context: debugfs read.  Takes no balloon lock: counters are atomic and
 * the rest is read unlocked, so a read during a cycle or a reset may mix
 * before and after.
 *
 * Return: 0.
 */
static int bbd_vmmemctl_show(struct seq_file *f, void *offset)
{
	struct bbd *b = f->private;
	struct bbd_counts c;
	unsigned int i, j;

	bbd_counts_read(b, &c);
	seq_printf(f, "%-22s: %#16x\n", "balloon capabilities",
		   bbd_requested_caps());
	seq_printf(f, "%-22s: %#16x\n", "used capabilities",
		   READ_ONCE(b->capabilities));
	seq_printf(f, "%-22s: %16s\n", "is resetting",
		   READ_ONCE(b->reset_required) ? "y" : "n");
	seq_printf(f, "%-22s: %16llu\n", "target", READ_ONCE(b->target));
	seq_printf(f, "%-22s: %16llu\n", "current",
		   (u64)atomic64_read(&b->size));
	for (i = 0; i < VMW_BALLOON_CMD_NUM; i++) {
		if (!vmw_balloon_cmd_names[i])
			continue;
		seq_printf(f, "%-22s: %16llu (%llu failed)\n",
			   vmw_balloon_cmd_names[i],
			   c.cmd[i],
			   c.cmd_fail[i]);
	}
	for (i = 0; i <= BBD_STAT_STOCK_LAST; i++)
		seq_printf(f, "%-22s: %16llu\n", bbd_stat_names[i],
			   c.general[i]);
	for (i = 0; i < BBD_PAGE_STAT_NUM; i++)
		for (j = 0; j < BBD_PAGE_SIZE_NUM; j++)
			seq_printf(f, "%-18s(%s): %16llu\n",
				   bbd_page_stat_names[i],
				   bbd_page_size_names[j],
				   c.page[i][j]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bbd_vmmemctl);

/**
 * bbd_stats_show() - show the stats file
 * @f: the seq_file; @f->private is the balloon
 * @offset: unused
 *
 * One "name value" line each, easy to split in a script.  list_frames,
 * kept where pages join and leave the lists, lets a reader check b->size
 * without the read walking the lists with interrupts off (the runner
 * reads this file while the latency probe runs).
 *
 * Context: debugfs read; takes conf_sem for reading around what a reset
 * changes.
 *
 * Return: 0.
 */
static int bbd_stats_show(struct seq_file *f, void *offset)
{
	struct bbd *b = f->private;
	struct bbd_counts c;
	unsigned int i, j;

	bbd_counts_read(b, &c);
	seq_printf(f, "module %s\n", THIS_MODULE->name);
	seq_printf(f, "variant %s\n", BBD_VARIANT_NAME);
	/* What a reset changes, read as one state (a reset sets ops NULL). */
	down_read(&b->conf_sem);
	seq_printf(f, "mode %s\n", b->ops ? b->ops->name : "none");
	seq_printf(f, "doorbell_state %s\n", READ_ONCE(b->doorbell_state));
	seq_printf(f, "doorbell_active %d\n",
		   !vmci_handle_is_invalid(b->doorbell));
	seq_printf(f, "capabilities_requested %#x\n", bbd_requested_caps());
	seq_printf(f, "capabilities_granted %#x\n", b->capabilities);
	seq_printf(f, "batch_max %u\n", b->batch_max);
	up_read(&b->conf_sem);
	seq_printf(f, "poll_ms %u\n", READ_ONCE(b->poll_ms));
	seq_printf(f, "resetting %d\n", READ_ONCE(b->reset_required));
	seq_printf(f, "target_frames %llu\n", READ_ONCE(b->target));
	seq_printf(f, "size_frames %llu\n", (u64)atomic64_read(&b->size));
	seq_printf(f, "list_frames %llu\n",
		   (u64)atomic64_read(&b->list_frames));
	seq_printf(f, "declined_frames %llu\n", READ_ONCE(b->declined));
	for (i = 0; i < VMW_BALLOON_CMD_NUM; i++) {
		if (!vmw_balloon_cmd_names[i])
			continue;
		seq_printf(f, "calls_%s %llu\n", vmw_balloon_cmd_names[i],
			   c.cmd[i]);
		seq_printf(f, "failed_%s %llu\n", vmw_balloon_cmd_names[i],
			   c.cmd_fail[i]);
	}
	for (i = 0; i < BBD_STAT_NUM; i++)
		seq_printf(f, "%s %llu\n", bbd_stat_names[i],
			   c.general[i]);
	for (i = 0; i < BBD_PAGE_STAT_NUM; i++)
		for (j = 0; j < BBD_PAGE_SIZE_NUM; j++)
			seq_printf(f, "%s_%s %llu\n", bbd_page_stat_names[i],
				   bbd_page_size_names[j],
				   c.page[i][j]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bbd_stats);

/**
 * bbd_histograms_show() - show the histograms file
 * @f: the seq_file; @f->private is the balloon
 * @offset: unused
 *
 * Each histogram is summed over the CPUs into a copy and printed from it.
 * Empty buckets are left out.  The 4 KiB allocation histograms and the
 * single-page LOCK and UNLOCK ones hold one sample per page, each its
 * batch's mean: the pages of a batch are timed together.
 *
 * Context: debugfs read; takes no lock, so a read during a cycle may
 * count part of an update.
 *
 * Return: 0.
 */
static int bbd_histograms_show(struct seq_file *f, void *offset)
{
	struct bbd *b = f->private;
	struct bbd_hist_data h;
	unsigned int i, k;
	u64 low;

	for (i = 0; i < BBD_HIST_NUM; i++) {
		if (!bbd_hist_name(i))
			continue;
		bbd_hist_read(b, i, &h);
		seq_printf(f, "# hist %s unit=%s count=%llu sum=%llu min=%llu max=%llu\n",
			   bbd_hist_name(i), bbd_hist_unit(i), h.count, h.sum,
			   h.min, h.max);
		for (k = 0; k < BBD_HIST_BUCKETS; k++) {
			if (!h.buckets[k])
				continue;
			low = k ? 1ULL << (k - 1) : 0;
			seq_printf(f, "%s %llu %llu %llu\n", bbd_hist_name(i),
				   low, k ? low << 1 : 1, h.buckets[k]);
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bbd_histograms);

/**
 * bbd_control_write() - handle a write to the control file
 * @file: the control file; its inode's i_private is the balloon
 * @buf: the user's text
 * @len: its length
 * @pos: unused
 *
 * Only "reset" is known; whitespace around it is ignored, so that
 * "echo reset" works.  A cycle running meanwhile may keep a few of its
 * updates.
 *
 * Context: debugfs write, process context.
 *
 * Return: @len, or -EINVAL for anything else, a text of 16 bytes or more
 * and a buffer that cannot be read included.
 */
static ssize_t bbd_control_write(struct file *file, const char __user *buf,
				 size_t len, loff_t *pos)
{
	struct bbd *b = file_inode(file)->i_private;
	char cmd[16] = "";

	if (len >= sizeof(cmd) || copy_from_user(cmd, buf, len))
		return -EINVAL;
	if (strcmp(strim(cmd), "reset"))
		return -EINVAL;
	bbd_stats_reset(b);
	return len;
}

static const struct file_operations bbd_control_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = bbd_control_write,
	.llseek = noop_llseek,
};

static struct dentry *bbd_debugfs_dir;
static struct dentry *bbd_vmmemctl_file;

/**
 * bbd_debugfs_init() - create the debugfs files
 * @b: the balloon
 *
 * Failure is not fatal: the balloon works without its statistics.
 */
void bbd_debugfs_init(struct bbd *b)
{
	struct dentry *file;

	bbd_debugfs_dir = debugfs_create_dir("balloonbench", NULL);
	debugfs_create_file("stats", 0444, bbd_debugfs_dir, b, &bbd_stats_fops);
	debugfs_create_file("histograms", 0444, bbd_debugfs_dir, b,
			    &bbd_histograms_fops);
	debugfs_create_file("control", 0200, bbd_debugfs_dir, b,
			    &bbd_control_fops);
	/*
	 * Absent when the stock driver holds the name.  The stock driver
	 * removes whatever holds it when it unloads, ours included: the
	 * reference kept here lets bbd_debugfs_exit() see that it is gone.
	 */
	file = debugfs_create_file("vmmemctl", 0444, NULL, b,
				   &bbd_vmmemctl_fops);
	bbd_vmmemctl_file = IS_ERR(file) ? NULL : dget(file);
}

/**
 * bbd_debugfs_exit() - remove the debugfs files
 * @b: the balloon
 */
void bbd_debugfs_exit(struct bbd *b)
{
	if (bbd_vmmemctl_file) {
		/* Removed already if the stock driver came and went. */
		if (simple_positive(bbd_vmmemctl_file))
			debugfs_remove(bbd_vmmemctl_file);
		dput(bbd_vmmemctl_file);
		bbd_vmmemctl_file = NULL;
	}
	debugfs_remove_recursive(bbd_debugfs_dir);
}
