-- Helpers shared by the miltertest scripts.  Globals from run: sock, pid,
-- tmp, cachetool, srcdir, logfile (the daemon's log).

-- miltertest does not print a script's error: say it before raising it.
function fail(msg)
	io.stderr:write("FAIL: " .. msg .. "\n")
	error(msg)
end

function check(err, what)
	if err ~= nil then
		fail(what .. ": " .. tostring(err))
	end
end

-- Lines of the daemon's log that contain text (plain, not a pattern).
function log_count(text)
	local f = io.open(logfile, "r")
	local n = 0
	if f == nil then
		return 0
	end
	for line in f:lines() do
		if line:find(text, 1, true) then
			n = n + 1
		end
	end
	f:close()
	return n
end

-- Sends a signal and waits for the log line that says the daemon acted
-- on it (more lines with text than before).  The bound is for a hang
-- (valgrind included); the wait ends with the line.
function signal(sig, text)
	local before = log_count(text)
	os.execute("kill -" .. sig .. " " .. pid)
	for _ = 1, 2400 do
		if log_count(text) > before then
			return
		end
		mt.sleep(0.05)
	end
	fail("SIG" .. sig .. ": no log line with \"" .. text ..
	    "\" within 120 s")
end

function connect()
	local conn = mt.connect(sock, 40, 0.25)
	if conn == nil then
		fail("cannot connect to " .. sock)
	end
	check(mt.negotiate(conn, nil, nil, nil), "negotiate")
	return conn
end

-- Template body for a customer address, product and request type.
function template(email, product, rtype, description)
	return "Customer Primary Email Address: " .. email .. "\r\n" ..
	    "Support Request Type: " .. (rtype or "Technical Support") .. "\r\n" ..
	    "Is the issue reproducible? Yes, every time\r\n" ..
	    "Zoho Product Name: " .. product .. "\r\n" ..
	    "Issue/Question Description: " ..
	    (description or "Reports show wrong totals after the import.") ..
	    "\r\n" ..
	    "Troubleshooting Steps: Cleared cache, retried.\r\n"
end

-- One message; returns the reply to DATA.  headers: list of {name, value}.
-- psmilter negotiates SMFIP_NOEOH, so no end-of-headers step is sent.
function send(conn, qid, rcpts, headers, body)
	check(mt.macro(conn, SMFIC_MAIL, "i", qid), "macro")
	check(mt.mailfrom(conn, "<help@reseller.example>"), "mailfrom")
	for _, r in ipairs(rcpts) do
		check(mt.rcptto(conn, r), "rcptto")
	end
	check(mt.data(conn), "data")
	local reply = mt.getreply(conn)
	if reply ~= SMFIR_CONTINUE then
		return reply
	end
	check(mt.header(conn, "From", "Partner <help@reseller.example>"), "header")
	local subject = "Ticket " .. qid
	for _, h in ipairs(headers) do
		if h[1] == "Subject" then
			subject = h[2]
		end
	end
	check(mt.header(conn, "Subject", subject), "header")
	for _, h in ipairs(headers) do
		if h[1] ~= "Subject" then
			check(mt.header(conn, h[1], h[2]), "header")
		end
	end
	check(mt.bodystring(conn, body), "body")
	check(mt.eom(conn), "eom")
	return reply
end

function expect(conn, name, want)
	local got = mt.getheader(conn, name, 0)
	if got ~= want then
		fail(string.format("%s: got %q, want %q", name, tostring(got), want))
	end
end

-- psmilter adds its headers by inserting them past the last header
-- (smfi_insheader), which both MTAs take as "append".
function expect_added(conn, name, want)
	if not mt.eom_check(conn, MT_HDRINSERT, name, want) then
		fail(string.format("%s: %q was not added", name, want))
	end
end

SUPPORT = "<partner-support@zohocorp.com>"
SUPPORT_EU = "<partner-support@eu.zohocorp.com>"
