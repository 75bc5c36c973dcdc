-- A client that aborts mid-message, or drops the connection mid-message,
-- leaves the daemon able to decide the next message.
dofile(srcdir .. "/common.lua")
local conn = connect()
check(mt.macro(conn, SMFIC_MAIL, "i", "QA1"), "macro")
check(mt.mailfrom(conn, "<help@reseller.example>"), "mailfrom")
check(mt.rcptto(conn, SUPPORT), "rcptto")
check(mt.data(conn), "data")
check(mt.header(conn, "Subject", "aborted"), "header")
check(mt.bodystring(conn, "Customer Email: admin@big.example\r\n"), "body")
check(mt.abort(conn), "abort")
send(conn, "QA2", {SUPPORT}, {}, template("admin@small.example", "Zoho CRM"))
expect_added(conn, "X-Priority-Customer",
    "no; reason=below-threshold; account=SMALL-IN; licenses=99; region=IN; threshold=100; matched=email")

-- Drop the connection in the middle of a body.
check(mt.macro(conn, SMFIC_MAIL, "i", "QA3"), "macro")
check(mt.mailfrom(conn, "<help@reseller.example>"), "mailfrom")
check(mt.rcptto(conn, SUPPORT), "rcptto")
check(mt.data(conn), "data")
check(mt.bodystring(conn, "Customer Email: admin@big.example\r\n"), "body")
mt.disconnect(conn, false)

conn = connect()
send(conn, "QA4", {SUPPORT}, {}, template("admin@big.example", "Zoho CRM"))
expect_added(conn, "X-Severity", "S1-Critical")
mt.disconnect(conn)
