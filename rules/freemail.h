#ifndef PS_FREEMAIL_H
#define PS_FREEMAIL_H

/*
 * NAME
 *	freemail.h - the list of free mail domains
 * SUMMARY
 *	One domain per line; "yahoo.*" matches yahoo followed by a public
 *	suffix: one label (yahoo.com) or two labels of which the first has
 *	at most three letters (yahoo.co.uk, yahoo.com.br).  A domain matches
 *	an entry exactly or as a subdomain (mail.gmail.com matches
 *	gmail.com).  Case-insensitive; a whole address is accepted too.
 *	Immutable after load and thread-safe.
 * DIAGNOSTICS
 *	Loaders return NULL and write "FILE:LINE: reason" into err.
 */

#include <stddef.h>

#include "util/error.h"

struct ps_freemail;

struct ps_freemail *ps_freemail_parse(const char *name, const char *text,
				      size_t len, struct ps_error *err);
struct ps_freemail *ps_freemail_load(const char *path, struct ps_error *err);
/* A freemail file's text, within the size a loader accepts; free() it. */
char *ps_freemail_read(const char *path, size_t *len, struct ps_error *err);
void ps_freemail_free(struct ps_freemail *fm);

/* 1 if domain is a free mail domain, else 0. */
int ps_freemail_match(const struct ps_freemail *fm, const char *domain);
size_t ps_freemail_count(const struct ps_freemail *fm);

#endif
