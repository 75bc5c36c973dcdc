-- Mail for nobody of ours is accepted at DATA, before its headers are
-- sent, and never changed.
dofile(srcdir .. "/common.lua")
local conn = connect()

local reply = send(conn, "QN1", {"<someone@else.example>"}, {},
    template("admin@big.example", "Zoho CRM"))
if reply ~= SMFIR_ACCEPT then
	fail("DATA reply: got " .. tostring(reply) .. ", want accept")
end
-- The connection goes on: the next message, for support, is decided.
send(conn, "QN2", {SUPPORT}, {}, template("admin@big.example", "Zoho CRM"))
expect_added(conn, "X-Severity", "S1-Critical")
mt.disconnect(conn)
