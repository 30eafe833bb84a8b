#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The guard of a `make bench HOST=vmware` run (bench/vmware/takeover.sh
# starts it in a session of its own): once the run's shell is gone, by
# whatever end, the balloon goes back to its original driver.  The run
# ends the guard (SIGTERM) when it gave the balloon back itself.
#
# Usage: guard.sh RUN_PID ORIGINAL_DRIVER DRIVER_DIR [LIMIT_BEFORE]
# (LIMIT_BEFORE: the VM's memory limit to put back with govc)
set -u
BB_VMWARE_DIR=$(dirname "$0")
BB_TOP=$BB_VMWARE_DIR/../..
# shellcheck source=bench/lib/variants.sh
. "$BB_TOP/bench/lib/variants.sh"
BB_ALL_VARIANTS=$(bb_variants)
# shellcheck source=bench/vmware/takeover.sh
. "$BB_VMWARE_DIR/takeover.sh"
run_pid=${1:?usage: guard.sh RUN_PID ORIGINAL_DRIVER DRIVER_DIR}
bb_original=${2:-}
DRIVER_DIR=${3:-}
bb_limit_before=${4:-}
trap 'exit 0' TERM
trap '' INT HUP
while kill -0 "$run_pid" 2>/dev/null; do
	sleep 1
done
printf 'bench: the run (pid %s) is gone; giving the balloon back\n' "$run_pid" >&2
bb_give_back
bb_restore_limit
