// SPDX-License-Identifier: GPL-2.0-only
/*
 * latprobe: the latency a guest's programs see while the balloon moves.
 *
 * Two probes run in two threads for --duration:
 *
 * - timer: wakes up every --period with clock_nanosleep(TIMER_ABSTIME);
 *   latency is actual minus intended wake-up time.  A wake-up late by k
 *   periods also records the k intended wake-ups it swallowed, each with
 *   its own latency (actual minus its intended time), so a stall is not
 *   under-counted (coordinated omission).
 * - touch: writes one byte of a random page of a --wss working set, in a
 *   loop, timing each write; a write slower than the median of a warm-up
 *   is corrected as HdrHistogram's recordValueWithExpectedInterval() does,
 *   with that median as the expected interval.
 *
 * The run is split into a "quiet" window and an "inflating" one, at
 * --quiet or when --window-file appears, and each probe reports both.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "lib/bb_options.h"
#include "lib/bb_output.h"
#include "bb_prng.h"
#include "lib/bb_run.h"
#include "lib/histogram.h"

/* Latencies above an hour are recorded as an hour (and flagged). */
#define HIST_HIGHEST_NS		(3600 * BB_NS_PER_S)
/* How often the main thread looks for the window file. */
#define WINDOW_POLL_NS		(5 * BB_NS_PER_MS)
/* Delay between the end of setup and the start of measurement. */
#define START_DELAY_NS		(20 * BB_NS_PER_MS)
#define CACHE_LINE		64

enum window {
	WIN_QUIET,
	WIN_INFLATING,
	NR_WINDOWS,
};

static const char *const window_names[NR_WINDOWS] = {
	[WIN_QUIET] = "quiet",
	[WIN_INFLATING] = "inflating",
};

struct config {
	uint64_t duration_ns;
	uint64_t quiet_ns;	/* 0: switch on --window-file */
	uint64_t period_ns;
	uint64_t wss;
	uint64_t seed;
	uint64_t warmup_ns;
	const char *window_file;
	const char *signal_file;
};

/**
 * struct probe - what one probe thread records
 * @name: "timer" or "touch", the first word of its keys
 * @hist: latencies per window, corrections included
 * @measured: real measurements per window, corrections excluded
 */
struct probe {
	const char *name;
	struct hist hist[NR_WINDOWS];
	uint64_t measured[NR_WINDOWS];
};

/* Set up before the threads start, read-only afterwards but for switch_ns. */
static struct config cfg;
static uint64_t start_ns, end_ns;
static _Atomic uint64_t switch_ns = UINT64_MAX;	/* start of "inflating" */
static uint8_t *wss_map;
static uint64_t wss_pages, page_size, touch_interval_ns;
static struct probe timer_probe = { .name = "timer" };
static struct probe touch_probe = { .name = "touch" };

enum opt {
	OPT_HELP = 'h',
	OPT_DURATION = 256,
	OPT_PERIOD,
	OPT_QUIET,
	OPT_SEED,
	OPT_SIGNAL_FILE,
	OPT_WARMUP,
	OPT_WINDOW_FILE,
	OPT_WSS,
};

/* Sorted by name. */
static const struct option long_options[] = {
	{ "duration",		required_argument,	NULL, OPT_DURATION },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "period",		required_argument,	NULL, OPT_PERIOD },
	{ "quiet",		required_argument,	NULL, OPT_QUIET },
	{ "seed",		required_argument,	NULL, OPT_SEED },
	{ "signal-file",	required_argument,	NULL, OPT_SIGNAL_FILE },
	{ "warmup",		required_argument,	NULL, OPT_WARMUP },
	{ "window-file",	required_argument,	NULL, OPT_WINDOW_FILE },
	{ "wss",		required_argument,	NULL, OPT_WSS },
	{ NULL,			0,			NULL, 0 },
};

static void usage(void)
{
	fputs(
"Usage: latprobe (--quiet=DURATION | --window-file=PATH) [OPTION]...\n"
"Measure timer wake-up and page-touch latency, in a quiet window and in\n"
"an inflating window.\n"
"\n"
"  --duration=DURATION  whole measurement, both windows (default 10s)\n"
"  -h, --help           print this help and exit\n"
"  --period=DURATION    timer probe period (default 1ms)\n"
"  --quiet=DURATION     the quiet window lasts this long, the inflating\n"
"                       one the rest of --duration\n"
"  --seed=N             seed of the touch probe's page choice (default 1)\n"
"  --signal-file=PATH   create PATH (content: the pid) when measurement\n"
"                       starts; a stale PATH is removed at start\n"
"  --warmup=DURATION    touch probe warm-up before measuring, whose median\n"
"                       is the expected interval of the coordinated-\n"
"                       omission correction; 0: no correction (default\n"
"                       200ms)\n"
"  --window-file=PATH   the inflating window starts when PATH appears\n"
"                       (polled every 5 ms); it must not exist at start\n"
"  --wss=SIZE           touch probe working set, in bytes or with a K, M,\n"
"                       G or T suffix (1K = 1024) (default 64M)\n"
"\n"
"DURATION: a number and a unit: ns, us, ms, s, m, h (none: s), e.g. 500ms.\n"
"Output: key=value lines on stdout, e.g. timer_quiet_p99_ns,\n"
"touch_inflating_max_ns, timer_quiet_count; \"# \" comments.  Exit status:\n"
"0 ok, 1 failure, 2 bad usage, 4 untrustworthy (a window without samples).\n",
	      stdout);
}

static void parse_args(int argc, char *argv[])
{
	bool have_quiet = false;
	int c;

	cfg.duration_ns = 10 * BB_NS_PER_S;
	cfg.period_ns = BB_NS_PER_MS;
	cfg.wss = 64 * BB_MIB;
	cfg.seed = 1;
	cfg.warmup_ns = 200 * BB_NS_PER_MS;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_DURATION:
			cfg.duration_ns = bb_opt_duration("duration", optarg);
			break;
		case OPT_HELP:
			usage();
			exit(BB_EXIT_OK);
		case OPT_PERIOD:
			cfg.period_ns = bb_opt_duration("period", optarg);
			break;
		case OPT_QUIET:
			cfg.quiet_ns = bb_opt_duration("quiet", optarg);
			have_quiet = true;
			break;
		case OPT_SEED:
			cfg.seed = bb_opt_u64("seed", optarg);
			break;
		case OPT_SIGNAL_FILE:
			if (!*optarg)
				bb_die(BB_EXIT_USAGE,
				       "--signal-file: empty path");
			cfg.signal_file = optarg;
			break;
		case OPT_WARMUP:
			cfg.warmup_ns = bb_opt_duration("warmup", optarg);
			break;
		case OPT_WINDOW_FILE:
			if (!*optarg)
				bb_die(BB_EXIT_USAGE,
				       "--window-file: empty path");
			cfg.window_file = optarg;
			break;
		case OPT_WSS:
			cfg.wss = bb_opt_size("wss", optarg);
			break;
		default:
			bb_getopt_fail(c, argv);
		}
	}
	if (optind < argc)
		bb_die(BB_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (!cfg.duration_ns)
		bb_die(BB_EXIT_USAGE, "--duration must be more than 0");
	if (cfg.duration_ns > 365 * 24 * 3600 * BB_NS_PER_S)
		bb_die(BB_EXIT_USAGE, "--duration must be at most a year");
	if (cfg.period_ns < 10 * BB_NS_PER_US)
		bb_die(BB_EXIT_USAGE, "--period must be at least 10us");
	if (cfg.period_ns > cfg.duration_ns)
		bb_die(BB_EXIT_USAGE, "--period must not exceed --duration");
	if (have_quiet == !!cfg.window_file)
		bb_die(BB_EXIT_USAGE,
		       "give exactly one of --quiet and --window-file");
	if (have_quiet && (!cfg.quiet_ns || cfg.quiet_ns >= cfg.duration_ns))
		bb_die(BB_EXIT_USAGE,
		       "--quiet must be more than 0 and less than --duration");
	if (cfg.wss < (uint64_t)sysconf(_SC_PAGESIZE))
		bb_die(BB_EXIT_USAGE, "--wss must be at least one page");
	if (cfg.wss > (uint64_t)PTRDIFF_MAX)
		bb_die(BB_EXIT_USAGE, "--wss exceeds the address space");
	if (cfg.window_file && !access(cfg.window_file, F_OK))
		bb_die(BB_EXIT_USAGE, "--window-file %s exists already",
		       cfg.window_file);
}

static enum window window_at(uint64_t t)
{
	return t < atomic_load_explicit(&switch_ns, memory_order_relaxed) ?
	       WIN_QUIET : WIN_INFLATING;
}

/*
 * Records the timer latencies of the intended wake-ups @intended,
 * @intended + period, ..., @intended + @k * period, all served by one
 * wake-up @lat after @intended, each in the window of its intended time.
 */
static void timer_record(uint64_t intended, uint64_t lat, uint64_t k)
{
	uint64_t period = cfg.period_ns;
	uint64_t sw = atomic_load_explicit(&switch_ns, memory_order_relaxed);
	uint64_t n_quiet;

	if (sw <= intended)
		n_quiet = 0;
	else if ((sw - intended - 1) / period >= k)
		n_quiet = k + 1;
	else
		n_quiet = (sw - intended - 1) / period + 1;
	hist_record_series(&timer_probe.hist[WIN_QUIET], lat, period,
			   n_quiet);
	hist_record_series(&timer_probe.hist[WIN_INFLATING],
			   lat - n_quiet * period, period, k + 1 - n_quiet);
	timer_probe.measured[intended < sw ? WIN_QUIET : WIN_INFLATING]++;
}

static void *timer_main(void *arg)
{
	uint64_t period = cfg.period_ns;
	uint64_t next = start_ns + period, now, lat, k;
	struct timespec ts;

	(void)arg;
	/* measure the wake-up, not the default 50 us of timer slack */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	while (next < end_ns && !bb_stop_requested()) {
		ts.tv_sec = (time_t)(next / BB_NS_PER_S);
		ts.tv_nsec = (long)(next % BB_NS_PER_S);
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
			continue;
		now = bb_now_ns();
		lat = now > next ? now - next : 0;
		/* intended wake-ups swallowed, up to the end of the run */
		k = lat / period;
		if (k > (end_ns - 1 - next) / period)
			k = (end_ns - 1 - next) / period;
		timer_record(next, lat, k);
		next += (k + 1) * period;
	}
	return NULL;
}

/* Writes one byte of a random page; returns how long that took, in ns. */
static uint64_t touch_once(uint64_t *state, uint64_t *when)
{
	uint64_t r = bb_xorshift64(state);
	uint64_t off = bb_rand_below(r, wss_pages) * page_size +
		       (r & (page_size - 1) & ~(uint64_t)(CACHE_LINE - 1));
	uint64_t t1, t2;

	t1 = bb_now_ns();
	/* a locked add: the write is done before the clock is read again */
	__atomic_fetch_add(&wss_map[off], 1, __ATOMIC_SEQ_CST);
	t2 = bb_now_ns();
	*when = t1;
	return t2 - t1;
}

static void *touch_main(void *arg)
{
	uint64_t state = bb_prng_seed(cfg.seed ^ 0x746f756368ULL), t, lat;
	enum window w;

	(void)arg;
	if (!bb_sleep_until(start_ns))
		return NULL;
	for (;;) {
		lat = touch_once(&state, &t);
		if (t >= end_ns || bb_stop_requested())
			break;
		w = window_at(t);
		hist_record_corrected(&touch_probe.hist[w], lat,
				      touch_interval_ns);
		touch_probe.measured[w]++;
	}
	return NULL;
}

/* Maps and fills the working set, then measures the median touch time. */
static void setup_touch(void)
{
	uint64_t state = bb_prng_seed(cfg.seed), end, off, t;
	struct hist warm;

	page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	wss_pages = cfg.wss / page_size;
	wss_map = mmap(NULL, wss_pages * page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (wss_map == MAP_FAILED)
		bb_die(BB_EXIT_FAIL, "mmap of the %" PRIu64
		       "-byte working set: %s", cfg.wss, strerror(errno));
	/* 4 KiB pages whatever the THP setting, for comparable figures */
	madvise(wss_map, wss_pages * page_size, MADV_NOHUGEPAGE);
	for (off = 0; off < wss_pages * page_size; off += page_size)
		wss_map[off] = 1;

	if (!cfg.warmup_ns)
		return;
	if (hist_init(&warm, HIST_HIGHEST_NS))
		bb_die(BB_EXIT_FAIL, "out of memory");
	end = bb_now_ns() + cfg.warmup_ns;
	do {
		hist_record(&warm, touch_once(&state, &t));
	} while (t < end && !bb_stop_requested());
	touch_interval_ns = hist_percentile(&warm, 50);
	hist_free(&warm);
}

/* Prints "<probe>_<window>_<what>=<value>". */
static void out_stat(const struct probe *p, enum window w, const char *what,
		     uint64_t value)
{
	char key[64];

	snprintf(key, sizeof(key), "%s_%s_%s", p->name, window_names[w],
		 what);
	bb_out_u64(key, value);
}

static void report_probe(const struct probe *p, enum window w, int *status)
{
	static const struct {
		const char *what;
		double p;
	} pcts[] = {
		{ "p50_ns", 50 }, { "p90_ns", 90 }, { "p99_ns", 99 },
		{ "p999_ns", 99.9 },
	};
	const struct hist *h = &p->hist[w];
	char key[64];
	size_t i;

	out_stat(p, w, "count", hist_count(h));
	out_stat(p, w, "measured", p->measured[w]);
	if (!hist_count(h)) {
		bb_comment("%s probe: no samples in the %s window", p->name,
			   window_names[w]);
		*status = BB_EXIT_UNTRUSTED;
		return;
	}
	for (i = 0; i < BB_ARRAY_SIZE(pcts); i++)
		out_stat(p, w, pcts[i].what, hist_percentile(h, pcts[i].p));
	out_stat(p, w, "max_ns", hist_max(h));
	snprintf(key, sizeof(key), "%s_%s_mean_ns", p->name, window_names[w]);
	bb_out_f(key, hist_mean(h));
	if (hist_saturated(h)) {
		bb_comment("%s probe: %" PRIu64 " latencies over 1 h in the %s window",
			   p->name, hist_saturated(h), window_names[w]);
		*status = BB_EXIT_UNTRUSTED;
	}
}

int main(int argc, char *argv[])
{
	pthread_t timer_thread, touch_thread;
	uint64_t now, stop_ns, sw, next;
	sigset_t stop_sigs, old;
	int status = BB_EXIT_OK, err, w;

	bb_set_prog("latprobe");
	parse_args(argc, argv);
	if (bb_run_init())
		bb_die(BB_EXIT_FAIL, "cannot install signal handlers");
	if (cfg.signal_file && unlink(cfg.signal_file) && errno != ENOENT)
		bb_die(BB_EXIT_FAIL, "cannot remove stale %s: %s",
		       cfg.signal_file, strerror(errno));
	for (w = 0; w < NR_WINDOWS; w++)
		if (hist_init(&timer_probe.hist[w], HIST_HIGHEST_NS) ||
		    hist_init(&touch_probe.hist[w], HIST_HIGHEST_NS))
			bb_die(BB_EXIT_FAIL, "out of memory");
	bb_comment("latprobe: duration=%" PRIu64 "ns period=%" PRIu64
		   "ns wss=%" PRIu64 " bytes seed=%" PRIu64, cfg.duration_ns,
		   cfg.period_ns, cfg.wss, cfg.seed);
	setup_touch();

	start_ns = bb_now_ns() + START_DELAY_NS;
	end_ns = start_ns + cfg.duration_ns;
	if (cfg.quiet_ns)
		atomic_store(&switch_ns, start_ns + cfg.quiet_ns);

	/* SIGINT and SIGTERM go to this thread only */
	sigemptyset(&stop_sigs);
	sigaddset(&stop_sigs, SIGINT);
	sigaddset(&stop_sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_sigs, &old);
	err = pthread_create(&timer_thread, NULL, timer_main, NULL);
	if (!err) {
		err = pthread_create(&touch_thread, NULL, touch_main, NULL);
		if (err) {
			bb_request_stop();
			pthread_join(timer_thread, NULL);
		}
	}
	if (err)
		bb_die(BB_EXIT_FAIL, "pthread_create: %s", strerror(err));
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	if (bb_sleep_until(start_ns) && cfg.signal_file) {
		err = bb_signal_file_create(cfg.signal_file);
		if (err) {
			bb_request_stop();
			pthread_join(timer_thread, NULL);
			pthread_join(touch_thread, NULL);
			bb_die(BB_EXIT_FAIL, "cannot create %s: %s",
			       cfg.signal_file, strerror(-err));
		}
	}
	for (now = bb_now_ns(); now < end_ns; now = bb_now_ns()) {
		if (cfg.window_file && atomic_load(&switch_ns) == UINT64_MAX &&
		    !access(cfg.window_file, F_OK))
			atomic_store(&switch_ns, now);
		next = cfg.window_file ? now + WINDOW_POLL_NS : end_ns;
		if (!bb_sleep_until(next < end_ns ? next : end_ns))
			break;
	}
	now = bb_now_ns();
	stop_ns = now < end_ns ? now : end_ns;
	if (stop_ns < start_ns)
		stop_ns = start_ns;	/* stopped before measuring */
	pthread_join(timer_thread, NULL);
	pthread_join(touch_thread, NULL);

	sw = atomic_load(&switch_ns);
	if (stop_ns < end_ns)
		bb_comment("stopped early by a signal");
	if (cfg.window_file && sw == UINT64_MAX)
		bb_comment("%s never appeared: no inflating window",
			   cfg.window_file);
	else if (cfg.window_file)
		bb_comment("%s appeared after %.3f s", cfg.window_file,
			   (double)(sw - start_ns) / BB_NS_PER_S);
	bb_out_s("quiet_s", (sw < stop_ns ? sw : stop_ns) - start_ns);
	bb_out_s("inflating_s", sw < stop_ns ? stop_ns - sw : 0);
	bb_out_u64("timer_period_ns", cfg.period_ns);
	bb_out_u64("touch_expected_interval_ns", touch_interval_ns);
	for (w = 0; w < NR_WINDOWS; w++)
		report_probe(&timer_probe, (enum window)w, &status);
	for (w = 0; w < NR_WINDOWS; w++)
		report_probe(&touch_probe, (enum window)w, &status);
	return status;
}
