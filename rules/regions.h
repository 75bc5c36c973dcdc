#ifndef PS_REGIONS_H
#define PS_REGIONS_H

/*
 * NAME
 *	regions.h - region tiers, their large-user-account thresholds, and the
 *	ISO 3166-1 alpha-2 country to tier map
 * SUMMARY
 *	A region as written in the license feed is either a tier name
 *	("EU-UK") or a country code ("DE"); both resolve to a tier.  Lookups
 *	are case-insensitive.  A loaded table is immutable and thread-safe.
 * DIAGNOSTICS
 *	Loaders return NULL and write "FILE:LINE: reason" into err.
 */

#include <stddef.h>

#include "util/error.h"

struct ps_tier {
	const char *name;	 /* "EU-UK" */
	unsigned long threshold; /* licenses >= threshold: large account */
	const char *description; /* "Europe and UK" */
};

struct ps_regions;

struct ps_regions *ps_regions_parse(const char *name, const char *text,
				    size_t len, struct ps_error *err);
struct ps_regions *ps_regions_load(const char *path, struct ps_error *err);
void ps_regions_free(struct ps_regions *regions);

/* Tier for a tier name or country code, or NULL. */
const struct ps_tier *
ps_regions_tier(const struct ps_regions *regions, const char *region);

size_t ps_regions_tier_count(const struct ps_regions *regions);
const struct ps_tier *
ps_regions_tier_at(const struct ps_regions *regions, size_t i);
size_t ps_regions_country_count(const struct ps_regions *regions);

#endif
