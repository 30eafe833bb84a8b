# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the scripts that run guests side by side: bench/matrix/run.sh,
# bench/gate/run and bench/gate/validate.

# lanes_stop PID: stops PID and everything under it, the leaves first.
lanes_stop() {
	for child in $(pgrep -P "$1"); do
		lanes_stop "$child"
	done
	kill -TERM "$1" 2>/dev/null || :
}

# run_lanes JOBS LIST FUNCTION: calls FUNCTION with the words of each line
# of the file LIST as its arguments, JOBS lines at a time: lane k takes
# lines k+1, k+1+JOBS, ... in order, so that neighbouring lines run side by
# side.  A lane stops at its first failure and the others finish theirs.
# INT or TERM stop every lane and what it runs.  Returns 1 when a call
# failed.
run_lanes() {
	lanes_jobs=$1 lanes_list=$2 lanes_fn=$3
	lanes_pids=
	lanes_k=0
	# Set before the first fork, so that a TERM that comes while the lanes
	# start stops those already started.  (A subshell starts with the
	# default actions.)
	trap 'for p in $lanes_pids; do lanes_stop "$p"; done; exit 130' INT TERM
	while [ "$lanes_k" -lt "$lanes_jobs" ]; do
		(
			set -f
			# Prefixed: FUNCTION shares this shell's variables.
			lanes_n=0
			while read -r lanes_line; do
				lanes_n=$((lanes_n + 1))
				[ $(((lanes_n - 1) % lanes_jobs)) -eq "$lanes_k" ] || continue
				# shellcheck disable=SC2086 # a line is words
				"$lanes_fn" $lanes_line </dev/null || exit 1
			done <"$lanes_list"
		) &
		lanes_pids="$lanes_pids $!"
		lanes_k=$((lanes_k + 1))
	done
	lanes_rc=0
	for p in $lanes_pids; do
		wait "$p" || lanes_rc=1
	done
	trap - INT TERM
	return "$lanes_rc"
}
