/*
 * NAME
 *	pattern.c - PCRE2 helpers for the rules module
 * SUMMARY
 *	Checking user patterns, lists of separately compiled patterns, one
 *	combined alternation (the labels), and matching with limits and
 *	per-thread match data.
 * DESCRIPTION
 *	Compiled patterns are read-only once JIT-compiled and are shared by
 *	all threads.  pcre2_match() needs writable match data, so each thread
 *	keeps its own in a pthread key (freed when the thread exits): no
 *	lock, and no allocation per match.
 *
 *	A user pattern is wrapped as "(?:PATTERN\E)".  The "\E" closes a
 *	"\Q" the pattern may have left open (an isolated "\E" is ignored),
 *	and ps_compile() also compiles the wrapped form, so a pattern
 *	that would swallow its neighbours (an unclosed "\Q", an "(?x)"
 *	comment running to the end) is refused on its own line.
 *	Backtracking control verbs are refused: (*ACCEPT) or (*COMMIT) in
 *	one alternative would change the meaning of the others and of the
 *	marks that tell which alternative matched.
 * DIAGNOSTICS
 *	Compile errors carry PCRE2's message and the offset in the pattern.
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/pattern.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
/* The same pointer, for a lookup without a call; the key frees it. */
static _Thread_local pcre2_match_data *md_this_thread;

static void
md_destroy(void *md)
{
	pcre2_match_data_free(md);
}

static void
md_key_create(void)
{
	if (pthread_key_create(&md_key, md_destroy) != 0)
		ps_out_of_memory(0);
}

/* The calling thread's match data; one ovector pair is all we read. */
static pcre2_match_data *
md_get(void)
{
	pcre2_match_data *md = md_this_thread;

	if (md != NULL)
		return md;
	pthread_once(&md_once, md_key_create);
	md = pthread_getspecific(md_key);
	if (md == NULL) {
		if ((md = pcre2_match_data_create(1, NULL)) == NULL)
			ps_out_of_memory(0);
		if (pthread_setspecific(md_key, md) != 0)
			ps_out_of_memory(0);
	}
	md_this_thread = md;
	return md;
}

pcre2_match_data *
ps_match_data(void)
{
	return md_get();
}

void
ps_thread_cleanup(void)
{
	pcre2_match_data *md;

	pthread_once(&md_once, md_key_create);
	md = pthread_getspecific(md_key);
	if (md != NULL) {
		pcre2_match_data_free(md);
		pthread_setspecific(md_key, NULL);
	}
	md_this_thread = NULL;
}

/* Offset of the "\E" that ends a \Q quote in p[from, n), or n. */
static size_t
find_end_quote(const char *p, size_t n, size_t from)
{
	size_t i;

	for (i = from; i + 1 < n; i++)
		if (p[i] == '\\' && p[i + 1] == 'E')
			return i;
	return n;
}

/* Does the pattern use "(*" outside escapes, \Q...\E and classes? */
static int
has_verb(const char *p, size_t n)
{
	size_t i = 0;
	int inclass = 0;

	while (i < n) {
		if (p[i] == '\\') {
			if (i + 1 < n && p[i + 1] == 'Q') {
				i = find_end_quote(p, n, i + 2) + 2;
			} else
				i += 2;
			continue;
		}
		if (inclass) {
			if (p[i] == ']')
				inclass = 0;
			i++;
			continue;
		}
		if (p[i] == '[') {
			inclass = 1;
			i++;
			if (i < n && p[i] == '^')
				i++;
			if (i < n && p[i] == ']')
				i++;
			continue;
		}
		if (p[i] == '(' && i + 1 < n && p[i + 1] == '*')
			return 1;
		i++;
	}
	return 0;
}

static pcre2_code *
compile(const char *pat, size_t len, uint32_t options, int *errcode,
	PCRE2_SIZE *erroff)
{
	return pcre2_compile((PCRE2_SPTR) pat, len, PS_OPTIONS | options,
			     errcode, erroff, NULL);
}

static void
error_text(int errcode, char *buf, size_t buflen)
{
	if (pcre2_get_error_message(errcode, (PCRE2_UCHAR *) buf, buflen) < 0
	    && buflen > 0)
		snprintf(buf, buflen, "error %d", errcode);
}

pcre2_code *
ps_compile(const char *pat, size_t len, char *msg, size_t msglen)
{
	pcre2_code *re, *wre;
	char why[256];
	char *wrapped;
	int errcode;
	PCRE2_SIZE erroff;

	if (has_verb(pat, len)) {
		snprintf(msg, msglen,
			 "backtracking control verbs are not "
			 "allowed");
		return NULL;
	}
	if ((re = compile(pat, len, 0, &errcode, &erroff)) == NULL) {
		error_text(errcode, why, sizeof(why));
		snprintf(msg, msglen, "%s at offset %zu", why, (size_t) erroff);
		return NULL;
	}
	wrapped = ps_xmalloc(len + 8);
	memcpy(wrapped, "(?:", 3);
	memcpy(wrapped + 3, pat, len);
	memcpy(wrapped + 3 + len, "\\E)", 3);
	wre = compile(wrapped, len + 6, 0, &errcode, &erroff);
	free(wrapped);
	if (wre == NULL) {
		pcre2_code_free(re);
		error_text(errcode, why, sizeof(why));
		snprintf(msg, msglen,
			 "pattern does not stand on its own "
			 "inside a group (%s)",
			 why);
		return NULL;
	}
	pcre2_code_free(wre);
	return re;
}

void
ps_list_add(struct ps_list *list, pcre2_code *code, long mark, const char *pat,
	    size_t len, unsigned line)
{
	list->code = ps_xrealloc(list->code,
				 (list->n + 1) * sizeof(*list->code));
	list->mark = ps_xrealloc(list->mark,
				 (list->n + 1) * sizeof(*list->mark));
	list->need = ps_xrealloc(list->need,
				 (list->n + 1) * sizeof(*list->need));
	list->text = ps_xrealloc(list->text,
				 (list->n + 1) * sizeof(*list->text));
	list->text_len = ps_xrealloc(list->text_len,
				     (list->n + 1) * sizeof(*list->text_len));
	list->line = ps_xrealloc(list->line,
				 (list->n + 1) * sizeof(*list->line));
	list->line[list->n] = line;
	list->text[list->n] = ps_xstrndup(pat, len);
	list->text_len[list->n] = len;
	list->code[list->n] = code;
	list->mark[list->n] = mark;
	list->need[list->n] = ps_required_byte(pat, len);
	ps_alts_add(&list->src, pat, len, PS_NO_MARK, 0);
	list->n++;
}

void
ps_list_combine(struct ps_list *list, int jit)
{
	char msg[400];

	/* Patterns that do not combine (a repeated group name) stay apart. */
	if (list->n > 1)
		list->any = ps_alts_compile(&list->src, "", "", 0, jit, msg,
					    sizeof(msg));
}

/* Can pattern i of the list match in s[start, len) at all? */
static int
may_match(const struct ps_list *list, size_t i, const char *s, size_t len,
	  size_t start)
{
	int c = list->need[i];

	return c < 0
		|| (s != NULL && start < len
		    && memchr(s + start, c, len - start) != NULL);
}

void
ps_list_jit(struct ps_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		(void) pcre2_jit_compile(list->code[i], PCRE2_JIT_COMPLETE);
}

void
ps_list_free(struct ps_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		pcre2_code_free(list->code[i]);
		free(list->text[i]);
	}
	free(list->text);
	free(list->text_len);
	free(list->line);
	free(list->code);
	free(list->mark);
	free(list->need);
	ps_alts_free(&list->src);
	pcre2_code_free(list->any);
	memset(list, 0, sizeof(*list));
}

int
ps_list_first(const struct ps_list *list, pcre2_match_context *mctx,
	      const char *s, size_t len, size_t start, uint32_t options,
	      size_t *so, size_t *eo, long *mark)
{
	size_t i, mso, meo;
	size_t limit = len;
	int found = 0;

	for (i = 0; i < list->n; i++) {
		/* A later pattern only wins by starting earlier. */
		if (!may_match(list, i, s, len, start)
		    || !ps_pattern_match(list->code[i], mctx, s, len, start,
					 options, &mso, &meo, NULL)
		    || (found && mso >= limit))
			continue;
		found = 1;
		limit = mso;
		*so = mso;
		*eo = meo;
		if (mark != NULL)
			*mark = list->mark[i];
		if (mso == start)
			break;
	}
	return found;
}

int
ps_list_any(const struct ps_list *list, pcre2_match_context *mctx,
	    const char *s, size_t len, uint32_t options)
{
	size_t i, so, eo;

	/*
	 * One alternation: "no match" means no pattern matches, and a match
	 * is one its pattern also finds alone, with less work.  A search
	 * stopped by a limit says nothing: each pattern then runs alone,
	 * with its own limits, as it always did.
	 */
	if (list->any != NULL)
		switch (ps_try(list->any, mctx, s, len, 0, options, &so, &eo,
			       NULL)) {
		case PS_MATCHED: return 1;
		case PS_NOMATCH: return 0;
		}
	for (i = 0; i < list->n; i++)
		if (may_match(list, i, s, len, 0)
		    && ps_pattern_match(list->code[i], mctx, s, len, 0, options,
					&so, &eo, NULL))
			return 1;
	return 0;
}

long
ps_list_which(const struct ps_list *list, pcre2_match_context *mctx,
	      const char *s, size_t len, uint32_t options, size_t *so,
	      size_t *eo)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (may_match(list, i, s, len, 0)
		    && ps_pattern_match(list->code[i], mctx, s, len, 0, options,
					so, eo, NULL))
			return (long) i;
	return -1;
}

static void
alts_append(struct ps_alts *alts, const char *s, size_t n)
{
	if (alts->len + n + 1 > alts->cap) {
		alts->cap = (alts->len + n + 1) * 2;
		alts->buf = ps_xrealloc(alts->buf, alts->cap);
	}
	memcpy(alts->buf + alts->len, s, n);
	alts->len += n;
	alts->buf[alts->len] = '\0';
}

void
ps_alts_add(struct ps_alts *alts, const char *pat, size_t len, long mark,
	    unsigned line)
{
	char tail[48];

	if (alts->n > 0)
		alts_append(alts, "|", 1);
	alts->off = ps_xrealloc(alts->off, (alts->n + 1) * sizeof(*alts->off));
	alts->off[alts->n] = alts->len;
	alts_append(alts, "(?:", 3);
	alts_append(alts, pat, len);
	if (mark == PS_NO_MARK)
		snprintf(tail, sizeof(tail), "\\E)");
	else
		snprintf(tail, sizeof(tail), "\\E)(*MARK:%ld)", mark);
	alts_append(alts, tail, strlen(tail));
	alts->n++;
	alts->line = line;
}

void
ps_alts_free(struct ps_alts *alts)
{
	free(alts->buf);
	free(alts->off);
	memset(alts, 0, sizeof(*alts));
}

pcre2_code *
ps_alts_compile(const struct ps_alts *alts, const char *prefix,
		const char *suffix, uint32_t options, int jit, char *msg,
		size_t msglen)
{
	size_t plen = strlen(prefix);
	size_t slen = strlen(suffix);
	size_t n = plen + 3 + alts->len + 1 + slen;
	char *all = ps_xmalloc(n + 1);
	pcre2_code *re;
	int errcode;
	PCRE2_SIZE erroff;
	char why[256];

	snprintf(all, n + 1, "%s(?:%s)%s", prefix, alts->buf ? alts->buf : "",
		 suffix);
	re = compile(all, n, options, &errcode, &erroff);
	free(all);
	if (re == NULL) {
		error_text(errcode, why, sizeof(why));
		snprintf(msg, msglen, "patterns do not combine (%s)", why);
		return NULL;
	}
	/* Without JIT (unsupported CPU, or disabled) the interpreter runs. */
	if (jit)
		(void) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* Marks are the decimal numbers ps_alts_add() wrote; no user marks. */
static long
mark_number(PCRE2_SPTR name)
{
	long n = 0;

	for (; *name >= '0' && *name <= '9'; name++)
		n = n * 10 + (*name - '0');
	return n;
}

int
ps_pattern_match(const pcre2_code *re, pcre2_match_context *mctx, const char *s,
		 size_t len, size_t start, uint32_t options, size_t *so,
		 size_t *eo, long *mark)
{
	return ps_try(re, mctx, s, len, start, options, so, eo, mark)
		== PS_MATCHED;
}

int
ps_try(const pcre2_code *re, pcre2_match_context *mctx, const char *s,
       size_t len, size_t start, uint32_t options, size_t *so, size_t *eo,
       long *mark)
{
	pcre2_match_data *md = md_get();
	PCRE2_SIZE *ov;
	PCRE2_SPTR name;
	int rc;

	if (re == NULL || start > len)
		return PS_FAILED;
	if (s == NULL)
		s = "";
	/*
	 * The JIT entry skips pcre2_match()'s argument checks (ours are
	 * valid, and MATCH_INVALID_UTF means no UTF check either way); a
	 * pattern without JIT code says so, and the interpreter runs.
	 */
	rc = pcre2_jit_match(re, (PCRE2_SPTR) s, len, start, options, md, mctx);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(re, (PCRE2_SPTR) s, len, start, options, md,
				 mctx);
	/* rc == 0: more groups than ovector pairs; pair 0 is still valid. */
	if (rc == PCRE2_ERROR_NOMATCH)
		return PS_NOMATCH;
	if (rc < 0)
		return PS_FAILED;
	ov = pcre2_get_ovector_pointer(md);
	if (ov[0] > ov[1])
		return PS_FAILED;
	*so = ov[0];
	*eo = ov[1];
	if (mark != NULL) {
		name = pcre2_get_mark(md);
		*mark = name ? mark_number(name) : PS_NO_MARK;
	}
	return PS_MATCHED;
}

size_t
ps_prefix(const char *s, size_t len, size_t max, uint32_t *options)
{
	if (len <= max)
		return len;
	*options |= PCRE2_NOTEOL;
	return ps_utf8_cut(s, len, max);
}

int
ps_first_bytes(const pcre2_code *re, unsigned char *set, int nset)
{
	const uint8_t *bits = NULL;
	uint32_t type = 0, unit = 0;
	int c;

	memset(set, 0, (size_t) nset);
	if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return 0;
	if (type == 1) {
		/* A non-ASCII unit's other case may start differently. */
		if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) != 0
		    || unit >= 128)
			return 0;
		/* Caseless or not, both cases are safe to include. */
		set[unit] = 1;
		if (unit >= 'a' && unit <= 'z')
			set[unit - 'a' + 'A'] = 1;
		if (unit >= 'A' && unit <= 'Z')
			set[unit - 'A' + 'a'] = 1;
		return 1;
	}
	if (type != 0
	    || pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bits) != 0
	    || bits == NULL)
		return 0;
	for (c = 0; c < nset && c < 256; c++)
		set[c] = (bits[c / 8] >> (c % 8)) & 1;
	return 1;
}
