# SPDX-License-Identifier: GPL-2.0-only
# The emulated VMware guest (bench/vmware/emulated/): a Debian 12 system
# booted with VMware's identity, the balloon and VMCI devices, where
# `make bench HOST=vmware` runs from a copy of this checkout as a user's
# would, and what it must never do to that VM is checked
# (tests/e2e/vmware-guest/main.sh): a run killed outright gives the
# balloon back, udev and modprobe cannot load the stock driver during a
# run, the original driver (the stock one, or one of ours under DKMS) is
# back at the end, else the stock one, a VM left with no balloon driver
# fails the run loudly, DKMS installs and removes a signed variant, and a
# locked-down kernel is refused up front with the stock driver kept.
# time limit: 3600 s
set -eu
. tests/e2e/lib.sh

: "${BB_CACHE:=$HOME/.cache/balloonbench}"
rootfs=$(sh bench/vmware/emulated/rootfs.sh "$BB_CACHE" "$(cat "$BUILD/kernel/abi")")
work=$(mktemp -d "${TMPDIR:-/tmp}/bb-vmware-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The work disk: this checkout and the guest's script.
sh bench/vmware/emulated/work-disk.sh "$work/work.img" tests/e2e/vmware-guest/main.sh

failures=0
# boot CHECK [BBRUN ARGS...]: one boot of the guest for bb.check=CHECK; its
# checks' lines as this test's.
boot() {
	name=$1
	shift
	bb_run "vmware-$name" --guest "$rootfs" --disk "$work/work.img" \
		--set "CHECK=$name" "$@" vmware-guest
	[ "$run_rc" -eq 0 ] || fail "$name boot: bbrun exited $run_rc: $(grep 'error:' "$out/bbrun.log")"
	[ -s "$out/guest/checks.txt" ] || fail "$name boot: the guest sent no checks"
	while IFS= read -r line; do
		case $line in
		'ok '*) printf 'ok: %s: %s\n' "$name" "${line#ok }" ;;
		*) printf 'FAIL: %s: %s\n' "$name" "$line"; failures=$((failures + 1)) ;;
		esac
	done <"$out/guest/checks.txt"
}
boot safety
n=$(grep -c '^ok \|^not ok ' "$out/guest/checks.txt")
expect "safety: every check ran" "$n" -eq 16
boot lockdown --append lockdown=integrity
n=$(grep -c '^ok \|^not ok ' "$out/guest/checks.txt")
expect "lockdown: every check ran" "$n" -eq 3
expect_no_qemu
[ "$failures" -eq 0 ] || fail "$failures checks failed in the emulated VMware guest"
