/*
 * NAME
 *	split.c - file a text's lines as unquoted or quoted
 * SUMMARY
 *	A reply's own text and its quoted history are told apart by the
 *	">" markers mailers put before quoted lines; the template fields
 *	come from the unquoted text first, so the two are kept apart.
 * DESCRIPTION
 *	Forwarded messages ("---------- Forwarded message ---------") are
 *	not quoted and stay unquoted.  Trailing blank lines of a part are
 *	dropped, so that the separator between parts is one blank line.
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include "parser/split.h"
#include "util/utf8.h"

void
ps_split_init(struct ps_split *s, size_t max)
{
	memset(s, 0, sizeof(*s));
	s->max = max;
	s->text[0] = g_string_new(NULL);
	s->text[1] = g_string_new(NULL);
}

int
ps_split_full(const struct ps_split *s)
{
	return s->full[0] && s->full[1];
}

static void
put(struct ps_split *s, int k, const char *p, size_t n)
{
	GString *t = s->text[k];
	size_t room = s->max - t->len;

	if (n > room) {
		g_string_append_len(t, p, ps_utf8_cut(p, n, room));
		s->full[k] = 1;
		return;
	}
	g_string_append_len(t, p, n);
}

static void
add_line(struct ps_split *s, int k, const char *p, size_t n)
{
	GString *t = s->text[k];
	size_t sep = s->sep[k] && t->len > 0, at = t->len;

	if (s->full[k])
		return;
	if (sep + n + 1 <= s->max - at) { /* all of it fits: one append */
		if (at + sep + n + 1 < t->allocated_len) {
			t->len = at + sep + n + 1; /* reserved: see below */
			t->str[t->len] = 0;
		} else
			g_string_set_size(t, at + sep + n + 1);
		if (sep)
			t->str[at++] = '\n';
		memcpy(t->str + at, p, n);
		t->str[at + n] = '\n';
		s->sep[k] = 0;
		return;
	}
	if (s->sep[k] && s->text[k]->len > 0)
		put(s, k, "\n", 1);
	s->sep[k] = 0;
	put(s, k, p, n);
	put(s, k, "\n", 1);
}

/* Room for n more bytes in text k (within max): lines then go in place. */
static void
reserve(struct ps_split *s, int k, size_t n)
{
	GString *t = s->text[k];
	size_t at = t->len, room = s->max - at;

	if (s->full[k])
		return;
	g_string_set_size(t, at + (n < room ? n : room) + 2);
	g_string_truncate(t, at); /* keeps the allocation */
}

static const char *
skip_blanks(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Files one line; e is its end, without the LF. */
static void
line(struct ps_split *s, const char *p, const char *e)
{
	const char *q = skip_blanks(p, e);

	if (q == e || *q != '>') {
		add_line(s, 0, p, (size_t) (e - p));
		return;
	}
	/* Every level's ">" and one space after it; blanks between levels. */
	while (q < e && *q == '>') {
		q++;
		if (q < e && *q == ' ')
			q++;
		p = q;
		q = skip_blanks(q, e);
		if (q == e || *q != '>')
			break;
	}
	add_line(s, 1, p, (size_t) (e - p));
}

int
ps_split_part(struct ps_split *s, const char *text, size_t len, int html)
{
	const char *p = text, *end = text + len;

	while (end > p
	       && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	while (p < end && *p == '\n')
		p++;
	if (p == end)
		return 0;
	reserve(s, 0, (size_t) (end - p));
	reserve(s, 1, (size_t) (end - p));
	if (s->nspans < PS_SPLIT_SPANS) {
		s->span[s->nspans].unquoted_off = s->text[0]->len;
		s->span[s->nspans].quoted_off = s->text[1]->len;
		s->span[s->nspans].html = html != 0;
		s->nspans++;
	}
	s->sep[0] = s->sep[1] = 1;
	while (p < end && !ps_split_full(s)) {
		const char *nl = memchr(p, '\n', (size_t) (end - p));
		const char *e = nl ? nl : end;

		line(s, p, e);
		p = nl ? nl + 1 : end;
	}
	return 1;
}

void
ps_split_take(struct ps_split *s, int quoted, char **text, size_t *len)
{
	GString *t = s->text[quoted != 0];

	s->text[quoted != 0] = NULL;
	if (t == NULL) {
		*text = NULL;
		*len = 0;
		return;
	}
	*len = t->len;
	*text = g_string_free(t, FALSE);
}

struct ps_text_span *
ps_split_spans(const struct ps_split *s, size_t *n)
{
	*n = s->nspans;
	if (s->nspans == 0)
		return NULL;
	return g_memdup2(s->span, s->nspans * sizeof(s->span[0]));
}
