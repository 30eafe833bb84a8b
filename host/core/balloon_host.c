// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMware balloon host: the protocol state machine.
 *
 * balloon_host_call() is the single entry for a backdoor call.  It validates
 * everything the guest passes (magic, command, capabilities, counts, PFNs),
 * applies the host policies (refusals, busy replies, injected resets),
 * frees the host memory behind locked frames, counts, and writes the trace.
 */
#include "balloon_host.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "bb_prng.h"
#include "cmd_trace.h"

/*
 * Capabilities offered by default: everything but the VMCI doorbell, which
 * needs a VMCI device to ever ring (the QEMU device adds it when there is
 * one).
 */
#define BH_DEFAULT_CAPS (VMW_BALLOON_CAPS_ALL & ~VMW_BALLOON_CAP_SIGNALLED_WAKEUP)

/* What one call did, for the counters and the trace. */
struct bh_outcome {
	uint64_t entries;
	uint64_t frames;
	uint64_t refused;
};

/**
 * bh_now_ns() - host monotonic time
 *
 * Return: CLOCK_MONOTONIC in nanoseconds.
 */
uint64_t bh_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool bh_chance(struct balloon_host *h, uint64_t ppm)
{
	return ppm && bb_splitmix64(&h->prng) % BH_PPM < ppm;
}

/**
 * balloon_host_init() - set up an empty host with default policies
 * @h: the host
 * @ops: guest memory and clock access
 * @opaque: passed to @ops
 *
 * RAM is declared afterwards with balloon_host_add_ram().
 */
void balloon_host_init(struct balloon_host *h, const struct bh_guest_ops *ops,
		       void *opaque)
{
	memset(h, 0, sizeof(*h));
	h->ops = ops;
	h->opaque = opaque;
	h->knobs[BH_KNOB_CAPS] = BH_DEFAULT_CAPS;
	h->knobs[BH_KNOB_REFUSE_STATUS] = VMW_BALLOON_ERROR_PPN_PINNED;
	/* ESXi's default Mem.CtlMaxPercent. */
	h->knobs[BH_KNOB_MAX_PERCENT] = 65;
	/* About 17 million calls. */
	h->knobs[BH_KNOB_TRACE_MAX_MIB] = 1024;
	h->doorbell_ctx = VMW_BALLOON_DOORBELL_UNSET;
	h->doorbell_res = VMW_BALLOON_DOORBELL_UNSET;
}

/**
 * balloon_host_add_ram() - declare a range of guest frames as RAM
 * @h: the host
 * @first_pfn: first frame
 * @frames: number of frames
 *
 * Only RAM frames may be locked, and only RAM may hold a batch page.
 *
 * Return: 0 or a negative errno.
 */
int balloon_host_add_ram(struct balloon_host *h, uint64_t first_pfn,
			 uint64_t frames)
{
	return frame_map_add_ram(&h->frames, first_pfn, frames);
}

/* Makes @trace (or, NULL, the failure in errno) the host's new trace. */
static int bh_trace_start(struct balloon_host *h, FILE *trace)
{
	if (!trace)
		return -errno;
	bh_trace_close(h->trace);
	h->trace = trace;
	h->trace_bytes = 0;
	h->trace_stopped = false;
	return 0;
}

/**
 * balloon_host_open_trace() - start writing the command trace to a file
 * @h: the host
 * @path: file to create
 *
 * Return: 0 or a negative errno.
 */
int balloon_host_open_trace(struct balloon_host *h, const char *path)
{
	return bh_trace_start(h, bh_trace_open(path));
}

/**
 * balloon_host_trace_fd() - start writing the command trace to an open file
 * @h: the host
 * @fd: a file open for writing (the embedding opened it its own way); the
 *	host owns it from here, even on failure
 *
 * Return: 0 or a negative errno.
 */
int balloon_host_trace_fd(struct balloon_host *h, int fd)
{
	return bh_trace_start(h, bh_trace_fdopen(fd));
}

/* Ends the trace early; the rows from here on are counted, not written. */
static void bh_trace_stop(struct balloon_host *h)
{
	bh_trace_close(h->trace);
	h->trace = NULL;
	h->trace_stopped = true;
	h->stats[BH_STAT_TRACE_DROPPED]++;
}

/*
 * One row of the trace.  A trace that reaches trace-max-mib ends with a
 * host-trace-full row; one whose write fails ends there.  Either way it
 * stops once and says so in the counters.
 */
static void bh_trace_put(struct balloon_host *h, const struct bh_trace_row *row,
			 bool flush)
{
	struct bh_trace_row full;
	int n;

	if (!h->trace) {
		if (h->trace_stopped)
			h->stats[BH_STAT_TRACE_DROPPED]++;
		return;
	}
	if (h->trace_bytes >= h->knobs[BH_KNOB_TRACE_MAX_MIB] << 20) {
		full = *row;
		full.command = "host-trace-full";
		full.entries = full.frames = full.refused = 0;
		if (bh_trace_write(h->trace, &full) < 0 || fflush(h->trace))
			h->stats[BH_STAT_TRACE_ERRORS]++;
		bh_trace_stop(h);
		return;
	}
	n = bh_trace_write(h->trace, row);
	if (n < 0 || (flush && fflush(h->trace))) {
		h->stats[BH_STAT_TRACE_ERRORS]++;
		bh_trace_stop(h);
		return;
	}
	h->trace_bytes += (uint64_t)n;
}

/**
 * balloon_host_destroy() - flush the trace and free everything
 * @h: the host
 */
void balloon_host_destroy(struct balloon_host *h)
{
	bh_trace_close(h->trace);
	h->trace = NULL;
	frame_map_free(&h->frames);
}

/**
 * balloon_host_capped_target() - the target within ESXi's limits
 * @h: the host
 *
 * The host's target, capped as ESXi caps a balloon: at max-percent of the
 * guest's RAM (0 lets nothing be ballooned, 100 lifts the cap) and at
 * max-mib when that is not 0.
 *
 * Return: the target in 4 KiB frames.
 */
uint64_t balloon_host_capped_target(const struct balloon_host *h)
{
	uint64_t target = h->knobs[BH_KNOB_TARGET];
	uint64_t percent = h->knobs[BH_KNOB_MAX_PERCENT];
	uint64_t mib = h->knobs[BH_KNOB_MAX_MIB], cap;

	if (percent < 100) {
		cap = frame_map_ram_frames(&h->frames) * percent / 100;
		if (target > cap)
			target = cap;
	}
	if (mib && target > mib << (20 - VMW_BALLOON_FRAME_SHIFT))
		target = mib << (20 - VMW_BALLOON_FRAME_SHIFT);
	return target;
}

/**
 * balloon_host_target() - the target the guest is told, in frames
 * @h: the host
 *
 * balloon_host_capped_target(), capped further by the page limit the guest
 * announced in its last GET_TARGET and, without the 64-bit target
 * capability, by 32 bits.
 *
 * Return: the target in 4 KiB frames.
 */
uint64_t balloon_host_target(const struct balloon_host *h)
{
	uint64_t target = balloon_host_capped_target(h);

	if (h->guest_limit && target > h->guest_limit)
		target = h->guest_limit;
	if (!(h->granted_caps & VMW_BALLOON_CAP_64_BIT_TARGET) &&
	    target > UINT32_MAX)
		target = UINT32_MAX;
	return target;
}

static void bh_trace_event(struct balloon_host *h, const char *event,
			   const char *status)
{
	struct bh_trace_row row = {
		.host_ns = bh_now_ns(),
		.guest_ns = h->ops->guest_ns(h->opaque),
		.command = event,
		.status = status,
		.size_frames = h->stats[BH_STAT_SIZE],
		.target_frames = balloon_host_capped_target(h),
		.requested_frames = h->knobs[BH_KNOB_TARGET],
	};

	bh_trace_put(h, &row, true);
}

/*
 * Every frame the guest had in the balloon is its own again: the guest pops
 * its pages without UNLOCK on START and after ERROR_RESET.
 */
static void bh_empty_balloon(struct balloon_host *h)
{
	frame_map_clear_all(&h->frames);
	h->stats[BH_STAT_SIZE] = 0;
	h->stats[BH_STAT_RESETS]++;
}

/**
 * balloon_host_reset() - device reset: the guest starts over
 * @h: the host
 */
void balloon_host_reset(struct balloon_host *h)
{
	bh_empty_balloon(h);
	h->granted_caps = 0;
	h->guest_limit = 0;
	h->doorbell_ctx = VMW_BALLOON_DOORBELL_UNSET;
	h->doorbell_res = VMW_BALLOON_DOORBELL_UNSET;
	bh_trace_event(h, "host-reset", "success");
}

/*
 * As ESXi does, tell a guest that registered a doorbell of a new target at
 * once, instead of leaving it to find out at its next poll.
 */
static void bh_ring_doorbell(struct balloon_host *h)
{
	bool failed;

	if (!(h->granted_caps & VMW_BALLOON_CAP_SIGNALLED_WAKEUP) ||
	    h->doorbell_ctx == VMW_BALLOON_DOORBELL_UNSET ||
	    !h->ops->ring_doorbell)
		return;
	failed = h->ops->ring_doorbell(h->opaque, h->doorbell_ctx,
				       h->doorbell_res);
	h->stats[failed ? BH_STAT_DOORBELL_ERRORS : BH_STAT_DOORBELLS]++;
	bh_trace_event(h, "host-doorbell", failed ? "not-rung" : "success");
}

/**
 * balloon_host_set_knob() - change a policy or the target
 * @h: the host
 * @knob: which one
 * @value: the new value
 *
 * Return: 0, or -EINVAL for a value out of range (nothing changes).
 */
int balloon_host_set_knob(struct balloon_host *h, enum bh_knob knob,
			  uint64_t value)
{
	uint64_t told;

	if ((unsigned int)knob >= BH_KNOB_NUM ||
	    value < bh_knob_ranges[knob].min ||
	    value > bh_knob_ranges[knob].max)
		return -EINVAL;
	switch (knob) {
	case BH_KNOB_CAPS:
		/* Without BASIC or BATCHED a 6.1 guest spins on empty batches. */
		if ((value & ~(uint64_t)VMW_BALLOON_CAPS_ALL) ||
		    !(value & (VMW_BALLOON_CAP_BASIC | VMW_BALLOON_CAP_BATCHED)))
			return -EINVAL;
		break;
	case BH_KNOB_SEED:
		h->prng = value;
		break;
	case BH_KNOB_RESET_AFTER:
		h->commands_to_reset = value;
		break;
	default:
		break;
	}
	told = balloon_host_target(h);
	h->knobs[knob] = value;
	/*
	 * A host-target row starts a step of the trace; a cap is no step.
	 * The guest hears of whatever changes the target it would be told.
	 */
	if (knob == BH_KNOB_TARGET) {
		h->target_reads = 0;
		bh_trace_event(h, "host-target", "success");
	}
	else if (knob == BH_KNOB_MAX_PERCENT || knob == BH_KNOB_MAX_MIB)
		bh_trace_event(h, "host-caps", "success");
	if (balloon_host_target(h) != told)
		bh_ring_doorbell(h);
	return 0;
}

static void bh_discard_flush(struct balloon_host *h, struct bh_discard_run *run)
{
	uint64_t freed = 0;

	if (!run->frames)
		return;
	if (h->ops->discard(h->opaque, run->first, run->frames, &freed)) {
		h->stats[BH_STAT_DISCARD_ERRORS]++;
	} else {
		h->stats[BH_STAT_FRAMES_DISCARDED] += run->frames;
		/* An embedding's count is trusted only up to the run. */
		h->stats[BH_STAT_FRAMES_RECLAIMED] +=
			freed < run->frames ? freed : run->frames;
	}
	run->frames = 0;
}

/**
 * bh_discard_coalesce() - add a locked page to the run of frames to discard
 * @run: the open run; empty when @run->frames is 0
 * @pfn: first frame of the page
 * @frames: frames in the page
 *
 * A page that starts where @run ends extends it, so that one discard covers
 * the whole run.  Any other page closes @run and opens a new one with the
 * page.  The caller discards the closed run, and the last open one once its
 * call is done.
 *
 * Return: the run this page closed, or an empty run (frames 0) when the page
 * extended @run or @run was empty.
 */
struct bh_discard_run bh_discard_coalesce(struct bh_discard_run *run,
					  uint64_t pfn, uint64_t frames)
{
	struct bh_discard_run done = { 0 };

	if (run->frames && run->first + run->frames == pfn) {
		run->frames += frames;
		return done;
	}
	done = *run;
	run->first = pfn;
	run->frames = frames;
	return done;
}

static void bh_discard(struct balloon_host *h, struct bh_discard_run *run,
		       uint64_t pfn, uint64_t frames)
{
	struct bh_discard_run done = bh_discard_coalesce(run, pfn, frames);

	bh_discard_flush(h, &done);
}

/* A page the guest names must be RAM and, for 2 MiB pages, aligned. */
static bool bh_page_valid(const struct frame_map *map, uint64_t pfn,
			  uint64_t frames)
{
	return !(pfn & (frames - 1)) && frame_map_is_ram(map, pfn, frames);
}

/**
 * bh_batch_decode() - decode and validate the entries of a batch page
 * @map: the guest's RAM layout
 * @batch: the entries as read from the guest; updated in place
 * @count: number of entries, at most VMW_BALLOON_BATCH_MAX_ENTRIES
 * @frames: frames per page: 1, or VMW_BALLOON_2M_FRAMES for a 2 MiB batch
 *
 * Each entry's PFN is checked with bh_page_valid().  Its status bits, which
 * the host owns, are replaced by VMW_BALLOON_SUCCESS for a valid page or
 * VMW_BALLOON_ERROR_PPN_INVALID for an invalid one; the PFN and reserved
 * bits stay as the guest wrote them.  The lock state is not looked at: that
 * is the lock or unlock step's business.
 *
 * Return: the number of invalid entries.
 */
uint64_t bh_batch_decode(const struct frame_map *map, uint64_t *batch,
			 uint64_t count, uint64_t frames)
{
	uint64_t i, entry, invalid = 0;
	uint32_t status;

	for (i = 0; i < count; i++) {
		entry = batch[i];
		status = VMW_BALLOON_SUCCESS;
		if (!bh_page_valid(map, vmw_balloon_batch_entry_pfn(entry),
				   frames)) {
			status = VMW_BALLOON_ERROR_PPN_INVALID;
			invalid++;
		}
		batch[i] = (entry & ~VMW_BALLOON_BATCH_STATUS_MASK) | status;
	}
	return invalid;
}

/* Locks a page that passed bh_page_valid(). */
static uint32_t bh_lock_page(struct balloon_host *h, uint64_t pfn,
			     uint64_t frames, struct bh_discard_run *run)
{
	if (frame_map_any_locked(&h->frames, pfn, frames)) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		return VMW_BALLOON_ERROR_PPN_LOCKED;
	}
	/*
	 * A 2 MiB page started below the target may end up to 511 frames
	 * above it; only a lock that starts at or above the target is refused.
	 */
	if (h->stats[BH_STAT_SIZE] >= balloon_host_target(h))
		return VMW_BALLOON_ERROR_PPN_NOTNEEDED;
	if (bh_chance(h, h->knobs[BH_KNOB_REFUSE_PPM]))
		return (uint32_t)h->knobs[BH_KNOB_REFUSE_STATUS];
	frame_map_set(&h->frames, pfn, frames, true);
	h->stats[BH_STAT_SIZE] += frames;
	h->stats[BH_STAT_FRAMES_LOCKED] += frames;
	bh_discard(h, run, pfn, frames);
	return VMW_BALLOON_SUCCESS;
}

/* Unlocks a page that passed bh_page_valid(). */
static uint32_t bh_unlock_page(struct balloon_host *h, uint64_t pfn,
			       uint64_t frames)
{
	if (!frame_map_all_locked(&h->frames, pfn, frames)) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		return VMW_BALLOON_ERROR_PPN_UNLOCKED;
	}
	/*
	 * Nothing to do for the memory: the next guest touch faults in a
	 * fresh zero page on the host.
	 */
	frame_map_set(&h->frames, pfn, frames, false);
	h->stats[BH_STAT_SIZE] -= frames;
	h->stats[BH_STAT_FRAMES_UNLOCKED] += frames;
	return VMW_BALLOON_SUCCESS;
}

/*
 * Locks or unlocks one page and books the outcome.  @valid is the page's
 * bh_page_valid() verdict; an invalid page is answered PPN_INVALID.
 */
static uint32_t bh_page_op(struct balloon_host *h, bool lock, uint64_t pfn,
			   uint64_t frames, bool valid,
			   struct bh_discard_run *run, struct bh_outcome *out)
{
	uint32_t status;

	if (!valid) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		status = VMW_BALLOON_ERROR_PPN_INVALID;
	} else {
		status = lock ? bh_lock_page(h, pfn, frames, run) :
				bh_unlock_page(h, pfn, frames);
	}
	out->entries++;
	if (status == VMW_BALLOON_SUCCESS) {
		out->frames += frames;
	} else if (lock) {
		out->refused++;
		h->stats[BH_STAT_FRAMES_REFUSED] += frames;
		h->stats[frames > 1 ? BH_STAT_REFUSED_2M : BH_STAT_REFUSED_4K]++;
	}
	return status;
}

static uint32_t bh_single(struct balloon_host *h, bool lock, uint64_t pfn,
			  struct bh_outcome *out)
{
	struct bh_discard_run run = { 0 };
	uint32_t status;

	/* The guest refuses PFNs of 2^32 and more itself; reject them too. */
	if (pfn > UINT32_MAX) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		out->entries++;
		return VMW_BALLOON_ERROR_PPN_INVALID;
	}
	status = bh_page_op(h, lock, pfn, 1, bh_page_valid(&h->frames, pfn, 1),
			    &run, out);
	bh_discard_flush(h, &run);
	return status;
}

/* Reverts the entries of h->batch that succeeded, as bh_batch() books them. */
static void bh_batch_undo(struct balloon_host *h, bool lock, uint64_t frames,
			  uint64_t count, struct bh_outcome *out)
{
	uint64_t i, entry, pfn;

	for (i = 0; i < count; i++) {
		entry = h->batch[i];
		if (vmw_balloon_batch_entry_status(entry))
			continue;
		pfn = vmw_balloon_batch_entry_pfn(entry);
		frame_map_set(&h->frames, pfn, frames, !lock);
		if (lock) {
			h->stats[BH_STAT_SIZE] -= frames;
			h->stats[BH_STAT_FRAMES_LOCKED] -= frames;
		} else {
			h->stats[BH_STAT_SIZE] += frames;
			h->stats[BH_STAT_FRAMES_UNLOCKED] -= frames;
		}
		out->frames -= frames;
	}
}

static uint32_t bh_batch(struct balloon_host *h, bool lock, uint64_t frames,
			 uint64_t batch_pfn, uint64_t count,
			 struct bh_outcome *out)
{
	struct bh_discard_run run = { 0 };
	uint64_t gpa = batch_pfn << VMW_BALLOON_FRAME_SHIFT;
	size_t len = count * sizeof(h->batch[0]);
	uint64_t i, entry, pfn;
	uint32_t status;
	bool valid;

	if (count > VMW_BALLOON_BATCH_MAX_ENTRIES) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		return VMW_BALLOON_ERROR_CMD_INVALID;
	}
	if (!count)
		return VMW_BALLOON_SUCCESS;
	/*
	 * The statuses go back where the entries came from: a page the host
	 * can read but not write fails before anything is locked.
	 */
	if (batch_pfn > (UINT64_MAX >> VMW_BALLOON_FRAME_SHIFT) ||
	    !frame_map_is_ram(&h->frames, batch_pfn, 1) ||
	    h->ops->read(h->opaque, gpa, h->batch, len) ||
	    h->ops->write(h->opaque, gpa, h->batch, len)) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		return VMW_BALLOON_ERROR_PPN_INVALID;
	}
	bh_batch_decode(&h->frames, h->batch, count, frames);
	for (i = 0; i < count; i++) {
		entry = h->batch[i];
		pfn = vmw_balloon_batch_entry_pfn(entry);
		/*
		 * bh_batch_decode() left a status only on invalid entries.  The
		 * page the host reads and writes the batch through is the
		 * guest's, not the balloon's.
		 */
		valid = !vmw_balloon_batch_entry_status(entry) &&
			batch_pfn - pfn >= frames;
		status = bh_page_op(h, lock, pfn, frames, valid, &run, out);
		h->batch[i] = (entry & ~VMW_BALLOON_BATCH_STATUS_MASK) | status;
	}
	bh_discard_flush(h, &run);
	/*
	 * The guest reads every status back.  Should the write fail after
	 * all, the guest takes the whole call as failed: undo what it did,
	 * so that host and guest agree (a discarded page reads as zeros).
	 */
	if (h->ops->write(h->opaque, gpa, h->batch, len)) {
		bh_batch_undo(h, lock, frames, count, out);
		h->stats[BH_STAT_GUEST_ERRORS]++;
		return VMW_BALLOON_ERROR_PPN_INVALID;
	}
	return VMW_BALLOON_SUCCESS;
}

static uint32_t bh_start(struct balloon_host *h, uint64_t guest_caps,
			 struct bh_regs *regs)
{
	/* The guest pops its balloon before START (and on START(0) unload). */
	bh_empty_balloon(h);
	/*
	 * START(0) says the guest is leaving, not that it wants nothing: the
	 * stock 6.1 driver sends it on unload and then frees its pages by
	 * the capabilities it gets back.  Answering 0 there leaves it unable
	 * to free 2 MiB pages, spinning in its unload.  Keep the grant.
	 */
	if (guest_caps)
		h->granted_caps = (uint32_t)(guest_caps &
					     h->knobs[BH_KNOB_CAPS] &
					     VMW_BALLOON_CAPS_ALL);
	regs->rcx = h->granted_caps;
	return VMW_BALLOON_SUCCESS_WITH_CAPABILITIES;
}

/*
 * A measured window (target-window-cycles): the guest's cycles each start
 * with a GET_TARGET; the one after the window's last is told the balloon
 * as it is.  So the window holds whole cycles, as many on every run
 * wherever its start fell against the guest's poll, and the next step
 * starts from where the window left the balloon, however long the host
 * takes to set it.
 */
static void bh_close_target_window(struct balloon_host *h)
{
	uint64_t window = h->knobs[BH_KNOB_TARGET_WINDOW];

	if (window && ++h->target_reads > window)
		h->knobs[BH_KNOB_TARGET] = h->stats[BH_STAT_SIZE];
}

static uint32_t bh_get_target(struct balloon_host *h, uint64_t limit)
{
	if (!(h->granted_caps & VMW_BALLOON_CAP_64_BIT_TARGET) &&
	    limit > UINT32_MAX) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		return VMW_BALLOON_ERROR_CMD_INVALID;
	}
	h->guest_limit = limit;
	bh_close_target_window(h);
	return VMW_BALLOON_SUCCESS;
}

static uint32_t bh_doorbell_set(struct balloon_host *h, uint64_t ctx,
				uint64_t res)
{
	bool unset = ctx == VMW_BALLOON_DOORBELL_UNSET &&
		     res == VMW_BALLOON_DOORBELL_UNSET;

	/* The unset form comes before START and whatever was granted. */
	if (!unset &&
	    !(h->granted_caps & VMW_BALLOON_CAP_SIGNALLED_WAKEUP))
		return VMW_BALLOON_ERROR_CMD_INVALID;
	h->doorbell_ctx = ctx;
	h->doorbell_res = res;
	return VMW_BALLOON_SUCCESS;
}

static bool bh_granted(const struct balloon_host *h, uint32_t caps)
{
	return (h->granted_caps & caps) == caps;
}

/* Host policies that answer a call before it runs: reset, then busy. */
static bool bh_policy_preempts(struct balloon_host *h, uint64_t cmd,
			       uint32_t *status)
{
	/*
	 * START and DOORBELL_SET open the guest's reset sequence; answering
	 * them ERROR_RESET would loop it.
	 */
	if (h->commands_to_reset && cmd != VMW_BALLOON_CMD_START &&
	    cmd != VMW_BALLOON_CMD_VMCI_DOORBELL_SET &&
	    --h->commands_to_reset == 0) {
		h->knobs[BH_KNOB_RESET_AFTER] = 0;
		h->stats[BH_STAT_RESETS_INJECTED]++;
		bh_empty_balloon(h);
		*status = VMW_BALLOON_ERROR_RESET;
		return true;
	}
	if (vmw_balloon_cmd_moves_pages(cmd) &&
	    bh_chance(h, h->knobs[BH_KNOB_BUSY_PPM])) {
		h->stats[BH_STAT_BUSY]++;
		*status = VMW_BALLOON_ERROR_BUSY;
		return true;
	}
	/* A guest must not act on a target it failed to read. */
	if (cmd == VMW_BALLOON_CMD_GET_TARGET &&
	    bh_chance(h, h->knobs[BH_KNOB_TARGET_BUSY_PPM])) {
		h->stats[BH_STAT_TARGETS_BUSY]++;
		*status = VMW_BALLOON_ERROR_BUSY;
		return true;
	}
	return false;
}

static uint32_t bh_dispatch(struct balloon_host *h, uint64_t cmd,
			    struct bh_regs *regs, struct bh_outcome *out)
{
	uint64_t arg1 = regs->rbx, arg2 = regs->rsi;

	switch (cmd) {
	case VMW_BALLOON_CMD_START:
		return bh_start(h, arg1, regs);
	case VMW_BALLOON_CMD_GET_TARGET:
		return bh_get_target(h, arg1);
	case VMW_BALLOON_CMD_GUEST_ID:
		h->guest_type = arg1;
		return VMW_BALLOON_SUCCESS;
	case VMW_BALLOON_CMD_VMCI_DOORBELL_SET:
		return bh_doorbell_set(h, arg1, arg2);
	case VMW_BALLOON_CMD_LOCK:
	case VMW_BALLOON_CMD_UNLOCK:
		if (!bh_granted(h, VMW_BALLOON_CAP_BASIC))
			break;
		return bh_single(h, cmd == VMW_BALLOON_CMD_LOCK, arg1, out);
	case VMW_BALLOON_CMD_BATCHED_LOCK:
	case VMW_BALLOON_CMD_BATCHED_UNLOCK:
		if (!bh_granted(h, VMW_BALLOON_CAP_BATCHED))
			break;
		return bh_batch(h, cmd == VMW_BALLOON_CMD_BATCHED_LOCK, 1,
				arg1, arg2, out);
	case VMW_BALLOON_CMD_BATCHED_2M_LOCK:
	case VMW_BALLOON_CMD_BATCHED_2M_UNLOCK:
		if (!bh_granted(h, VMW_BALLOON_CAP_BATCHED |
				   VMW_BALLOON_CAP_BATCHED_2M))
			break;
		return bh_batch(h, cmd == VMW_BALLOON_CMD_BATCHED_2M_LOCK,
				VMW_BALLOON_2M_FRAMES, arg1, arg2, out);
	}
	h->stats[BH_STAT_GUEST_ERRORS]++;
	return VMW_BALLOON_ERROR_CMD_INVALID;
}

/**
 * balloon_host_call() - run one backdoor call
 * @h: the host
 * @regs: the guest's registers; updated with the reply
 *
 * On return @regs->rax holds the status, @regs->rbx the target for
 * target-bearing commands, @regs->rcx the granted capabilities after START.
 * Other registers are left as the guest passed them.
 *
 * Return: the modelled host cost of this call in ns; the embedding holds the
 * calling vCPU that long.
 */
uint64_t balloon_host_call(struct balloon_host *h, struct bh_regs *regs)
{
	uint64_t cmd = regs->rcx;
	struct bh_outcome out = { 0 };
	uint32_t status;
	uint64_t hold_ns;
	bool known = cmd < VMW_BALLOON_CMD_NUM && vmw_balloon_cmd_names[cmd];

	if ((uint32_t)regs->rax != VMW_BALLOON_MAGIC || !known) {
		h->stats[BH_STAT_GUEST_ERRORS]++;
		regs->rax = VMW_BALLOON_ERROR_CMD_INVALID;
		return 0;
	}
	if (!bh_policy_preempts(h, cmd, &status))
		status = bh_dispatch(h, cmd, regs, &out);

	h->calls[cmd]++;
	/* Time in the call is time the guest could not take an interrupt. */
	if (regs->irqs_masked)
		h->stats[BH_STAT_CALLS_IRQS_OFF]++;
	if (status != VMW_BALLOON_SUCCESS &&
	    status != VMW_BALLOON_SUCCESS_WITH_CAPABILITIES)
		h->failed[cmd]++;
	/* A guest that finds its PFN in RBX takes it as the target. */
	if ((VMW_BALLOON_CMD_WITH_TARGET_MASK >> cmd) & 1)
		regs->rbx = balloon_host_target(h);
	regs->rax = status;

	hold_ns = h->knobs[BH_KNOB_COST_NS_CALL] +
		  h->knobs[BH_KNOB_COST_NS_PAGE] * out.entries;
	h->stats[BH_STAT_HOLD_NS] += hold_ns;

	if (h->trace || h->trace_stopped) {
		struct bh_trace_row row = {
			.host_ns = bh_now_ns(),
			.guest_ns = h->ops->guest_ns(h->opaque),
			.command = vmw_balloon_cmd_names[cmd],
			.entries = out.entries,
			.frames = out.frames,
			.refused = out.refused,
			.status = bh_status_name(status),
			.size_frames = h->stats[BH_STAT_SIZE],
			.target_frames = balloon_host_target(h),
			.requested_frames = h->knobs[BH_KNOB_TARGET],
		};

		/* The guest polls GET_TARGET once a second: a quiet moment. */
		bh_trace_put(h, &row, cmd == VMW_BALLOON_CMD_GET_TARGET);
	}
	return hold_ns;
}
