# SPDX-License-Identifier: GPL-2.0-only
# One metric's median per driver across result sets, oldest left.
# gnuplot -e "data='x.dat'; drivers='a b'; what='...'; out='x'" plots/history.gp
set grid
set xlabel "result set (oldest first)"
set ylabel what noenhanced
set key outside right top noenhanced
set title sprintf("History: %s (median per result set)", what) noenhanced
set xtics 1
set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
plot for [d=1:words(drivers)] data using 1:(strcol(3) eq word(drivers, d) ? $4 : NaN) \
	with linespoints lw 2 title word(drivers, d)
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
