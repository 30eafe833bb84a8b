# SPDX-License-Identifier: GPL-2.0-only
# Inflate and deflate throughput per driver for one scenario: median of the
# phases, error bars one standard deviation.
# gnuplot -e "data='DIR/throughput.dat'; scenario='inflate-deflate'; out='DIR/throughput-inflate-deflate'" plots/throughput.gp
set datafile commentschars "#"
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.7 border -1
set boxwidth 0.9
set logscale y
set yrange [1:*]
set grid ytics
set ylabel "throughput (MiB/s, log scale)"
set xlabel "driver"
set xtics rotate by -30 noenhanced
set key top left
set title sprintf("Balloon throughput, %s (median ± stddev)", scenario) noenhanced
sel(col) = (strcol(1) eq scenario) ? column(col) : NaN
set terminal pngcairo size 1000,600 font "DejaVu Sans,11"
set output out.".png"
plot data using (sel(3)):(sel(4)):xtic(2) title "inflate", \
     '' using (sel(5)):(sel(6)) title "deflate"
set terminal svg size 1000,600 font "DejaVu Sans,11"
set output out.".svg"
replot
