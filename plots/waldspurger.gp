# SPDX-License-Identifier: GPL-2.0-only
# Waldspurger's Figure 2: workload throughput in a guest booted with N MiB
# (configured) and in a 1 GiB guest ballooned down to N MiB, per driver.
# gnuplot -e "data='DIR/waldspurger.dat'; out='DIR/waldspurger'" plots/waldspurger.gp
set datafile commentschars "#"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.7 border -1
set grid ytics
set yrange [0:*]
set xlabel "guest memory N (MiB): configured, or 1 GiB ballooned down to N"
set ylabel "wsload throughput (ops/s)"
set key outside right top noenhanced
set title "Configured vs ballooned memory (Waldspurger, OSDI 2002, Fig. 2)"
stats data using 2 nooutput
ncol = STATS_columns
set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
plot data using 2:xtic(1) title "configured" lc rgb "#b0b0b0", \
     for [c=3:ncol] '' using c title sprintf("ballooned (%s)", word(system("sed -n '1s/^# //p' ".data), c)) lc (c - 2)
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
