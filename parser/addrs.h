#ifndef PS_PARSER_ADDRS_H
#define PS_PARSER_ADDRS_H

/*
 * NAME
 *	addrs.h - bare lowercase addresses from GMime lists (parser-internal)
 * SUMMARY
 *	ps_addrs_add() appends the mailboxes of an InternetAddressList,
 *	groups flattened, lowercased, without duplicates, up to max in all.
 */

#include <gmime/gmime.h>
#include <stddef.h>

#include "parser/text.h"

struct ps_addr_set {
	GPtrArray *v;
	GHashTable *seen;
	size_t max;
};

void ps_addrs_init(struct ps_addr_set *s, size_t max);
void ps_addrs_add(struct ps_addr_set *s, InternetAddressList *list);
void ps_addrs_finish(struct ps_addr_set *s, struct ps_addrs *out);

#endif
