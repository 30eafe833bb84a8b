// SPDX-License-Identifier: GPL-2.0-only
/*
 * memhog: allocate memory, touch every page (optionally at a set rate),
 * hold it, release it, and report how fast the touching went.
 *
 * Modes: anonymous memory, anonymous memory in transparent huge pages
 * (MADV_HUGEPAGE on a 2 MiB-aligned mapping), or a file written to a
 * directory (tmpfs: the page cache holds it).  See workloads/README.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "lib/bb_options.h"
#include "lib/bb_output.h"
#include "lib/bb_procfs.h"
#include "lib/bb_run.h"

#define HUGE_2M		(2ULL << 20)
/* Touch (or write) this much between two checks of rate and signals. */
#define CHUNK		(1ULL << 20)

enum mode {
	MODE_ANON,
	MODE_THP,
	MODE_TMPFS,
};

static const char *const mode_names[] = {
	[MODE_ANON] = "anon",
	[MODE_THP] = "thp",
	[MODE_TMPFS] = "tmpfs",
};

struct config {
	uint64_t size;
	double rate;		/* MiB/s, 0 for unlimited */
	uint64_t hold_ns;	/* BB_FOREVER: until SIGINT or SIGTERM */
	enum mode mode;
	const char *dir;	/* NULL: /tmp */
	const char *signal_file;
};

/* The memory held: a mapping, or a file. */
struct hog {
	char *map;		/* anon, thp: the mapping actually touched */
	uint64_t map_len;
	void *raw;		/* thp: the mapping before trimming */
	int fd;			/* tmpfs: the file */
	char path[4096];
};

enum opt {
	OPT_HELP = 'h',
	OPT_DIR = 256,
	OPT_HOLD,
	OPT_MODE,
	OPT_RATE,
	OPT_SIGNAL_FILE,
	OPT_SIZE,
};

/* Sorted by name. */
static const struct option long_options[] = {
	{ "dir",		required_argument,	NULL, OPT_DIR },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "hold",		required_argument,	NULL, OPT_HOLD },
	{ "mode",		required_argument,	NULL, OPT_MODE },
	{ "rate",		required_argument,	NULL, OPT_RATE },
	{ "signal-file",	required_argument,	NULL, OPT_SIGNAL_FILE },
	{ "size",		required_argument,	NULL, OPT_SIZE },
	{ NULL,			0,			NULL, 0 },
};

static void usage(void)
{
	fputs(
"Usage: memhog --size=SIZE [OPTION]...\n"
"Allocate SIZE of memory, touch every page, hold it, then release it.\n"
"\n"
"  --dir=PATH          directory of the file in tmpfs mode (default /tmp)\n"
"  -h, --help          print this help and exit\n"
"  --hold=DURATION     how long to hold the memory once touched, or\n"
"                      \"forever\": until SIGINT or SIGTERM (default 0s)\n"
"  --mode=MODE         anon: anonymous memory (default); thp: anonymous\n"
"                      memory with MADV_HUGEPAGE, 2 MiB-aligned; tmpfs: write\n"
"                      a file of SIZE in --dir, unlinked on release\n"
"  --rate=MIB_PER_S    touch at most this many MiB per second, a real\n"
"                      number; 0 for as fast as possible (default 0)\n"
"  --signal-file=PATH  create PATH (content: the pid) once all memory is\n"
"                      touched; a stale PATH is removed at start\n"
"  --size=SIZE         how much memory, in bytes or with a K, M, G or T\n"
"                      suffix (1K = 1024): 4096K, 512M, 1G (required)\n"
"\n"
"DURATION: a number and a unit: ns, us, ms, s, m, h (none: s), e.g. 500ms.\n"
"Output: key=value lines on stdout (touch_mib, touch_s, touch_mib_per_s,\n"
"thp_mib, hold_s, release_s), \"# \" comments.  Exit status: 0 ok,\n"
"1 failure, 2 bad usage, 3 skipped (no THP), 4 untrustworthy (thp mode\n"
"but no huge page).\n",
	      stdout);
}

static void parse_args(int argc, char *argv[], struct config *cfg)
{
	bool have_size = false;
	double rate;
	int c;

	memset(cfg, 0, sizeof(*cfg));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_DIR:
			if (!*optarg)
				bb_die(BB_EXIT_USAGE, "--dir: empty path");
			cfg->dir = optarg;
			break;
		case OPT_HELP:
			usage();
			exit(BB_EXIT_OK);
		case OPT_HOLD:
			cfg->hold_ns = bb_opt_hold("hold", optarg);
			break;
		case OPT_MODE:
			cfg->mode = bb_opt_choice("mode", optarg, mode_names,
						  BB_ARRAY_SIZE(mode_names));
			break;
		case OPT_RATE:
			if (bb_parse_double(optarg, &rate) || rate < 0)
				bb_die(BB_EXIT_USAGE,
				       "--rate: bad rate '%s' (want MiB/s >= 0)",
				       optarg);
			cfg->rate = rate;
			break;
		case OPT_SIGNAL_FILE:
			if (!*optarg)
				bb_die(BB_EXIT_USAGE,
				       "--signal-file: empty path");
			cfg->signal_file = optarg;
			break;
		case OPT_SIZE:
			cfg->size = bb_opt_size("size", optarg);
			have_size = true;
			break;
		default:
			bb_getopt_fail(c, argv);
		}
	}
	if (optind < argc)
		bb_die(BB_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (!have_size)
		bb_die(BB_EXIT_USAGE, "--size is required");
	if (!cfg->size)
		bb_die(BB_EXIT_USAGE, "--size must be more than 0");
	if (cfg->size > (uint64_t)PTRDIFF_MAX - HUGE_2M)
		bb_die(BB_EXIT_USAGE, "--size exceeds the address space");
	if (cfg->dir && cfg->mode != MODE_TMPFS)
		bb_die(BB_EXIT_USAGE, "--dir needs --mode=tmpfs");
}

/* Sleeps until @done bytes are due at @rate MiB/s; false on a stop request. */
static bool pace(uint64_t start_ns, uint64_t done, double rate)
{
	double due_s;

	if (bb_stop_requested())
		return false;
	if (rate <= 0)
		return true;
	due_s = (double)done / (double)BB_MIB / rate;
	if (due_s > (double)(UINT64_MAX - start_ns) / BB_NS_PER_S)
		return bb_hold(BB_FOREVER);
	return bb_sleep_until(start_ns + (uint64_t)(due_s * BB_NS_PER_S));
}

/* Exits with status 3 unless THP can be asked for with MADV_HUGEPAGE. */
static void check_thp(void)
{
	char text[256], mode[32];
	ssize_t n;

	n = bb_read_file_buf(BB_THP_ENABLED, text, sizeof(text));
	if (n < 0)
		bb_die(BB_EXIT_SKIP,
		       "no transparent huge pages: cannot read %s: %s",
		       BB_THP_ENABLED, strerror((int)-n));
	if (bb_thp_mode_parse(text, mode, sizeof(mode)))
		bb_die(BB_EXIT_FAIL, "cannot parse %s: '%s'", BB_THP_ENABLED,
		       text);
	if (!strcmp(mode, "never"))
		bb_die(BB_EXIT_SKIP,
		       "transparent huge pages are disabled (%s is never)",
		       BB_THP_ENABLED);
	bb_comment("thp enabled=%s", mode);
}

/* Maps @len bytes of anonymous memory; in thp mode, 2 MiB-aligned. */
static void map_anon(struct hog *hog, uint64_t len, bool thp)
{
	uint64_t extra = thp ? HUGE_2M : 0;
	uintptr_t start, aligned;
	void *p;

	p = mmap(NULL, len + extra, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		bb_die(BB_EXIT_FAIL, "mmap of %" PRIu64 " bytes: %s", len,
		       strerror(errno));
	hog->raw = p;
	hog->map = p;
	hog->map_len = len;
	if (!thp)
		return;
	/* trim to a 2 MiB-aligned start, so every 2 MiB can be a THP */
	start = (uintptr_t)p;
	aligned = (start + HUGE_2M - 1) & ~(uintptr_t)(HUGE_2M - 1);
	if (aligned > start)
		munmap(p, aligned - start);
	if (start + extra > aligned)
		munmap((char *)aligned + len, start + extra - aligned);
	hog->map = (char *)aligned;
	hog->raw = hog->map;
	if (madvise(hog->map, len, MADV_HUGEPAGE)) {
		if (errno == EINVAL)
			bb_die(BB_EXIT_SKIP,
			       "madvise(MADV_HUGEPAGE): %s (no THP)",
			       strerror(errno));
		bb_die(BB_EXIT_FAIL, "madvise(MADV_HUGEPAGE): %s",
		       strerror(errno));
	}
}

/* Writes one byte per page; returns the bytes touched (less on a stop). */
static uint64_t touch_anon(struct hog *hog, const struct config *cfg,
			   uint64_t start_ns)
{
	volatile char *p = hog->map;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t off, end, done = 0;

	while (done < hog->map_len) {
		end = done + CHUNK < hog->map_len ? done + CHUNK : hog->map_len;
		/* non-zero, so nothing can share a zero page */
		for (off = done; off < end; off += page)
			p[off] = (char)(off / page) | 1;
		done = end;
		if (!pace(start_ns, done, cfg->rate))
			break;
	}
	return done;
}

/* Creates the file in --dir; notes what file system holds it. */
static void open_tmpfs(struct hog *hog, const struct config *cfg)
{
	const char *dir = cfg->dir ? cfg->dir : "/tmp";
	const char *fs = "other (not tmpfs: memory is page cache, if at all)";
	struct statfs st;
	int n;

	n = snprintf(hog->path, sizeof(hog->path), "%s/memhog.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(hog->path))
		bb_die(BB_EXIT_USAGE, "--dir: path too long");
	hog->fd = mkostemp(hog->path, O_CLOEXEC);
	if (hog->fd < 0)
		bb_die(BB_EXIT_FAIL, "cannot create a file in %s: %s", dir,
		       strerror(errno));
	if (!fstatfs(hog->fd, &st)) {
		if (st.f_type == TMPFS_MAGIC)
			fs = "tmpfs";
		else if (st.f_type == RAMFS_MAGIC)
			fs = "ramfs";
	}
	bb_comment("file %s, file system %s", hog->path, fs);
}

/* Writes the file; returns the bytes written (less on a stop). */
static uint64_t touch_tmpfs(struct hog *hog, const struct config *cfg,
			    uint64_t start_ns)
{
	uint64_t done = 0, want;
	char *buf;
	ssize_t n;

	buf = malloc(CHUNK);
	if (!buf)
		bb_die(BB_EXIT_FAIL, "out of memory");
	memset(buf, 0xa5, CHUNK);
	while (done < cfg->size) {
		want = cfg->size - done < CHUNK ? cfg->size - done : CHUNK;
		n = write(hog->fd, buf, want);
		if (n < 0 && errno == EINTR && !bb_stop_requested())
			continue;
		if (n < 0 && errno == EINTR)
			break;
		if (n <= 0) {
			int err = n < 0 ? errno : ENOSPC;

			unlink(hog->path);
			bb_die(BB_EXIT_FAIL, "write to %s after %" PRIu64
			       " bytes: %s", hog->path, done, strerror(err));
		}
		done += (uint64_t)n;
		if (!pace(start_ns, done, cfg->rate))
			break;
	}
	free(buf);
	return done;
}

/* Releases the memory; returns how long that took, in ns. */
static uint64_t release(struct hog *hog, const struct config *cfg)
{
	uint64_t t0 = bb_now_ns();

	if (cfg->mode == MODE_TMPFS) {
		close(hog->fd);
		if (unlink(hog->path))
			bb_error("unlink %s: %s", hog->path, strerror(errno));
	} else {
		munmap(hog->raw, hog->map_len);
	}
	return bb_now_ns() - t0;
}

static double seconds(uint64_t ns)
{
	return (double)ns / BB_NS_PER_S;
}

int main(int argc, char *argv[])
{
	uint64_t t0, touch_ns, held_ns, touched, want, thp_kib = 0;
	bool thp_known = false, held_all;
	struct config cfg;
	struct hog hog;
	int status = BB_EXIT_OK, err;

	bb_set_prog("memhog");
	parse_args(argc, argv, &cfg);
	if (bb_run_init())
		bb_die(BB_EXIT_FAIL, "cannot install signal handlers");
	if (cfg.signal_file && unlink(cfg.signal_file) && errno != ENOENT)
		bb_die(BB_EXIT_FAIL, "cannot remove stale %s: %s",
		       cfg.signal_file, strerror(errno));
	memset(&hog, 0, sizeof(hog));
	hog.fd = -1;

	bb_comment("memhog: mode=%s size=%" PRIu64 " bytes rate=%g MiB/s%s",
		   mode_names[cfg.mode], cfg.size, cfg.rate,
		   cfg.rate > 0 ? "" : " (unlimited)");
	if (cfg.mode == MODE_THP)
		check_thp();
	if (cfg.mode == MODE_TMPFS) {
		open_tmpfs(&hog, &cfg);
		want = cfg.size;
	} else {
		uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

		want = (cfg.size + page - 1) / page * page;
		map_anon(&hog, want, cfg.mode == MODE_THP);
	}

	t0 = bb_now_ns();
	if (cfg.mode == MODE_TMPFS)
		touched = touch_tmpfs(&hog, &cfg, t0);
	else
		touched = touch_anon(&hog, &cfg, t0);
	touch_ns = bb_now_ns() - t0;
	if (cfg.mode == MODE_THP)
		thp_known = !bb_kib_field_read("/proc/self/smaps_rollup",
					       "AnonHugePages", &thp_kib);

	bb_out_f("touch_mib", (double)touched / BB_MIB);
	bb_out_s("touch_s", touch_ns);
	bb_out_f("touch_mib_per_s", touch_ns ? (double)touched / BB_MIB /
		 seconds(touch_ns) : 0);
	if (thp_known)
		bb_out_u64("thp_mib", thp_kib / 1024);
	else if (cfg.mode == MODE_THP)
		bb_comment("AnonHugePages unknown: no /proc/self/smaps_rollup");
	bb_out_flush();

	if (touched < want) {
		release(&hog, &cfg);
		bb_die(BB_EXIT_FAIL,
		       "stopped by a signal after %" PRIu64 " of %" PRIu64
		       " bytes", touched, want);
	}
	err = cfg.signal_file ? bb_signal_file_create(cfg.signal_file) : 0;
	if (err) {
		release(&hog, &cfg);
		bb_die(BB_EXIT_FAIL, "cannot create %s: %s", cfg.signal_file,
		       strerror(-err));
	}

	if (cfg.hold_ns == BB_FOREVER)
		bb_comment("holding until SIGINT or SIGTERM");
	bb_out_flush();
	t0 = bb_now_ns();
	held_all = bb_hold(cfg.hold_ns);
	held_ns = bb_now_ns() - t0;
	if (!held_all && cfg.hold_ns != BB_FOREVER)
		bb_comment("hold cut short by a signal");
	bb_out_s("hold_s", held_ns);
	bb_out_s("release_s", release(&hog, &cfg));

	if (cfg.mode == MODE_THP && thp_known && !thp_kib) {
		bb_comment("no huge page: these are not THP figures");
		status = BB_EXIT_UNTRUSTED;
	}
	return status;
}
