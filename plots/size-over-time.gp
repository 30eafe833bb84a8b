# SPDX-License-Identifier: GPL-2.0-only
# Balloon size (solid) and the host's target (dashed) over time, from the
# host's command trace: one panel per driver, time 0 at each run's first
# target change.
# gnuplot -e "files='a.dat b.dat'; titles='a b'; scenario='ramp'; out='DIR/size-ramp'" plots/size-over-time.gp
set datafile commentschars "#"
n = words(files)
cols = (n > 1) ? 2 : 1
rows = (n + cols - 1) / cols
set grid
set key top right noenhanced
do for [term in "pngcairo svg"] {
	if (term eq "pngcairo") {
		set terminal pngcairo size 1200, 80 + 260 * rows font "DejaVu Sans,10"
		set output out.".png"
	} else {
		set terminal svg size 1200, 80 + 260 * rows font "DejaVu Sans,10"
		set output out.".svg"
	}
	set multiplot layout rows, cols title sprintf("Balloon size (solid) and host target (dashed) over time, %s", scenario) noenhanced
	do for [i=1:n] {
		set title word(titles, i) noenhanced
		set xlabel "time since the first target change (s)"
		set ylabel "MiB"
		plot word(files, i) using 1:2 with steps lw 2 lc 1 title "size", \
		     '' using 1:3 with steps dt 2 lw 1 lc rgb "black" title "target"
	}
	unset multiplot
}
