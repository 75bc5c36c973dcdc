/*
 * NAME
 *	html.c - HTML to plain text, for template extraction
 * SUMMARY
 *	One pass over the input: markup goes to the tag lexer, entities are
 *	decoded here, text goes to the emitter (html_emit.c), which owns
 *	layout.  Elements act on the emitter: blocks break lines, table
 *	cells join as "label: value", blockquotes quote, <pre> keeps its
 *	whitespace; script, style and title contents are dropped.
 * DESCRIPTION
 *	No element stack is kept, only counters (open <pre>, blockquote,
 *	table) and a fixed bit set recording which of the first 64 nested
 *	blockquotes quote, so memory does not grow with nesting depth and
 *	200,000 nested elements cost what 200,000 sibling elements do.
 *	A blockquote quotes unless it is a mere indent (Gmail's indent is a
 *	blockquote styled "border:none"); type="cite" and class="gmail_quote"
 *	always quote.
 *	<a href="mailto:x"> adds the address after the link text unless the
 *	text already shows it.
 * DIAGNOSTICS
 *	None: any input gives some text.
 */

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "parser/charset.h"
#include "parser/entities.h"
#include "parser/html.h"
#include "parser/html_emit.h"
#include "parser/html_tag.h"
#include "util/utf8.h"

#define BQ_TRACKED	64   /* blockquotes whose kind is remembered */
#define LINK_ADDR_MAX	320  /* a mailto address, decoded */
#define LINK_TEXT_CHECK 1024 /* link text searched for the address */

enum action {
	ACT_NONE,
	ACT_LINE, /* block element: own line */
	ACT_PARA, /* block element with vertical margins */
	ACT_BR,
	ACT_CELL,
	ACT_ROW,
	ACT_TABLE,
	ACT_PRE,
	ACT_QUOTE,
	ACT_LINK,
	ACT_RAW, /* contents are not text */
};

static const struct element {
	const char *name;
	enum action act;
} elements[] = {
	{"a", ACT_LINK},	   {"address", ACT_LINE},
	{"article", ACT_LINE},	   {"aside", ACT_LINE},
	{"blockquote", ACT_QUOTE}, {"br", ACT_BR},
	{"caption", ACT_LINE},	   {"center", ACT_LINE},
	{"dd", ACT_LINE},	   {"details", ACT_LINE},
	{"div", ACT_LINE},	   {"dl", ACT_PARA},
	{"dt", ACT_LINE},	   {"fieldset", ACT_LINE},
	{"figcaption", ACT_LINE},  {"figure", ACT_LINE},
	{"footer", ACT_LINE},	   {"form", ACT_LINE},
	{"h1", ACT_PARA},	   {"h2", ACT_PARA},
	{"h3", ACT_PARA},	   {"h4", ACT_PARA},
	{"h5", ACT_PARA},	   {"h6", ACT_PARA},
	{"header", ACT_LINE},	   {"hr", ACT_PARA},
	{"legend", ACT_LINE},	   {"li", ACT_LINE},
	{"main", ACT_LINE},	   {"nav", ACT_LINE},
	{"noembed", ACT_RAW},	   {"noframes", ACT_RAW},
	{"ol", ACT_PARA},	   {"p", ACT_PARA},
	{"pre", ACT_PRE},	   {"script", ACT_RAW},
	{"section", ACT_LINE},	   {"style", ACT_RAW},
	{"summary", ACT_LINE},	   {"table", ACT_TABLE},
	{"td", ACT_CELL},	   {"template", ACT_RAW},
	{"th", ACT_CELL},	   {"title", ACT_RAW},
	{"tr", ACT_ROW},	   {"ul", ACT_PARA},
	{"xmp", ACT_PRE},
};

struct conv {
	const char *p, *end;
	struct ps_emit e;
	size_t bq_depth;   /* open blockquotes */
	guint64 bq_quotes; /* bit i: blockquote at depth i quotes */
	int nl_skip;	   /* drop a newline right after <pre> */
	int in_link;
	size_t link_start; /* output offset of the link text */
	char link_addr[LINK_ADDR_MAX + 1];
};

static int
compare_element(const void *key, const void *elem)
{
	return strcmp((const char *) key,
		      ((const struct element *) elem)->name);
}

static enum action
action_of(const char *name)
{
	const struct element *el;

	el = bsearch(name, elements, sizeof(elements) / sizeof(elements[0]),
		     sizeof(elements[0]), compare_element);
	return el ? el->act : ACT_NONE;
}

/* Whether the value, lowercased and without blanks, contains needle. */
static int
attr_has(const struct ps_attr *a, const char *needle)
{
	char buf[1024];
	size_t i, n = 0;

	for (i = 0; i < a->len && n < sizeof(buf) - 1; i++)
		if (a->v[i] != ' ' && a->v[i] != '\t' && a->v[i] != '\n')
			buf[n++] = g_ascii_tolower(a->v[i]);
	buf[n] = 0;
	return strstr(buf, needle) != NULL;
}

/*
 * Numeric or named character reference at p ("&" included).  Returns
 * the code point and sets *len to the bytes used, or returns 0 when the
 * "&" is plain text.
 */
static unsigned long
entity(const char *p, const char *end, size_t *len)
{
	const char *q = p + 1;
	unsigned long cp = 0;
	int legacy = 0;

	if (q < end && *q == '#') {
		int hex = ++q < end && (*q == 'x' || *q == 'X');
		const char *digits;

		q += hex;
		digits = q;
		for (; q < end
		     && (hex ? g_ascii_isxdigit(*q) : g_ascii_isdigit(*q));
		     q++) {
			cp = cp * (hex ? 16 : 10)
				+ (unsigned long) g_ascii_xdigit_value(*q);
			cp = MIN(cp, 0x110000UL); /* no overflow */
		}
		if (q == digits)
			return 0;
		if (q < end && *q == ';')
			q++;
		*len = (size_t) (q - p);
		if (cp >= 0x80 && cp <= 0x9F)
			return ps_cp1252_c1((unsigned char) cp);
		return (cp == 0 || cp > 0x10FFFF
			|| (cp >= 0xD800 && cp <= 0xDFFF))
			? 0xFFFD
			: cp;
	}
	while (q < end && q - p <= PS_ENTITY_NAME_MAX && g_ascii_isalnum(*q))
		q++;
	cp = ps_entity_lookup(p + 1, (size_t) (q - p - 1), &legacy);
	if (cp == 0)
		return 0;
	if (q < end && *q == ';')
		q++;
	else if (!legacy)
		return 0;
	*len = (size_t) (q - p);
	return cp;
}

static void
emit_cp(struct conv *c, unsigned long cp)
{
	char buf[8];
	int n;

	switch (cp) {
	case ' ':
	case '\t':
	case '\n':
	case '\r':
	case '\f':
	case 0xA0:
	case 0x2002:
	case 0x2003:
	case 0x2009:
	case 0x202F: ps_emit_space(&c->e); return;
	case 0xAD:
	case 0x200B:
	case 0x200C:
	case 0x200D:
	case 0x200E:
	case 0x200F:
	case 0x2060:
	case 0xFEFF: return; /* invisible */
	}
	n = g_unichar_to_utf8((gunichar) cp, buf);
	ps_emit_run(&c->e, buf, (size_t) n);
}

/* Printable ASCII that needs no care: not a blank, "<" or "&". */
static int
plain_byte(unsigned char b)
{
	return b > ' ' && b < 0x7F && b != '<' && b != '&';
}

/* Plain text at c->p: a run of printable ASCII, or one character. */
static void
text_char(struct conv *c)
{
	const unsigned char *u = (const unsigned char *) c->p;
	const unsigned char *end = (const unsigned char *) c->end;
	size_t n;

	if (plain_byte(*u) && u + 1 < end && plain_byte(u[1])) {
		/* Words come whole: one write, not one per letter. */
		for (n = 2; u + n < end && plain_byte(u[n]); n++)
			;
		c->nl_skip = 0;
		ps_emit_run(&c->e, c->p, n);
		c->p += n;
		return;
	}

	if (*u == '\r' || *u == 0) {
		c->p++;
		return;
	}
	if (*u == '\n' && c->e.pre > 0) {
		if (!c->nl_skip)
			ps_emit_newline(&c->e);
		c->nl_skip = 0;
		c->p++;
		return;
	}
	c->nl_skip = 0;
	if (*u < 0x80) {
		c->p++;
		if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\f')
			ps_emit_space(&c->e);
		else
			ps_emit_run(&c->e, (const char *) u, 1);
		return;
	}
	n = ps_utf8_seq(u, (const unsigned char *) c->end);
	if (n == 0) {
		ps_emit_run(&c->e, PS_UTF8_REPLACEMENT, 3);
		c->p++;
		return;
	}
	c->p += n;
	if (n == 2 && u[0] == 0xC2 && u[1] == 0xA0)
		ps_emit_space(&c->e); /* no-break space */
	else
		ps_emit_run(&c->e, (const char *) u, n);
}

/* The address of a mailto: URL, entity- and %-decoded, or "". */
static void
mailto_address(const struct ps_attr *href, char *out)
{
	const char *p = href->v, *end = href->v + href->len;
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	out[0] = 0;
	if (end - p < 7 || g_ascii_strncasecmp(p, "mailto:", 7) != 0)
		return;
	for (p += 7; p < end && *p != '?' && *p != '#' && n < LINK_ADDR_MAX;) {
		unsigned long cp = (unsigned char) *p;
		size_t len = 1;

		if (*p == '&' && (cp = entity(p, end, &len)) == 0) {
			cp = '&';
			len = 1;
		} else if (*p == '%' && end - p >= 3 && g_ascii_isxdigit(p[1])
			   && g_ascii_isxdigit(p[2])) {
			cp = (unsigned long) (g_ascii_xdigit_value(p[1]) * 16
					      + g_ascii_xdigit_value(p[2]));
			len = 3;
		}
		p += len;
		if (cp > ' ' && cp < 0x7F && cp != '<' && cp != '>'
		    && cp != '"')
			out[n++] = (char) cp;
	}
	out[n] = 0;
	if (strchr(out, '@') == NULL)
		out[0] = 0;
}

static int
text_shows(const GString *o, size_t from, const char *addr)
{
	size_t len = MIN(o->len - from, LINK_TEXT_CHECK);
	char *text = g_ascii_strdown(o->str + from, (gssize) len);
	char *a = g_ascii_strdown(addr, -1);
	int found = strstr(text, a) != NULL;

	g_free(text);
	g_free(a);
	return found;
}

static void
link_end(struct conv *c)
{
	GString *o = c->e.out;
	int space = c->e.space; /* whitespace after the link text */

	if (!c->in_link)
		return;
	c->in_link = 0;
	if (c->e.full || o->len < c->link_start)
		return;
	if (text_shows(o, c->link_start, c->link_addr))
		return;
	if (o->len > c->link_start) {
		char *bracketed = g_strdup_printf("<%s>", c->link_addr);

		ps_emit_space(&c->e);
		ps_emit_str(&c->e, bracketed);
		g_free(bracketed);
	} else
		ps_emit_str(&c->e, c->link_addr);
	c->e.space = space;
}

static void
link_start(struct conv *c, const struct ps_tag *t)
{
	link_end(c);
	if (t->href.v == NULL)
		return;
	mailto_address(&t->href, c->link_addr);
	if (c->link_addr[0] == 0)
		return;
	c->in_link = 1;
	c->link_start = c->e.out->len;
}

static void
quote_open(struct conv *c, const struct ps_tag *t)
{
	int quotes = attr_has(&t->type, "cite")
		|| attr_has(&t->class_, "gmail_quote")
		|| !attr_has(&t->style, "border:none");

	ps_emit_para(&c->e);
	if (c->bq_depth < BQ_TRACKED) {
		if (quotes)
			c->bq_quotes |= (guint64) 1 << c->bq_depth;
		else
			c->bq_quotes &= ~((guint64) 1 << c->bq_depth);
	}
	c->bq_depth++;
	c->e.quote += quotes;
}

static void
quote_close(struct conv *c)
{
	int quoted;

	if (c->bq_depth == 0)
		return;
	c->bq_depth--;
	quoted = c->bq_depth >= BQ_TRACKED || (c->bq_quotes >> c->bq_depth & 1);
	ps_emit_para(&c->e);
	if (quoted && c->e.quote > 0)
		c->e.quote--;
}

static void
element(struct conv *c, const struct ps_tag *t)
{
	int open = !t->end;

	switch (action_of(t->name)) {
	case ACT_NONE: return;
	case ACT_LINE: ps_emit_break(&c->e); return;
	case ACT_PARA: ps_emit_para(&c->e); return;
	case ACT_BR: ps_emit_newline(&c->e); return;
	case ACT_CELL:
		if (open)
			ps_emit_cell(&c->e);
		else
			ps_emit_cell_end(&c->e);
		return;
	case ACT_ROW: ps_emit_row(&c->e, open); return;
	case ACT_TABLE: ps_emit_table(&c->e, open); return;
	case ACT_PRE:
		ps_emit_para(&c->e);
		if (open && !t->self_closing) {
			c->e.pre++;
			c->nl_skip = 1;
		} else if (!open && c->e.pre > 0)
			c->e.pre--;
		return;
	case ACT_QUOTE:
		if (open)
			quote_open(c, t);
		else
			quote_close(c);
		return;
	case ACT_LINK:
		if (open)
			link_start(c, t);
		else
			link_end(c);
		return;
	case ACT_RAW:
		if (open && !t->self_closing)
			c->p = ps_tag_skip_raw(c->p, c->end, t->name);
		return;
	}
}

static void
markup(struct conv *c)
{
	struct ps_tag t;
	enum ps_markup kind;
	const char *next = ps_tag_lex(c->p, c->end, &t, &kind);

	if (next == NULL) { /* a "<" in text */
		ps_emit_run(&c->e, "<", 1);
		c->p++;
		return;
	}
	c->p = next;
	if (kind == PS_MARKUP_TAG && t.name[0] != 0)
		element(c, &t);
}

static void
reference(struct conv *c)
{
	size_t len = 0;
	unsigned long cp = entity(c->p, c->end, &len);

	if (cp == 0) {
		ps_emit_run(&c->e, "&", 1);
		c->p++;
		return;
	}
	c->p += len;
	c->nl_skip = 0;
	emit_cp(c, cp);
}

char *
ps_html_to_text(const char *html, size_t len, size_t max_out, size_t *out_len)
{
	struct conv c;

	memset(&c, 0, sizeof(c));
	c.p = html;
	c.end = html + len;
	ps_emit_init(&c.e, max_out, len);
	while (c.p < c.end && !c.e.full) {
		if (*c.p == '<')
			markup(&c);
		else if (*c.p == '&')
			reference(&c);
		else
			text_char(&c);
	}
	link_end(&c);
	return ps_emit_finish(&c.e, out_len);
}

/* A charset name from <meta charset=x> or <meta content="...; charset=x">. */
static int
meta_charset(const struct ps_tag *t, char *buf, size_t size)
{
	const char *v, *end;
	size_t n = 0;

	if (t->charset.v != NULL) {
		v = t->charset.v;
		end = v + t->charset.len;
	} else if (t->content.v != NULL) {
		const char *s = t->content.v;

		end = s + t->content.len;
		for (v = NULL; s + 8 <= end; s++)
			if (g_ascii_strncasecmp(s, "charset=", 8) == 0) {
				v = s + 8;
				break;
			}
		if (v == NULL)
			return 0;
	} else
		return 0;
	while (v < end && (*v == ' ' || *v == '"' || *v == '\''))
		v++;
	while (v < end && n + 1 < size
	       && (g_ascii_isalnum(*v) || strchr("-_.:", *v) != NULL))
		buf[n++] = *v++;
	buf[n] = 0;
	return n > 0;
}

/* The charset a <meta> tag near the start declares, for unlabeled parts. */
int
ps_html_meta_charset(const char *html, size_t len, char *buf, size_t size)
{
	const char *p = html, *end = html + MIN(len, 4096);

	while (p < end && (p = memchr(p, '<', (size_t) (end - p))) != NULL) {
		struct ps_tag t;
		enum ps_markup kind;
		const char *next = ps_tag_lex(p, end, &t, &kind);

		if (next == NULL) {
			p++;
			continue;
		}
		if (kind == PS_MARKUP_TAG && !t.end
		    && strcmp(t.name, "meta") == 0
		    && meta_charset(&t, buf, size))
			return 1;
		p = next;
	}
	return 0;
}
