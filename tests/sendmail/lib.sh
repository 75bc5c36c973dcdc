# NAME
#	lib.sh - a private Sendmail on a loopback port for the tests
# DESCRIPTION
#	The Sendmail unpacked by tests/sendmail/fetch, run as root with its
#	own .cf, queue, pid file, service.switch and hosts file, all under
#	$TMP/sm; nothing of the machine's mail system is used or changed.
#	Its .cf is generated with m4 from a small .mc holding the milter
#	line of the README.  Every recipient goes to the "capture" mailer,
#	which writes each message to a file of its own in $TMP/mail/new.
#	The daemon runs in the foreground (-bD) in a mount namespace of its
#	own, where a private /etc/hosts names this host: otherwise Sendmail
#	stalls on "My unqualified host name ... unknown".
#	Source this file; set TMP (a scratch directory), SM_DIR (fetch's
#	directory) and SM_PORT (free_port, tests/lib/port.sh) first.
# DIAGNOSTICS
#	sm_setup and sm_start print what went wrong and return 1.

# sm_setup MILTER-LINE: write the files of an instance listening on
# SM_PORT; MILTER-LINE is the INPUT_MAIL_FILTER(...) line of the .mc.
sm_setup() {
	local milter=$1 root=$SM_DIR/root sm=$TMP/sm
	mkdir -p "$sm/queue" "$TMP/mail/tmp" "$TMP/mail/new"
	chmod 700 "$sm/queue"
	printf 'hosts\tfiles\naliases\tfiles\n' > "$sm/service.switch"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tmx.psmilter-test.example mx %s\n' \
		"$(uname -n)" > "$sm/hosts"
	# The capture mailer: one file per delivery, renamed into new/ once
	# complete, so a file in new/ is a whole message.
	cat > "$sm/deliver" <<EOF
#!/bin/sh
f=\$(mktemp "$TMP/mail/tmp/m.XXXXXX") && cat > "\$f" &&
	exec mv "\$f" "$TMP/mail/new/"
EOF
	chmod 755 "$sm/deliver"
	# Load averages high enough never to queue or refuse mail on a busy
	# test machine; no ident, no interface probing, no DNS.  Listen=64:
	# parallel sessions overflow the default backlog of 10, and each
	# dropped SYN costs its client a second.
	cat > "$sm/sendmail.mc" <<EOF
divert(-1)
divert(0)dnl
include(\`$root/usr/share/sendmail/cf/m4/cf.m4')dnl
VERSIONID(\`psmilter test instance')dnl
OSTYPE(\`linux')dnl
define(\`confDOMAIN_NAME', \`mx.psmilter-test.example')dnl
define(\`QUEUE_DIR', \`$sm/queue')dnl
define(\`confPID_FILE', \`$sm/sendmail.pid')dnl
define(\`confSERVICE_SWITCH_FILE', \`$sm/service.switch')dnl
define(\`confHOSTS_FILE', \`$sm/hosts')dnl
define(\`ALIAS_FILE', \`')dnl
define(\`HELP_FILE', \`')dnl
define(\`STATUS_FILE', \`')dnl
define(\`confQUEUE_LA', \`1000')dnl
define(\`confREFUSE_LA', \`1000')dnl
define(\`confDELAY_LA', \`0')dnl
define(\`confMAX_DAEMON_CHILDREN', \`0')dnl
define(\`confCONNECTION_RATE_THROTTLE', \`0')dnl
define(\`confTO_IDENT', \`0')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
FEATURE(\`nocanonify')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`no_default_msa')dnl
DAEMON_OPTIONS(\`Port=$SM_PORT, Addr=127.0.0.1, Name=MTA, Listen=64')dnl
$milter
dnl \$u in A=: without it Sendmail would speak SMTP to the mailer.
LOCAL_RULE_0
R\$* < @ \$* > \$*	\$#capture \$@ \$2 \$: \$1 < @ \$2 >
MAILER_DEFINITIONS
Mcapture, P=$sm/deliver, F=lsDFMhunS, T=DNS/RFC822/X-Unix, A=deliver \$u
EOF
	"$root/usr/bin/m4" "$sm/sendmail.mc" > "$sm/sendmail.cf" \
		|| { echo "m4 failed on $sm/sendmail.mc"; return 1; }
}

# sm_start: start the daemon (SM_PID) and wait until it listens.
sm_start() {
	local sm=$TMP/sm lib i
	lib=$(find "$SM_DIR/root" -name 'libwrap.so.0' -printf '%h\n' -quit)
	# setsid: SM_PID leads a process group holding every child it forks.
	LD_LIBRARY_PATH=$lib setsid unshare -m --propagation private \
		sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh \
		"$sm/hosts" "$SM_DIR/sendmail" -C "$sm/sendmail.cf" -bD \
		>"$sm/daemon.log" 2>&1 &
	SM_PID=$!
	for i in $(seq 600); do
		(exec 3<>/dev/tcp/127.0.0.1/"$SM_PORT") 2>/dev/null && return 0
		kill -0 "$SM_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "Sendmail does not listen on 127.0.0.1:$SM_PORT:"
	cat "$sm/daemon.log"
	return 1
}

sm_stop() {
	[ -n "${SM_PID:-}" ] || return 0
	kill -TERM -- -"$SM_PID" 2>/dev/null || true
	wait "$SM_PID" 2>/dev/null || true
	SM_PID=
}

# sm_queue_empty: no message is left in the queue (deferred, or lost
# between acceptance and delivery).
sm_queue_empty() {
	local left
	left=$(find "$TMP/sm/queue" -type f -name '[dq]f*' | wc -l)
	[ "$left" -eq 0 ] && return 0
	echo "$left files left in Sendmail's queue: $(ls "$TMP/sm/queue")"
	return 1
}
