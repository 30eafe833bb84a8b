# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/gate/run and bench/gate/validate-corpus: one guest boot
# of a gate cell.

# gate_boot TREE DIR SCENARIO BBRUN-ARGS...: boots SCENARIO with TREE's
# bbrun and BBRUN-ARGS (-v first when V=1), its results in DIR and its
# output in DIR/summary.txt and DIR/bbrun.log; returns bbrun's exit.  A
# cell SCENARIO@STATE is SCENARIO with the guest's memory in STATE.
gate_boot() {
	boot_tree=$1 boot_dir=$2 boot_scenario=${3%%@*}
	case $3 in *@*) set -- "$@" --set "STATE=${3#*@}" ;; esac
	shift 3
	mkdir -p "$boot_dir"
	[ "${V:-0}" = 1 ] && set -- -v "$@"
	(cd "$boot_tree" && build/bench/bbrun "$@" --out "$boot_dir" "$boot_scenario") \
		>"$boot_dir/summary.txt" 2>"$boot_dir/bbrun.log"
}

# gate_boot_error DIR: the last error line of the boot that wrote DIR.
gate_boot_error() {
	grep 'error:' "$1/bbrun.log" | tail -n 1
}
