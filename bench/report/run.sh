#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Merges the cells of one or more bench runs (shards) into a result set:
# results.json, results.csv, summary.md and the plots, the profiles when
# the cells were profiled, index.html, and points results/latest at it
# when it lives in results/.
#
# Usage: bench/report/run.sh OUT [RUN_DIR...]
#   With RUN_DIRs, their cells are copied into OUT/cells first.
set -eu

: "${BBREPORT:=build/bench/bbreport}"
out=${1:?usage: bench/report/run.sh OUT [RUN_DIR...]}
shift

die() { printf 'report: error: %s\n' "$*" >&2; exit 2; }

for run in "$@"; do
	[ -d "$run/cells" ] || die "$run has no cells/ (not a bench result folder)"
	for cell in "$run"/cells/*/*/; do
		scenario=$(basename "$(dirname "$cell")")
		mkdir -p "$out/cells/$scenario"
		[ -e "$out/cells/$scenario/$(basename "$cell")" ] &&
			die "cell $scenario/$(basename "$cell") is in two runs"
		cp -a "$cell" "$out/cells/$scenario/"
	done
	# Micro-benchmarks run once per bench, in its first shard.
	if [ -f "$run/micro.json" ] && [ ! -f "$out/micro.json" ]; then
		cp "$run/micro.json" "$out/micro.json"
	fi
done
ls "$out"/cells/*/*/results.json >/dev/null 2>&1 || die "no cells in $out"

# shellcheck disable=SC2086 # BB_REPORT_CONTEXT is a list of -x KEY=VALUE
"$BBREPORT" -o "$out" ${BB_REPORT_CONTEXT:-} "$out"/cells/*/*/results.json
sh plots/draw.sh "$out"
# Cells run with PROFILE=1: where their time went.
if ls "$out"/cells/*/*/guest/profile-*.folded >/dev/null 2>&1; then
	sh bench/profile/report "$out"
	printf '\nProfiles of the phases (perf, cpu-clock): [profile.md](profile.md).\n' >>"$out/summary.md"
fi
sh bench/report/html "$out"
# The histories the scenarios ask for (BENCH_HISTORY=PHASE METRIC).
for cell in "$out"/cells/*; do
	scenario=${cell##*/}
	case $scenario in *@*) continue ;; esac
	# shellcheck disable=SC2046 # PHASE METRIC, two words
	set -- $("${BBRUN:-build/bench/bbrun}" --print BENCH_HISTORY "$scenario" 2>/dev/null) || continue
	[ $# -eq 2 ] || continue
	sh plots/history.sh "$out/history-$1-$2" "$scenario" "$1" "$2"
done
case "$out" in
results/*/* | /*) ;;
results/*)
	ln -sfn "${out#results/}" results/latest.tmp
	mv -T results/latest.tmp results/latest
	;;
esac
printf 'report: results in %s\n' "$out" >&2
