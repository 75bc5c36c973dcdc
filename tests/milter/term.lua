-- SIGTERM stops the daemon gracefully: a message in flight when the signal
-- arrives still gets its headers, then the daemon exits 0.
dofile(srcdir .. "/common.lua")
local conn = connect()
check(mt.macro(conn, SMFIC_MAIL, "i", "QT1"), "macro")
check(mt.mailfrom(conn, "<help@reseller.example>"), "mailfrom")
check(mt.rcptto(conn, SUPPORT), "rcptto")
check(mt.data(conn), "data")
check(mt.header(conn, "Subject", "in flight during shutdown"), "header")
signal("TERM", "SIGTERM: stopping")
check(mt.bodystring(conn, template("admin@big.example", "Zoho CRM")), "body")
check(mt.eom(conn), "eom")
expect_added(conn, "X-Severity", "S1-Critical")
mt.disconnect(conn)
-- Tell the runner that the daemon is meant to be gone.
local f = assert(io.open(tmp .. "/expect-exit", "w"))
f:close()
