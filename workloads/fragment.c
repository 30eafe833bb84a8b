// SPDX-License-Identifier: GPL-2.0-only
/*
 * fragment: leave free memory in pieces too small for a 2 MiB allocation.
 *
 * Allocates and touches almost all available memory (MemAvailable less
 * --reserve, at most --limit) in 4 KiB pages, then gives most of it back
 * with MADV_DONTNEED, keeping one page in as many 2 MiB blocks as it can:
 *
 * - pagemap: reads each page's frame number from /proc/self/pagemap (it
 *   takes CAP_SYS_ADMIN to see them) and keeps exactly the first page it
 *   meets in each 2 MiB-aligned physical block;
 * - stride: keeps every --keep-every'th page of the mapping, hoping that
 *   physically contiguous runs follow virtual ones.
 *
 * The buddy allocator then has plenty of free 4 KiB pages and no free
 * order-9 block where this memory was.  It holds that state for --hold.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/bb_options.h"
#include "lib/bb_output.h"
#include "lib/bb_procfs.h"
#include "lib/bb_run.h"

/* /proc/self/pagemap entry: bit 63 present, bits 0-54 the frame number. */
#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)
/* Pagemap entries read at once. */
#define PM_BATCH	65536
/* Touch this much between two looks at the stop flag. */
#define TOUCH_CHUNK	(64ULL << 20)

enum method {
	METHOD_AUTO,
	METHOD_PAGEMAP,
	METHOD_STRIDE,
};

static const char *const method_names[] = {
	[METHOD_AUTO] = "auto",
	[METHOD_PAGEMAP] = "pagemap",
	[METHOD_STRIDE] = "stride",
};

struct config {
	bool check;
	bool mlock;
	uint64_t hold_ns;
	uint64_t keep_every;	/* pages */
	uint64_t limit;		/* bytes, 0 for none */
	uint64_t reserve;	/* bytes */
	enum method method;
	const char *signal_file;
};

/**
 * struct region - the memory allocated, and what became of it
 * @base: start of the mapping
 * @pages: its length in pages
 * @kept: pages kept
 * @released: pages given back
 * @run_start: first page of the run of pages to give back being built
 */
struct region {
	uint8_t *base;
	uint64_t pages;
	uint64_t kept;
	uint64_t released;
	uint64_t run_start;
};

static uint64_t page_size;

enum opt {
	OPT_HELP = 'h',
	OPT_CHECK = 256,
	OPT_HOLD,
	OPT_KEEP_EVERY,
	OPT_LIMIT,
	OPT_METHOD,
	OPT_MLOCK,
	OPT_RESERVE,
	OPT_SIGNAL_FILE,
};

/* Sorted by name. */
static const struct option long_options[] = {
	{ "check",		no_argument,		NULL, OPT_CHECK },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "hold",		required_argument,	NULL, OPT_HOLD },
	{ "keep-every",		required_argument,	NULL, OPT_KEEP_EVERY },
	{ "limit",		required_argument,	NULL, OPT_LIMIT },
	{ "method",		required_argument,	NULL, OPT_METHOD },
	{ "mlock",		no_argument,		NULL, OPT_MLOCK },
	{ "reserve",		required_argument,	NULL, OPT_RESERVE },
	{ "signal-file",	required_argument,	NULL, OPT_SIGNAL_FILE },
	{ NULL,			0,			NULL, 0 },
};

static void usage(void)
{
	fputs(
"Usage: fragment [OPTION]...\n"
"Allocate almost all available memory in 4 KiB pages, then free it but one\n"
"page per 2 MiB block, so that 2 MiB allocations fail; hold that state.\n"
"\n"
"  --check              report free blocks of order 9 or more before and\n"
"                       after (from /proc/buddyinfo)\n"
"  -h, --help           print this help and exit\n"
"  --hold=DURATION      how long to hold the fragmented state, or\n"
"                       \"forever\": until SIGINT or SIGTERM (default\n"
"                       forever)\n"
"  --keep-every=PAGES   stride method: keep one page in this many, at least\n"
"                       2 (default 256, one per MiB)\n"
"  --limit=SIZE         allocate at most this much (default: no limit)\n"
"  --method=METHOD      pagemap: keep one page per 2 MiB physical block, by\n"
"                       the frame numbers of /proc/self/pagemap (needs\n"
"                       CAP_SYS_ADMIN); stride: keep every --keep-every'th\n"
"                       page; auto: pagemap if frame numbers are visible,\n"
"                       else stride (default auto)\n"
"  --mlock              lock the kept pages (mlock2 MLOCK_ONFAULT); with\n"
"                       vm.compact_unevictable_allowed=0, compaction leaves\n"
"                       them alone\n"
"  --reserve=SIZE       leave this much of MemAvailable alone (default 64M)\n"
"  --signal-file=PATH   create PATH (content: the pid) once fragmented; a\n"
"                       stale PATH is removed at start\n"
"\n"
"SIZE: bytes or with a K, M, G or T suffix (1K = 1024), e.g. 64M, 1G.\n"
"DURATION: a number and a unit: ns, us, ms, s, m, h (none: s), e.g. 500ms.\n"
"Output: key=value lines on stdout (alloc_mib, alloc_s, kept_mib,\n"
"released_mib, fragment_s, free_order9_blocks_before and _after, ...),\n"
"\"# \" comments.  Exit status: 0 ok, 1 failure, 2 bad usage, 3 skipped\n"
"(--method=pagemap without visible frame numbers).\n",
	      stdout);
}

static void parse_args(int argc, char *argv[], struct config *cfg)
{
	int c;

	memset(cfg, 0, sizeof(*cfg));
	cfg->hold_ns = BB_FOREVER;
	cfg->keep_every = 256;
	cfg->reserve = 64 * BB_MIB;
	cfg->method = METHOD_AUTO;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_CHECK:
			cfg->check = true;
			break;
		case OPT_HELP:
			usage();
			exit(BB_EXIT_OK);
		case OPT_HOLD:
			cfg->hold_ns = bb_opt_hold("hold", optarg);
			break;
		case OPT_KEEP_EVERY:
			cfg->keep_every = bb_opt_u64("keep-every", optarg);
			if (cfg->keep_every < 2)
				bb_die(BB_EXIT_USAGE,
				       "--keep-every must be 2 or more");
			break;
		case OPT_LIMIT:
			cfg->limit = bb_opt_size("limit", optarg);
			if (!cfg->limit)
				bb_die(BB_EXIT_USAGE,
				       "--limit must be more than 0");
			break;
		case OPT_METHOD:
			cfg->method = bb_opt_choice("method", optarg,
				method_names, BB_ARRAY_SIZE(method_names));
			break;
		case OPT_MLOCK:
			cfg->mlock = true;
			break;
		case OPT_RESERVE:
			cfg->reserve = bb_opt_size("reserve", optarg);
			break;
		case OPT_SIGNAL_FILE:
			if (!*optarg)
				bb_die(BB_EXIT_USAGE,
				       "--signal-file: empty path");
			cfg->signal_file = optarg;
			break;
		default:
			bb_getopt_fail(c, argv);
		}
	}
	if (optind < argc)
		bb_die(BB_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
}

/* Whether /proc/self/pagemap shows frame numbers for @r's first page. */
static bool pfns_visible(int fd, const struct region *r)
{
	uint64_t e;
	off_t off = (off_t)((uintptr_t)r->base / page_size * sizeof(e));

	return pread(fd, &e, sizeof(e), off) == sizeof(e) &&
	       (e & PM_PRESENT) && (e & PM_PFN_MASK);
}

/* Gives back the pages from the current run's start to @end. */
static void release_run(struct region *r, uint64_t end)
{
	uint64_t n = end - r->run_start;

	if (!n)
		return;
	if (madvise(r->base + r->run_start * page_size, n * page_size,
		    MADV_DONTNEED))
		bb_die(BB_EXIT_FAIL, "madvise(MADV_DONTNEED): %s",
		       strerror(errno));
	r->released += n;
}

/* Keeps page @i: ends the run before it. */
static void keep_page(struct region *r, uint64_t i)
{
	release_run(r, i);
	r->run_start = i + 1;
	r->kept++;
}

static void fragment_stride(struct region *r, uint64_t every)
{
	uint64_t i;

	for (i = 0; i < r->pages; i += every)
		keep_page(r, i);
	release_run(r, r->pages);
}

/* Returns the number of 2 MiB physical blocks the region covered. */
static uint64_t fragment_pagemap(struct region *r, int fd)
{
	uint64_t *entries, *seen = NULL, blocks = 0, start, n, j, blk;
	size_t seen_words = 0, want;
	off_t off;

	entries = malloc(PM_BATCH * sizeof(*entries));
	if (!entries)
		bb_die(BB_EXIT_FAIL, "out of memory");
	for (start = 0; start < r->pages; start += n) {
		n = r->pages - start < PM_BATCH ? r->pages - start : PM_BATCH;
		off = (off_t)(((uintptr_t)r->base / page_size + start) *
			      sizeof(*entries));
		if (pread(fd, entries, n * sizeof(*entries), off) !=
		    (ssize_t)(n * sizeof(*entries)))
			bb_die(BB_EXIT_FAIL, "short read of pagemap");
		for (j = 0; j < n; j++) {
			if (!(entries[j] & PM_PRESENT))
				continue;	/* given back with its run */
			blk = (entries[j] & PM_PFN_MASK) >> BB_ORDER_2M;
			if (blk / 64 >= seen_words) {
				want = blk / 64 + 1;
				want = want > 2 * seen_words ? want :
				       2 * seen_words;
				seen = realloc(seen, want * sizeof(*seen));
				if (!seen)
					bb_die(BB_EXIT_FAIL, "out of memory");
				memset(seen + seen_words, 0,
				       (want - seen_words) * sizeof(*seen));
				seen_words = want;
			}
			if (seen[blk / 64] & (1ULL << (blk % 64)))
				continue;
			seen[blk / 64] |= 1ULL << (blk % 64);
			blocks++;
			keep_page(r, start + j);
		}
	}
	release_run(r, r->pages);
	free(seen);
	free(entries);
	return blocks;
}

static uint64_t order9_blocks(const char *when)
{
	uint64_t blocks;
	int err;

	err = bb_buddyinfo_read(BB_ORDER_2M, &blocks, NULL);
	if (err)
		bb_die(BB_EXIT_FAIL, "cannot read /proc/buddyinfo %s: %s",
		       when, strerror(-err));
	return blocks;
}

static double mib(uint64_t pages)
{
	return (double)(pages * page_size) / BB_MIB;
}

int main(int argc, char *argv[])
{
	uint64_t avail_kib, want, off, t0, blocks = 0;
	enum method method;
	struct config cfg;
	struct region r;
	int fd, err;

	bb_set_prog("fragment");
	parse_args(argc, argv, &cfg);
	if (bb_run_init())
		bb_die(BB_EXIT_FAIL, "cannot install signal handlers");
	if (cfg.signal_file && unlink(cfg.signal_file) && errno != ENOENT)
		bb_die(BB_EXIT_FAIL, "cannot remove stale %s: %s",
		       cfg.signal_file, strerror(errno));
	page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	memset(&r, 0, sizeof(r));

	err = bb_kib_field_read("/proc/meminfo", "MemAvailable", &avail_kib);
	if (err)
		bb_die(BB_EXIT_FAIL, "cannot read MemAvailable: %s",
		       strerror(-err));
	if (avail_kib * 1024 <= cfg.reserve)
		bb_die(BB_EXIT_FAIL,
		       "MemAvailable (%" PRIu64 " MiB) is not above --reserve",
		       avail_kib / 1024);
	want = avail_kib * 1024 - cfg.reserve;
	if (cfg.limit && want > cfg.limit)
		want = cfg.limit;
	r.pages = want / page_size;
	if (!r.pages)
		bb_die(BB_EXIT_FAIL, "nothing to allocate");
	bb_comment("fragment: mem_available=%" PRIu64 " KiB reserve=%" PRIu64
		   " bytes limit=%" PRIu64 " bytes", avail_kib, cfg.reserve,
		   cfg.limit);
	bb_out_f("mem_available_mib", (double)avail_kib / 1024);
	if (cfg.check)
		bb_out_u64("free_order9_blocks_before",
			   order9_blocks("before"));

	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0 && cfg.method == METHOD_PAGEMAP)
		bb_die(BB_EXIT_SKIP, "cannot open /proc/self/pagemap: %s",
		       strerror(errno));

	r.base = mmap(NULL, r.pages * page_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r.base == MAP_FAILED)
		bb_die(BB_EXIT_FAIL, "mmap of %" PRIu64 " bytes: %s",
		       r.pages * page_size, strerror(errno));
	/*
	 * 4 KiB pages only: a huge page would be split lazily (its memory
	 * not freed) by MADV_DONTNEED, and khugepaged would collapse our
	 * sparse ranges back.  EINVAL: a kernel without THP, fine.
	 */
	if (madvise(r.base, r.pages * page_size, MADV_NOHUGEPAGE) &&
	    errno != EINVAL)
		bb_die(BB_EXIT_FAIL, "madvise(MADV_NOHUGEPAGE): %s",
		       strerror(errno));

	t0 = bb_now_ns();
	for (off = 0; off < r.pages * page_size; off += page_size) {
		r.base[off] = 1;
		if (!(off % TOUCH_CHUNK) && bb_stop_requested())
			bb_die(BB_EXIT_FAIL, "stopped by a signal");
	}
	bb_out_f("alloc_mib", mib(r.pages));
	bb_out_s("alloc_s", bb_now_ns() - t0);
	bb_out_flush();

	method = cfg.method;
	if (method != METHOD_STRIDE && !(fd >= 0 && pfns_visible(fd, &r))) {
		if (method == METHOD_PAGEMAP)
			bb_die(BB_EXIT_SKIP,
			       "pagemap shows no frame numbers (needs CAP_SYS_ADMIN)");
		method = METHOD_STRIDE;
	} else if (method == METHOD_AUTO) {
		method = METHOD_PAGEMAP;
	}
	bb_comment("method=%s%s", method_names[method],
		   cfg.method == METHOD_AUTO ? " (auto)" : "");

	t0 = bb_now_ns();
	if (method == METHOD_PAGEMAP)
		blocks = fragment_pagemap(&r, fd);
	else
		fragment_stride(&r, cfg.keep_every);
	if (cfg.mlock && mlock2(r.base, r.pages * page_size, MLOCK_ONFAULT))
		bb_die(BB_EXIT_FAIL, "mlock2(MLOCK_ONFAULT): %s",
		       strerror(errno));
	bb_out_s("fragment_s", bb_now_ns() - t0);
	if (fd >= 0)
		close(fd);
	bb_out_f("kept_mib", mib(r.kept));
	bb_out_f("released_mib", mib(r.released));
	if (method == METHOD_PAGEMAP)
		bb_out_u64("blocks_2m", blocks);
	if (cfg.check)
		bb_out_u64("free_order9_blocks_after",
			   order9_blocks("after"));
	bb_out_flush();

	err = cfg.signal_file ? bb_signal_file_create(cfg.signal_file) : 0;
	if (err)
		bb_die(BB_EXIT_FAIL, "cannot create %s: %s", cfg.signal_file,
		       strerror(-err));
	if (cfg.hold_ns == BB_FOREVER)
		bb_comment("holding until SIGINT or SIGTERM");
	bb_out_flush();
	t0 = bb_now_ns();
	if (!bb_hold(cfg.hold_ns) && cfg.hold_ns != BB_FOREVER)
		bb_comment("hold cut short by a signal");
	bb_out_s("hold_s", bb_now_ns() - t0);
	munmap(r.base, r.pages * page_size);
	return BB_EXIT_OK;
}
