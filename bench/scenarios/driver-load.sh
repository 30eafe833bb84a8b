# SPDX-License-Identifier: GPL-2.0-only
# driver-load: with the guest's memory in bb.state, load the driver and
# step the target to bb.target_mib: the driver's first step.
bb_state_prepare
bb_load_driver
bb_phase load "${BB_TARGET_MIB:?}"
bb_state_release
bb_all_stats
