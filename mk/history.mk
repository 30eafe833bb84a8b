# SPDX-License-Identifier: GPL-2.0-only
#
# Change points for `make history`: bench/history/ (E-divisive means) builds
# bbchange, which plots/history.sh runs on each driver's series, and the
# unit test of the detector.  Included by the top Makefile.

BBCHANGE := $(BUILD)/bench/bbchange
CHANGEPOINT_SRCS := bench/history/changepoint.c bench/history/changepoint.h bench/lib/random.h

$(BBCHANGE): bench/history/bbchange.c $(CHANGEPOINT_SRCS) bench/lib/util.c bench/lib/util.h | deps
	@mkdir -p $(@D)
	@printf '  CC      %s\n' $@ >&2
	$(Q)$(CC) $(CFLAGS) -Ibench/lib $< bench/history/changepoint.c bench/lib/util.c -ljansson -lm -o $@

$(BUILD)/tests/test_changepoint: tests/unit/test_changepoint.c tests/unit/tap.h $(CHANGEPOINT_SRCS) | deps
	@mkdir -p $(@D)
	@printf '  CC      %s\n' $@ >&2
	$(Q)$(CC) $(CFLAGS) -Ibench/lib -Ibench/history $< bench/history/changepoint.c -lm -o $@

# The history target's recipe is in the top Makefile; it finds bbchange
# through BBCHANGE.
history: $(BBCHANGE)
history: export BBCHANGE := $(BBCHANGE)

# make bench and make report draw the history of their result set too.
bench report: $(BBCHANGE)
bench report: export BBCHANGE := $(BBCHANGE)
