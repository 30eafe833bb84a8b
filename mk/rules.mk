# SPDX-License-Identifier: GPL-2.0-only
#
# The one recipe for the project's C programs and unit tests.  Included by
# the top Makefile before any rule that uses it.
#
# c_prog PROGRAM, SOURCES, HEADERS, FLAGS, LIBS: PROGRAM compiled and linked
# from SOURCES in one step, with the project's CPPFLAGS and CFLAGS, then
# FLAGS; rebuilt when a source or one of HEADERS changes.
define c_prog
$(1): $(2) $(3) | deps
	@mkdir -p $$(@D)
	@printf '  CC      %s\n' $$@ >&2
	$$(Q)$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(4) $(2) $(5) -o $$@
endef
