# SPDX-License-Identifier: GPL-2.0-only
# Guest latency percentiles with the balloon still (dashed) and while it
# inflates (solid), one colour per driver, log scale.
# gnuplot -e "data='DIR/latency-timer.dat'; part='timer'; out='DIR/latency-timer'" plots/latency.gp
# (part: the probe, timer or touch)
probe = part eq "timer" ? "timer wake-up (1 ms period)" : "page-touch"
set datafile commentschars ""
set grid
set logscale y
set xlabel "percentile"
set ylabel "latency (µs, log scale)"
set key outside right top noenhanced
set title sprintf("Guest %s latency, quiet (dashed) vs inflating (solid)", probe) noenhanced
header = system("sed -n '1s/^# percentile //p' ".data)
ncol = words(header)
set datafile commentschars "#"
set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
plot for [c=1:ncol] data using 0:(column(c + 1) / 1000.0):xtic(1) with linespoints \
	lw 2 lc (c + 1) / 2 dashtype 1 + c % 2 title word(header, c)
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
