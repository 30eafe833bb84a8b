# SPDX-License-Identifier: GPL-2.0-only
# Inflate throughput against the share of pages the host refuses, per
# driver (median of repetitions), log scale.
# gnuplot -e "data='DIR/refusal.dat'; out='DIR/refusal'" plots/refusal.gp
header = system("sed -n '1s/^# refused_pct //p' ".data)
set datafile commentschars "#"
set grid
set logscale y
set xlabel "pages refused by the host (%)"
set ylabel "inflate throughput (MiB/s, log scale)"
set key outside right top noenhanced
set title "Balloon inflate throughput against the host's refusal rate"
set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
plot for [c=1:words(header)] data using 1:(column(c + 1)) with linespoints lw 2 \
	title word(header, c)
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
