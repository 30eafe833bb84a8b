# SPDX-License-Identifier: GPL-2.0-only
# Throughput beside the effective reclaim rate, per driver and guest memory
# state (the scenarios run in several states): MiB ballooned per second of
# the inflate, and MiB the host really got back per second of it.  A driver whose second bar is far below its
# first balloons memory the host never backed.
# gnuplot -e "data='DIR/reclaim.dat'; out='DIR/reclaim'" plots/reclaim.gp
set datafile commentschars "#"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.7 border -1
set boxwidth 0.9
set yrange [0:*]
set grid ytics
set ylabel "MiB/s (median of the inflates)"
set xtics rotate by -35 noenhanced
set key top right
set bmargin 9
set rmargin 6
set title "Throughput and effective reclaim rate, per driver and guest memory state"
set terminal pngcairo size 1200,650 font "DejaVu Sans,11"
set output out.".png"
plot data using 2:xtic(1) title "throughput (MiB ballooned/s)", \
     '' using 3 title "effective reclaim rate (MiB freed on the host/s)"
set terminal svg size 1200,650 font "DejaVu Sans,11"
set output out.".svg"
replot
