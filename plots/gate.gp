# SPDX-License-Identifier: GPL-2.0-only
# The gate's verdicts: every metric's change, worse to the right, with its
# 95% interval, its tolerance (grey ticks) and its verdict (colour).
# gnuplot -e "data='gate.dat'; out='gate'; what='...'" plots/gate.gp
#
# data columns: index benchmark metric better kind tolerance base candidate
# ratio low high p verdict
stats data using 1 nooutput
rows = STATS_records
limit = 25
clip(x) = x > limit ? limit : (x < -limit ? -limit : x)
worse(r) = (strcol(4) eq "lower" ? r - 1 : 1 - r) * 100
# For a higher-is-better metric the interval flips.
lo(dummy) = strcol(4) eq "lower" ? column(10) : column(11)
hi(dummy) = strcol(4) eq "lower" ? column(11) : column(10)
colour(v) = v eq "worse" ? 0xd62728 : v eq "better" ? 0x2ca02c : \
	    v eq "unreliable" ? 0xff7f0e : 0x7f7f7f
label(b, m) = b . " " . m

set title sprintf("Gate: %s", what) noenhanced
set xlabel sprintf("change of each metric, %% worse than the base (clipped at ±%d%%); grey ticks: tolerance; red: worse", limit)
set xrange [-limit - 1:limit + 1]
set yrange [rows + 0.5:0.5]
set ytics () font ",8" noenhanced
set grid xtics
set key off
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb "black" lw 1
height = 120 + 16 * rows

set terminal pngcairo size 1100, height font "DejaVu Sans,10"
set output out.".png"
plot data using (clip(worse($9))):1:(clip(worse(lo(0)))):(clip(worse(hi(0)))):(colour(strcol(13))): \
	ytic(label(strcol(2), strcol(3))) with xerrorbars lc rgb variable pt 7 ps 0.8, \
     data using ($6 * 100):1 with points pt '|' lc rgb "#999999" ps 1.2, \
     data using (-$6 * 100):1 with points pt '|' lc rgb "#999999" ps 1.2
set terminal svg size 1100, height font "DejaVu Sans,10"
set output out.".svg"
replot
