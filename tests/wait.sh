# NAME
#	wait.sh - wait on events in the test scripts, never on the clock
# SYNOPSIS
#	. tests/wait.sh
#	wait_for SECONDS WHAT COMMAND [ARG...]
#	file_rewritten FILE [SECONDS]
#	milter_stop PID SOCKET [SECONDS]
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
#	milter_stop sends SIGTERM to PID, a libmilter daemon listening on
#	SOCKET (a unix socket, "unix:" optional; may be empty), waits until
#	it has exited and returns its exit status; PID must be a child of
#	the calling shell.  libmilter's listener looks at its stop flag
#	only when its poll() returns, on a connection or every 5 s; so while
#	it waits, milter_stop connects to SOCKET and hangs up again, which
#	makes the listener look at once (the daemon sees a client that left
#	before saying anything).  SECONDS (default 120, for valgrind) bounds
#	the wait; on time-out milter_stop says so and returns 1.
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

milter_woken() {	# PID SOCKET: PID is gone; else poke SOCKET, if any
	kill -0 "$1" 2>/dev/null || return 0
	[ -S "$2" ] && perl -MIO::Socket::UNIX \
		-e 'IO::Socket::UNIX->new(Peer => $ARGV[0])' "$2" 2>/dev/null
	return 1
}

milter_stop() {
	local pid=$1 sock=${2#unix:} limit=${3:-120} rc=0
	kill -TERM "$pid" 2>/dev/null || true
	wait_for "$limit" "process $pid to exit after SIGTERM" \
		milter_woken "$pid" "$sock" || return 1
	wait "$pid" 2>/dev/null || rc=$?
	return "$rc"
}
