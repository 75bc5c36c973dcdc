# NAME
#	wait.sh - wait on events in the test scripts, never on the clock
# SYNOPSIS
#	. tests/wait.sh
#	wait_for SECONDS WHAT COMMAND [ARG...]
#	file_rewritten FILE [SECONDS]
#	milter_stop PID [SECONDS]
# DESCRIPTION
#	wait_for runs COMMAND every 50 ms until it succeeds.  SECONDS bounds
#	a hang, it is no guess at how long the event takes: the wait ends
#	as soon as COMMAND succeeds.  On time-out it says on stderr
#	"timed out after SECONDS s waiting for WHAT" and returns 1.
#
#	file_rewritten waits until FILE (a file replaced by rename, as
#	StatsFile) has been rewritten twice since the call: the second
#	version was begun after the call, so it holds what was true then.
#
#	milter_stop sends SIGTERM to PID, a psmilter daemon, waits until it
#	has exited and returns its exit status; PID must be a child of the
#	calling shell.  SECONDS (default 120, for valgrind) bounds the
#	wait; on time-out milter_stop says so and returns 1.
# DIAGNOSTICS
#	What was waited for, on stderr, when a wait times out.

wait_for() {
	local limit=$1 what=$2 end
	shift 2
	end=$((${EPOCHREALTIME/./} + limit * 1000000))	# microseconds
	while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.05
	done
	"$@" && return 0
	echo "timed out after $limit s waiting for $what" >&2
	return 1
}

wait_mtime_not() {	# FILE MTIME: FILE exists with another mtime
	local now
	now=$(stat -c %y "$1" 2>/dev/null) && [ "$now" != "$2" ]
}

file_rewritten() {
	local f=$1 limit=${2:-60} m _
	for _ in 1 2; do
		m=$(stat -c %y "$f" 2>/dev/null || true)
		wait_for "$limit" "a new $f" wait_mtime_not "$f" "$m" || return 1
	done
}

process_gone() {	# PID
	! kill -0 "$1" 2>/dev/null
}

milter_stop() {
	local pid=$1 limit=${2:-120} rc=0
	kill -TERM "$pid" 2>/dev/null || true
	wait_for "$limit" "process $pid to exit after SIGTERM" \
		process_gone "$pid" || return 1
	wait "$pid" 2>/dev/null || rc=$?
	return "$rc"
}
