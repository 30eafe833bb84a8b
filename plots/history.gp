# SPDX-License-Identifier: GPL-2.0-only
# One metric's median per driver across result sets, oldest left, and the
# change points bbchange found: a dashed line between the two result sets
# in the driver's colour, labelled with the change and its p-value in a row
# of its own above the data.
# gnuplot -e "data='x.dat'; changes='x.changes'; drivers='a b'; what='...'; out='x'" plots/history.gp
# (x.changes: driver set_before set_after p change_pct; changes='' for none)
set grid
set xlabel "result set (oldest first)"
set ylabel what noenhanced
set key outside right top noenhanced
set title sprintf("History: %s (median per result set)", what) noenhanced
set xtics 1
# A driver's rows of the shared data file; the line joins across the others.
set datafile missing NaN
# The default yellow is too pale for text on white.
set linetype 5 lc rgb "#c0a000"
nd = words(drivers)
plots = "for [d=1:nd] data using 1:(strcol(3) eq word(drivers, d) ? $4 : NaN) with linespoints lw 2 title word(drivers, d)"

# The position of word w in the list l, from i; 0 when absent.
windex(l, w, i) = i > words(l) ? 0 : word(l, i) eq w ? i : windex(l, w, i + 1)

if (strlen(changes) > 0) {
	# Rows "set_before set_after p change_pct driver".
	set table $cp
	plot changes using 2:3:4:5:(strcol(1)) with table
	unset table
	stats data using 1 nooutput
	xmid = (STATS_min + STATS_max) / 2
	# A row of labels per driver with a change point, at the top; the
	# data stay below it.
	changed = ""
	do for [i = 1:|$cp|] {
		if (windex(changed, word($cp[i], 5), 1) == 0) {
			changed = changed." ".word($cp[i], 5)
		}
	}
	rowh = 0.055
	band = rowh * words(changed)
	set offsets 0, 0, graph band / (1 - band), 0
	do for [i = 1:|$cp|] {
		l = $cp[i]
		d = windex(drivers, word(l, 5), 1)
		r = windex(changed, word(l, 5), 1)
		# Lines of drivers that changed at the same place sit side by side.
		cx = (word(l, 1) + word(l, 2)) / 2.0 + (d - (nd + 1) / 2.0) * 0.03
		set arrow i from first cx, graph 0 to first cx, graph 1 nohead back lt d dt 2 lw 1.5
		# Labels to the right of their line in the left half, left of it in
		# the right half.
		ltext = sprintf("%+.1f%% (p=%g)", word(l, 4) + 0, word(l, 3) + 0)
		cy = 1 - rowh * (r - 0.5)
		if (cx <= xmid) {
			set label i ltext at first cx, graph cy left offset character 0.5, 0 textcolor lt d
		} else {
			set label i ltext at first cx, graph cy right offset character -0.5, 0 textcolor lt d
		}
	}
	plots = plots.", keyentry with lines lc 'gray40' dt 2 lw 1.5 title 'change point'"
}

set terminal pngcairo size 1100,600 font "DejaVu Sans,11"
set output out.".png"
plot @plots
set terminal svg size 1100,600 font "DejaVu Sans,11"
set output out.".svg"
replot
