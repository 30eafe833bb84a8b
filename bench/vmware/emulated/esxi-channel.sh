# SPDX-License-Identifier: GPL-2.0-only
#
# The emulated VMware guest's line to the conductor's ESXi model
# (bench/conductor/esxi_model.c), for the govc stand-in and the host
# contention loop: one request, one answer, on BB_ESXI_CHANNEL.  The
# sourcing script defines die().

# esxi_ask REQUEST: the model's answer, without its "ok".
esxi_ask() {
	exec 4<>"${BB_ESXI_CHANNEL:-/dev/ttyS1}"
	printf '@bb esxi %s\n' "$1" >&4
	read -r reply <&4 || die "no answer from the ESXi model"
	exec 4>&-
	case $reply in
	ok*) printf '%s\n' "${reply#ok}" ;;
	*) die "$reply" ;;
	esac
}
