-- Incoming copies of psmilter's headers, in any case, are all deleted and
-- cannot change the verdict.
dofile(srcdir .. "/common.lua")
local conn = connect()

send(conn, "QF1", {SUPPORT}, {
	{"X-Severity", "S1-Critical"},
	{"x-severity", "S1-Critical"},
	{"X-SEVERITY", "S1-Critical"},
	{"X-Priority-Customer", "yes; account=FORGED; licenses=99999"},
	{"X-Support-Template", "complete"},
    }, template("admin@small.example", "Zoho CRM"))
for _, name in ipairs({"X-Severity", "X-Priority-Customer",
    "X-Support-Template"}) do
	if not mt.eom_check(conn, MT_HDRDELETE, name) then
		fail(name .. ": forged copy not deleted")
	end
end
expect_added(conn, "X-Priority-Customer",
    "no; reason=below-threshold; account=SMALL-IN; licenses=99; region=IN; threshold=100; matched=email")
expect_added(conn, "X-Severity", "S2-Moderate")
mt.disconnect(conn)
