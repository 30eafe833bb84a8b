// SPDX-License-Identifier: GPL-2.0-only
/*
 * Micro-benchmarks of the embedded host's hot path (host/core), with Google
 * Benchmark: decoding a batch page, coalescing locked frames into discard
 * ranges, and a whole batched LOCK call.  The C functions are called as they
 * are; this file only registers them.
 *
 * The guest is a 1 GiB one, as in bench/scenarios: RAM is the single range
 * [0, 262144) frames.  Items are pages (4 KiB or 2 MiB), so items_per_second
 * is a page rate.  Every benchmark uses real (wall-clock) time, for its
 * iteration count and its rates, as bench/micro/run.sh's context
 * bb_clock=wall says; it runs this and keeps the JSON.
 */
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

extern "C" {
#include "balloon_host.h"
#include "frame_map.h"
}

namespace {

constexpr uint64_t kRamFrames = 262144;		// 1 GiB of 4 KiB frames
constexpr uint64_t k2MFrames = VMW_BALLOON_2M_FRAMES;
constexpr uint64_t kEntries = VMW_BALLOON_BATCH_MAX_ENTRIES;

// The RAM layout alone: all that decoding looks at.
struct GuestRam {
	struct frame_map map = {};
	bool ok = !frame_map_add_ram(&map, 0, kRamFrames);

	GuestRam() = default;
	GuestRam(const GuestRam &) = delete;	// one owner of the bitmap
	~GuestRam() { frame_map_free(&map); }
};

/*
 * Decoding and validating the entries of one batch page: what every batched
 * LOCK and UNLOCK does before it touches the bitmap.  @frames is 1 for 4 KiB
 * pages and 512 for 2 MiB ones.
 */
void BM_BatchDecode(benchmark::State &state, uint64_t frames)
{
	const uint64_t count = state.range(0);
	const uint64_t slots = kRamFrames / frames;
	GuestRam ram;
	std::vector<uint64_t> batch(count);

	// Valid pages spread over RAM, as a guest sends them: a prime stride
	// through the page slots, so no two entries name the same page.
	for (uint64_t i = 0; i < count; i++)
		batch[i] = vmw_balloon_batch_entry(i * 7919 % slots * frames);
	if (!ram.ok || bh_batch_decode(&ram.map, batch.data(), count, frames)) {
		state.SkipWithError("set-up: RAM or a batch entry is invalid");
		return;
	}
	for (auto _ : state) {
		uint64_t bad = bh_batch_decode(&ram.map, batch.data(), count,
					       frames);

		benchmark::DoNotOptimize(bad);
		// The statuses it wrote into @batch are its product too.
		benchmark::ClobberMemory();
	}
	state.SetItemsProcessed(state.iterations() * count);
}
BENCHMARK_CAPTURE(BM_BatchDecode, 4k, uint64_t{1})
	->ArgName("entries")->Arg(1)->Arg(64)->Arg(kEntries)->UseRealTime();
BENCHMARK_CAPTURE(BM_BatchDecode, 2m, k2MFrames)
	->ArgName("entries")->Arg(1)->Arg(64)->Arg(kEntries)->UseRealTime();

/*
 * Coalescing the frames a batch locked into ranges for the discard callback.
 * contig_pct is the chance that a frame follows the one before it; otherwise
 * one frame is skipped and a new range starts.  100: one range; 0: one range
 * per frame; 50: about half as many ranges as frames, at random, so the
 * branch is as hard to predict as a fragmented guest makes it.
 */
void BM_DiscardCoalesce(benchmark::State &state)
{
	const uint64_t count = state.range(0);
	const uint64_t contig_pct = state.range(1);
	std::mt19937_64 rng(42);	// the same list in every run
	std::vector<uint64_t> pfns(count);
	uint64_t pfn = 4096, ranges = 0;

	for (uint64_t &p : pfns) {
		p = pfn;
		pfn += rng() % 100 < contig_pct ? 1 : 2;
	}
	for (auto _ : state) {
		struct bh_discard_run run = {};

		ranges = 0;
		for (uint64_t p : pfns)
			ranges += bh_discard_coalesce(&run, p, 1).frames != 0;
		ranges += run.frames != 0;	// the last run, discarded too
		benchmark::DoNotOptimize(ranges);
	}
	state.SetItemsProcessed(state.iterations() * count);
	state.counters["ranges"] = ranges;
}
BENCHMARK(BM_DiscardCoalesce)
	->ArgNames({ "entries", "contig_pct" })
	->Args({ kEntries, 100 })
	->Args({ kEntries, 0 })
	->Args({ kEntries, 50 })
	->UseRealTime();

/*
 * The fake guest of a LOCK round trip, as in tests/unit/test_host_core.c:
 * read and write copy the batch page from and to a buffer, and discard only
 * counts (no madvise: the kernel's work is not the host core's).  Batch
 * pages sit at PFNs [0, kRingPages), the frames they name above them.
 */
constexpr uint64_t kRingPages = 256;

struct FakeGuest {
	std::vector<uint64_t> pages =
		std::vector<uint64_t>(kRingPages * kEntries);
	uint64_t discards = 0;
	uint64_t clock_ns = 0;
};

// The batch page memory behind [gpa, gpa + len), or NULL.
uint8_t *fake_ptr(FakeGuest *g, uint64_t gpa, size_t len)
{
	uint64_t size = g->pages.size() * sizeof(g->pages[0]);

	if (gpa > size || len > size - gpa)
		return nullptr;
	return reinterpret_cast<uint8_t *>(g->pages.data()) + gpa;
}

int fake_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *p = fake_ptr(static_cast<FakeGuest *>(opaque), gpa, len);

	if (!p)
		return -1;
	memcpy(buf, p, len);
	return 0;
}

int fake_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	uint8_t *p = fake_ptr(static_cast<FakeGuest *>(opaque), gpa, len);

	if (!p)
		return -1;
	memcpy(p, buf, len);
	return 0;
}

int fake_discard(void *opaque, uint64_t, uint64_t frames, uint64_t *freed)
{
	static_cast<FakeGuest *>(opaque)->discards++;
	*freed = frames;
	return 0;
}

uint64_t fake_guest_ns(void *opaque)
{
	return static_cast<FakeGuest *>(opaque)->clock_ns += 1000;
}

// In struct bh_guest_ops order: C++17 has no designated initialisers.
const struct bh_guest_ops fake_ops = {
	fake_read, fake_write, fake_discard, fake_guest_ns,
	nullptr,	// no VMCI: nothing to ring
};

uint64_t host_call(struct balloon_host *h, uint64_t cmd, uint64_t arg1,
		   uint64_t arg2)
{
	struct bh_regs regs = { VMW_BALLOON_MAGIC, arg1, cmd, arg2, false };

	balloon_host_call(h, &regs);
	return regs.rax;
}

/*
 * One balloon_host_call() of BATCHED_LOCK: read the batch page, decode,
 * lock, discard, write the statuses back.  Each call names fresh frames
 * (a page of the ring each); once the ring is used up, START empties the
 * balloon outside the timing, so every timed call does the same work.
 * Pausing the timer costs about a microsecond, once every kRingPages calls.
 * No trace: that is stdio's time, not the hot path's.
 */
void BM_HostCallBatchLock(benchmark::State &state)
{
	const uint64_t count = state.range(0);
	FakeGuest g;
	struct balloon_host h;
	uint64_t page = 0, status = 0;

	balloon_host_init(&h, &fake_ops, &g);
	// Batch page j names frames [kRingPages + j * count, ... + count).
	for (uint64_t i = 0; i < kRingPages * count; i++)
		g.pages[i / count * kEntries + i % count] =
			vmw_balloon_batch_entry(kRingPages + i);
	if (balloon_host_add_ram(&h, 0, kRamFrames) ||
	    balloon_host_set_knob(&h, BH_KNOB_TARGET, kRamFrames) ||
	    host_call(&h, VMW_BALLOON_CMD_START, VMW_BALLOON_CAPS_ALL, 0) !=
		    VMW_BALLOON_SUCCESS_WITH_CAPABILITIES) {
		state.SkipWithError("set-up: the host refused the guest");
		balloon_host_destroy(&h);
		return;
	}
	for (auto _ : state) {
		if (page == kRingPages) {
			state.PauseTiming();
			host_call(&h, VMW_BALLOON_CMD_START,
				  VMW_BALLOON_CAPS_ALL, 0);
			page = 0;
			state.ResumeTiming();
		}
		status |= host_call(&h, VMW_BALLOON_CMD_BATCHED_LOCK, page++,
				    count);
		benchmark::DoNotOptimize(status);
	}
	// A refused call or page would time an error path instead.
	if (status != VMW_BALLOON_SUCCESS ||
	    h.stats[BH_STAT_FRAMES_LOCKED] != state.iterations() * count)
		state.SkipWithError("a batched LOCK failed or refused pages");
	state.SetItemsProcessed(state.iterations() * count);
	state.counters["discards_per_call"] = benchmark::Counter(
		g.discards, benchmark::Counter::kAvgIterations);
	balloon_host_destroy(&h);
}
BENCHMARK(BM_HostCallBatchLock)
	->ArgName("entries")->Arg(1)->Arg(64)->Arg(kEntries)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
