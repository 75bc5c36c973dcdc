#ifndef PS_GENERATION_H
#define PS_GENERATION_H

/*
 * NAME
 *	generation.h - one immutable, refcounted snapshot of everything a
 *	message decision needs: config, rules, regions, freemail list, the
 *	open license cache
 * SUMMARY
 *	A message pins the current generation when it starts and releases it
 *	when it ends; a reload builds a new generation outside any lock and
 *	swaps one pointer, and the old one is freed when its last message
 *	ends.  Nothing in a generation changes after ps_generation_load().
 */

#include <stdatomic.h>
#include <stddef.h>

#include "cache/cache.h"
#include "core/config.h"
#include "parser/text.h"
#include "rules/freemail.h"
#include "rules/regions.h"
#include "rules/rules.h"
#include "util/error.h"

struct ps_generation {
	struct ps_config cfg;
	struct ps_rules *rules;
	struct ps_regions *regions;
	struct ps_freemail *freemail;
	struct ps_cache *cache;	     /* NULL: cache unavailable */
	struct ps_error cache_error; /* why cache is NULL */
	struct ps_limits limits;
	struct ps_support_address *support; /* config's, else the rules' */
	size_t nsupport;
	atomic_uint refs;
};

/* A missing or broken cache fails the load, rather than degrading it. */
#define PS_GEN_REQUIRE_CACHE 1

/* NULL with "FILE:LINE: reason" (or "FILE: reason") in err. */
struct ps_generation *
ps_generation_load(const char *config_path, int flags, struct ps_error *err);
struct ps_generation *ps_generation_ref(struct ps_generation *gen);
void ps_generation_unref(struct ps_generation *gen);

/* Datacenter of a support address ("<X@Y>" or "x@y", any case), or NULL. */
const char *
ps_generation_support(const struct ps_generation *gen, const char *rcpt);

#endif
