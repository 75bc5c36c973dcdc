#ifndef PS_PARSER_ADDRS_H
#define PS_PARSER_ADDRS_H

/*
 * NAME
 *	addrs.h - bare lowercase addresses from GMime lists (parser-internal)
 * SUMMARY
 *	psp_addrs_add() appends the mailboxes of an InternetAddressList,
 *	groups flattened, lowercased, without duplicates, up to max in all.
 */

#include <stddef.h>
#include <gmime/gmime.h>

#include "parser/text.h"

struct psp_addr_set {
	GPtrArray *v;
	GHashTable *seen;
	size_t	max;
};

void	psp_addrs_init(struct psp_addr_set *s, size_t max);
void	psp_addrs_add(struct psp_addr_set *s, InternetAddressList *list);
void	psp_addrs_finish(struct psp_addr_set *s, struct ps_addrs *out);

#endif
