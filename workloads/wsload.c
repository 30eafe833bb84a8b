// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsload: throughput of random memory accesses over a working set.
 *
 * One thread does read-modify-writes of a 64-bit word in random cache lines
 * of a --wss working set (xorshift64 from --seed), first for --warmup, then
 * for --duration, and reports operations per second.
 */
#include <errno.h>
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
#include "bb_prng.h"
#include "lib/bb_procfs.h"
#include "lib/bb_run.h"

#define CACHE_LINE	64
#define WORDS_PER_LINE	(CACHE_LINE / sizeof(uint64_t))
/* Operations between two looks at the clock and the stop flag. */
#define BATCH		4096

enum thp_mode {
	THP_SYSTEM,
	THP_ON,
	THP_OFF,
};

static const char *const thp_names[] = {
	[THP_SYSTEM] = "system",
	[THP_ON] = "on",
	[THP_OFF] = "off",
};

struct config {
	uint64_t duration_ns;
	uint64_t warmup_ns;
	uint64_t wss;
	uint64_t seed;
	enum thp_mode thp;
};

enum opt {
	OPT_HELP = 'h',
	OPT_DURATION = 256,
	OPT_SEED,
	OPT_THP,
	OPT_WARMUP,
	OPT_WSS,
};

/* Sorted by name. */
static const struct option long_options[] = {
	{ "duration",	required_argument,	NULL, OPT_DURATION },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	{ "thp",	required_argument,	NULL, OPT_THP },
	{ "warmup",	required_argument,	NULL, OPT_WARMUP },
	{ "wss",	required_argument,	NULL, OPT_WSS },
	{ NULL,		0,			NULL, 0 },
};

static void usage(void)
{
	fputs(
"Usage: wsload [OPTION]...\n"
"Random read-modify-writes of one 64-bit word per random cache line of a\n"
"working set; report the throughput.\n"
"\n"
"  --duration=DURATION  how long to measure (default 10s)\n"
"  -h, --help           print this help and exit\n"
"  --seed=N             seed of the xorshift64 generator (default 1)\n"
"  --thp=MODE           system: leave huge pages to the system (default);\n"
"                       on: MADV_HUGEPAGE; off: MADV_NOHUGEPAGE\n"
"  --warmup=DURATION    the same load, not measured, first (default 1s)\n"
"  --wss=SIZE           working set, in bytes or with a K, M, G or T\n"
"                       suffix (1K = 1024), at least 64 (default 256M)\n"
"\n"
"DURATION: a number and a unit: ns, us, ms, s, m, h (none: s), e.g. 500ms.\n"
"Output: key=value lines on stdout (ops_per_s, ops, seconds, wss_mib,\n"
"ns_per_op, thp_mib), \"# \" comments.  Exit status: 0 ok, 1 failure,\n"
"2 bad usage.\n",
	      stdout);
}

static void parse_args(int argc, char *argv[], struct config *cfg)
{
	int c;

	cfg->duration_ns = 10 * BB_NS_PER_S;
	cfg->warmup_ns = BB_NS_PER_S;
	cfg->wss = 256 * BB_MIB;
	cfg->seed = 1;
	cfg->thp = THP_SYSTEM;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_DURATION:
			cfg->duration_ns = bb_opt_duration("duration", optarg);
			break;
		case OPT_HELP:
			usage();
			exit(BB_EXIT_OK);
		case OPT_SEED:
			cfg->seed = bb_opt_u64("seed", optarg);
			break;
		case OPT_THP:
			cfg->thp = bb_opt_choice("thp", optarg, thp_names,
						 BB_ARRAY_SIZE(thp_names));
			break;
		case OPT_WARMUP:
			cfg->warmup_ns = bb_opt_duration("warmup", optarg);
			break;
		case OPT_WSS:
			cfg->wss = bb_opt_size("wss", optarg);
			break;
		default:
			bb_getopt_fail(c, argv);
		}
	}
	if (optind < argc)
		bb_die(BB_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (!cfg->duration_ns)
		bb_die(BB_EXIT_USAGE, "--duration must be more than 0");
	if (cfg->wss < CACHE_LINE)
		bb_die(BB_EXIT_USAGE, "--wss must be at least %d bytes",
		       CACHE_LINE);
	if (cfg->wss > (uint64_t)PTRDIFF_MAX)
		bb_die(BB_EXIT_USAGE, "--wss exceeds the address space");
}

/* Runs the load until the deadline or a stop; returns operations done. */
static uint64_t run_load(uint64_t *words, uint64_t lines, uint64_t *state,
			 uint64_t duration_ns)
{
	uint64_t ops = 0, r;
	unsigned int i;

	bb_set_deadline(duration_ns);
	do {
		for (i = 0; i < BATCH; i++) {
			r = bb_xorshift64(state);
			words[bb_rand_below(r, lines) * WORDS_PER_LINE] += r;
		}
		ops += BATCH;
	} while (bb_should_continue());
	return ops;
}

int main(int argc, char *argv[])
{
	uint64_t lines, len, ops, t0, ns, state, thp_kib;
	struct config cfg;
	uint64_t *words;

	bb_set_prog("wsload");
	parse_args(argc, argv, &cfg);
	if (bb_run_init())
		bb_die(BB_EXIT_FAIL, "cannot install signal handlers");

	lines = cfg.wss / CACHE_LINE;
	len = lines * CACHE_LINE;
	words = mmap(NULL, len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (words == MAP_FAILED)
		bb_die(BB_EXIT_FAIL, "mmap of %" PRIu64 " bytes: %s", len,
		       strerror(errno));
	if (cfg.thp != THP_SYSTEM &&
	    madvise(words, len, cfg.thp == THP_ON ? MADV_HUGEPAGE :
		    MADV_NOHUGEPAGE))
		bb_comment("madvise for --thp=%s failed: %s",
			   thp_names[cfg.thp], strerror(errno));
	memset(words, 1, len);

	bb_comment("wsload: wss=%" PRIu64 " bytes (%" PRIu64
		   " cache lines) seed=%" PRIu64 " thp=%s", len, lines,
		   cfg.seed, thp_names[cfg.thp]);
	state = bb_prng_seed(cfg.seed);
	if (cfg.warmup_ns) {
		run_load(words, lines, &state, cfg.warmup_ns);
		if (bb_stop_requested())
			bb_die(BB_EXIT_FAIL,
			       "stopped by a signal before measuring");
	}
	t0 = bb_now_ns();
	ops = run_load(words, lines, &state, cfg.duration_ns);
	ns = bb_now_ns() - t0;
	if (bb_stop_requested())
		bb_comment("stopped early by a signal");

	bb_out_f("ops_per_s", (double)ops * BB_NS_PER_S / (double)ns);
	bb_out_u64("ops", ops);
	bb_out_s("seconds", ns);
	bb_out_f("ns_per_op", (double)ns / (double)ops);
	bb_out_f("wss_mib", (double)len / BB_MIB);
	if (!bb_kib_field_read("/proc/self/smaps_rollup", "AnonHugePages",
			       &thp_kib))
		bb_out_u64("thp_mib", thp_kib / 1024);
	munmap(words, len);
	return BB_EXIT_OK;
}
