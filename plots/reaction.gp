# SPDX-License-Identifier: GPL-2.0-only
# Reaction to a target change per driver: the wait from the change to the
# driver's first GET_TARGET that saw it, median (bar) and p95 (whisker)
# over every step, polling drivers grey, doorbell drivers blue, each
# polling twin beside its doorbell twin.  Log scale.
# gnuplot -e "data='DIR/reaction.dat'; out='DIR/reaction'" plots/reaction.gp
set datafile commentschars "#"
set grid ytics
set logscale y
set yrange [0.1:3000]
set ylabel "reaction (ms, log scale)"
set xtics rotate by -30 left noenhanced
set key top right
set style fill solid 0.8 border -1
set boxwidth 0.6
set title "Target change to the driver's first GET_TARGET that saw it (median, p95)" noenhanced
set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
colour(doorbell) = doorbell > 0 ? 0x3070c0 : 0xa0a0a0
plot data using 0:3:(colour($2)):xtic(1) with boxes lc rgb variable notitle, \
	'' using 0:3:3:4 with yerrorbars lc rgb "black" pt 0 title "p95", \
	'' using 0:(NaN) with boxes lc rgb "#3070c0" title "doorbell", \
	'' using 0:(NaN) with boxes lc rgb "#a0a0a0" title "poll (1 s)"
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
