# SPDX-License-Identifier: GPL-2.0-only
# Balloon size (solid) and the host's target (dashed) over time, one colour
# per driver, from the host's command trace; time 0 is each run's first
# target change.
# gnuplot -e "files='a.dat b.dat'; titles='a b'; scenario='ramp'; out='DIR/size-ramp'" plots/size-over-time.gp
set datafile commentschars "#"
set grid
set xlabel "time since the first target change (s)"
set ylabel "balloon size (MiB)"
set key outside right top noenhanced
set title sprintf("Balloon size (solid) and target (dashed) over time, %s", scenario) noenhanced
set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
plot for [i=1:words(files)] word(files, i) using 1:2 with steps lw 2 lc i title word(titles, i), \
     for [i=1:words(files)] word(files, i) using 1:3 with steps dt 2 lw 1 lc i notitle
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
