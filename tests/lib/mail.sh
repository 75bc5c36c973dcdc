# NAME
#	mail.sh - reading delivered mail in the end-to-end tests
# DESCRIPTION
#	Shell helpers for any MTA that delivers each message to a file of
#	its own (tests/postfix, tests/sendmail): the header block, the
#	values of one header, and the header contract of psmilter(8)
#	checked on a delivered message.  Source this file.
# DIAGNOSTICS
#	The expect_* functions print what is wrong, one line, and return 1.

# psmilter's headers in the order it adds them (README, psmilter(8)), and
# those it always adds.
MAIL_OURS="X-Priority-Customer X-Severity X-Support-SLA X-Customer-Primary-Email
X-Support-Product X-Support-Request-Type X-Support-Template X-Support-Datacenter
X-Partner-Sender"
MAIL_OURS_ALWAYS="X-Priority-Customer X-Severity X-Support-SLA
X-Support-Template X-Support-Datacenter"

# mail_headers FILE: the header block, CRs removed, folded lines as they are.
mail_headers() {
	tr -d '\r' < "$1" | sed -n '/^$/q; p'
}

# mail_header FILE NAME: every value of header NAME (unfolded), one a line.
mail_header() {
	mail_headers "$1" | awk -v name="$2" '
		/^[ \t]/ { if (keep) v = v " " substr($0, 2); next }
		{ if (keep) print v; keep = 0
		  i = index($0, ":")
		  if (i > 0 && tolower(substr($0, 1, i - 1)) == tolower(name)) {
			keep = 1; v = substr($0, i + 2) } }
		END { if (keep) print v }'
}

# mail_ours FILE: psmilter's headers in FILE as psmilter -t prints them,
# "Name: value" (unfolded) a line, in the order they come.
mail_ours() {
	mail_headers "$1" | awk -v ours="$MAIL_OURS" '
		BEGIN { n = split(ours, a, /[ \n]+/)
			for (i = 1; i <= n; i++) mine[tolower(a[i])] = 1 }
		/^[ \t]/ { if (keep) v = v " " substr($0, 2); next }
		{ if (keep) print v
		  keep = tolower(substr($0, 1, index($0, ":") - 1)) in mine
		  v = $0 }
		END { if (keep) print v }'
}

# mail_sent FILE: FILE as an MTA delivers it after swaks sent it: swaks
# ends DATA with CRLF "." CRLF after the file's last byte, so the message
# is the file and one more line break.  CRs removed.
mail_sent() {
	tr -d '\r' < "$1"
	echo
}

# expect_ours_at_end FILE: psmilter's headers end the header block, in the
# contract order, one of each, with every one it always adds.
expect_ours_at_end() {
	mail_headers "$1" | awk -v ours="$MAIL_OURS" -v always="$MAIL_OURS_ALWAYS" \
	    -v file="$(basename "$1")" '
		BEGIN { n = split(ours, a, /[ \n]+/)
			for (i = 1; i <= n; i++) rank[tolower(a[i])] = i }
		/^[ \t]/ { next }
		{ name = substr($0, 1, index($0, ":") - 1)
		  r = rank[tolower(name)] + 0
		  if (r == 0) {
			if (last) bad = bad " " name " after ours;"
			next
		  }
		  if (r <= last) bad = bad " " name " out of order or again;"
		  last = r; seen[tolower(name)] = 1; order = order " " name }
		END { n = split(always, a, /[ \n]+/)
		      for (i = 1; i <= n; i++)
			if (!(tolower(a[i]) in seen)) bad = bad " no " a[i] ";"
		      if (bad != "") {
			print file ":" bad " ours:" order
			exit 1
		      } }'
}

# mail_strip FILE [NAMES]: FILE, CRs removed, without the trace headers
# an MTA puts on top (Received, Return-Path, and the Delivered-To and
# X-Original-To of Postfix's delivery agents) and without the headers
# named in NAMES.  Reads FILE once, so FILE may be a pipe.
mail_strip() {
	tr -d '\r' < "$1" | awk -v names="${2:-}" '
		BEGIN { n = split(names, a, /[ \n]+/)
			for (i = 1; i <= n; i++) drop[tolower(a[i])] = 1
			top = 1 }
		body { print; next }
		/^$/ { body = 1; print; next }
		/^[ \t]/ { if (!skip) print; next }
		{ name = tolower(substr($0, 1, index($0, ":") - 1))
		  top = top && name ~ /^(received|return-path|delivered-to|x-original-to)$/
		  skip = top || (name in drop)
		  if (!skip) print }'
}

# expect_untouched DELIVERED SENT [NAMES]: DELIVERED is SENT (mail_sent)
# with the MTA's trace headers on top, byte for byte; with NAMES, apart
# from the headers so named, wherever they are.
expect_untouched() {
	cmp -s <(mail_strip "$1" "${3:-}") \
	    <(mail_strip <(mail_sent "$2") "${3:-}") && return 0
	echo "$(basename "$1"): not $(basename "$2") as sent:"
	diff <(mail_strip <(mail_sent "$2") "${3:-}") \
	    <(mail_strip "$1" "${3:-}") | head -20
	return 1
}

# expect_untouched_but_ours DELIVERED SENT: DELIVERED is SENT with the
# incoming copies of psmilter's headers gone and psmilter's own added,
# every other byte the same.
expect_untouched_but_ours() {
	expect_untouched "$1" "$2" "$MAIL_OURS"
}
