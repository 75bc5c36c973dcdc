# NAME
#	checks.sh - psmilter behind Sendmail, checked with real mail
# DESCRIPTION
#	The checks of tests/sendmail/run.  They speak SMTP to the MTA and
#	read what it delivered, so they hold for any Sendmail with psmilter
#	as its milter, the private one of run or a system one, as long as it
#	delivers each message to a file of its own.  The caller sets
#	  SMTP		host:port where the MTA takes mail
#	  MAILDIR	its deliveries: each message a file in $MAILDIR/new
#	  SRC		the source tree (examples/)
#	  PSMILTER, PSMILTER_CONF
#			the binary and the configuration the daemon runs,
#			for psmilter -t
#	  PSMILTER_LOG	the daemon's log
#	  WORK		a scratch directory for the messages sent
#	  SWAKS		the SMTP client, if not swaks: a command or a
#			function taking swaks's options (one that runs
#			swaks where the MTA's network is)
#	and defines
#	  fail MESSAGE	report a failed check (and go on)
#	  milter_signal SIG
#			send SIG to the running psmilter
#	  milter_down, milter_up
#			stop psmilter; start it and wait until it listens
#	and, if its MTA does not deliver to $MAILDIR/new itself,
#	  mail_sync	bring $MAILDIR/new (and PSMILTER_LOG) up to date
#	then calls checks_init before the first check and checks_done after
#	the last.  Besides the shell they need swaks, and psmilter -t.
# DIAGNOSTICS
#	Every check reports through fail, saying what it saw.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/mail.sh"

SUPPORT=partner-support@zohocorp.com
PARTNER=help@reseller.example

checks_init() {
	mkdir -p "$WORK"
	SENT=0
	BASE=$(delivered)
}

delivered() {
	if declare -F mail_sync >/dev/null; then
		mail_sync
	fi
	find "$MAILDIR/new" -type f | wc -l
}

# wait_delivered [SECONDS]: until every message sent has been delivered.
wait_delivered() {
	local limit=${1:-60} n i
	for i in $(seq $((limit * 20))); do
		n=$(($(delivered) - BASE))
		[ "$n" -ge "$SENT" ] && return 0
		sleep 0.05
	done
	fail "after ${limit} s, $n of $SENT messages delivered"
	return 1
}

# send FILE RCPT SENDER: one message over SMTP; QID is the queue id the
# MTA gave in its reply to DATA.
send() {
	local out
	if ! out=$("${SWAKS:-swaks}" --server "$SMTP" --from "$3" --to "$2" \
			 --data "@$1" 2>&1); then
		fail "$(basename "$1"): not accepted:" \
		     "$(echo "$out" | grep '^<' | tail -2 | tr '\n' ' ')"
		return 1
	fi
	SENT=$((SENT + 1))
	# Sendmail: "250 2.0.0 QID Message accepted for delivery";
	# Postfix: "250 2.0.0 Ok: queued as QID".
	QID=$(echo "$out" | sed -n \
		's/^<-  250 [0-9.]* \(Ok: queued as \)\{0,1\}\([0-9A-Za-z]\{6,\}\)\( .*\)\{0,1\}$/\2/p' |
		tail -1)
}

# smtp_reply FD CODE: read one reply, continuation lines and all, from FD;
# true if its code is CODE.  REPLY_LINE is its last line.
smtp_reply() {
	local line
	while IFS= read -r -t 60 -u "$1" line; do
		line=${line%$'\r'}
		case $line in
		[0-9][0-9][0-9]-*) continue ;;
		esac
		REPLY_LINE=$line
		[ "${line:0:3}" = "$2" ]
		return
	done
	REPLY_LINE="(no reply)"
	return 1
}

# smtp_once FILE RCPT SENDER: FILE over SMTP on a connection of its own,
# spoken by the shell itself: the storm's many sessions need no process
# per message.
smtp_once() {
	local fd rc=1
	if ! { exec {fd}<>"/dev/tcp/${SMTP%:*}/${SMTP##*:}"; } 2>/dev/null; then
		echo "$(basename "$1"): cannot connect to $SMTP"
		return 1
	fi
	smtp_reply "$fd" 220 &&
	printf 'EHLO client.reseller.example\r\n' >&"$fd" &&
	smtp_reply "$fd" 250 &&
	printf 'MAIL FROM:<%s>\r\n' "$3" >&"$fd" && smtp_reply "$fd" 250 &&
	printf 'RCPT TO:<%s>\r\n' "$2" >&"$fd" && smtp_reply "$fd" 250 &&
	printf 'DATA\r\n' >&"$fd" && smtp_reply "$fd" 354 &&
	sed 's/\r$//; s/^\./../; s/$/\r/' "$1" >&"$fd" &&
	printf '.\r\n' >&"$fd" && smtp_reply "$fd" 250 && rc=0
	[ "$rc" -eq 0 ] || echo "$(basename "$1"): $REPLY_LINE"
	printf 'QUIT\r\n' >&"$fd" && smtp_reply "$fd" 221 || true
	exec {fd}>&-
	return "$rc"
}

# delivered_copies FILE: the delivered messages with FILE's Message-ID.
delivered_copies() {
	local id
	id=$(mail_header "$1" Message-ID)
	grep -l -i -F -x "message-id: $id" "$MAILDIR"/new/* 2>/dev/null || true
}

# delivered_copy FILE: the one delivered message with FILE's Message-ID.
delivered_copy() {
	local m n
	m=$(delivered_copies "$1")
	n=$(printf '%s' "$m" | grep -c . || true)
	[ "$n" -eq 1 ] && { echo "$m"; return 0; }
	fail "$(basename "$1"): delivered $n times, want once"
	return 1
}

# expect FUNCTION ARGS...: run an expect_* function; report what it says.
expect() {
	local out
	out=$("$@") || fail "$out"
}

# expect_dry_run DELIVERED SENT RCPT SENDER: psmilter's headers in
# DELIVERED are exactly what psmilter -t prints for SENT.
expect_dry_run() {
	local got want
	want=$("$PSMILTER" -c "$PSMILTER_CONF" -t "$2" -r "$3" -s "$4")
	got=$(mail_ours "$1")
	[ "$got" = "$want" ] && return 0
	echo "$(basename "$2"): delivered with"
	echo "$got"
	echo "psmilter -t says"
	echo "$want"
	return 1
}

# expect_logged QID WHAT: psmilter logged the message under the MTA's
# queue id, with WHAT in the line.
expect_logged() {
	grep -q -- "$1: priority=.*$2" "$PSMILTER_LOG" && return 0
	echo "psmilter's log has no line '$1: priority=...$2'"
	return 1
}

# stats NAME: the counter NAME from a fresh SIGUSR2 stats line.
stats() {
	local before i
	before=$(grep -c 'stats: ' "$PSMILTER_LOG" || true)
	milter_signal USR2
	for i in $(seq 200); do
		if [ "$(grep -c 'stats: ' "$PSMILTER_LOG" || true)" -gt "$before" ]; then
			grep 'stats: ' "$PSMILTER_LOG" | tail -1 |
				sed -n "s/.* $1=\([0-9]*\).*/\1/p"
			return 0
		fi
		sleep 0.05
	done
	fail "no stats line after SIGUSR2"
	echo "?"
}

# example_envelope FILE: "RCPT SENDER" as a partner's client would send
# FILE: the support address of its To, the address of its From.
example_envelope() {
	local rcpt from
	rcpt=$(mail_header "$1" To | grep -o 'partner-support@[a-z.]*' | head -1)
	from=$(mail_header "$1" From | sed -n 's/.*<\(.*\)>.*/\1/p')
	echo "${rcpt:-$SUPPORT} ${from:-$PARTNER}"
}

# new_copy FILE NAME: FILE as a new message (another Message-ID) in
# $WORK/NAME.
new_copy() {
	sed "s/^\(Message-ID: *<\)/\1${2%.eml}.$$./I" "$1" > "$WORK/$2"
	echo "$WORK/$2"
}

# The eight examples, each with the verdict and severity it must get.
EXAMPLE_VERDICTS="
01 yes; S1-Critical
02 no; reason=excluded-product; S2-Moderate
03 no; reason=below-threshold; S2-Moderate
04 no; reason=not-found S2-Moderate
05 yes; S1-Critical
06 yes; S1-Critical
07 no; reason=below-threshold; S1-Critical
08 no; reason=below-threshold; S3-Low"

# The examples, tagged exactly as psmilter -t tags them, their own bytes
# untouched, each logged with the MTA's queue id.
check_examples() {
	local ex m env qids=() i=0 verdict severity want
	for ex in "$SRC"/examples/*.eml; do
		env=$(example_envelope "$ex")
		send "$ex" ${env% *} ${env#* } && qids+=("$QID") || qids+=("")
	done
	wait_delivered || return 0
	for ex in "$SRC"/examples/*.eml; do
		env=$(example_envelope "$ex")
		m=$(delivered_copy "$ex") || { i=$((i + 1)); continue; }
		expect expect_ours_at_end "$m"
		expect expect_untouched_but_ours "$m" "$ex"
		expect expect_dry_run "$m" "$ex" ${env% *} ${env#* }
		want=$(echo "$EXAMPLE_VERDICTS" |
			sed -n "s/^$(basename "$ex" | cut -c1-2) //p")
		verdict=$(mail_header "$m" X-Priority-Customer)
		severity=$(mail_header "$m" X-Severity)
		case "$verdict $severity" in
		"${want% *}"*" ${want##* }") ;;
		*) fail "$(basename "$ex"): '$verdict', '$severity';" \
			"want '${want% *}...', '${want##* }'" ;;
		esac
		if [ -n "${qids[$i]}" ]; then
			expect expect_logged "${qids[$i]}" ""
		else
			fail "$(basename "$ex"): no queue id in the MTA's reply"
		fi
		i=$((i + 1))
	done
	echo "examples: ${#qids[@]} sent, tagged as psmilter -t, queue ids" \
	     "${qids[*]} in psmilter's log"
}

# Forged copies of psmilter's headers, in any case, anywhere in the
# header block: all gone, psmilter's own at the end in the contract
# order, every other byte untouched.
check_forged() {
	local f m env
	f=$(new_copy "$SRC/examples/01-en-priority-yes.eml" forged.eml)
	awk '/^From:/ { print; print "X-Severity: S3-Low"; next }
	     /^Subject:/ { print; print "X-Priority-Customer: no; reason=not-found"; next }
	     /^MIME-Version:/ { print "x-support-datacenter: EU" }
	     /^$/ && !body { print "X-SEVERITY: S3-Low"
			     print "X-Support-Template: complete"; body = 1 }
	     { print }' "$f" > "$f.new" && mv "$f.new" "$f"
	env=$(example_envelope "$f")
	send "$f" ${env% *} ${env#* } || return 0
	wait_delivered || return 0
	m=$(delivered_copy "$f") || return 0
	expect expect_ours_at_end "$m"
	expect expect_untouched_but_ours "$m" "$f"
	expect expect_dry_run "$m" "$f" ${env% *} ${env#* }
	expect expect_logged "$QID" "removed=5"
	echo "forged: sent with five forged copies; delivered header block:"
	mail_headers "$m" | sed 's/^/    /'
}

# Mail for no support address, even carrying headers named like
# psmilter's: delivered byte for byte as sent.
check_untouched() {
	local f m
	f=$WORK/other.eml
	printf '%s\r\n' "From: Partner <$PARTNER>" "To: someone@else.example" \
		"Subject: Re: the quarterly review" \
		"Date: Mon, 07 Dec 2026 10:00:00 +0000" \
		"Message-ID: <other.$$@reseller.example>" \
		"X-Severity: S3-Low" "X-Priority-Customer: yes; account=NONE" \
		"MIME-Version: 1.0" "Content-Type: text/plain; charset=UTF-8" \
		"" "See you on Thursday." "" "-- " "Partner" > "$f"
	send "$f" someone@else.example "$PARTNER" || return 0
	wait_delivered || return 0
	m=$(delivered_copy "$f") || return 0
	expect expect_untouched "$m" "$f"
}

# HUP every 50 ms while N messages come over SESSIONS parallel SMTP
# sessions, each message on a connection of its own: none refused, all
# delivered, all tagged right, and the counters of SIGUSR2 agree.
check_storm() {
	local n=$1 sessions=$2 f want hup before after m tagged=0 reloads s i
	local refused pids=()
	f=$(new_copy "$SRC/examples/01-en-priority-yes.eml" storm.eml)
	want=$("$PSMILTER" -c "$PSMILTER_CONF" -t "$f" -r "$SUPPORT" -s "$PARTNER")
	before=$(stats messages)
	reloads=$(grep -c 'reloaded' "$PSMILTER_LOG" || true)
	( while milter_signal HUP 2>/dev/null; do sleep 0.05; done ) &
	hup=$!
	# Message i goes over session i % sessions; a refusal is a line in
	# that session's file.  A connection the MTA drops must fail a write,
	# not kill the session.
	for s in $(seq 0 $((sessions - 1))); do
		( trap '' PIPE
		  for i in $(seq "$s" "$sessions" $((n - 1))); do
			smtp_once "$f" "$SUPPORT" "$PARTNER" || true
		  done > "$WORK/session.$s" ) &
		pids+=("$!")
	done
	for s in "${pids[@]}"; do
		wait "$s"
	done
	kill "$hup"
	wait "$hup" 2>/dev/null || true
	refused=$(cat "$WORK"/session.* | wc -l)
	[ "$refused" -eq 0 ] || fail "storm: $refused messages refused:" \
		"$(cat "$WORK"/session.* | sort | uniq -c | head -3)"
	reloads=$(($(grep -c 'reloaded' "$PSMILTER_LOG" || true) - reloads))
	SENT=$((SENT + n - refused))
	wait_delivered 120 || return 0
	for m in $(delivered_copies "$f"); do
		[ "$(mail_ours "$m")" = "$want" ] && tagged=$((tagged + 1))
	done
	after=$(stats messages)
	echo "storm: $n sent over $sessions sessions, $(delivered_copies "$f" |
		wc -l) delivered, $tagged tagged as psmilter -t, $reloads reloads," \
		"messages counter +$((after - before))"
	[ "$tagged" -eq "$n" ] || fail "storm: $tagged of $n tagged right"
	[ "$reloads" -gt 0 ] || fail "storm: psmilter logged no reload"
	[ "$((after - before))" -eq "$n" ] \
		|| fail "storm: messages counter went $before -> $after"
	[ "$(stats in_flight)" = 0 ] || fail "storm: messages left in flight"
	[ "$(stats errors)" = 0 ] || fail "storm: psmilter counted errors"
}

# psmilter down: with F= in its milter line Sendmail delivers the mail
# untagged, byte for byte; psmilter back: mail is tagged again.
check_milter_down() {
	local f m env
	milter_down
	f=$(new_copy "$SRC/examples/01-en-priority-yes.eml" down.eml)
	env=$(example_envelope "$f")
	send "$f" ${env% *} ${env#* } || return 0
	wait_delivered && m=$(delivered_copy "$f") &&
		expect expect_untouched "$m" "$f"
	milter_up
	f=$(new_copy "$SRC/examples/01-en-priority-yes.eml" up.eml)
	send "$f" ${env% *} ${env#* } || return 0
	wait_delivered || return 0
	m=$(delivered_copy "$f") || return 0
	expect expect_ours_at_end "$m"
	expect expect_dry_run "$m" "$f" ${env% *} ${env#* }
	echo "down: delivered untagged while psmilter was down, tagged once back"
}

# checks_done: exactly the messages sent were delivered (no bounce, no
# copy), and nothing is left to deliver.
checks_done() {
	local n
	n=$(($(delivered) - BASE))
	[ "$n" -eq "$SENT" ] || fail "$n messages delivered, $SENT sent"
}
