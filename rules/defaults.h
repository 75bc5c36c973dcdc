#ifndef PS_DEFAULTS_H
#define PS_DEFAULTS_H

/*
 * NAME
 *	defaults.h - the shipped etc/ files, compiled into the binaries
 * SUMMARY
 *	With no RulesFile, RegionsFile or FreemailFile configured, these
 *	texts apply.  They are generated at build time from etc/ so the
 *	shipped files and the built-in defaults cannot drift apart.
 */

#include <stddef.h>

extern const char ps_default_rules[];
extern const size_t ps_default_rules_len;
extern const char ps_default_regions[];
extern const size_t ps_default_regions_len;
extern const char ps_default_freemail[];
extern const size_t ps_default_freemail_len;

#endif
