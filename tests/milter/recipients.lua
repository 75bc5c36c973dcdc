-- Several recipients: any support address among them (any case, with or
-- without angle brackets) makes the message ours; its datacenter counts.
dofile(srcdir .. "/common.lua")
local conn = connect()

send(conn, "QR1", {"<a@else.example>", "Partner-Support@EU.ZohoCorp.com",
    "<b@else.example>"}, {}, template("admin@big.example", "Zoho CRM"))
expect_added(conn, "X-Support-Datacenter", "EU")
expect_added(conn, "X-Priority-Customer",
    "yes; account=BIG-IN; licenses=120; region=IN; threshold=100; matched=email")
mt.disconnect(conn)
