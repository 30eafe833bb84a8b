#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inflate-deflate, then reaction (with a VMCI device, and for the
# stock driver without one too), for the stock driver and every variant of
# ours on the embedded host, and prints two tables.  Figures come from the
# host's command trace (see docs/results.md).
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

# reaction: the cell name, the driver, and the VMCI setting.
reaction_cells=$(for d in $BB_COMPARE_DRIVERS; do
	[ "$d" = upstream ] && printf 'upstream-novmci upstream 0\n'
	printf '%s %s 1\n' "$d" "$d"
done)
printf '%s\n' "$reaction_cells" | while read -r cell d vmci; do
	printf 'compare-upstream: running reaction %s\n' "$cell" >&2
	dir="$out/reaction/$cell"
	mkdir -p "$dir"
	"$bbrun" --driver "$d" --set "VMCI=$vmci" --out "$dir" reaction \
		>"$dir/summary.txt" 2>"$dir/bbrun.log" ||
		die "reaction $cell failed: $(grep 'error:' "$dir/bbrun.log")"
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
# Median and p95 (nearest rank) of the steps' reaction_ms, and the
# medians of first_page_ms and time_to_target_ms.
reaction_table() {
	printf '%-22s %9s %16s %13s %15s %13s\n' driver wakes_by reaction_med_ms \
		reaction_p95 first_page_ms to_target_ms
	printf '%s\n' "$reaction_cells" | while read -r cell d vmci; do
		jq -r --arg c "$cell" '
			def med: sort | if length % 2 == 1 then .[length / 2 | floor]
				else (.[length / 2 - 1] + .[length / 2]) / 2 end;
			def p95: sort | .[(length * 0.95 | ceil) - 1];
			[.benchmarks[] | select(.name | test("/step(-novmci)?$"))] as $s
			| ([.benchmarks[] | select(.name | endswith("/run"))][0].host_doorbells) as $rang
			| [$c, (if $rang > 0 then "doorbell" else "poll" end),
			   ([$s[].reaction_ms] | med), ([$s[].reaction_ms] | p95),
			   ([$s[].first_page_ms // 0] | med),
			   ([$s[].time_to_target_ms] | med)] | @tsv' \
			"$out/reaction/$cell/results.json" |
		awk -F'\t' '{ printf "%-22s %9s %16.2f %13.2f %15.1f %13.1f\n",
			$1, $2, $3, $4, $5, $6 }'
	done
}
{ table && echo && reaction_table; } > "$out/table.txt.tmp"
mv "$out/table.txt.tmp" "$out/table.txt"
cat "$out/table.txt"
