/*
 * NAME
 *	fuzz_regions.c - libFuzzer target: the regions file parser
 * SUMMARY
 *	Any byte string through ps_regions_parse().  A table that loads is
 *	walked (every tier resolves to itself by name) and queried with a
 *	few country codes and junk.  A failed load must leave a
 *	"NAME:LINE: reason" message.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/regions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const probes[] = {"DE", "in", "EU-UK",
					     "",   "X",	 "ZZZ"};
	struct ps_regions *regions;
	const struct ps_tier *t;
	struct ps_error err = {""};
	size_t i;

	regions = ps_regions_parse("fuzz.regions", (const char *) data, size,
				   &err);
	if (regions == NULL) {
		if (strncmp(err.text, "fuzz.regions", 12) != 0)
			abort();
		return 0;
	}
	for (i = 0; i < ps_regions_tier_count(regions); i++) {
		t = ps_regions_tier_at(regions, i);
		if (t == NULL || t->name == NULL
		    || ps_regions_tier(regions, t->name) == NULL)
			abort();
	}
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		(void) ps_regions_tier(regions, probes[i]);
	(void) ps_regions_country_count(regions);
	ps_regions_free(regions);
	return 0;
}
