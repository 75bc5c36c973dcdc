/*
 * NAME
 *	build_conflicts.c - keys claimed by more than one account
 * SUMMARY
 *	When the indexer finds a key already in the table for another
 *	account, the key goes to the account with more licenses (on a
 *	tie, the earlier line); once every key is indexed, each losing
 *	account is told, in a warning, which account won.
 * DESCRIPTION
 *	Each lost claim is kept (the key, its kind, the losing record and
 *	the slot) while the indexer runs, since the final winner is known
 *	only at the end: a third claimant may beat the second.  The claims
 *	are sorted by kind, key and losing account, and an account that
 *	lists a key twice is warned once.  All of this is the indexer's
 *	work (build_index.c), done in its thread.
 * DIAGNOSTICS
 *	"FEED:LINE: warning: KIND KEY claimed by accounts LOSER (line L)
 *	and WINNER (line W); WINNER wins (REASON)" at the losing line.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache/build_impl.h"
#include "cache/hashindex.h"
#include "cache/keysort.h"
#include "cache/record.h"
#include "util/xalloc.h"

static const char *const kind_name[K_COUNT] = {"account_id", "domain", "email",
					       "zoid", "zuid"};

/* More licenses wins; on a tie, the earlier line. */
static int
better(const unsigned char *x, const unsigned char *y)
{
	unsigned long lx = ps_rec_licenses(x), ly = ps_rec_licenses(y);

	if (lx != ly)
		return lx > ly;
	return ps_rec_line(x) < ps_rec_line(y);
}

static void
conflict_add(struct builder *b, enum kind k, const struct ps_key_entry *e,
	     uint64_t slot, size_t loser)
{
	struct indexer *ix = &b->ix;
	struct conflict *c;

	if (ix->nconf == ix->capconf) {
		ix->capconf = ix->capconf ? ix->capconf * 2 : 64;
		ix->conf = ps_xrealloc(ix->conf,
				       ix->capconf * sizeof(*ix->conf));
	}
	c = &ix->conf[ix->nconf++];
	c->key = *e;
	c->kind = (uint32_t) k;
	c->loser = (uint32_t) (loser / PS_ARENA_ALIGN);
	c->slot = slot;
}

/*
 * Key e of kind k was found in slot s: the key stays with the better
 * of the two accounts, and the other one's loss is kept.
 */
void
ps_build_claim(struct builder *b, enum kind k, const struct ps_key_entry *e,
	       uint64_t s, uint64_t hash)
{
	struct indexer *ix = &b->ix;
	size_t rec = (size_t) e->rec * PS_ARENA_ALIGN;
	size_t old = ps_hx_slot_rec(ix->slots[s]);

	if (old == rec)
		return; /* the same account listed it twice */
	if (better(b->arena + rec, b->arena + old)) {
		ix->slots[s] = ps_hx_slot(hash, rec, e->koff);
		conflict_add(b, k, e, s, old);
	} else {
		conflict_add(b, k, e, s, rec);
	}
}

static int
conflict_cmp_text(const struct builder *b, const struct conflict *x,
		  const struct conflict *y)
{
	size_t m = x->key.klen < y->key.klen ? x->key.klen : y->key.klen;
	int r = memcmp(ps_key_text(b->arena, &x->key),
		       ps_key_text(b->arena, &y->key), m);

	if (r != 0)
		return r;
	return (x->key.klen > y->key.klen) - (x->key.klen < y->key.klen);
}

static const struct builder *conflict_builder; /* for qsort only */

/* Kind, key, then losing account: the order of the old sorted build. */
static int
conflict_cmp(const void *xp, const void *yp)
{
	const struct conflict *x = xp, *y = yp;
	int r;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((r = conflict_cmp_text(conflict_builder, x, y)) != 0)
		return r;
	return (x->loser > y->loser) - (x->loser < y->loser);
}

static void
warn_conflict(struct builder *b, const struct conflict *c,
	      const unsigned char *lose, const unsigned char *win)
{
	int lid_len, wid_len;
	const char *lid = rec_id(lose, &lid_len);
	const char *wid = rec_id(win, &wid_len);

	ps_build_warn(b, ps_rec_line(lose),
		      "%s %.*s claimed by accounts %.*s "
		      "(line %lu) and %.*s (line %lu); %.*s wins (%s)",
		      kind_name[c->kind], (int) c->key.klen,
		      (const char *) ps_key_text(b->arena, &c->key), lid_len,
		      lid, ps_rec_line(lose), wid_len, wid, ps_rec_line(win),
		      wid_len, wid,
		      ps_rec_licenses(lose) != ps_rec_licenses(win)
			      ? "more licenses"
			      : "same licenses, earlier line");
}

/* One warning per key and losing account, naming the final winner. */
void
ps_build_warn_conflicts(struct builder *b)
{
	struct indexer *ix = &b->ix;
	const struct conflict *c;
	size_t i, win;

	if (ix->nconf == 0)
		return;
	conflict_builder = b;
	qsort(ix->conf, ix->nconf, sizeof(*ix->conf), conflict_cmp);
	for (i = 0; i < ix->nconf; i++) {
		c = &ix->conf[i];
		if (i > 0 && c->slot == c[-1].slot && c->loser == c[-1].loser)
			continue;
		win = ps_hx_slot_rec(ix->slots[c->slot]);
		if (win != (size_t) c->loser * PS_ARENA_ALIGN)
			warn_conflict(
				b, c,
				b->arena + (size_t) c->loser * PS_ARENA_ALIGN,
				b->arena + win);
	}
}
