-- Each priority class and severity, several messages on one connection.
dofile(srcdir .. "/common.lua")
local conn = connect()

send(conn, "Q1", {SUPPORT}, {}, template("admin@big.example", "Zoho CRM"))
expect_added(conn, "X-Priority-Customer",
    "yes; account=BIG-IN; licenses=120; region=IN; threshold=100; matched=email")
expect_added(conn, "X-Severity", "S1-Critical")
expect_added(conn, "X-Support-SLA",
    "first-response=1-3h; problem-determination=2-8h; resolution-target=24-48h")
expect_added(conn, "X-Customer-Primary-Email", "admin@big.example")
expect_added(conn, "X-Support-Product", "Zoho CRM")
expect_added(conn, "X-Support-Request-Type", "Technical Support")
expect_added(conn, "X-Support-Template", "complete")
expect_added(conn, "X-Support-Datacenter", "US")

send(conn, "Q2", {SUPPORT}, {}, template("admin@small.example", "Zoho CRM"))
expect_added(conn, "X-Priority-Customer",
    "no; reason=below-threshold; account=SMALL-IN; licenses=99; region=IN; threshold=100; matched=email")
expect_added(conn, "X-Severity", "S2-Moderate")
expect_added(conn, "X-Support-SLA",
    "first-response=6-12h; problem-determination=24-48h")

send(conn, "Q3", {SUPPORT}, {}, template("it@camp.example", "Zoho Campaigns"))
expect_added(conn, "X-Priority-Customer",
    "no; reason=excluded-product; account=CAMP-EU; licenses=500; region=EU-UK; threshold=60; matched=email")

send(conn, "Q4", {SUPPORT}, {}, template("nobody@unknown.example", "Zoho CRM",
    "Technical Support", "The whole system is down for all users since 9am."))
expect_added(conn, "X-Priority-Customer", "no; reason=not-found")
expect_added(conn, "X-Severity", "S1-Critical")
expect_added(conn, "X-Support-SLA",
    "first-response=1-3h; problem-determination=2-8h")

send(conn, "Q5", {SUPPORT}, {{"Subject", "How do I export my reports?"}},
    "Hello, see the subject.\r\n")
expect_added(conn, "X-Priority-Customer", "unknown; reason=no-customer-id")
expect_added(conn, "X-Severity", "S3-Low")

send(conn, "Q6", {SUPPORT}, {}, template("admin@small.example", "Zoho Books",
    "Invoice Change"))
expect_added(conn, "X-Support-Request-Type", "Invoice Change")
expect_added(conn, "X-Severity", "S3-Low")

mt.disconnect(conn)
