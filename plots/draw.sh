#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Draws the plots of one result folder (PNG and SVG beside results.json).
# Usage: plots/draw.sh RESULT_DIR
set -eu

dir=${1:?usage: draw.sh RESULT_DIR}
here=$(dirname "$0")
command -v gnuplot >/dev/null || { printf 'plots: error: gnuplot missing; run make deps\n' >&2; exit 1; }

scenarios=$(ls "$dir/cells")
for s in $scenarios; do
	# One data file per scenario, so the x axis names only its drivers.
	awk -v s="$s" '$1 == s || /^#/' "$dir/throughput.dat" > "$dir/throughput-$s.dat"
	gnuplot -e "data='$dir/throughput-$s.dat'; scenario='$s'; out='$dir/throughput-$s'" \
		"$here/throughput.gp"
	files='' titles=''
	for cell in "$dir/cells/$s"/*/; do
		v=$(basename "$cell")
		# host_ns -> seconds since the first host-target; frames -> MiB
		awk -F, 'NR > 1 && $3 == "host-target" && !t0 { t0 = $1 }
			NR > 1 && t0 { printf "%.6f %.3f %.3f\n", ($1 - t0) / 1e9, $8 / 256, $9 / 256 }' \
			"$cell/host-trace.csv" > "$cell/size-over-time.dat"
		files="$files $cell/size-over-time.dat"
		titles="$titles $v"
	done
	gnuplot -e "files='$files'; titles='$titles'; scenario='$s'; out='$dir/size-$s'" \
		"$here/size-over-time.gp"
done
for probe in timer touch; do
	[ -s "$dir/latency-$probe.dat" ] || continue
	label=$([ "$probe" = timer ] && echo "timer wake-up (1 ms period)" || echo "page-touch")
	gnuplot -e "data='$dir/latency-$probe.dat'; probe='$label'; out='$dir/latency-$probe'" \
		"$here/latency.gp"
done
if [ -s "$dir/reclaim.dat" ]; then
	gnuplot -e "data='$dir/reclaim.dat'; out='$dir/reclaim'" "$here/reclaim.gp"
fi
if [ -s "$dir/refusal.dat" ]; then
	gnuplot -e "data='$dir/refusal.dat'; out='$dir/refusal'" "$here/refusal.gp"
fi
if [ -s "$dir/reaction.dat" ]; then
	gnuplot -e "data='$dir/reaction.dat'; out='$dir/reaction'" "$here/reaction.gp"
fi
if [ -s "$dir/waldspurger.dat" ]; then
	gnuplot -e "data='$dir/waldspurger.dat'; out='$dir/waldspurger'" "$here/waldspurger.gp"
fi
printf 'plots: %s\n' "$(cd "$dir" && ls *.png | tr '\n' ' ')" >&2
