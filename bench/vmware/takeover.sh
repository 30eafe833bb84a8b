# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/vmware/run.sh: taking the balloon over on someone's VMware
# VM and giving it back.  Before anything is loaded, the checks that would
# otherwise fail halfway (not a VMware guest, not root, a built-in stock
# driver, kernel lockdown without a signing key); during the run, udev may
# not load the stock driver; at the end, whatever happens to the run (its
# end, a failure, Ctrl-C, a kill, even SIGKILL), the balloon driver that ran
# before is loaded again, or else the stock one, and the run fails loudly if
# none is.
#
# Uses: BB_VMWARE_DIR (this folder), BB_ALL_VARIANTS (our variants' module
# names), DRIVER_DIR (where they are), die (one error line and exit 2).  Environment: SIGN_KEY, SIGN_CERT (sign our modules with
# this key, for a kernel that only loads signed ones), BB_SYSFS (default
# /sys; a test's stand-in).

: "${BB_SYSFS:=/sys}"
BB_MODPROBE_HOLD=/run/modprobe.d/balloonbench-hold.conf
BB_UDEV_HOLD=/run/udev/rules.d/01-balloonbench-hold.rules

bb_takeover_checks() {
	vendor=$(cat "$BB_SYSFS/class/dmi/id/sys_vendor" 2>/dev/null || echo unknown)
	case "$vendor" in
	VMware*) ;;
	*) die "HOST=vmware needs a VMware guest; this machine's DMI vendor is '$vendor'" ;;
	esac
	[ "$(id -u)" -eq 0 ] || die "HOST=vmware loads kernel modules; run it as root"
	# A module has a /sys/module entry and a line in /proc/modules; a
	# built-in driver only the first.
	if [ -d "$BB_SYSFS/module/vmw_balloon" ] && ! grep -qs '^vmw_balloon ' /proc/modules; then
		die "the stock vmw_balloon is built into this kernel and cannot be unloaded; boot once with initcall_blacklist=vmballoon_init to run balloonbench"
	fi
	bb_lockdown=$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$BB_SYSFS/kernel/security/lockdown" 2>/dev/null) ||
		bb_lockdown=
	: "${bb_lockdown:=none}"
	if [ "$bb_lockdown" != none ] && { [ -z "${SIGN_KEY:-}" ] || [ -z "${SIGN_CERT:-}" ]; }; then
		die "the kernel is locked down ($bb_lockdown; Secure Boot?): it loads only signed modules; give SIGN_KEY=key.priv SIGN_CERT=cert.der of a key enrolled with 'mokutil --import cert.der' to sign them"
	fi
}

# bb_sign_modules DIR: with SIGN_KEY and SIGN_CERT, sign each module of DIR
# with the kernel's own sign-file.
bb_sign_modules() {
	[ -n "${SIGN_KEY:-}" ] || return 0
	[ -r "$SIGN_KEY" ] && [ -r "$SIGN_CERT" ] ||
		die "SIGN_KEY=$SIGN_KEY and SIGN_CERT=$SIGN_CERT must be readable files"
	sign_file="/lib/modules/$(uname -r)/build/scripts/sign-file"
	[ -x "$sign_file" ] || die "no $sign_file to sign the modules with"
	for ko in "$1"/*.ko; do
		"$sign_file" sha256 "$SIGN_KEY" "$SIGN_CERT" "$ko" ||
			die "sign-file could not sign $ko with $SIGN_KEY"
	done
}

# The balloon drivers loaded now: the stock one and ours.
bb_loaded_balloons() {
	for m in vmw_balloon $BB_ALL_VARIANTS; do
		! grep -qs "^$m " /proc/modules || printf '%s\n' "$m"
	done
}

# bb_give_back: ours out, udev's hold lifted, the original driver back (or
# the stock one); fails loudly when no balloon driver is loaded after it.
bb_give_back() {
	for m in $BB_ALL_VARIANTS; do
		! grep -qs "^$m " /proc/modules || rmmod "$m" ||
			printf 'bench: error: cannot unload %s\n' "$m" >&2
	done
	rm -f "$BB_MODPROBE_HOLD" "$BB_UDEV_HOLD"
	bb_udev_reload
	if [ -n "${bb_original:-}" ] && [ "$bb_original" != vmw_balloon ] &&
		{ modprobe "$bb_original" 2>/dev/null ||
			{ [ -f "${DRIVER_DIR:-}/$bb_original.ko" ] && insmod "$DRIVER_DIR/$bb_original.ko"; }; }; then
		:
	elif [ -n "${bb_original:-}" ]; then
		[ "$bb_original" = vmw_balloon ] ||
			printf 'bench: cannot load %s again; loading the stock vmw_balloon instead\n' "$bb_original" >&2
		modprobe vmw_balloon ||
			printf 'bench: error: modprobe vmw_balloon failed\n' >&2
	fi
	if [ -n "${bb_original:-}" ] && [ -z "$(bb_loaded_balloons)" ]; then
		printf 'bench: error: no balloon driver is loaded: ESXi cannot reclaim memory from this VM; run modprobe vmw_balloon\n' >&2
		return 1
	fi
	[ -z "${bb_original:-}" ] ||
		printf 'bench: the balloon is back with %s\n' "$(bb_loaded_balloons | head -n 1)" >&2
}

bb_udev_reload() {
	! command -v udevadm >/dev/null || udevadm control --reload 2>/dev/null || :
}

# bb_takeover: unload the balloon driver that runs now (remembered), keep
# udev from loading the stock one, and arrange for bb_give_back at the end
# of this shell, and from a guard process if this shell is killed outright.
bb_takeover() {
	bb_original=$(bb_loaded_balloons | head -n 1)
	mkdir -p "${BB_MODPROBE_HOLD%/*}"
	# udev's loads by device alias heed the blacklist, and an explicit
	# modprobe fails on the install line; udevd reads the files again
	# only when told.  A reboot clears /run.
	printf 'blacklist vmw_balloon\ninstall vmw_balloon /bin/false\n' > "$BB_MODPROBE_HOLD"
	# And udev loads nothing for the DMI identity (the stock driver's
	# alias) while the run lasts.
	mkdir -p "${BB_UDEV_HOLD%/*}"
	printf 'SUBSYSTEM=="dmi", ENV{MODALIAS}=""\n' > "$BB_UDEV_HOLD"
	bb_udev_reload
	trap 'bb_finish' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	bb_start_guard
	for m in $(bb_loaded_balloons); do
		rmmod "$m" || die "cannot unload $m"
	done
	[ -z "$bb_original" ] || printf 'bench: took the balloon from %s\n' "$bb_original" >&2
}

# bb_restore_limit: with the govc target source, the VM's memory limit as
# it was before the run (bb_limit_before), whatever the run left.
bb_restore_limit() {
	[ -n "${bb_limit_before:-}" ] || return 0
	"${GOVC:-govc}" vm.change -vm "$GOVC_VM" -mem.limit "$bb_limit_before" || {
		printf 'bench: error: could not put the memory limit of %s back to %s MiB\n' \
			"$GOVC_VM" "$bb_limit_before" >&2
		return 1
	}
}

bb_finish() {
	rc=$?
	trap - EXIT INT TERM HUP
	[ -z "${bb_guard:-}" ] || kill "$bb_guard" 2>/dev/null || :
	bb_give_back || rc=1
	bb_restore_limit || rc=1
	exit "$rc"
}

# A SIGKILL runs no trap: a guard in a session of its own (a kill of
# the run's process group does not reach it) waits for this shell to go
# and then gives the balloon back.
bb_start_guard() {
	setsid sh "$BB_VMWARE_DIR/guard.sh" "$$" "${bb_original:-}" "${DRIVER_DIR:-}" \
		"${bb_limit_before:-}" </dev/null >&2 &
	bb_guard=$!
}
