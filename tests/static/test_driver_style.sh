# SPDX-License-Identifier: GPL-2.0-only
# The driver, and the debug-kernel lane's test module, against the
# kernel's own checkers, from the guest kernel's source (make deps): a W=1
# build with sparse on every file (C=1 on a fresh copy, so that everything
# is compiled), checkpatch.pl --strict, and kernel-doc on every documented
# function.
set -eu

: "${BUILD:=build}"
fail() {
	printf 'FAIL: %s\n' "$*"
	exit 1
}

scripts="$BUILD/kernel/scripts"
[ -f "$scripts/checkpatch.pl" ] || fail "no $scripts/checkpatch.pl; run 'make deps'"
command -v sparse >/dev/null || fail "no sparse; run 'make deps'"
kdir="/lib/modules/$(cat "$BUILD/kernel/abi")-amd64/build"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp driver/*.c driver/*.h driver/Kbuild driver/variants include/vmw_balloon_proto.h "$stage/"
make -s -C "$kdir" M="$stage" W=1 C=1 modules >"$stage/kbuild.log" 2>&1 ||
	{ cat "$stage/kbuild.log"; fail "the W=1 C=1 build failed"; }
if grep -E 'warning|error' "$stage/kbuild.log"; then
	fail "W=1 or sparse warnings"
fi
built=$(find "$stage" -maxdepth 1 -name '*.ko' | wc -l)
want=$(grep -c '^bb_' driver/variants)
[ "$built" -eq "$want" ] || fail "the W=1 C=1 build made $built modules, not the $want of driver/variants"
mkdir "$stage/probe"
cp tests/e2e/debug-kernel/*.c tests/e2e/debug-kernel/Kbuild "$stage/probe/"
make -s -C "$kdir" M="$stage/probe" W=1 C=1 modules >"$stage/probe.log" 2>&1 ||
	{ cat "$stage/probe.log"; fail "the test module's W=1 C=1 build failed"; }
if grep -E 'warning|error' "$stage/probe.log"; then
	fail "W=1 or sparse warnings in the test module"
fi
printf 'ok: W=1 build and sparse: no warning (%s modules and the test module)\n' "$built"

# The page-flag helpers are the kernel's names (the stock driver uses them).
# Run in the copy: in a git checkout checkpatch.pl leaves a cache file.
top=$(pwd)
probe_srcs=$(cd tests/e2e/debug-kernel && ls ./*.c | sed 's|^\./|probe/|')
# shellcheck disable=SC2086 # one word per file
(cd "$stage" && perl "$top/$scripts/checkpatch.pl" --strict --no-tree --terse \
	--show-types -f bbd_*.c bbd.h $probe_srcs) >"$stage/checkpatch.log" 2>&1 || :
if grep -E ': (ERROR|WARNING|CHECK):' "$stage/checkpatch.log" |
	grep -vE 'CAMELCASE: Avoid CamelCase: <__(Set|Clear)PageOffline>'; then
	fail "checkpatch.pl --strict"
fi
grep -q ' lines checked$' "$stage/checkpatch.log" ||
	{ cat "$stage/checkpatch.log"; fail "checkpatch.pl did not run"; }
printf 'ok: checkpatch.pl --strict: clean (%s)\n' "$(grep ' lines checked$' "$stage/checkpatch.log")"


perl "$scripts/kernel-doc" -none driver/*.c driver/*.h tests/e2e/debug-kernel/*.c \
	>"$stage/kdoc.log" 2>&1 || :
if [ -s "$stage/kdoc.log" ]; then
	cat "$stage/kdoc.log"
	fail "kernel-doc"
fi
printf 'ok: kernel-doc: no warning\n'
