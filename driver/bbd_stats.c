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
 * parameter "instrument"), so a build with it off runs no counter code.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "bbd.h"

DEFINE_STATIC_KEY_TRUE(bbd_instrumented);

static bool instrument = true;
module_param(instrument, bool, 0444);
MODULE_PARM_DESC(instrument, "Count and time every call (default on)");

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
 * bbd_hist_add() - record one sample
 * @b: the balloon
 * @hist: which histogram
 * @value: the sample (ns, or frames)
 */
void bbd_hist_add(struct bbd *b, enum bbd_hist hist, u64 value)
{
	struct bbd_hist_data *h = &b->stats.hist[hist];
	unsigned int bucket = value ? min(ilog2(value) + 1, BBD_HIST_BUCKETS - 1) : 0;
	unsigned long flags;

	spin_lock_irqsave(&b->stats.lock, flags);
	if (!h->count || value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
	h->count++;
	h->sum += value;
	h->buckets[bucket]++;
	spin_unlock_irqrestore(&b->stats.lock, flags);
}

/**
 * bbd_stats_reset() - zero every counter and histogram
 * @b: the balloon
 */
void bbd_stats_reset(struct bbd *b)
{
	unsigned long flags;
	unsigned int i, j;

	for (i = 0; i < VMW_BALLOON_CMD_NUM; i++) {
		atomic64_set(&b->stats.cmd[i], 0);
		atomic64_set(&b->stats.cmd_fail[i], 0);
	}
	for (i = 0; i < BBD_STAT_NUM; i++)
		atomic64_set(&b->stats.general[i], 0);
	for (i = 0; i < BBD_PAGE_STAT_NUM; i++)
		for (j = 0; j < BBD_PAGE_SIZE_NUM; j++)
			atomic64_set(&b->stats.page[i][j], 0);
	spin_lock_irqsave(&b->stats.lock, flags);
	memset(b->stats.hist, 0, sizeof(b->stats.hist));
	spin_unlock_irqrestore(&b->stats.lock, flags);
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
	unsigned int i, j;

	seq_printf(f, "%-22s: %#16x\n", "balloon capabilities",
		   bbd_requested_caps());
	seq_printf(f, "%-22s: %#16x\n", "used capabilities", b->capabilities);
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
			   (u64)atomic64_read(&b->stats.cmd[i]),
			   (u64)atomic64_read(&b->stats.cmd_fail[i]));
	}
	for (i = 0; i <= BBD_STAT_STOCK_LAST; i++)
		seq_printf(f, "%-22s: %16llu\n", bbd_stat_names[i],
			   (u64)atomic64_read(&b->stats.general[i]));
	for (i = 0; i < BBD_PAGE_STAT_NUM; i++)
		for (j = 0; j < BBD_PAGE_SIZE_NUM; j++)
			seq_printf(f, "%-18s(%s): %16llu\n",
				   bbd_page_stat_names[i],
				   bbd_page_size_names[j],
				   (u64)atomic64_read(&b->stats.page[i][j]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bbd_vmmemctl);

/**
 * bbd_list_frames() - frames in the pages on the balloon's lists
 * @b: the balloon
 *
 * Counts the pages themselves, 4 KiB ones isolated for migration included,
 * so that a reader can check them against @b->size and the host.
 *
 * Return: frames.
 */
static u64 bbd_list_frames(struct bbd *b)
{
	struct page *page;
	unsigned long flags;
	u64 frames;

	spin_lock_irqsave(&b->b_dev_info.pages_lock, flags);
	frames = b->b_dev_info.isolated_pages;
	list_for_each_entry(page, &b->b_dev_info.pages, lru)
		frames++;
	spin_unlock_irqrestore(&b->b_dev_info.pages_lock, flags);
	spin_lock_irqsave(&b->huge_lock, flags);
	list_for_each_entry(page, &b->huge_pages, lru)
		frames += VMW_BALLOON_2M_FRAMES;
	spin_unlock_irqrestore(&b->huge_lock, flags);
	return frames;
}

/**
 * bbd_stats_show() - show the stats file
 * @f: the seq_file; @f->private is the balloon
 * @offset: unused
 *
 * One "name value" line each, easy to split in a script.  list_frames,
 * counted from the lists themselves, lets a reader check b->size.
 *
 * Context: debugfs read.  Takes b_dev_info.pages_lock and huge_lock
 * through bbd_list_frames(), but not conf_sem: the mode and doorbell
 * strings are static, so a reset in between only makes the lines
 * disagree.
 *
 * Return: 0.
 */
static int bbd_stats_show(struct seq_file *f, void *offset)
{
	struct bbd *b = f->private;
	unsigned int i, j;

	seq_printf(f, "module %s\n", THIS_MODULE->name);
	seq_printf(f, "variant %s\n", BBD_VARIANT_NAME);
	seq_printf(f, "mode %s\n", b->ops ? b->ops->name : "none");
	seq_printf(f, "doorbell_state %s\n", READ_ONCE(b->doorbell_state));
	seq_printf(f, "doorbell_active %d\n",
		   !vmci_handle_is_invalid(b->doorbell));
	seq_printf(f, "capabilities_requested %#x\n", bbd_requested_caps());
	seq_printf(f, "capabilities_granted %#x\n", b->capabilities);
	seq_printf(f, "batch_max %u\n", b->batch_max);
	seq_printf(f, "poll_ms %u\n", READ_ONCE(b->poll_ms));
	seq_printf(f, "resetting %d\n", READ_ONCE(b->reset_required));
	seq_printf(f, "target_frames %llu\n", READ_ONCE(b->target));
	seq_printf(f, "size_frames %llu\n", (u64)atomic64_read(&b->size));
	seq_printf(f, "list_frames %llu\n", bbd_list_frames(b));
	seq_printf(f, "declined_frames %llu\n", READ_ONCE(b->declined));
	for (i = 0; i < VMW_BALLOON_CMD_NUM; i++) {
		if (!vmw_balloon_cmd_names[i])
			continue;
		seq_printf(f, "calls_%s %llu\n", vmw_balloon_cmd_names[i],
			   (u64)atomic64_read(&b->stats.cmd[i]));
		seq_printf(f, "failed_%s %llu\n", vmw_balloon_cmd_names[i],
			   (u64)atomic64_read(&b->stats.cmd_fail[i]));
	}
	for (i = 0; i < BBD_STAT_NUM; i++)
		seq_printf(f, "%s %llu\n", bbd_stat_names[i],
			   (u64)atomic64_read(&b->stats.general[i]));
	for (i = 0; i < BBD_PAGE_STAT_NUM; i++)
		for (j = 0; j < BBD_PAGE_SIZE_NUM; j++)
			seq_printf(f, "%s_%s %llu\n", bbd_page_stat_names[i],
				   bbd_page_size_names[j],
				   (u64)atomic64_read(&b->stats.page[i][j]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bbd_stats);

/**
 * bbd_histograms_show() - show the histograms file
 * @f: the seq_file; @f->private is the balloon
 * @offset: unused
 *
 * Each histogram is copied under stats.lock and printed from the copy,
 * so its header and buckets agree and the lock is not held while printing.
 * Empty buckets are left out.
 *
 * Context: debugfs read; takes stats.lock with interrupts off.
 *
 * Return: 0.
 */
static int bbd_histograms_show(struct seq_file *f, void *offset)
{
	struct bbd *b = f->private;
	struct bbd_hist_data h;
	unsigned long flags;
	unsigned int i, k;
	u64 low;

	for (i = 0; i < BBD_HIST_NUM; i++) {
		if (!bbd_hist_name(i))
			continue;
		spin_lock_irqsave(&b->stats.lock, flags);
		h = b->stats.hist[i];
		spin_unlock_irqrestore(&b->stats.lock, flags);
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
 * "echo reset" works.  It zeroes the counters one by one, so a cycle
 * running meanwhile may keep a few of its updates.
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
	if (!instrument)
		static_branch_disable(&bbd_instrumented);
	bbd_debugfs_dir = debugfs_create_dir("balloonbench", NULL);
	debugfs_create_file("stats", 0444, bbd_debugfs_dir, b, &bbd_stats_fops);
	debugfs_create_file("histograms", 0444, bbd_debugfs_dir, b,
			    &bbd_histograms_fops);
	debugfs_create_file("control", 0200, bbd_debugfs_dir, b,
			    &bbd_control_fops);
	/* Absent when the stock driver holds the name. */
	bbd_vmmemctl_file = debugfs_create_file("vmmemctl", 0444, NULL, b,
						&bbd_vmmemctl_fops);
}

/**
 * bbd_debugfs_exit() - remove the debugfs files
 * @b: the balloon
 */
void bbd_debugfs_exit(struct bbd *b)
{
	debugfs_remove(bbd_vmmemctl_file);
	debugfs_remove_recursive(bbd_debugfs_dir);
}
