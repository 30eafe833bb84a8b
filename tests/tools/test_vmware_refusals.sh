# SPDX-License-Identifier: GPL-2.0-only
# make bench HOST=vmware's refusals before it touches anything, on stand-in
# sysfs trees (BB_SYSFS): not a VMware guest, a built-in stock driver, a
# locked-down kernel without a signing key.  Each is one error line naming
# what it found and what to do, exit 2, and no module loaded or unloaded.
# (The emulated VMware guest, tests/e2e/test_vmware_guest.sh, checks the
# same paths on a real kernel.)
set -eu
. tests/lib/check.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/bb-vmware-refusals.XXXXXX")
trap 'rm -rf "$dir"' EXIT
modules_before=$(cut -d' ' -f1 /proc/modules 2>/dev/null | sort)

# sysfs NAME VENDOR [LOCKDOWN] [BUILTIN]: a stand-in tree.
sysfs() {
	mkdir -p "$dir/$1/class/dmi/id" "$dir/$1/kernel/security"
	printf '%s\n' "$2" >"$dir/$1/class/dmi/id/sys_vendor"
	[ -z "${3:-}" ] || printf '%s\n' "$3" >"$dir/$1/kernel/security/lockdown"
	[ -z "${4:-}" ] || mkdir -p "$dir/$1/module/vmw_balloon/parameters"
}
# refused NAME PATTERN: run.sh on the tree NAME exits 2 with exactly one
# line on stderr, matching PATTERN.
refused() {
	rc=0
	BB_SYSFS="$dir/$1" sh bench/vmware/run.sh >"$dir/$1.out" 2>"$dir/$1.err" || rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$dir/$1.err")" -eq 1 ] && grep -q "$2" "$dir/$1.err"
}

sysfs qemu "QEMU"
check "not a VMware guest: one line naming the vendor" \
	refused qemu "needs a VMware guest; this machine's DMI vendor is 'QEMU'"
sysfs builtin "VMware, Inc." "[none] integrity confidentiality" builtin
if grep -qs '^vmw_balloon ' /proc/modules; then
	printf 'ok %d - # SKIP the stock driver is loaded as a module here\n' $((n += 1))
else
	check "a built-in stock driver: refused with the boot parameter that allows the run" \
		refused builtin "built into this kernel.*initcall_blacklist=vmballoon_init"
fi
sysfs locked "VMware, Inc." "none [integrity] confidentiality"
check "a locked-down kernel without a key: refused, saying how to sign" \
	refused locked "locked down (integrity.*SIGN_KEY=.*SIGN_CERT=.*mokutil --import"
check "no module was loaded or unloaded" \
	test "$(cut -d' ' -f1 /proc/modules 2>/dev/null | sort)" = "$modules_before"
