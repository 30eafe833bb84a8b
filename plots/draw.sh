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
	# A scenario without inflate or deflate phases (driver-load) has none.
	if grep -q -v '^#' "$dir/throughput-$s.dat"; then
		gnuplot -e "data='$dir/throughput-$s.dat'; scenario='$s'; out='$dir/throughput-$s'" \
			"$here/throughput.gp"
	else
		rm -f "$dir/throughput-$s.dat"
	fi
	files='' titles=''
	for cell in "$dir/cells/$s"/*/; do
		v=$(basename "$cell")
		# host_ns -> seconds since the first target step; frames -> MiB
		# (columns by the names in the trace's header).  The host's
		# command trace on the embedded host; in a VMware guest, the
		# driver's view sampled by the local conductor.
		trace=$cell/host-trace.csv
		[ -f "$trace" ] || trace=$cell/driver-trace.csv
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			($col["command"] == "host-target" || $col["command"] == "target-seen") &&
				!t0 { t0 = $col["host_ns"] }
			t0 { printf "%.6f %.3f %.3f\n", ($col["host_ns"] - t0) / 1e9,
				$col["size_frames"] / 256, $col["target_frames"] / 256 }' \
			"$trace" > "$cell/size-over-time.dat"
		files="$files $cell/size-over-time.dat"
		titles="$titles $v"
	done
	gnuplot -e "files='$files'; titles='$titles'; scenario='$s'; out='$dir/size-$s'" \
		"$here/size-over-time.gp"
done
# Every other data file the report wrote is a summary section's: NAME.dat
# (or NAME-PART.dat) is drawn by NAME.gp, given data, part and out.
for data in "$dir"/*.dat; do
	base=$(basename "$data" .dat)
	name=${base%%-*}
	part=${base#"$name"}
	part=${part#-}
	case $name in throughput | history) continue ;; esac
	# (a section with no rows leaves only its header line)
	[ -f "$here/$name.gp" ] && grep -qv '^#' "$data" || continue
	gnuplot -e "data='$data'; part='$part'; out='$dir/$base'" "$here/$name.gp"
done
printf 'plots: %s\n' "$(cd "$dir" && ls *.png | tr '\n' ' ')" >&2
