/*
 * NAME
 *	generation.c - load and refcount a configuration generation
 * SUMMARY
 *	Loading reads the config file, then the rules, regions and freemail
 *	files it names (or the compiled-in defaults), then opens the cache.
 *	Any failure frees what was built and leaves the caller's current
 *	generation alone.
 * DIAGNOSTICS
 *	Errors carry the file and line of the first problem.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/generation.h"
#include "rules/defaults.h"
#include "util/xalloc.h"

static void
generation_free(struct ps_generation *gen)
{
	if (gen->cache != NULL)
		ps_cache_close(gen->cache);
	if (gen->rules != NULL)
		ps_rules_free(gen->rules);
	if (gen->regions != NULL)
		ps_regions_free(gen->regions);
	if (gen->freemail != NULL)
		ps_freemail_free(gen->freemail);
	free(gen->support);
	ps_config_free(&gen->cfg);
	free(gen);
}

static int
load_tables(struct ps_generation *gen, struct ps_error *err)
{
	const struct ps_config *cfg = &gen->cfg;

	gen->rules = cfg->rules_file != NULL
		? ps_rules_load(cfg->rules_file, err)
		: ps_rules_parse("(built-in rules)", ps_default_rules,
				 ps_default_rules_len, err);
	if (gen->rules == NULL)
		return -1;
	gen->regions = cfg->regions_file != NULL
		? ps_regions_load(cfg->regions_file, err)
		: ps_regions_parse("(built-in regions)", ps_default_regions,
				   ps_default_regions_len, err);
	if (gen->regions == NULL)
		return -1;
	gen->freemail = cfg->freemail_file != NULL
		? ps_freemail_load(cfg->freemail_file, err)
		: ps_freemail_parse("(built-in freemail)", ps_default_freemail,
				    ps_default_freemail_len, err);
	return gen->freemail == NULL ? -1 : 0;
}

/* SupportAddress lines replace the rules file's support addresses. */
static void
resolve_support(struct ps_generation *gen)
{
	size_t i, n;

	n = gen->cfg.nsupport ? gen->cfg.nsupport
			      : ps_rules_support_count(gen->rules);
	gen->support = ps_xcalloc(n, sizeof(*gen->support));
	for (i = 0; i < n; i++) {
		if (gen->cfg.nsupport) {
			gen->support[i].address = gen->cfg.support[i].address;
			gen->support[i].datacenter =
				gen->cfg.support[i].datacenter;
		} else {
			gen->support[i] = *ps_rules_support(gen->rules, i);
		}
	}
	gen->nsupport = n;
}

struct ps_generation *
ps_generation_load(const char *config_path, int flags, struct ps_error *err)
{
	struct ps_generation *gen = ps_xcalloc(1, sizeof(*gen));

	ps_config_init(&gen->cfg);
	if (ps_config_load(config_path, &gen->cfg, err) < 0)
		goto fail;
	if (gen->cfg.license_cache == NULL) {
		ps_error_set(err, "%s: LicenseCache: not set", config_path);
		goto fail;
	}
	if (load_tables(gen, err) < 0)
		goto fail;
	resolve_support(gen);
	if (gen->nsupport == 0) {
		ps_error_set(err, "%s: no support address configured",
			     config_path);
		goto fail;
	}
	ps_limits_default(&gen->limits);
	gen->limits.max_parse_bytes = gen->cfg.max_parse_bytes;
	gen->limits.max_mime_depth = (unsigned) gen->cfg.max_mime_depth;
	gen->limits.max_mime_parts = (unsigned) gen->cfg.max_mime_parts;
	gen->cache = ps_cache_open(gen->cfg.license_cache, &gen->cache_error);
	if (gen->cache == NULL && (flags & PS_GEN_REQUIRE_CACHE)) {
		ps_error_set(err, "%s", gen->cache_error.text);
		goto fail;
	}
	atomic_init(&gen->refs, 1);
	return gen;

fail:
	generation_free(gen);
	return NULL;
}

struct ps_generation *
ps_generation_ref(struct ps_generation *gen)
{
	atomic_fetch_add_explicit(&gen->refs, 1, memory_order_relaxed);
	return gen;
}

void
ps_generation_unref(struct ps_generation *gen)
{
	if (gen != NULL
	    && atomic_fetch_sub_explicit(&gen->refs, 1, memory_order_acq_rel)
		    == 1)
		generation_free(gen);
}

const char *
ps_generation_support(const struct ps_generation *gen, const char *rcpt)
{
	size_t len, i;

	while (*rcpt == ' ' || *rcpt == '<')
		rcpt++;
	len = strcspn(rcpt, ">");
	while (len > 0 && rcpt[len - 1] == ' ')
		len--;
	for (i = 0; i < gen->nsupport; i++)
		if (strlen(gen->support[i].address) == len
		    && strncasecmp(gen->support[i].address, rcpt, len) == 0)
			return gen->support[i].datacenter;
	return NULL;
}
