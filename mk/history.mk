# SPDX-License-Identifier: GPL-2.0-only
#
# Change points for `make history`: bench/history/ (E-divisive means) builds
# bbchange, which plots/history.sh runs on each driver's series, and the
# unit test of the detector.  Included by the top Makefile.

BBCHANGE := $(BUILD)/bench/bbchange
CHANGEPOINT_HDRS := bench/history/changepoint.h bench/lib/sample.h

$(eval $(call c_prog,$(BBCHANGE),bench/history/bbchange.c bench/history/changepoint.c bench/lib/util.c \
	bench/lib/sample.c,\
	$(CHANGEPOINT_HDRS) bench/lib/util.h,-Ibench/lib,-ljansson -lm))
$(eval $(call c_prog,$(BUILD)/tests/test_changepoint,tests/unit/test_changepoint.c bench/history/changepoint.c \
	bench/lib/sample.c,\
	tests/unit/tap.h $(CHANGEPOINT_HDRS),-Ibench/lib -Ibench/history,-lm))

# The history target's recipe is in the top Makefile; it finds bbchange
# through BBCHANGE.
history: $(BBCHANGE)
history: export BBCHANGE := $(BBCHANGE)

# make bench (on the embedded host) and make report draw the history of
# their result set too.
report: $(BBCHANGE)
report: export BBCHANGE := $(BBCHANGE)
ifeq ($(BB_HOST),embedded)
bench: $(BBCHANGE)
bench: export BBCHANGE := $(BBCHANGE)
endif
