# SPDX-License-Identifier: GPL-2.0-only
# The gate's power: the share of trials called a regression at each known
# slowdown, per clock; the A/A false-alarm rate is in the key.  Rows of the
# earlier wall-clock designs, "wall-unpaired" (boots a side, not paired by
# round) and "wall-1boot" (one boot a side), get lines of their own when
# present.
# gnuplot -e "data='power.dat'; out='power'" plots/gate-power.gp
#
# data columns: clock level_pct ns trials regressions undecided rate measured
set grid
set logscale x
set xrange [0.8:25]
set yrange [-2:102]
set xtics (1, 2, 5, 10, 20)
set xlabel "slowdown injected (% of the base's inflate time)"
set ylabel "trials the gate called a regression (%)"
set key bottom right
set title "Gate validation: detection rate per clock"
false_alarms(c) = system(sprintf("awk '$1 == \"%s\" && $2 == 0 { printf \"%%s%%%% of %%s\", $7, $4 }' %s", c, data))
set terminal pngcairo size 900, 560 font "DejaVu Sans,11"
set output out.".png"
plot data using ($2 > 0 && strcol(1) eq "virtual" ? $2 : NaN):7 with linespoints lw 2 pt 7 \
	title "virtual clock (A/A false alarms ".false_alarms("virtual").")", \
     data using ($2 > 0 && strcol(1) eq "wall" ? $2 : NaN):7 with linespoints lw 2 pt 5 \
	title "wall clock, boots paired by round (A/A false alarms ".false_alarms("wall").")", \
     data using ($2 > 0 && strcol(1) eq "wall-unpaired" ? $2 : NaN):7 with linespoints lw 1 dt 3 pt 13 ps 1.5 \
	title "wall clock, boots not paired: the second design (A/A false alarms ".false_alarms("wall-unpaired").")", \
     data using ($2 > 0 && strcol(1) eq "wall-1boot" ? $2 : NaN):7 with linespoints lw 1 dt 2 pt 4 \
	title "wall clock, one boot a side: the first design (A/A false alarms ".false_alarms("wall-1boot").")", \
     "-" using 1:2 with points pt 6 ps 2 lc rgb "black" title "aims (virtual 2%: 99%, wall 10%: 95%)"
2 99
10 95
e
set terminal svg size 900, 560 font "DejaVu Sans,11"
set output out.".svg"
replot
