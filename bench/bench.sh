#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench`: runs the scenario matrix on the embedded host, one guest
# boot per (scenario, driver) cell with the repetitions inside it, then
# merges the cells (bbreport) and draws the plots.
#
# Environment (set by the Makefile): BBRUN, BBREPORT, SCENARIOS, VARIANTS,
# REPS, QUICK, SHARD (i/N: run every Nth cell, starting at the ith), OUT.
set -eu

: "${BBRUN:?}"
: "${BBREPORT:?}"
: "${BB_ALL_VARIANTS:=upstream bb_single_poll bb_batch4k_poll bb_batch2m_poll bb_single_doorbell bb_batch4k_doorbell bb_batch2m_doorbell bb_auto}"
if [ "${QUICK:-0}" = 1 ]; then
	: "${SCENARIOS:=inflate-deflate}"
	: "${VARIANTS:=upstream bb_batch4k_poll bb_auto}"
	: "${REPS:=2}"
else
	: "${SCENARIOS:=inflate-deflate ramp latency}"
	: "${VARIANTS:=$BB_ALL_VARIANTS}"
	: "${REPS:=3}"
fi
: "${SHARD:=1/1}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

shard_i=${SHARD%/*}
shard_n=${SHARD#*/}
case "$shard_i/$shard_n" in
*[!0-9/]* | /* | */) die "SHARD must be i/N, not '$SHARD'" ;;
esac
[ "$shard_i" -ge 1 ] && [ "$shard_i" -le "$shard_n" ] || die "SHARD $SHARD is out of range"
case "$REPS" in
'' | *[!0-9]* | 0) die "REPS must be a positive number, not '$REPS'" ;;
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

sha=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
: "${OUT:=results/$(date -u +%Y%m%dT%H%M%SZ)-$sha}"
mkdir -p "$OUT/cells"

total=0
for s in $SCENARIOS; do
	for v in $VARIANTS; do total=$((total + 1)); done
	[ "$s" = waldspurger ] &&
		total=$((total + $(sed -n 's/^SIZES_MIB=//p' bench/scenarios/waldspurger.conf | tr , ' ' | wc -w)))
done
cell=0
ran=0
start=$(date +%s)
# run_cell SCENARIO CELL_NAME DRIVER [BBRUN ARGS...]
run_cell() {
	s=$1 name=$2 v=$3
	shift 3
	cell=$((cell + 1))
	[ $(((cell - 1) % shard_n + 1)) -eq "$shard_i" ] || return 0
	dir="$OUT/cells/$s/$name"
	mkdir -p "$dir"
	t0=$(date +%s)
	if ! "$BBRUN" --driver "$v" --set "REPS=$REPS" --out "$dir" "$@" "$s" \
		>"$dir/summary.txt" 2>"$dir/bbrun.log"; then
		printf 'bench: [%d/%d] %s %s FAILED: %s\n' "$cell" "$total" "$s" "$name" \
			"$(grep 'error:' "$dir/bbrun.log" | tail -n 1)" >&2
		exit 1
	fi
	printf 'bench: [%d/%d] %s %s %ds\n' "$cell" "$total" "$s" "$name" \
		$(($(date +%s) - t0)) >&2
	ran=$((ran + 1))
}

for s in $SCENARIOS; do
	# The Waldspurger baseline: guests booted with each size, no balloon.
	if [ "$s" = waldspurger ]; then
		for n in $(sed -n 's/^SIZES_MIB=//p' bench/scenarios/waldspurger.conf | tr , ' '); do
			run_cell "$s" "none-$n" none --set WALD_MODE=configured \
				--set "GUEST_MEM_MIB=$n" --set "CONFIGURED_MIB=$n"
		done
	fi
	for v in $VARIANTS; do
		run_cell "$s" "$v" "$v"
	done
done
printf 'bench: %d cells in %ds; merging\n' "$ran" $(($(date +%s) - start)) >&2

"$BBREPORT" -o "$OUT" "$OUT"/cells/*/*/results.json
sh plots/draw.sh "$OUT"
case " $SCENARIOS " in
*" inflate-deflate "*)
	sh plots/history.sh "$OUT/history-inflate-mib_per_s" inflate-deflate inflate mib_per_s
	;;
esac
case "$OUT" in
results/*/* | /*) ;;
results/*)
	ln -sfn "${OUT#results/}" results/latest.tmp
	mv -T results/latest.tmp results/latest
	;;
esac
printf 'bench: results in %s\n' "$OUT" >&2
