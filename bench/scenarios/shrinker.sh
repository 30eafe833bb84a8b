# SPDX-License-Identifier: GPL-2.0-only
# shrinker: the balloon holds most of the guest's memory, then the guest
# needs bb.pressure_mib more than it has free.  With the shrinker on, the
# driver gives pages back (coordinated UNLOCKs the host did not ask for).
bb_load_driver
bb_phase inflate "${BB_TARGET_MIB:?}"
bb_meminfo_stats inflated.
bb_fill "${BB_PRESSURE_MIB:?}"
bb_mark pressured
bb_all_stats
