#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inflate-deflate for the stock driver and every variant of ours on
# the embedded host and prints one table.  Figures come from the host's
# command trace (see README, "Results").
#
# Usage: bench/matrix/compare-upstream.sh BBRUN OUT_DIR
set -eu

bbrun=${1:?usage: bench/matrix/compare-upstream.sh BBRUN OUT_DIR}
out=${2:?usage: bench/matrix/compare-upstream.sh BBRUN OUT_DIR}
: "${BB_COMPARE_DRIVERS:=upstream bb_single_poll bb_batch4k_poll bb_batch2m_poll bb_single_doorbell bb_batch4k_doorbell bb_batch2m_doorbell bb_auto}"

die() { printf 'compare-upstream: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$out"
for d in $BB_COMPARE_DRIVERS; do
	printf 'compare-upstream: running %s\n' "$d" >&2
	mkdir -p "$out/$d"
	"$bbrun" --driver "$d" --out "$out/$d" inflate-deflate \
		>"$out/$d/summary.txt" 2>"$out/$d/bbrun.log" ||
		die "$d failed: $(grep 'error:' "$out/$d/bbrun.log")"
done

table() {
	printf '%-20s %11s %13s %13s %12s %8s %8s\n' driver reached_MiB \
		inflate_MiB/s deflate_MiB/s to_target_s calls refused
	for d in $BB_COMPARE_DRIVERS; do
		jq -r --arg d "$d" '
			def b(n): [.benchmarks[] | select(.name | endswith("/" + n))][0];
			[$d, (b("inflate").reached_mib),
			 (b("inflate").mib_per_s), (b("deflate").mib_per_s),
			 (b("inflate").time_to_target_ms / 1000),
			 (b("inflate").calls + b("deflate").calls),
			 (b("run")["host_frames-refused"])]
			| @tsv' "$out/$d/results.json" |
		awk -F'\t' '{ printf "%-20s %11.0f %13.1f %13.1f %12.3f %8d %8d\n",
			$1, $2, $3, $4, $5, $6, $7 }'
	done
}
table > "$out/table.txt.tmp"
mv "$out/table.txt.tmp" "$out/table.txt"
cat "$out/table.txt"
