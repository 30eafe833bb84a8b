#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make vmware-rehearsal`: the full `make bench HOST=vmware` in the
# emulated VMware guest (a Debian 12 system with VMware's identity, the
# balloon and VMCI devices, and the conductor's ESXi model behind a govc
# stand-in), as a user on a VMware VM would run it: the default matrix
# with the govc target source, then each driver's load step with the esxi
# source under a standing limit.  The two result sets come back to
# OUT/rehearsal-govc and OUT/rehearsal-esxi; the guest's console and logs
# to OUT/boot.  A rehearsal of the path, on a model of ESXi: not ESXi.
#
# Environment: BBRUN, BUILD, BB_CACHE, OUT (results/<UTC>-vmware-rehearsal),
# BENCH_ARGS (make arguments for both runs, e.g. "QUICK=1" or
# "VARIANTS=upstream SCENARIOS=ramp").
set -eu
: "${BBRUN:?}"
: "${BUILD:=build}"
: "${BB_CACHE:=$HOME/.cache/balloonbench}"
: "${OUT:=results/$(date -u +%Y%m%dT%H%M%SZ)-vmware-rehearsal}"
: "${BENCH_ARGS:=}"
here=$(dirname "$0")
case $BENCH_ARGS in *,*) printf 'vmware-rehearsal: error: BENCH_ARGS are words, not commas: %s\n' "$BENCH_ARGS" >&2; exit 2 ;; esac

rootfs=$(sh "$here/rootfs.sh" "$BB_CACHE" "$(cat "$BUILD/kernel/abi")")
mkdir -p "$OUT"
work=$OUT/work.img
sh "$here/work-disk.sh" "$work" "$here/rehearsal-main"
printf 'vmware-rehearsal: booting the emulated VMware guest (module builds and the runs take a while; -v shows QEMU)\n' >&2
rc=0
"$BBRUN" --guest "$rootfs" --disk "$work" --out "$OUT/boot" \
	--set "MAKE_ARGS=$(printf '%s' "$BENCH_ARGS" | tr ' ' ,)" --set TIME_LIMIT_S=7200 \
	vmware-guest || rc=$?
for set in rehearsal-govc rehearsal-esxi; do
	debugfs -R "rdump /project/results/$set $OUT" "$work" 2>/dev/null ||
		printf 'vmware-rehearsal: no %s on the work disk\n' "$set" >&2
done
rm -f "$work"
printf 'vmware-rehearsal: result sets in %s/rehearsal-govc and %s/rehearsal-esxi\n' "$OUT" "$OUT" >&2
exit "$rc"
