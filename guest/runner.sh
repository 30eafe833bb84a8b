#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The in-guest runner.  Reads bb.* parameters from the kernel command line,
# loads the balloon driver under test and runs the scenario, talking to the
# conductor through channel.sh.  On the embedded host it is the guest's
# /bb/runner.sh; in a VMware guest the local conductor starts it with the
# parameters in BB_CMDLINE, the files in BB_ROOT and the channel on fd 3.
set -eu
: "${BB_ROOT:=/bb}"

# bb.scenario=x bb.target_mib=512 -> BB_SCENARIO=x BB_TARGET_MIB=512
for arg in ${BB_CMDLINE:-$(cat /proc/cmdline)}; do
	case "$arg" in
	bb.*=*)
		key=$(printf '%s' "${arg%%=*}" | sed 's/^bb\.//' | tr 'a-z.-' 'A-Z__')
		eval "BB_$key=\${arg#*=}"
		;;
	esac
done
: "${BB_SCENARIO:?no bb.scenario= on the kernel command line}"
: "${BB_DRIVER:=upstream}"

# shellcheck source=guest/channel.sh
. "$(dirname "$0")/channel.sh"

# bb_phase NAME TARGET_MIB [SETTLE_S [MAX_CYCLES]]: the conductor sets the
# host target and answers once the balloon has reached it, or, with
# SETTLE_S, once the balloon has not moved for that long (the guest had no
# more to give), or, with MAX_CYCLES, after that many cycles of the driver
# whatever the balloon did.
bb_phase() {
	bb_log "phase $1: target ${2} MiB"
	free_2m_before=$(bb_free_2m_mib)
	kernel_before=$(bb_kernel_ticks)
	ok_before=$(bb_vmmemctl 'alloc(2M)')
	fail_before=$(bb_vmmemctl 'allocFail(2M)')
	bb_profile_start
	bb_request phase "$1" "target_mib=$2" ${3:+"settle_s=$3"} ${4:+"max_cycles=$4"}
	bb_profile_stop
	# What the phase cost the guest: kernel CPU time (the balloon works
	# in the kernel; the guest is otherwise idle) and 2 MiB allocations.
	bb_send phase-stat "guest_kernel_ms=$(( ($(bb_kernel_ticks) - kernel_before) * 1000 / BB_USER_HZ ))"
	# What the phase left of the guest's free 2 MiB blocks.
	bb_send phase-stat "free_2m_before_mib=$free_2m_before"
	bb_send phase-stat "free_2m_after_mib=$(bb_free_2m_mib)"
	if [ -n "$ok_before" ]; then
		ok=$(($(bb_vmmemctl 'alloc(2M)') - ok_before))
		fail=$(($(bb_vmmemctl 'allocFail(2M)') - fail_before))
		bb_send phase-stat "alloc_2m=$ok"
		bb_send phase-stat "alloc_fail_2m=$fail"
		[ $((ok + fail)) -gt 0 ] &&
			bb_send phase-stat "alloc_fail_2m_pct=$((fail * 100 / (ok + fail)))"
	fi
	bb_profile_save "$1"
	bb_check_sizes "$1"
	return 0
}

# bb_hold NAME TARGET_MIB COMMAND...: a held phase.  The host keeps the
# target at TARGET_MIB while the guest runs COMMAND; what the balloon does
# meanwhile (the shrinker giving memory back, the driver taking it back)
# is the phase's figures, up to the next phase's target: a scenario
# follows a held phase with another.
bb_hold() {
	hold_name=$1 hold_target=$2
	shift 2
	bb_log "phase $hold_name: target held at $hold_target MiB"
	kernel_before=$(bb_kernel_ticks)
	bb_request phase "$hold_name" "target_mib=$hold_target" hold=1
	"$@"
	bb_send phase-stat "guest_kernel_ms=$(( ($(bb_kernel_ticks) - kernel_before) * 1000 / BB_USER_HZ ))"
	bb_check_sizes "$hold_name"
}

# bb.profile=1 (the profile initramfs, which has perf): every CPU is
# sampled during each phase, from before the target changes until the
# phase is over.  TCG has no PMU, so the event is the software cpu-clock.
bb_profile_start() {
	[ "${BB_PROFILE:-0}" = 1 ] || return 0
	[ -x /usr/bin/perf ] || bb_fail "bb.profile=1 needs perf: boot the profile initramfs"
	rm -f /tmp/perf.data /tmp/perf.ctl /tmp/perf.ack
	mkfifo /tmp/perf.ctl /tmp/perf.ack
	# Set up with its events off, then switched on through its control
	# fifo: sampling starts when the answer comes, not somewhere in perf's
	# start-up (which took about half of a 1 s phase here).  No build-ids
	# (-B): collecting them at the end doubled a profiled cell's time, and
	# the symbols come from kallsyms anyway.
	/usr/bin/perf record -q -B -D -1 --control fifo:/tmp/perf.ctl,/tmp/perf.ack \
		-e cpu-clock -F "${BB_PROFILE_HZ:-1000}" -a -g -o /tmp/perf.data \
		>/tmp/perf.log 2>&1 &
	perf_pid=$!
	exec 4>/tmp/perf.ctl 5</tmp/perf.ack
	echo enable >&4
	read -r _ <&5 || bb_fail "perf record did not start: $(tail -n 1 /tmp/perf.log)"
}

# bb_profile_stop: the phase is over; so is the sampling.
bb_profile_stop() {
	[ "${BB_PROFILE:-0}" = 1 ] || return 0
	echo disable >&4
	read -r _ <&5 || :
	exec 4>&- 5<&-
	kill -INT "$perf_pid"
	# perf ends by raising the SIGINT it handled: 130 is success.
	rc=0
	wait "$perf_pid" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 130 ] ||
		bb_fail "perf record failed ($rc): $(tail -n 1 /tmp/perf.log)"
}

# bb_profile_save PHASE: sends, for the phase's next repetition N,
# profile-PHASE-N.folded (one "stack count" line per distinct call chain,
# outermost frame first, the command's name at the root: the format
# FlameGraph, speedscope and inferno read; bench/profile/report takes the
# top symbols from it, self and with children).  After the phase's own
# figures, so that perf's work is not counted in them.
bb_profile_save() {
	[ "${BB_PROFILE:-0}" = 1 ] || return 0
	n=$(cat "/tmp/profile-$1.n" 2>/dev/null || echo 0)
	echo $((n + 1)) >"/tmp/profile-$1.n"
	name=profile-$1-$n
	/usr/bin/perf script -i /tmp/perf.data -F comm,ip,sym 2>/dev/null | awk '
		function flush() {
			if (comm == "")
				return
			stack = comm
			for (i = depth; i >= 1; i--)
				stack = stack ";" frame[i]
			count[stack]++
			comm = ""
		}
		/^[^ \t]/ { flush(); comm = $1; gsub(/;/, ":", comm); depth = 0; next }
		/^[ \t]+[0-9a-f]+ / {
			sym = $2
			sub(/\+0x[0-9a-f]+$/, "", sym)
			# User stacks have no symbols here: one [unknown] stands
			# for a run of them.
			if (sym != "[unknown]" || depth == 0 || frame[depth] != sym)
				frame[++depth] = sym
			next
		}
		/^$/ { flush() }
		END { flush(); for (s in count) print s, count[s] }' | bb_put "$name.folded"
	rm -f /tmp/perf.data
}

# bb_check_sizes PHASE: after every phase, reached or not, the conductor
# compares the driver's own size (and, for our driver, the frames of the
# pages on its lists) with the host's balloon, and answers "retry" while
# the driver may still be in the middle of a cycle (a phase that ended on
# settle_s may leave it working); a disagreement that outlasts
# the phase's time limit fails the run.
bb_check_sizes() {
	[ -r /sys/kernel/debug/vmmemctl ] || return 0
	while :; do
		lists=
		[ -r /sys/kernel/debug/balloonbench/stats ] &&
			lists=$(awk '$1 == "list_frames" { print $2 }' /sys/kernel/debug/balloonbench/stats)
		bb_request sizes "$1" "driver_frames=$(bb_vmmemctl current)" ${lists:+"list_frames=$lists"}
		[ "$BB_REPLY" = " agree" ] && return 0
		sleep 0.1
	done
}

# The kernel's time in system, irq and softirq, in USER_HZ ticks.
BB_USER_HZ=100
bb_kernel_ticks() {
	awk '$1 == "cpu" { print $4 + $7 + $8 }' /proc/stat
}

# bb_mark NAME: a named moment; the conductor samples host memory.
bb_mark() {
	bb_request mark "$1"
}

bb_stat() {
	bb_send stat "$1=$2"
}

mem_kib() {
	awk -v key="$1:" '$1 == key { print $2 }' /proc/meminfo
}

# Free memory, counting the pages on per-CPU free lists: MemFree leaves
# them out, and since 5.13 freed 2 MiB pages may wait there too, so a
# released balloon can look like a leak for a while.
free_kib() {
	pcp=$(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo)
	echo $(($(mem_kib MemFree) + pcp * 4))
}

# bb_start_memhog MIB: memhog holds MIB of anonymous memory until killed;
# its pid in $hog, its output in /tmp/hog.out.
bb_start_memhog() {
	"$BB_ROOT"/workloads/memhog --size "$1M" --hold forever \
		--signal-file /tmp/hog.held >/tmp/hog.out 2>&1 &
	# shellcheck disable=SC2034 # the scenario's, to end memhog
	hog=$!
	bb_wait_file /tmp/hog.held 60
	bb_mark held
}

# bb_fill [MIB]: write MIB (default: all but a little of the available
# memory) into a tmpfs, so the host backs it, then give it back.
bb_fill() {
	fill_mib=${1:-$(( $(mem_kib MemAvailable) / 1024 - ${BB_FILL_RESERVE_MIB:-48} ))}
	[ "$fill_mib" -gt 0 ] || bb_fail "no memory to fill"
	bb_log "filling $fill_mib MiB"
	mkdir -p /tmp/fill
	mount -t tmpfs -o "size=${fill_mib}m" fill /tmp/fill
	dd if=/dev/zero of=/tmp/fill/zero bs=1M count="$fill_mib" 2>/dev/null ||
		bb_fail "fill of $fill_mib MiB failed"
	umount /tmp/fill
	bb_stat "guest.fill_mib" "$fill_mib"
}

# Free memory in blocks of 2 MiB or more (/proc/buddyinfo orders 9 and
# 10), MiB: what transparent huge pages and 2 MiB balloon pages are made of.
bb_free_2m_mib() {
	awk '$1 == "Node" { n += $14 * 2 + $15 * 4 } END { print n + 0 }' /proc/buddyinfo
}

# A /proc/vmstat counter.
bb_vmstat() {
	awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat
}

# Guest memory states (bb.state): what the guest's memory holds when a
# repetition starts, prepared by bb_state_prepare before each one.
#   filled      every free page written once (bb_fill): all of it host-backed
#   fresh       nothing touched since boot: most free memory was never
#               backed by the host
#   fragmented  fragment touches bb.frag_mib and keeps one page of each
#               2 MiB block of it: free memory backed and scattered there,
#               the untouched rest in whole blocks (anew each repetition)
#   cache       bb.cache_mib of clean, reclaimable page cache: a loop device
#               over a sparse tmpfs file (holes read as the zero page, so
#               only the loop device's cache takes memory), read again
#               each repetition
#   thp         memhog holds bb.thp_hold_mib (128) in transparent huge pages, the
#               rest filled
BB_STATES="filled fresh fragmented cache thp"
bb_state_prepare() {
	case "${BB_STATE:=filled}" in
	filled)
		bb_fill
		;;
	fresh) ;;
	fragmented)
		# Anew each time: what the last repetition ballooned, the host
		# freed, and the guest got back unbacked.
		bb_state_release
		rm -f /tmp/state.ready
		"$BB_ROOT"/workloads/fragment --limit="${BB_FRAG_MIB:-320}M" \
			--method=pagemap --hold forever --check \
			--signal-file /tmp/state.ready >/tmp/state.out 2>/tmp/state.err &
		state_pid=$!
		bb_wait_file /tmp/state.ready 200
		;;
	cache)
		[ -n "${state_loop:-}" ] || {
			lsmod | grep -q '^loop ' || insmod "$BB_ROOT"/modules/loop.ko ||
				bb_fail "cannot load loop.ko for the cache state"
			mkdir -p /tmp/cachefs
			mount -t tmpfs -o "size=${BB_CACHE_MIB:-600}m" cachefs /tmp/cachefs
			truncate -s "${BB_CACHE_MIB:-600}M" /tmp/cachefs/sparse
			state_loop=$(losetup -f) && losetup "$state_loop" /tmp/cachefs/sparse ||
				bb_fail "no loop device for the cache state"
			# Open while the state lasts: the last close of a block
			# device drops its page cache.
			exec 6<"$state_loop"
		}
		dd if="$state_loop" of=/dev/null bs=1M count="${BB_CACHE_MIB:-600}" 2>/dev/null ||
			bb_fail "reading $state_loop failed"
		;;
	thp)
		[ -n "${state_pid:-}" ] || {
			rm -f /tmp/state.ready
			"$BB_ROOT"/workloads/memhog --size "${BB_THP_HOLD_MIB:-128}M" --mode=thp \
				--hold forever --signal-file /tmp/state.ready \
				>/tmp/state.out 2>/tmp/state.err &
			state_pid=$!
			bb_wait_file /tmp/state.ready 200
		}
		# MemAvailable counts memory the holder's neighbours cannot
		# have: a fill to 48 MiB of it got the holder OOM-killed.
		bb_fill $(($(mem_kib MemAvailable) / 1024 - 128))
		kill -0 "$state_pid" 2>/dev/null ||
			bb_fail "the thp state's memhog is gone (OOM-killed?): $(tail -n 1 /tmp/state.err)"
		;;
	*)
		bb_fail "unknown state '$BB_STATE' (one of: $BB_STATES)"
		;;
	esac
	bb_state_stats
}

# What the state left, once per run (the first repetition): free MiB per
# buddy order, free MiB in 2 MiB blocks, page cache, transparent huge
# pages, and (the mark) the host memory backing guest RAM.
bb_state_stats() {
	[ -z "${state_reported:-}" ] || return 0
	state_reported=1
	awk '$1 == "Node" { for (o = 0; o <= 10; o++) n[o] += $(o + 5) }
		END { for (o = 0; o <= 10; o++) {
			printf "@bb stat guest.state.free_o%d_mib=%d\n", o, n[o] * pages / 256
			pages *= 2 } }' pages=1 \
		/proc/buddyinfo >&3
	bb_stat guest.state.free_2m_mib "$(bb_free_2m_mib)"
	bb_stat guest.state.free_mib $(($(mem_kib MemFree) / 1024))
	bb_stat guest.state.cache_mib $((($(mem_kib Cached) + $(mem_kib Buffers) - $(mem_kib Shmem)) / 1024))
	bb_stat guest.state.anon_huge_mib $(($(mem_kib AnonHugePages) / 1024))
	bb_put "buddyinfo-$BB_STATE.txt" < /proc/buddyinfo
	bb_mark "state"
}

# bb_state_release: ends what holds the state (fragment, memhog, the loop
# device), with the holder's own figures as guest.state.* stats.
bb_state_release() {
	if [ -n "${state_pid:-}" ]; then
		# A holder the OOM killer took is gone already.
		kill "$state_pid" 2>/dev/null || :
		wait "$state_pid" || :
		bb_workload_stats state /tmp/state.out
		state_pid=
	fi
	if [ -n "${state_loop:-}" ]; then
		exec 6<&-
		losetup -d "$state_loop"
		umount /tmp/cachefs
		state_loop=
	fi
}

# bb_thp_probe MIB: after an inflate, what the balloon left of the guest's
# huge pages: a workload faults MIB of anonymous memory (no madvise: with
# THP "always" and defrag "madvise", the kernel's defaults here, a fault
# gets a huge page only where a free 2 MiB block is, with no compaction),
# and the faults that got a huge page and those that fell back to 4 KiB
# pages join the last phase (thp_fault_alloc, thp_fault_fallback).
bb_thp_probe() {
	[ "${1:-0}" -gt 0 ] || return 0
	alloc=$(bb_vmstat thp_fault_alloc)
	fallback=$(bb_vmstat thp_fault_fallback)
	"$BB_ROOT"/workloads/memhog --size "$1M" >/tmp/thp-probe.out 2>&1 ||
		bb_fail "the THP probe failed: $(tail -n 1 /tmp/thp-probe.out)"
	bb_send phase-stat "thp_fault_alloc=$(($(bb_vmstat thp_fault_alloc) - alloc))"
	bb_send phase-stat "thp_fault_fallback=$(($(bb_vmstat thp_fault_fallback) - fallback))"
}

# The stock driver's debugfs file, one stat per counter: "current: 512" ->
# guest.current=512, "errAlloc   (4k): 3" -> guest.errAlloc_4k=3, and the
# per-command "lock: 2 (1 failed)" -> guest.calls_lock=2, guest.failed_lock=1.
bb_debugfs_stats() {
	[ -r /sys/kernel/debug/vmmemctl ] || return 0
	bb_put vmmemctl.txt < /sys/kernel/debug/vmmemctl
	awk -F: '
		NF < 2 { next }
		{
			key = $1; gsub(/[ \t]+/, " ", key); sub(/ $/, "", key)
			gsub(/ \(/, "(", key); gsub(/\(/, "_", key)
			gsub(/\)/, "", key); gsub(/ /, "_", key)
			val = $2; sub(/^[ \t]+/, "", val)
			split(val, f, /[ \t]+/)
			if (match(val, /[0-9]+ failed/)) {
				failed = substr(val, RSTART, RLENGTH); sub(/ failed/, "", failed)
				printf "@bb stat guest.calls_%s=%s\n", key, f[1]
				printf "@bb stat guest.failed_%s=%s\n", key, failed
			} else {
				printf "@bb stat guest.%s=%s\n", key, f[1]
			}
		}' /sys/kernel/debug/vmmemctl >&3
}

# bb_meminfo_stats [PREFIX]: guest.PREFIXMemFree.kib and friends.
# shellcheck disable=SC2120 # scenarios pass PREFIX
bb_meminfo_stats() {
	for key in MemTotal MemFree MemAvailable; do
		bb_stat "guest.${1:-}$key.kib" "$(mem_kib "$key")"
	done
}

# bb_driver_module: the module name of the driver under test.
bb_driver_module() {
	case "$BB_DRIVER" in
	upstream) printf 'vmw_balloon\n' ;;
	*) printf '%s\n' "$BB_DRIVER" ;;
	esac
}

# Loads the driver under test; bb.driver_args=a=1,b=2 become its parameters.
bb_load_driver() {
	lsmod | grep -q '^vmw_vmci ' || insmod "$BB_ROOT"/modules/vmw_vmci.ko
	case "$BB_DRIVER" in
	none)
		return 0
		;;
	upstream)
		# bb.shrinker=1: each driver's shrinker switch, by its name.
		# shellcheck disable=SC2046 # one word per module argument
		insmod "$BB_ROOT"/modules/vmw_balloon.ko $(printf '%s' "${BB_DRIVER_ARGS:-}" | tr , ' ') \
			${BB_SHRINKER:+vmwballoon_shrinker_enable=$BB_SHRINKER}
		;;
	*)
		[ -f "$BB_ROOT/drivers/$BB_DRIVER.ko" ] || bb_fail "unknown driver '$BB_DRIVER'"
		# bb.instrument=0: the observer's cost, measured (INSTRUMENT).
		# shellcheck disable=SC2046 # one word per module argument
		insmod "$BB_ROOT/drivers/$BB_DRIVER.ko" $(printf '%s' "${BB_DRIVER_ARGS:-}" | tr , ' ') \
			${BB_INSTRUMENT:+instrument=$BB_INSTRUMENT} \
			${BB_SHRINKER:+shrinker_enable=$BB_SHRINKER}
		;;
	esac
	# The stock driver counts from the first read of its stats file.
	cat /sys/kernel/debug/vmmemctl >/dev/null 2>&1 || :
}

bb_unload_driver() {
	rmmod "$(bb_driver_module)" || bb_fail "rmmod $(bb_driver_module) failed"
}

# Our driver's own stats ("name value" lines), numeric ones as guest.bbd.*,
# and its stats and histograms files kept whole.
bb_driver_stats() {
	dir=/sys/kernel/debug/balloonbench
	[ -r "$dir/stats" ] || return 0
	awk '$2 ~ /^(0x)?[0-9a-f]+$/ { printf "@bb stat guest.bbd.%s=%s\n", $1, $2 }' \
		"$dir/stats" >&3
	bb_put bbd-stats.txt < "$dir/stats"
	bb_put bbd-histograms.txt < "$dir/histograms"
}

# bb_workload_stats NAME FILE [phase]: a workload's key=value output as
# guest.NAME.key stats of the run, or with "phase" as NAME_key counters of
# the last phase (so repetitions aggregate).
bb_workload_stats() {
	if [ "${3:-}" = phase ]; then
		awk -F= -v n="$1" 'NF == 2 && $1 !~ /^#/ { printf "@bb phase-stat %s_%s=%s\n", n, $1, $2 }' "$2" >&3
	else
		awk -F= -v n="$1" 'NF == 2 && $1 !~ /^#/ { printf "@bb stat guest.%s.%s=%s\n", n, $1, $2 }' "$2" >&3
	fi
}

# bb_wait_file PATH SECONDS: wait for a workload to signal it is ready.
bb_wait_file() {
	n=0
	while [ ! -e "$1" ]; do
		[ "$n" -lt $(($2 * 10)) ] || bb_fail "no $1 after $2 s"
		sleep 0.1
		n=$((n + 1))
	done
}

# Driver counters read the same way from the stock and our vmmemctl file.
bb_vmmemctl() {
	[ -r /sys/kernel/debug/vmmemctl ] || return 0
	awk -F: -v k="$1" '{ gsub(/[ \t]/, "") } $1 == k { split($2, f, "("); print f[1] }' \
		/sys/kernel/debug/vmmemctl
}

# Everything the guest knows about its balloon, sent at the end of a run.
bb_all_stats() {
	bb_meminfo_stats
	bb_debugfs_stats
	bb_driver_stats
	grep -E '^(balloon_|compact_|oom_kill )' /proc/vmstat | awk '{ printf "@bb stat guest.vmstat.%s=%s\n", $1, $2 }' >&3
	dmesg | bb_put dmesg.txt
}

# bb.kprobes=f,g: count the calls to these kernel functions over the run
# (kprobe events; tracing stays off, so only the hit counters move).
BB_TRACEFS=/sys/kernel/tracing
bb_arm_kprobes() {
	[ -n "${BB_KPROBES:-}" ] || return 0
	[ -e "$BB_TRACEFS/kprobe_events" ] || mount -t tracefs tracefs "$BB_TRACEFS"
	echo 0 > "$BB_TRACEFS/tracing_on"
	for fn in $(printf '%s' "$BB_KPROBES" | tr , ' '); do
		echo "p:bb/$fn $fn" >> "$BB_TRACEFS/kprobe_events" ||
			bb_fail "cannot probe kernel function '$fn'"
		echo 1 > "$BB_TRACEFS/events/bb/$fn/enable"
	done
}

# guest.kprobe.F=calls for each probed function.
bb_kprobe_stats() {
	[ -n "${BB_KPROBES:-}" ] || return 0
	awk '{ printf "@bb stat guest.kprobe.%s=%s\n", $1, $2 }' \
		"$BB_TRACEFS/kprobe_profile" >&3
}
# bb.debugfs_reader=1: a loop reads the balloon drivers' debugfs files
# for the whole scenario, so that a debug kernel sees those reads race the
# driver's work and the host's resets (tests/e2e/test_debug_kernel.sh).
bb_start_debugfs_reader() {
	[ "${BB_DEBUGFS_READER:-0}" = 1 ] || return 0
	(
		reads=0
		trap 'echo "$reads" >/tmp/debugfs-reader.reads; exit 0' TERM
		while :; do
			for f in /sys/kernel/debug/vmmemctl /sys/kernel/debug/balloonbench/*; do
				cat "$f" >/dev/null 2>&1 && reads=$((reads + 1))
			done
		done
	) &
	debugfs_reader=$!
}

bb_stop_debugfs_reader() {
	[ -n "${debugfs_reader:-}" ] || return 0
	kill -TERM "$debugfs_reader"
	wait "$debugfs_reader" || :
	bb_stat guest.debugfs_reader.reads "$(cat /tmp/debugfs-reader.reads)"
}

scenario="$BB_ROOT/scenarios/$BB_SCENARIO.sh"
[ -f "$scenario" ] || bb_fail "unknown scenario '$BB_SCENARIO'"
bb_send hello "scenario=$BB_SCENARIO" "driver=$BB_DRIVER" "kernel=$(uname -r)"
bb_arm_kprobes
bb_start_debugfs_reader
# shellcheck source=/dev/null # one of bench/scenarios/*.sh
. "$scenario"
bb_stop_debugfs_reader
bb_kprobe_stats
# Answered once the conductor has read the device: /init powers off next.
bb_request 'done'
