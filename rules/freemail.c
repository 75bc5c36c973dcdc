/*
 * NAME
 *	freemail.c - is a domain a free mail domain?
 * SUMMARY
 *	Reads etc/freemail: one domain per line, "#" comments (at the start
 *	of a line or after a blank).  "gmail.com" matches gmail.com and every
 *	subdomain of it.  "yahoo.*" matches yahoo followed by a public
 *	suffix -- one label (yahoo.fr) or two labels of which the first has
 *	at most three letters (yahoo.co.uk, yahoo.com.br) -- and subdomains
 *	of those.  Case-insensitive.
 * DESCRIPTION
 *	Exact domains and wildcard bases are kept in two sets, each an
 *	open-addressing hash table; a lookup tries each label-boundary suffix
 *	of the domain against both, so it costs a few hash probes.  (Binary
 *	searches cost psmilter-cache build 13 % of its instructions: it
 *	checks every domain of a million-row feed.)
 * DIAGNOSTICS
 *	NULL with "NAME:LINE: reason" in err: bad domain, duplicate domain,
 *	more than one domain on a line.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/freemail.h"
#include "rules/lines.h"
#include "util/xalloc.h"

#define FREEMAIL_FILE_MAX (4UL * 1024 * 1024)
#define DOMAIN_MAX	  253
#define LABEL_MAX	  63
#define SUFFIX_LABEL_MAX  3 /* "co" of co.uk, "com" of com.br */

struct dset {
	char **v;
	size_t n;
	size_t cap;
	char **slot; /* hash table over v, built by dset_index() */
	size_t mask; /* its size - 1, a power of two minus one */
};

struct ps_freemail {
	struct dset exact;
	struct dset wild; /* bases of "base.*" */
};

struct fbuild {
	const char *name;
	struct ps_error *err;
	unsigned line;
};

static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char) (*s - 'A' + 'a');
}

/* Letters, digits, "-" and non-ASCII bytes, in labels of 1 to 63. */
static int
good_domain(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > DOMAIN_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];

		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		      || c == '-' || c >= 0x80))
			return 0;
		if (++label > LABEL_MAX)
			return 0;
	}
	return label > 0;
}

/* FNV-1a: short keys, no need for anything stronger. */
static size_t
hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * 1099511628211ULL;
	return (size_t) (h ^ (h >> 32));
}

/* Once loaded: a table at most half full, so probe runs stay short. */
static void
dset_index(struct dset *d)
{
	size_t size = 8, i, h;

	while (size < 2 * d->n)
		size *= 2;
	d->slot = ps_xcalloc(size, sizeof(char *));
	d->mask = size - 1;
	for (i = 0; i < d->n; i++) {
		for (h = hash_str(d->v[i]) & d->mask; d->slot[h] != NULL;
		     h = (h + 1) & d->mask)
			;
		d->slot[h] = d->v[i];
	}
}

static int
dset_has(const struct dset *d, const char *s)
{
	size_t h;

	if (d->n == 0)
		return 0;
	for (h = hash_str(s) & d->mask; d->slot[h] != NULL;
	     h = (h + 1) & d->mask)
		if (strcmp(d->slot[h], s) == 0)
			return 1;
	return 0;
}

static void
dset_add(struct dset *d, char *s)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = ps_xrealloc(d->v, d->cap * sizeof(char *));
	}
	d->v[d->n++] = s;
}

static void
dset_free(struct dset *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
	free(d->slot);
}

/* Linear while loading; the sets are indexed once at the end. */
static int
dset_contains_unsorted(const struct dset *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i], s) == 0)
			return 1;
	return 0;
}

static int
ffail(struct fbuild *b, const char *what, const char *tok, size_t toklen)
{
	return ps_token_error(b->err, b->name, b->line, what, tok, toklen);
}

static int
do_line(struct fbuild *b, struct ps_freemail *fm, const char *line, size_t len)
{
	const char *p = line;
	const char *end = line + ps_strip_comment(line, len);
	const char *tok, *extra;
	size_t toklen, xlen;
	struct dset *set;
	char *d;
	size_t dlen;

	if (!ps_token(&p, end, &tok, &toklen))
		return 0;
	if (ps_token(&p, end, &extra, &xlen))
		return ffail(b, "one domain per line; unexpected", extra, xlen);
	if (memchr(tok, '\0', toklen) != NULL)
		return ffail(b, "bad domain", tok, toklen);
	d = ps_xstrndup(tok, toklen);
	lower(d);
	dlen = toklen;
	set = &fm->exact;
	if (dlen > 2 && strcmp(d + dlen - 2, ".*") == 0) {
		d[dlen -= 2] = '\0';
		set = &fm->wild;
	}
	/* An exact entry needs a dot: "com" would make all of .com free. */
	if (!good_domain(d, dlen)
	    || (set == &fm->exact && strchr(d, '.') == NULL)) {
		free(d);
		return ffail(b, "bad domain", tok, toklen);
	}
	if (dset_contains_unsorted(set, d)) {
		free(d);
		return ffail(b, "duplicate domain", tok, toklen);
	}
	dset_add(set, d);
	return 0;
}

struct ps_freemail *
ps_freemail_parse(const char *name, const char *text, size_t len,
		  struct ps_error *err)
{
	struct ps_freemail *fm = ps_xcalloc(1, sizeof(*fm));
	struct fbuild b;
	struct ps_lines it;
	const char *line;
	size_t n;

	b.name = name ? name : "freemail";
	b.err = err;
	ps_lines_init(&it, text ? text : "", text ? len : 0);
	while (ps_lines_next(&it, &line, &n)) {
		b.line = it.lineno;
		if (!ps_line_ignored(line, n) && do_line(&b, fm, line, n) < 0) {
			ps_freemail_free(fm);
			return NULL;
		}
	}
	dset_index(&fm->exact);
	dset_index(&fm->wild);
	return fm;
}

char *
ps_freemail_read(const char *path, size_t *len, struct ps_error *err)
{
	return ps_read_file(path, FREEMAIL_FILE_MAX, len, err);
}

struct ps_freemail *
ps_freemail_load(const char *path, struct ps_error *err)
{
	struct ps_freemail *fm;
	size_t len;
	char *text;

	if ((text = ps_freemail_read(path, &len, err)) == NULL)
		return NULL;
	fm = ps_freemail_parse(path, text, len, err);
	free(text);
	return fm;
}

void
ps_freemail_free(struct ps_freemail *fm)
{
	if (fm == NULL)
		return;
	dset_free(&fm->exact);
	dset_free(&fm->wild);
	free(fm);
}

size_t
ps_freemail_count(const struct ps_freemail *fm)
{
	return fm ? fm->exact.n + fm->wild.n : 0;
}

/* Is s (a suffix of the domain) "base.TLD" or "base.xx.TLD" for a base? */
static int
wild_match(const struct ps_freemail *fm, char *s)
{
	char *last = strrchr(s, '.');
	char *prev;
	int hit = 0;

	if (last == NULL || last == s)
		return 0;
	*last = '\0';
	hit = dset_has(&fm->wild, s);
	if (!hit && (prev = strrchr(s, '.')) != NULL && prev != s
	    && (size_t) (last - prev - 1) <= SUFFIX_LABEL_MAX) {
		*prev = '\0';
		hit = dset_has(&fm->wild, s);
		*prev = '.';
	}
	*last = '.';
	return hit;
}

int
ps_freemail_match(const struct ps_freemail *fm, const char *domain)
{
	char buf[DOMAIN_MAX + 2];
	const char *at;
	char *s;
	size_t len;

	if (fm == NULL || domain == NULL)
		return 0;
	/* A whole address is accepted too: its domain is what counts. */
	if ((at = strrchr(domain, '@')) != NULL)
		domain = at + 1;
	len = strlen(domain);
	if (len > 0 && domain[len - 1] == '.')
		len--;
	if (len == 0 || len > DOMAIN_MAX)
		return 0;
	memcpy(buf, domain, len);
	buf[len] = '\0';
	lower(buf);
	for (s = buf; s != NULL;
	     s = strchr(s, '.') ? strchr(s, '.') + 1 : NULL) {
		if (*s == '\0')
			break;
		if (dset_has(&fm->exact, s) || wild_match(fm, s))
			return 1;
	}
	return 0;
}
