#ifndef PS_HEADERS_H
#define PS_HEADERS_H

/*
 * NAME
 *	headers.h - the header block psmilter adds (README, "The header
 *	contract")
 * SUMMARY
 *	Names, order and value formats are the contract with the ticket
 *	system.  Every value taken from a message is sanitized.
 */

#include <stddef.h>

#include "core/decide.h"
#include "parser/fields.h"

/* psmilter's headers, in the order it adds them. */
enum ps_header_id {
	PS_H_PRIORITY,	     /* X-Priority-Customer */
	PS_H_SEVERITY,	     /* X-Severity */
	PS_H_SLA,	     /* X-Support-SLA */
	PS_H_CUSTOMER_EMAIL, /* X-Customer-Primary-Email */
	PS_H_PRODUCT,	     /* X-Support-Product */
	PS_H_REQUEST_TYPE,   /* X-Support-Request-Type */
	PS_H_TEMPLATE,	     /* X-Support-Template */
	PS_H_DATACENTER,     /* X-Support-Datacenter */
	PS_H_PARTNER_SENDER, /* X-Partner-Sender */
	PS_HEADERS_MAX
};

struct ps_header {
	const char *name;
	char *value;
};

struct ps_headers {
	struct ps_header v[PS_HEADERS_MAX];
	size_t n;
};

/* Every header name psmilter owns, in the order it adds them. */
extern const char *const ps_contract_headers[PS_HEADERS_MAX];

/* 1 if name (any case) is one of ps_contract_headers. */
int ps_is_contract_header(const char *name);

void ps_headers_build(const struct ps_verdict *verdict,
		      const struct ps_fields *fields, struct ps_headers *out);
void ps_headers_free(struct ps_headers *headers);

#endif
