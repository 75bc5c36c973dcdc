/*
 * NAME
 *	addrs.c - bare lowercase addresses from GMime address lists
 * SUMMARY
 *	From, Sender, Reply-To, To and Cc are reduced to their addr-specs:
 *	display names dropped, groups flattened, lowercased, each address
 *	once.  A list stops growing at its bound (a To header may name
 *	30,000 addresses); the rest are not looked at.
 * DESCRIPTION
 *	RFC 5322 groups do not nest, and guard.c bounds what GMime builds,
 *	but the walk still stops at a fixed group depth so that it cannot
 *	recurse on anything.
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include "parser/addrs.h"
#include "parser/clean.h"

#define GROUP_DEPTH_MAX 4

void
ps_addrs_init(struct ps_addr_set *s, size_t max)
{
	s->v = g_ptr_array_new();
	s->seen = g_hash_table_new(g_str_hash, g_str_equal);
	s->max = max;
}

static void
add_one(struct ps_addr_set *s, const char *addr)
{
	GString *clean;
	char *lower;

	if (addr == NULL || *addr == 0)
		return;
	clean = g_string_new(NULL);
	ps_utf8_clean(clean, addr, strlen(addr));
	lower = g_utf8_strdown(clean->str, (gssize) clean->len);
	g_string_free(clean, TRUE);
	if (*lower == 0 || g_hash_table_contains(s->seen, lower)) {
		g_free(lower);
		return;
	}
	g_hash_table_add(s->seen, lower);
	g_ptr_array_add(s->v, lower);
}

static void
add_list(struct ps_addr_set *s, InternetAddressList *list, int depth)
{
	int i, n;

	if (list == NULL)
		return;
	n = internet_address_list_length(list);
	for (i = 0; i < n && s->v->len < s->max; i++) {
		InternetAddress *ia = internet_address_list_get_address(list,
									i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			add_one(s,
				internet_address_mailbox_get_addr(
					INTERNET_ADDRESS_MAILBOX(ia)));
		else if (INTERNET_ADDRESS_IS_GROUP(ia)
			 && depth < GROUP_DEPTH_MAX)
			add_list(s,
				 internet_address_group_get_members(
					 INTERNET_ADDRESS_GROUP(ia)),
				 depth + 1);
	}
}

void
ps_addrs_add(struct ps_addr_set *s, InternetAddressList *list)
{
	add_list(s, list, 0);
}

void
ps_addrs_finish(struct ps_addr_set *s, struct ps_addrs *out)
{
	out->n = s->v->len;
	g_ptr_array_add(s->v, NULL);
	out->v = (char **) g_ptr_array_free(s->v, FALSE);
	g_hash_table_destroy(s->seen);
	s->v = NULL;
	s->seen = NULL;
}

void
ps_addrs_free(struct ps_addrs *addrs)
{
	size_t i;

	if (addrs == NULL)
		return;
	for (i = 0; addrs->v != NULL && i < addrs->n; i++)
		g_free(addrs->v[i]);
	g_free(addrs->v);
	addrs->v = NULL;
	addrs->n = 0;
}
