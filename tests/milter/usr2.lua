-- SIGUSR2 logs statistics and does not stop the daemon.
dofile(srcdir .. "/common.lua")
local conn = connect()
send(conn, "QU1", {SUPPORT}, {}, template("admin@big.example", "Zoho CRM"))
signal("USR2", "stats: ")
send(conn, "QU2", {SUPPORT}, {}, template("admin@big.example", "Zoho CRM"))
expect_added(conn, "X-Severity", "S1-Critical")
mt.disconnect(conn)
-- A new connection after the signal works too.
conn = connect()
send(conn, "QU3", {SUPPORT}, {}, template("admin@small.example", "Zoho CRM"))
expect_added(conn, "X-Severity", "S2-Moderate")
mt.disconnect(conn)
