# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the guest's scripts that talk to the conductor (guest/runner.sh,
# the emulated VMware guest's): the results channel, the second serial
# port, one line each way:
#   guest -> host  "@bb <verb> <args>"   (hello, phase, mark, stat, log,
#                  put, done, error)
#   host -> guest  "ok <details>" or "fail <reason>" for the requests
#                  (phase, mark, sizes, done)

# BB_CHANNEL=fd: fd 3 is open already (a local conductor's socket).
: "${BB_CHANNEL:=/dev/ttyS1}"
if [ "$BB_CHANNEL" != fd ]; then
	stty -F "$BB_CHANNEL" raw -echo 115200
	exec 3<>"$BB_CHANNEL"
fi

bb_send() {
	printf '@bb %s\n' "$*" >&3
}

bb_log() {
	echo "runner: $*"
	bb_send log "$*"
}

bb_fail() {
	echo "runner: error: $*"
	bb_send error "$*"
	exit 1
}

# Sends a request and waits for the conductor's answer, in BB_REPLY.
# shellcheck disable=SC2034 # the caller reads BB_REPLY
bb_request() {
	bb_send "$@"
	read -r reply <&3 || bb_fail "results channel closed"
	case "$reply" in
	ok*) BB_REPLY=${reply#ok} ;;
	*) bb_fail "conductor refused '$*': $reply" ;;
	esac
}

# bb_put NAME < text: the conductor stores the lines as guest/NAME.
bb_put() {
	while IFS= read -r line; do
		printf '@bb put %s %s\n' "$1" "$line"
	done >&3
}
