# Shell helpers for the Postfix end-to-end tests: a private Postfix on a
# loopback port, with its own config and queue directories, delivering
# every recipient to one maildir, with psmilter as its milter.
# Source this file; set TMP (a scratch directory) first.

. "$(dirname "${BASH_SOURCE[0]}")/../wait.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/port.sh"

# pf_setup PORT MILTER: write main.cf/master.cf; MILTER may be empty.
pf_setup() {
	local port=$1 milter=$2 nobody_uid nobody_gid
	nobody_uid=$(id -u nobody)
	nobody_gid=$(id -g nobody)
	chmod 755 "$TMP"
	mkdir -p "$TMP/pf/etc" "$TMP/pf/spool" "$TMP/pf/data" "$TMP/pf/log" \
		"$TMP/mail"
	chown postfix "$TMP/pf/data"
	chmod 777 "$TMP/pf/log"
	chown "$nobody_uid:$nobody_gid" "$TMP/mail"
	cat > "$TMP/pf/etc/main.cf" <<CF
compatibility_level = 3.6
meta_directory = /etc/postfix
queue_directory = $TMP/pf/spool
data_directory = $TMP/pf/data
maillog_file = $TMP/pf/log/postfix.log
maillog_file_prefixes = $TMP
myhostname = mx.psmilter-test.example
mydomain = psmilter-test.example
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
relayhost =
default_transport = error:no outbound mail from the test instance
local_transport = error:no local delivery in the test instance
virtual_mailbox_domains = zohocorp.com, eu.zohocorp.com, else.example
virtual_mailbox_base = $TMP/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:$nobody_uid
virtual_gid_maps = static:$nobody_gid
virtual_destination_concurrency_limit = 20
smtpd_milters = $milter
non_smtpd_milters = \$smtpd_milters
milter_default_action = accept
milter_protocol = 6
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_connection_rate_limit = 0
smtpd_error_sleep_time = 0
in_flow_delay = 0
biff = no
CF
	cat > "$TMP/pf/etc/master.cf" <<CF
127.0.0.1:$port inet n - n - - smtpd
pickup     unix  n - n 60 1 pickup
cleanup    unix  n - n - 0 cleanup
qmgr       unix  n - n 300 1 qmgr
rewrite    unix  - - n - - trivial-rewrite
bounce     unix  - - n - 0 bounce
defer      unix  - - n - 0 bounce
trace      unix  - - n - 0 bounce
verify     unix  - - n - 1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n - - proxymap
proxywrite unix  - - n - 1 proxymap
showq      unix  n - n - - showq
error      unix  - - n - - error
retry      unix  - - n - - error
discard    unix  - - n - - discard
local      unix  - n n - - local
virtual    unix  - n n - - virtual
anvil      unix  - - n - 1 anvil
scache     unix  - - n - 1 scache
postlog    unix-dgram n - n - 1 postlogd
CF
}

pf_start() {
	postfix -c "$TMP/pf/etc" check
	postfix -c "$TMP/pf/etc" start
}

pf_master_gone() {
	[ -f "$TMP/pf/spool/pid/master.pid" ] || return 0
	! kill -0 "$(cat "$TMP/pf/spool/pid/master.pid" 2>/dev/null)" 2>/dev/null
}

pf_stop() {
	postfix -c "$TMP/pf/etc" stop >/dev/null 2>&1 || true
	# master exits asynchronously; wait so its port is free again.
	wait_for 60 "the Postfix master to exit" pf_master_gone || true
}

pf_delivered() {	# pf_delivered N: at least N mails in the maildir
	[ "$(find "$TMP/mail/inbox/new" -type f 2>/dev/null | wc -l)" -ge "$1" ]
}

# pf_wait_delivered N [SECONDS]: wait until N mails are in the maildir.
pf_wait_delivered() {
	wait_for "${2:-120}" "$1 mails in the maildir" pf_delivered "$1" && return 0
	echo "only $(find "$TMP/mail/inbox/new" -type f 2>/dev/null | wc -l)" \
		"of $1 mails delivered" >&2
	return 1
}

# pf_header FILE NAME: every value of header NAME (unfolded), one a line.
pf_header() {
	awk -v name="$2" 'BEGIN { IGNORECASE = 1 }
		/^\r?$/ { exit }
		/^[ \t]/ { if (keep) v = v " " substr($0, 2); next }
		{ if (keep) print v; keep = 0
		  i = index($0, ":")
		  if (i > 0 && tolower(substr($0, 1, i - 1)) == tolower(name)) {
			keep = 1; v = substr($0, i + 2) } }
		END { if (keep) print v }' "$1" | tr -d '\r'
}

psmilter_up() {	# psmilter_up BEFORE: a new "started" line, or psmilter died
	local n
	n=$(grep -c 'psmilter started' "$TMP/psmilter.log" 2>/dev/null || true)
	[ "${n:-0}" -gt "$1" ] || ! kill -0 "$PSMILTER_PID" 2>/dev/null
}

# psmilter_start CONF: start the daemon in the background and wait until
# it listens (its "started" log line; a stale socket file proves nothing).
psmilter_start() {
	local conf=$1 before
	before=$(grep -c 'psmilter started' "$TMP/psmilter.log" 2>/dev/null || true)
	before=${before:-0}
	setsid "$PSMILTER" -f -c "$conf" 2>>"$TMP/psmilter.log" &
	PSMILTER_PID=$!
	if wait_for 60 "psmilter to start" psmilter_up "$before" \
	   && kill -0 "$PSMILTER_PID" 2>/dev/null; then
		return 0
	fi
	cat "$TMP/psmilter.log"
	return 1
}

psmilter_stop() {
	[ -n "${PSMILTER_PID:-}" ] || return 0
	milter_stop "$PSMILTER_PID" || true
	PSMILTER_PID=
}
