# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the scripts that hold the stock driver to one page mode:
# bench/matrix/run.sh (a scenario's BENCH_STOCK_MODES) and
# bench/matrix/compare-upstream.sh.

# The page modes, in the order tables list them.
BB_PAGE_MODES="single batch4k batch2m"

# mode_caps MODE: the host capabilities that hold the stock driver to MODE
# (BASIC 0x2, BATCHED 0x4, BATCHED_2M 0x8, 64-bit target 0x20); an unknown
# mode is an error line on stderr and status 1.
mode_caps() {
	case "$1" in
	single) echo 0x22 ;;
	batch4k) echo 0x26 ;;
	batch2m) echo 0x2e ;;
	*)
		printf 'error: unknown page mode '"'"'%s'"'"' (one of: %s)\n' "$1" "$BB_PAGE_MODES" >&2
		return 1
		;;
	esac
}
