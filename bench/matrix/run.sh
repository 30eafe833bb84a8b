#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench`: runs the scenario matrix on the embedded host, one guest
# boot per (scenario, driver) cell with the repetitions inside it, then
# merges the cells (bbreport) and draws the plots.
#
# Environment (set by the Makefile): BBRUN, BBREPORT, MICRO_BIN (the host's
# micro-benchmarks: their micro.json joins the results), SCENARIOS, VARIANTS
# (given: the drivers of every scenario; not given: each scenario's
# BENCH_VARIANTS, else all), STATE (the guest memory states of every
# scenario that takes one; not given: each one's BENCH_STATES, else its
# STATE), REPS, QUICK, SHARD (i/N: run every Nth cell,
# starting at the ith), JOBS (cells at a time), CLOCK (wall or virtual),
# INSTRUMENT (1: our drivers count and time as usual; 0: they do not;
# both: each of our cells twice, the second as DRIVER-noinstr, and the
# summary's "Observer cost" compares them), PROFILE (1: perf samples each
# phase of every cell, from the profile initramfs; the result set gets
# profile.md and profile/, bench/profile/report), OUT.
set -eu

: "${BBRUN:?}"
: "${BBREPORT:?}"
. "$(dirname "$0")/../lib/variants.sh"
: "${BB_ALL_VARIANTS:=upstream $(bb_variants)}"
variants_given=${VARIANTS:+1}
if [ "${QUICK:-0}" = 1 ]; then
	: "${SCENARIOS:=inflate-deflate}"
	: "${VARIANTS:=upstream bb_batch4k_poll}"
	: "${REPS:=1}"
	# The quick look at everything the suite makes, profiles included.
	: "${PROFILE:=1}"
else
	: "${SCENARIOS:=inflate-deflate ramp latency refusal reaction overcommit}"
	: "${VARIANTS:=$BB_ALL_VARIANTS}"
	: "${REPS:=3}"
fi
: "${SHARD:=1/1}"
: "${INSTRUMENT:=1}"
: "${PROFILE:=0}"
# Guests booted at a time: one per core by default (each guest's TCG vCPU
# keeps one core busy).  JOBS=1 gives the quietest numbers.
: "${JOBS:=$(nproc)}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }
. "$(dirname "$0")/../lib/lanes.sh"
. "$(dirname "$0")/../lib/modes.sh"
# The guest memory states, as the guest runner declares them.
all_states=$(sed -n 's/^BB_STATES="\(.*\)"$/\1/p' guest/runner.sh)

shard_i=${SHARD%/*}
shard_n=${SHARD#*/}
case "$shard_i/$shard_n" in
*[!0-9/]* | /* | */) die "SHARD must be i/N, not '$SHARD'" ;;
esac
[ "$shard_i" -ge 1 ] && [ "$shard_i" -le "$shard_n" ] || die "SHARD $SHARD is out of range"
case "$REPS" in
'' | *[!0-9]* | 0) die "REPS must be a positive number, not '$REPS'" ;;
esac
case "$JOBS" in
'' | *[!0-9]* | 0) die "JOBS must be a positive number, not '$JOBS'" ;;
esac
case "$INSTRUMENT" in
0 | 1 | both) ;;
*) die "INSTRUMENT must be 1, 0 or both, not '$INSTRUMENT'" ;;
esac
case "$PROFILE" in
0 | 1) ;;
*) die "PROFILE must be 0 or 1, not '$PROFILE'" ;;
esac
for s in $SCENARIOS; do
	[ -f "bench/scenarios/$s.conf" ] || die "unknown scenario '$s' (no bench/scenarios/$s.conf)"
done
for v in $VARIANTS; do
	case " $BB_ALL_VARIANTS " in
	*" $v "*) ;;
	*) die "unknown variant '$v' (one of: $BB_ALL_VARIANTS)" ;;
	esac
done
for st in ${STATE:-}; do
	case " $all_states " in
	*" $st "*) ;;
	*) die "unknown state '$st' (one of: $all_states)" ;;
	esac
done

sha=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
: "${OUT:=results/$(date -u +%Y%m%dT%H%M%SZ)-$sha}"
mkdir -p "$OUT/cells"

# The cells, one per line: scenario, cell name, driver, extra bbrun args.
# A cell in a guest memory state other than filled is named DRIVER@STATE.
cells="$OUT/cells.txt"
: > "$cells"
# setting KEY SCENARIO: the scenario's KEY, read by bbrun's own parser.
setting() {
	"$BBRUN" --print "$1" "$2" || die "cannot read $2's $1"
}

# scenario_states SCENARIO: "-" for a scenario without states, else the
# states it runs in.
scenario_states() {
	if [ -z "$(setting STATE "$1")" ]; then
		echo -
	elif [ -n "${STATE:-}" ]; then
		echo "$STATE"
	else
		states=$(setting BENCH_STATES "$1" | tr , ' ')
		echo "${states:-$(setting STATE "$1")}"
	fi
}
for s in $SCENARIOS; do
for st in $(scenario_states "$s"); do
	# at: the cell name's suffix; state: bbrun's setting.
	at='' state=''
	[ "$st" = - ] || state="--set STATE=$st"
	[ "$st" = - ] || [ "$st" = filled ] || at=@$st
	# The scenario's own cells (BENCH_EXTRA_CELLS): "NAME DRIVER
	# BBRUN-ARGS..." separated by ";", each run when DRIVER is none or
	# among the drivers; a {KEY} in one makes a cell per value of KEY.
	setting BENCH_EXTRA_CELLS "$s" | tr ';' '\n' |
	while read -r name driver args; do
		[ -n "$name" ] || continue
		case " none $VARIANTS " in *" $driver "*) ;; *) continue ;; esac
		key=$(printf '%s %s\n' "$name" "$args" | sed -n 's/.*{\([A-Z_]*\)}.*/\1/p')
		values=-
		[ -z "$key" ] || values=$(setting "$key" "$s" | tr , ' ')
		for value in $values; do
			printf '%s %s%s %s %s %s\n' "$s" "$name" "$at" "$driver" "$args" "$state" |
				sed "s/{$key}/$value/g; s/ *$//"
		done
	done >> "$cells"
	# A scenario whose figures do not depend on how the driver wakes
	# names the drivers that carry it (BENCH_VARIANTS in its .conf),
	# which keeps make bench inside its budget; VARIANTS= overrides.
	only=
	[ -n "$variants_given" ] ||
		only=$(setting BENCH_VARIANTS "$s" | tr , ' ')
	for v in $VARIANTS; do
		case " ${only:-$v} " in
		*" $v "*) ;;
		*) continue ;;
		esac
		case "$INSTRUMENT/$v" in
		*/upstream | 1/*) printf '%s %s%s %s %s\n' "$s" "$v" "$at" "$v" "$state" ;;
		0/*) printf '%s %s-noinstr%s %s --set INSTRUMENT=0 %s\n' "$s" "$v" "$at" "$v" "$state" ;;
		both/*) printf '%s %s%s %s %s\n%s %s-noinstr%s %s --set INSTRUMENT=0 %s\n' \
			"$s" "$v" "$at" "$v" "$state" "$s" "$v" "$at" "$v" "$state" ;;
		esac >> "$cells"
	done
	# The stock driver held to each of BENCH_STOCK_MODES by the host's
	# capabilities, beside ours in that mode.
	case " $VARIANTS " in *" upstream "*) ;; *) continue ;; esac
	for m in $(setting BENCH_STOCK_MODES "$s" | tr , ' '); do
		caps=$(mode_caps "$m") || die "bench/scenarios/$s.conf: BENCH_STOCK_MODES"
		printf '%s upstream-%s%s upstream --set DRIVER_LABEL=upstream-%s --device caps=%s %s\n' \
			"$s" "$m" "$at" "$m" "$caps" "$state" >> "$cells"
	done
done
done
total=$(wc -l < "$cells")

# run_cell INDEX SCENARIO CELL_NAME DRIVER [BBRUN ARGS...]
# shellcheck disable=SC2317 # run_lanes calls it
run_cell() {
	i=$1 s=$2 name=$3 v=$4
	shift 4
	dir="$OUT/cells/$s/$name"
	mkdir -p "$dir"
	t0=$(date +%s)
	[ "$PROFILE" = 0 ] || set -- "$@" --set PROFILE=1
	if ! "$BBRUN" --driver "$v" --set "REPS=$REPS" ${CLOCK:+--set "CLOCK=$CLOCK"} \
		--out "$dir" "$@" "$s" \
		>"$dir/summary.txt" 2>"$dir/bbrun.log"; then
		# In a scenario that may kill its guest, a death is the result.
		if [ "$(setting GUEST_MAY_DIE "$s")" = 1 ] &&
			[ -s "$dir/results.json" ]; then
			printf 'bench: [%d/%d] %s %s: the run ended early (%s); kept as a result\n' \
				"$i" "$total" "$s" "$name" "$(grep 'error:' "$dir/bbrun.log" | tail -n 1)" >&2
			return 0
		fi
		printf 'bench: [%d/%d] %s %s FAILED: %s\n' "$i" "$total" "$s" "$name" \
			"$(grep 'error:' "$dir/bbrun.log" | tail -n 1)" >&2
		return 1
	fi
	printf 'bench: [%d/%d] %s %s %ds\n' "$i" "$total" "$s" "$name" \
		$(($(date +%s) - t0)) >&2
}

# This shard's cells, each with its place in the whole list.
awk -v i="$shard_i" -v n="$shard_n" '(NR - 1) % n + 1 == i { print NR, $0 }' \
	"$cells" >"$OUT/shard-cells.txt"

start=$(date +%s)
run_lanes "$JOBS" "$OUT/shard-cells.txt" run_cell ||
	{ printf 'bench: a cell failed; see above\n' >&2; exit 1; }
printf 'bench: %d cells in %ds (%d at a time); merging\n' \
	"$(ls -d "$OUT"/cells/*/*/ | wc -l)" $(($(date +%s) - start)) "$JOBS" >&2

# The host's hot path on this machine, once per bench (the first shard).
if [ "$shard_i" -eq 1 ] && [ -n "${MICRO_BIN:-}" ]; then
	sh bench/micro/run.sh "$MICRO_BIN" "$OUT" >"$OUT/micro.txt" ||
		die "the micro-benchmarks failed"
fi

BB_REPORT_CONTEXT="-x bb_jobs=$JOBS -x bb_reps=$REPS -x bb_instrument=$INSTRUMENT" sh bench/report/run.sh "$OUT"
