#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Ours against the stock driver.  First the parity table: for each page
# mode (the stock driver held to it by the host's caps), with the guest's
# init_on_alloc on (Debian's default) and off, inflate-deflate for the
# stock driver, our variant of that mode, and that variant with its
# instrumentation off (INSTRUMENT=0), each one boot of REPS repetitions.
# Then the reclaim table: per guest memory state of PARITY_STATES and page
# mode, with init_on_alloc on, the inflate time on the run's clock (on the
# virtual clock with the modelled host work), the share of the balloon the
# host got back and the effective reclaim rate (host MiB freed per second)
# of the stock driver and ours; the filled state's cells are the parity
# table's.  On the wall clock two more tables follow: inflate-deflate for every
# driver, and reaction (with a VMCI device, and for the stock driver
# without one too).  Figures come from the host's command trace (see
# docs/results.md).
#
# Usage: bench/matrix/compare-upstream.sh BBRUN OUT_DIR
# Environment: CLOCK (wall or virtual), REPS (default 3), JOBS (guests at
# a time, default the cores), PARITY_MODES (default "single batch4k
# batch2m"), PARITY_INIT (default "1 0"), PARITY_STATES (default "filled
# fragmented"), BB_COMPARE_DRIVERS.
set -eu

bbrun=${1:?usage: bench/matrix/compare-upstream.sh BBRUN OUT_DIR}
out=${2:?usage: bench/matrix/compare-upstream.sh BBRUN OUT_DIR}
. "$(dirname "$0")/../lib/variants.sh"
: "${BB_COMPARE_DRIVERS:=upstream $(bb_variants)}"
: "${CLOCK:=wall}"
: "${REPS:=3}"
: "${JOBS:=$(nproc)}"
: "${PARITY_MODES:=single batch4k batch2m}"
: "${PARITY_INIT:=1 0}"
: "${PARITY_STATES:=filled fragmented}"

die() { printf 'compare-upstream: error: %s\n' "$*" >&2; exit 2; }
. "$(dirname "$0")/../lib/lanes.sh"
. "$(dirname "$0")/../lib/metrics.sh"
bb_require_metrics "$(dirname "$bbrun")/bbcompare" guest_virtual_ms real_time \
	host_freed_pct reclaim_mib_per_s reached_mib mib_per_s time_to_target_ms \
	reaction_ms first_page_ms || exit 2

case "$CLOCK" in wall | virtual) ;; *) die "CLOCK must be wall or virtual, not '$CLOCK'" ;; esac
case "$REPS" in '' | *[!0-9]* | 0) die "REPS must be a positive number, not '$REPS'" ;; esac
case "$JOBS" in '' | *[!0-9]* | 0) die "JOBS must be a positive number, not '$JOBS'" ;; esac
for init in $PARITY_INIT; do
	case "$init" in 0 | 1) ;; *) die "PARITY_INIT takes 0 and 1, not '$init'" ;; esac
done

. "$(dirname "$0")/../lib/modes.sh"
for mode in $PARITY_MODES; do
	mode_caps "$mode" >/dev/null || die "PARITY_MODES takes $BB_PAGE_MODES, not '$mode'"
done
all_states=$(sed -n 's/^BB_STATES="\(.*\)"$/\1/p' guest/runner.sh)
for state in $PARITY_STATES; do
	case " $all_states " in
	*" $state "*) ;;
	*) die "PARITY_STATES takes $all_states, not '$state'" ;;
	esac
done

# reclaim_dir STATE MODE: the folder of the state's and mode's cells.
reclaim_dir() {
	case "$1: $PARITY_INIT " in
	"filled:"*" 1 "*) echo "parity/init1/$2" ;;
	*) echo "reclaim/$1/$2" ;;
	esac
}

mkdir -p "$out"
cells="$out/cells.txt"
: > "$cells"
for init in $PARITY_INIT; do
	for mode in $PARITY_MODES; do
		caps=$(mode_caps "$mode")
		for who in stock ours ours-noinstr; do
			printf 'parity/init%s/%s/%s %s %s %s filled\n' "$init" "$mode" "$who" \
				"$init" "$caps" "$who" >> "$cells"
		done
	done
done
for state in $PARITY_STATES; do
	for mode in $PARITY_MODES; do
		d=$(reclaim_dir "$state" "$mode")
		[ "${d%%/*}" = reclaim ] || continue
		for who in stock ours; do
			printf '%s/%s 1 %s %s %s\n' "$d" "$who" "$(mode_caps "$mode")" \
				"$who" "$state" >> "$cells"
		done
	done
done

# ran_in DIR: the page mode the driver used, from the host's call counts.
ran_in() {
	jq -r '.benchmarks[] | select(.name | endswith("/run")) |
		if .["host_calls_2m-lock"] > 0 then "batch2m"
		elif .host_calls_batchLock > 0 then "batch4k"
		elif .host_calls_lock > 0 then "single" else "none" end' \
		"$out/$1/results.json"
}

# run_parity DIR INIT CAPS WHO STATE
# shellcheck disable=SC2317 # run_lanes calls it
run_parity() {
	dir="$out/$1" init=$2 caps=$3 who=$4 state=$5
	mode=$(basename "$(dirname "$dir")")
	driver=upstream
	[ "$who" = stock ] || driver=bb_${mode}_poll
	set --
	[ "$who" = ours-noinstr ] && set -- --set INSTRUMENT=0
	[ "$init" = 0 ] && set -- "$@" --set KERNEL_ARGS=init_on_alloc=0
	mkdir -p "$dir"
	printf 'compare-upstream: running %s (%s, caps %s)\n' "${dir#"$out"/}" "$driver" "$caps" >&2
	"$bbrun" --driver "$driver" --device "caps=$caps" --set "CLOCK=$CLOCK" \
		--set "REPS=$REPS" --set "STATE=$state" "$@" --out "$dir" inflate-deflate \
		>"$dir/summary.txt" 2>"$dir/bbrun.log" ||
		{ printf 'compare-upstream: %s failed: %s\n' "${dir#"$out"/}" \
			"$(grep 'error:' "$dir/bbrun.log" | tail -n 1)" >&2; return 1; }
}
run_lanes "$JOBS" "$cells" run_parity || die "a parity cell failed; see above"
# Each driver must have run in the mode its row names.
while read -r d _; do
	[ "$(ran_in "$d")" = "$(basename "$(dirname "$d")")" ] ||
		die "$d ran in $(ran_in "$d") mode, not $(basename "$(dirname "$d")")"
done < "$cells"

# The guest's work on the virtual clock (guest instructions); on the wall
# clock, the host's time from the first GET_TARGET to the target.
if [ "$CLOCK" = virtual ]; then metric=guest_virtual_ms; else metric=real_time; fi

# median DIR PHASE [METRIC]: the median of the phase's METRIC ($metric)
# over the repetitions.
median() {
	jq -r --arg p "$2" --arg m "${3:-$metric}" '
		def med: sort | if length % 2 == 1 then .[length / 2 | floor]
			else (.[length / 2 - 1] + .[length / 2]) / 2 end;
		[.benchmarks[] | select(.name | endswith("/" + $p)) | .[$m]] | med' \
		"$out/$1/results.json"
}

parity_table() {
	printf 'Inflate and deflate of 512 MiB in a 1 GiB guest, %s clock (%s, median of %s), ms.\n' \
		"$CLOCK" "$metric" "$REPS"
	printf 'speedup = stock / ours (above 1: ours is faster); observer = ours / ours-noinstr - 1.\n'
	printf '%-8s %13s | %9s %9s %11s %8s %9s | %9s %9s %8s\n' mode init_on_alloc \
		stock_in ours_in noinstr_in speedup observer stock_de ours_de speedup
	for init in $PARITY_INIT; do
		for mode in $PARITY_MODES; do
			d=parity/init$init/$mode
			printf '%s %s %s %s %s %s %s\n' "$mode" "$init" \
				"$(median "$d/stock" inflate)" "$(median "$d/ours" inflate)" \
				"$(median "$d/ours-noinstr" inflate)" \
				"$(median "$d/stock" deflate)" "$(median "$d/ours" deflate)"
		done
	done | awk '{
		printf "%-8s %13s | %9.2f %9.2f %11.2f %7.3fx %+8.2f%% | %9.2f %9.2f %7.3fx\n",
			$1, $2, $3, $4, $5, $3 / $4, 100 * ($4 / $5 - 1), $6, $7, $6 / $7
	}'
}

# What the host got back: per state and mode, the inflate's time on the
# run's clock (real_time: on the virtual clock, guest work plus the
# modelled host work, the pages the host had to back included), host freed
# % and the effective reclaim rate, stock and ours.
reclaim_table() {
	printf 'Inflate of 512 MiB in a 1 GiB guest with init_on_alloc on, per guest memory state, %s clock (real_time, median of %s).\n' \
		"$CLOCK" "$REPS"
	printf 'freed = host freed %%; reclaim = host MiB freed per second of the inflate; ratio = ours / stock reclaim.\n'
	printf '%-10s %-8s | %9s %9s | %11s %11s | %14s %14s %7s\n' state mode \
		stock_ms ours_ms stock_freed ours_freed stock_reclaim ours_reclaim ratio
	for state in $PARITY_STATES; do
		for mode in $PARITY_MODES; do
			d=$(reclaim_dir "$state" "$mode")
			printf '%s %s %s %s %s %s %s %s\n' "$state" "$mode" \
				"$(median "$d/stock" inflate real_time)" "$(median "$d/ours" inflate real_time)" \
				"$(median "$d/stock" inflate host_freed_pct)" "$(median "$d/ours" inflate host_freed_pct)" \
				"$(median "$d/stock" inflate reclaim_mib_per_s)" "$(median "$d/ours" inflate reclaim_mib_per_s)"
		done
	done | awk '{
		printf "%-10s %-8s | %9.2f %9.2f | %10.1f%% %10.1f%% | %14.1f %14.1f %6.3fx\n",
			$1, $2, $3, $4, $5, $6, $7, $8, ($7 > 0 ? $8 / $7 : 0)
	}'
}

# reaction's cells, one a line: the cell name, the driver and bbrun's
# extra words: each driver as the scenario sets it, then the scenario's
# own cells (BENCH_EXTRA_CELLS, "NAME DRIVER ARGS..." separated by ";")
# of a driver among them.
reaction_cells=$(
	for d in $BB_COMPARE_DRIVERS; do printf '%s %s\n' "$d" "$d"; done
	"$bbrun" --print BENCH_EXTRA_CELLS reaction | tr ';' '\n' |
		while read -r cell d args; do
			case " $BB_COMPARE_DRIVERS " in
			*" $d "*) printf '%s %s %s\n' "$cell" "$d" "$args" ;;
			esac
		done
) || die "cannot read reaction's BENCH_EXTRA_CELLS"
[ "$CLOCK" = virtual ] || {
	for d in $BB_COMPARE_DRIVERS; do
		printf 'compare-upstream: running %s\n' "$d" >&2
		mkdir -p "$out/$d"
		"$bbrun" --driver "$d" --out "$out/$d" inflate-deflate \
			>"$out/$d/summary.txt" 2>"$out/$d/bbrun.log" ||
			die "$d failed: $(grep 'error:' "$out/$d/bbrun.log")"
	done
	printf '%s\n' "$reaction_cells" | while read -r cell d args; do
		printf 'compare-upstream: running reaction %s\n' "$cell" >&2
		dir="$out/reaction/$cell"
		mkdir -p "$dir"
		# shellcheck disable=SC2086 # args: bbrun's own words
		"$bbrun" --driver "$d" $args --out "$dir" reaction \
			>"$dir/summary.txt" 2>"$dir/bbrun.log" ||
			die "reaction $cell failed: $(grep 'error:' "$dir/bbrun.log")"
	done
}

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
	printf '%s\n' "$reaction_cells" | while read -r cell _; do
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
{
	parity_table
	echo && reclaim_table
	if [ "$CLOCK" = wall ]; then
		echo && table && echo && reaction_table
	fi
} > "$out/table.txt.tmp"
mv "$out/table.txt.tmp" "$out/table.txt"
cat "$out/table.txt"
