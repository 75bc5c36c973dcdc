-- A rebuilt cache is picked up on SIGHUP (and SIGUSR1), changing the
-- verdict; a broken rules file at reload keeps the old generation.
dofile(srcdir .. "/common.lua")

local function rebuild(licenses)
	local feed = tmp .. "/feed2.csv"
	local f = assert(io.open(feed, "w"))
	f:write("account_id,superadmin_email,region,licenses\n")
	f:write("SMALL-IN,admin@small.example,IN," .. licenses .. "\n")
	f:close()
	assert(os.execute(cachetool .. " build " .. feed .. " " .. tmp ..
	    "/cache.lmdb >/dev/null"))
end

local conn = connect()
send(conn, "QL1", {SUPPORT}, {}, template("admin@small.example", "Zoho CRM"))
expect_added(conn, "X-Priority-Customer",
    "no; reason=below-threshold; account=SMALL-IN; licenses=99; region=IN; threshold=100; matched=email")

rebuild(150)
signal("HUP", "reloaded ")
send(conn, "QL2", {SUPPORT}, {}, template("admin@small.example", "Zoho CRM"))
expect_added(conn, "X-Priority-Customer",
    "yes; account=SMALL-IN; licenses=150; region=IN; threshold=100; matched=email")

-- A bad config at reload: logged, and the loaded generation stays.
local conf = tmp .. "/psmilter.conf"
local f = assert(io.open(conf, "a"))
f:write("RulesFile " .. tmp .. "/broken.rules\n")
f:close()
f = assert(io.open(tmp .. "/broken.rules", "w"))
f:write("label customer-email (unclosed\n")
f:close()
rebuild(10)
signal("USR1", "reload failed: ")
send(conn, "QL3", {SUPPORT}, {}, template("admin@small.example", "Zoho CRM"))
expect_added(conn, "X-Priority-Customer",
    "yes; account=SMALL-IN; licenses=150; region=IN; threshold=100; matched=email")
mt.disconnect(conn)
