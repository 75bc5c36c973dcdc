/*
 * NAME
 *	guard.c - cap the structures of a raw message that GMime scales badly on
 * SUMMARY
 *	One linear pass over the lines of the message, writing a copy in
 *	which hostile structure is disabled before GMime sees it.
 * DESCRIPTION
 *	Measured with GMime 3.2.13 (see the tests):
 *	- address groups nest by recursion: "To: a:a:a:..." of 80 KB
 *	  overflows an 8 MB stack.  We blank every ":" of an address header
 *	  (any field named *from, *to, *cc, *sender, anywhere in the
 *	  message) past the 8th, which bounds the nesting by the count.
 *	- every line starting with "--" is compared with every open
 *	  boundary: 1,000 nested multiparts and 2 MB of "--x" lines cost
 *	  2.5 s.  We mirror GMime's boundary stack, strictly (a delimiter is
 *	  "--" boundary ["--"] and blanks, as GMime has it), and disable a
 *	  boundary parameter (its "b" becomes "x") once max_depth are open
 *	  or 64 were declared in all.  A declaration is counted wherever
 *	  "boundary" is followed by "=", "*" or "(" - in any line, header
 *	  or not - so that the count can only be too high, never too low.
 *	- each part and header field is an object of some hundred bytes:
 *	  2 MB of empty parts built 380 MB.  The copy ends before the
 *	  (max_parts+1)th delimiter line (matching any boundary ever
 *	  declared), and header fields past 1,000 in a block or 10,000 in
 *	  all are left out.
 *	- GMime decodes Subject (RFC 2047) into a list of word tokens as it
 *	  parses: a Subject folded over 16 MB built 430 MB.  Continuation
 *	  lines that take a field past 64 KB are left out; address fields
 *	  excepted (their parser is linear, and the recipients count).
 *	GMime reads boundary values leniently (comments, escapes, blanks in
 *	tokens, RFC 2231 and RFC 2047).  Where a value is not in a plain
 *	form we read the same way, it is "unknown", and from then on every
 *	"--" line counts as a delimiter for the part cap.
 *	Header blocks are followed as GMime does: the message's, one after
 *	each delimiter, and one at the start of a message/ body (also the
 *	untyped parts of a multipart/digest).
 *	Cost: inside a body (not a header block), the only lines that can
 *	change the state or the output are those starting with "--", those
 *	with a ":" (an address field anywhere in the message) and those
 *	with "boundary" (a declaration).  Runs of other lines are kept
 *	whole, found with memchr and a strided search for
 *	"boundary", so a base64 attachment costs about one pass of
 *	library scans.  The output is the input itself until the first
 *	change (copy on write): ps_guard_view() then returns msg.
 *	Inert bodies: the walk never reads a part of type application,
 *	image, audio, video, font or model, so its body (up to the next
 *	"--" line) is left out, and neither we nor GMime scan an attached
 *	PDF or image.  Only while GMime's reading is certainly ours: every
 *	header block so far plain (fields "Name: value" and their
 *	continuations, at most one Content-Type, type/subtype plain on its
 *	first line), every boundary the one parameter of a multipart
 *	Content-Type, every delimiter one of an open multipart, messages
 *	only message/rfc822, news or global without a transfer encoding
 *	(GMime keeps the others as leaves; the walk decodes some), no
 *	digest and no cap.  Any doubt, and nothing more is left out.
 *	Under the same conditions, header fields nothing reads (Received,
 *	DKIM-Signature, X-*: all but Content-*, Subject, MIME-Version,
 *	address fields and those that mark automated mail, Auto-Submitted,
 *	Precedence, X-Autoreply and Return-Path) are left out too, but for
 *	the first of a block, and only while the block is plain and the
 *	field has no "boundary".
 * DIAGNOSTICS
 *	None; *capped tells the caller that a limit was hit.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memrchr */
#endif
#include <string.h>

#include <glib.h>

#include "parser/guard.h"
#include "parser/guard_lex.h"

#define GUARD_BOUNDARIES   64	 /* boundary parameters honoured */
#define GUARD_GROUP_COLONS 8	 /* ":" kept per address header */
#define GUARD_BLOCK_FIELDS 1000	 /* header fields kept per block */
#define GUARD_TOTAL_FIELDS 10000 /* header fields kept in all */
#define GUARD_FIELD_BYTES  65536 /* bytes kept of a non-address field */

struct bound {
	const char *v; /* value, in the copy; NULL if not known */
	size_t len;
	int open;
	int digest; /* declared by a multipart/digest */
};

enum field {
	FIELD_NONE,
	FIELD_OTHER,
	FIELD_ADDR,
	FIELD_CTYPE,
	FIELD_CTE, /* Content-Transfer-Encoding */
};

struct guard {
	const char *in, *in_end;
	char *out; /* == in until owned (copy on write) */
	size_t olen;
	int owned; /* out is our copy */
	struct bound b[GUARD_BOUNDARIES];
	size_t nb, nopen;
	size_t wild;		 /* declared boundaries of unknown value */
	unsigned char first[32]; /* first bytes of the boundary values */
	unsigned max_depth, max_parts, parts;
	int hdr;	 /* in a header block */
	int msg_body;	 /* this block's body is a message */
	int digest_part; /* a digest's part: a message unless typed */
	unsigned block_fields, total_fields;
	enum field field;   /* field the current line belongs to */
	int drop;	    /* that field is left out */
	int ct_digest;	    /* that Content-Type is multipart/digest */
	unsigned colons;    /* ":" seen in that address field */
	size_t field_bytes; /* bytes of that field so far */
	char field_last;    /* its last non-blank byte so far */
	int capped;
	/* Inert bodies: see "Cost" above. */
	int faithful;  /* GMime's structure is ours, so far */
	int skip;      /* in a body the walk never reads */
	int blk_clean; /* this header block: only plain fields */
	unsigned blk_ctypes, blk_ctes, blk_declared;
	enum ctype blk_ctype;
	int blk_identity; /* its encoding is 7bit, 8bit or binary */
};

/* A limit was hit: the copy differs and our reading may not be GMime's. */
static void
cap(struct guard *g)
{
	g->capped = 1;
	g->faithful = 0;
}

/* The output diverges from the input here: take a copy of what is kept. */
static void
materialize(struct guard *g)
{
	char *copy;
	size_t k;

	if (g->owned)
		return;
	copy = g_malloc((size_t) (g->in_end - g->in) + 1);
	memcpy(copy, g->in, g->olen);
	for (k = 0; k < g->nb; k++) /* values pointed into the input */
		if (g->b[k].v != NULL)
			g->b[k].v = copy + (g->b[k].v - g->in);
	g->out = copy;
	g->owned = 1;
}

/* Keep [s, s+n) of the input; while not owned, out is a prefix of in. */
static void
keep(struct guard *g, const char *s, size_t n)
{
	if (g->owned)
		memcpy(g->out + g->olen, s, n);
	g->olen += n;
}

static enum field
field_kind(const char *name, size_t n)
{
	if (ps_ci_eq(name, n, "content-type"))
		return FIELD_CTYPE;
	if (ps_ci_eq(name, n, "content-transfer-encoding"))
		return FIELD_CTE;
	if (ps_ci_suffix(name, n, "from") || ps_ci_suffix(name, n, "to")
	    || ps_ci_suffix(name, n, "cc") || ps_ci_suffix(name, n, "sender"))
		return FIELD_ADDR;
	return FIELD_OTHER;
}

/* 1: "--b", 2: "--b--" (blanks may follow), 0: not this boundary. */
static int
delimiter_kind(const char *s, const char *e, const struct bound *b)
{
	const char *r;
	int close = 0;

	if (b->v == NULL || (size_t) (e - s) < b->len + 2
	    || memcmp(s + 2, b->v, b->len) != 0)
		return 0;
	r = s + 2 + b->len;
	if (e - r >= 2 && r[0] == '-' && r[1] == '-') {
		close = 1;
		r += 2;
	}
	while (r < e && (*r == ' ' || *r == '\t'))
		r++;
	return r < e ? 0 : close ? 2 : 1;
}

static void
block_begin(struct guard *g, int digest_part)
{
	g->skip = 0;
	g->blk_clean = 1;
	g->blk_ctypes = g->blk_ctes = g->blk_declared = 0;
	g->blk_ctype = CT_OTHER;
	g->blk_identity = 0;
	g->hdr = 1;
	g->block_fields = 0;
	g->msg_body = 0;
	g->digest_part = digest_part;
	g->field = FIELD_NONE;
	g->drop = 0;
}

/* The line ends with "--" and blanks: a close delimiter's shape. */
static int
close_shape(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e - s >= 4 && e[-1] == '-' && e[-2] == '-';
}

/*
 * A "--" line: returns 1 for a part delimiter, 2 for a close, 0 for
 * text.  While a boundary whose value we could not read is declared,
 * every "--" line may be its delimiter: it counts as one, and the lines
 * after it as a header block, but it closes nothing.
 */
static int
delimiter(struct guard *g, const char *s, const char *e)
{
	size_t k, i, open = g->nb;
	int r = 0, any = 0;

	if (g->wild == 0
	    && (e - s < 3
		|| !(g->first[(unsigned char) s[2] >> 3]
		     & 1 << ((unsigned char) s[2] & 7))))
		return 0;
	/* The innermost open boundary that matches; else any that does. */
	for (k = g->nb; k-- > 0;) {
		if ((r = delimiter_kind(s, e, &g->b[k])) == 0)
			continue;
		if (g->b[k].open) {
			open = k;
			break;
		}
		if (any == 0)
			any = r;
	}
	if (open == g->nb) {
		if (any == 0 && g->wild > 0)
			any = close_shape(s, e) ? 2 : 1;
		if (any != 0) /* GMime's stack lacks it */
			g->faithful = 0;
		if (any == 1)
			block_begin(g, 0);
		return any; /* not open for us; still a part */
	}
	if (g->hdr) /* a header block without its end */
		g->faithful = 0;
	g->skip = 0;
	for (i = open + 1; i < g->nb; i++)
		if (g->b[i].open) {
			g->b[i].open = 0;
			g->nopen--;
		}
	if (r == 2) {
		g->b[open].open = 0;
		g->nopen--;
		g->hdr = 0;
		g->field = FIELD_NONE;
	} else
		block_begin(g, g->b[open].digest);
	return r;
}

/*
 * The value after "boundary=" at eq, when it has a form whose reading
 * by GMime is certain: a quoted string without escapes, or a token of
 * printable ASCII, then only blanks up to ";" or the end of the line
 * (and no folded continuation of the token).  GMime also accepts
 * comments, blanks inside tokens, escapes, RFC 2231 and RFC 2047
 * values; for those we answer 0 and the boundary is treated as unknown.
 */
static int
plain_value(const char *eq, const char *e, const char *next, const char *in_end,
	    const char **v, size_t *n)
{
	const char *p = ps_lex_skip_blanks(eq + 1, e), *q;

	if (p < e && *p == '"') {
		for (q = p + 1; q < e && *q != '"' && *q != '\\'; q++)
			;
		if (q >= e || *q != '"')
			return 0;
		*v = p + 1;
		*n = (size_t) (q - *v);
		q++;
	} else {
		for (q = p; q<e && * q> ' ' && *q < 0x7F && *q != ';'
		     && *q != '"' && *q != '(' && *q != '\\';
		     q++)
			if (*q == '=' && q + 1 < e && q[1] == '?')
				return 0; /* an encoded word */
		*v = p;
		*n = (size_t) (q - p);
		if (ps_lex_skip_blanks(q, e) == e && ps_continued(next, in_end)
		    && ps_continuation_starts(next, in_end) != ';')
			return 0;
	}
	q = ps_lex_skip_blanks(q, e);
	return *n > 0 && (q == e || *q == ';');
}

/* at, e and eq are offsets in out; eq is 0 when there is no "=". */
static void
declare(struct guard *g, size_t at, size_t e, size_t eq, const char *next)
{
	struct bound *b;

	if (g->nopen >= g->max_depth || g->nb >= GUARD_BOUNDARIES) {
		materialize(g);
		g->out[at] = 'x'; /* "xoundary": GMime sees no boundary */
		cap(g);
		return;
	}
	b = &g->b[g->nb++];
	g->nopen++;
	b->open = 1;
	b->digest = g->field == FIELD_CTYPE && g->ct_digest;
	if (eq != 0
	    && plain_value(g->out + eq, g->out + e, next, g->in_end, &b->v,
			   &b->len)) {
		g->first[(unsigned char) *b->v >> 3] |= 1
			<< ((unsigned char) *b->v & 7);
		return;
	}
	b->v = NULL;
	b->len = 0;
	g->wild++;
	g->faithful = 0;
}

/* "boundary" at the end of a line, and "=", "*" or "(" on the next. */
static int
folded_assignment(const char *next, const char *in_end)
{
	char c = ps_continuation_starts(next, in_end);

	return c == '=' || c == '*' || c == '(';
}

/*
 * A declaration at p (an offset in out, line start s) is one GMime
 * makes too only as the one boundary parameter of a plain multipart
 * Content-Type in a header block: after a ";" (maybe on the field's
 * line before).
 */
static void
check_declaration(struct guard *g, size_t s, size_t p)
{
	char before = g->field_last;

	while (p > s && (g->out[p - 1] == ' ' || g->out[p - 1] == '\t'))
		p--;
	if (p > s)
		before = g->out[p - 1];
	if (!g->hdr || g->field != FIELD_CTYPE || g->blk_ctype != CT_MULTIPART
	    || g->blk_declared++ > 0 || before != ';')
		g->faithful = 0;
}

/* "boundary" then "=", "*" (RFC 2231) or "(" (a comment), maybe folded. */
/* The line is [s, e) of out (offsets: declare may replace out). */
static void
boundaries(struct guard *g, size_t s, size_t e, const char *next)
{
	size_t p;

	for (p = s; e - p >= 8; p++) {
		const char *oe = g->out + e, *q;

		p = (size_t) (ps_find_boundary(g->out + p, oe) - g->out);
		if (e - p < 8)
			break;
		q = ps_lex_skip_blanks(g->out + p + 8, oe);
		if (q < oe && *q == '=') {
			check_declaration(g, s, p);
			declare(g, p, e, (size_t) (q - g->out), next);
		} else if ((q < oe && (*q == '*' || *q == '('))
			   || (q == oe && folded_assignment(next, g->in_end))) {
			check_declaration(g, s, p);
			declare(g, p, e, 0, next);
		}
	}
}

/* [s, e) offsets in out. */
static void
blank_group_colons(struct guard *g, size_t s, size_t e)
{
	const char *c;

	for (; s < e; s++) {
		c = memchr(g->out + s, ':', e - s);
		if (c == NULL)
			return;
		s = (size_t) (c - g->out);
		if (++g->colons > GUARD_GROUP_COLONS) {
			materialize(g);
			g->out[s] = ' ';
			cap(g);
		}
	}
}

/*
 * The field starting at s, continuations included, has no "boundary",
 * no blank continuation line and is within the field cap: leaving it
 * out changes nothing of ours.
 */
static int
inert_field(const struct guard *g, const char *s)
{
	const char *e = s, *nl;

	do {
		nl = memchr(e, '\n', (size_t) (g->in_end - e));
		e = nl ? nl + 1 : g->in_end;
		if (ps_continued(e, g->in_end)) {
			nl = memchr(e, '\n', (size_t) (g->in_end - e));
			nl = nl ? nl : g->in_end;
			if (nl > e && nl[-1] == '\r')
				nl--;
			if (ps_lex_skip_blanks(e, nl) == nl)
				return 0; /* a blank line: an end to some */
		}
	} while (ps_continued(e, g->in_end));
	return (size_t) (e - s) <= GUARD_FIELD_BYTES
		&& ps_find_boundary(s, e) == e;
}

/* Which field a line belongs to; counts header fields in a block. */
static void
classify(struct guard *g, const char *s, const char *e, const char **value)
{
	size_t n;

	*value = s;
	if (s < e && (*s == ' ' || *s == '\t')) { /* continuation */
		if (g->hdr
		    && (g->field == FIELD_NONE
			|| ps_lex_skip_blanks(s, e) == e))
			g->blk_clean = 0;
		if (g->field == FIELD_CTE)
			g->blk_identity = 0;
		g->field_bytes += (size_t) (e - s);
		if (g->hdr && g->field != FIELD_NONE && g->field != FIELD_ADDR
		    && g->field_bytes > GUARD_FIELD_BYTES && !g->drop) {
			g->drop = 1;
			cap(g);
		}
		return;
	}
	g->drop = 0;
	g->field_bytes = (size_t) (e - s);
	g->field_last = 0;
	if ((n = ps_lex_field_name(s, e, value)) == 0 || s[n] != ':') {
		g->blk_clean = 0; /* (a body keeps no block) */
		if (n == 0) {
			g->field = FIELD_NONE;
			return;
		}
	}
	g->field = field_kind(s, n);
	g->colons = 0;
	g->ct_digest = 0;
	if (!g->hdr)
		return;
	g->block_fields++;
	g->total_fields++;
	if (g->block_fields > GUARD_BLOCK_FIELDS
	    || g->total_fields > GUARD_TOTAL_FIELDS) {
		g->drop = 1;
		cap(g);
	}
	/*
	 * Received, DKIM-Signature, ...: GMime need not parse them.  The
	 * first field of a block stays: a block is never made empty.
	 */
	if (!g->drop && g->faithful && g->blk_clean && g->block_fields > 1
	    && g->field == FIELD_OTHER && !ps_read_field(s, n)
	    && inert_field(g, s))
		g->drop = 1;
	if (g->field == FIELD_CTYPE) {
		g->digest_part = 0;
		g->blk_ctypes++;
		g->blk_ctype = ps_ctype_of(*value, e);
	} else if (g->field == FIELD_CTE) {
		g->blk_ctes++;
		g->blk_identity = ps_identity(*value, e);
	}
}

static void
content_type(struct guard *g, const char *v, const char *e)
{
	if (ps_ci_find(v, e, "message/"))
		g->msg_body = 1;
	if (ps_ci_find(v, e, "multipart/digest")) {
		g->ct_digest = 1;
		g->faithful = 0; /* its parts' default type: not followed */
	}
}

/*
 * A header block ends.  Its body is GMime's to read as we do only when
 * the block was plain; it is inert when it is plainly of an inert type.
 */
static void
block_end(struct guard *g)
{
	if (!g->blk_clean || g->blk_ctypes > 1 || g->blk_ctes > 1)
		g->faithful = 0;
	/* GMime parses message/rfc822, news and global, unencoded only. */
	if (g->msg_body
	    && (g->blk_ctype != CT_MESSAGE
		|| (g->blk_ctes > 0 && !g->blk_identity)))
		g->faithful = 0;
	g->skip = g->faithful && !g->msg_body && g->blk_ctype == CT_INERT;
}

/* Returns 0 when the copy must end before this line. */
static int
line(struct guard *g, const char *s, const char *e, const char *next)
{
	const char *value = s;
	size_t o;
	int r;

	if (e - s >= 2 && s[0] == '-' && s[1] == '-'
	    && (r = delimiter(g, s, e)) != 0) {
		if (r == 1 && ++g->parts > g->max_parts) {
			cap(g);
			return 0;
		}
		keep(g, s, (size_t) (next - s));
		return 1;
	}
	if (g->skip) {
		materialize(g); /* an inert body's line: left out */
		return 1;
	}
	if (g->hdr && s == e) { /* end of a header block */
		block_end(g);
		g->hdr = g->msg_body || g->digest_part;
		if (g->hdr)
			block_begin(g, 0);
		g->field = FIELD_NONE;
		g->drop = 0;
	} else
		classify(g, s, e, &value);
	if (g->drop) {
		materialize(g); /* the line is left out */
		return 1;
	}
	o = g->olen;
	keep(g, s, (size_t) (next - s));
	if (s == e)
		return 1;
	if (g->hdr && g->field == FIELD_CTYPE)
		content_type(g, value, e);
	boundaries(g, o, o + (size_t) (e - s), next);
	if (g->field == FIELD_ADDR)
		blank_group_colons(g, o + (size_t) (value - s),
				   o + (size_t) (e - s));
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e > s)
		g->field_last = e[-1];
	return 1;
}

/*
 * Where the lines from p on stop being inert: the start of the line
 * holding the first "--" line start, ":" or "boundary" at or after p
 * (cached in the hazards, which stay valid while they are ahead of p).
 * ":" and "boundary" are looked for only up to that "--" line: a
 * text part is not searched on through the attachment after it.
 * Only called in a body (not a header block) with no field being left
 * out and no address field going on: there, a line without any of the
 * three goes through line() unchanged and changes nothing in the state
 * that matters (field can move between NONE, OTHER, CTYPE and CTE,
 * which a body treats alike, and becomes NONE again at the next header
 * block).  Nor does a line with ":" that is not an address field and
 * has no "boundary": template text ("Label: value") is mostly such.
 */
struct hazards {
	const char *dashes, *colon, *bword;
	const char *limit; /* colon and bword were looked for up to here */
};

static const char *
inert_until(struct hazards *h, const char *p, const char *end)
{
	const char *stop, *nl;

	if (h->dashes == NULL || h->dashes <= p)
		h->dashes = ps_find_dashes(p, end);
	/* Only what comes before the "--" line matters: not past it. */
	if (h->limit != h->dashes) {
		h->limit = h->dashes;
		h->colon = h->bword = NULL;
	}
	if (h->colon == NULL || h->colon < p) {
		stop = memchr(p, ':', (size_t) (h->limit - p));
		h->colon = stop ? stop : h->limit;
	}
	if (h->bword == NULL || h->bword < p)
		h->bword = ps_find_boundary(p, h->limit);
	/* A ":" matters in a line that is an address field: pass the rest. */
	while (h->colon < h->bword && h->colon < h->limit) {
		const char *ls, *le, *value;
		size_t n;

		nl = memrchr(p, '\n', (size_t) (h->colon - p));
		ls = nl ? nl + 1 : p;
		nl = memchr(h->colon, '\n', (size_t) (h->limit - h->colon));
		le = nl ? nl : h->limit;
		if (h->bword < le)
			break; /* "boundary" in this line too */
		n = ps_lex_field_name(
			ls, le > ls && le[-1] == '\r' ? le - 1 : le, &value);
		if (n > 0 && field_kind(ls, n) == FIELD_ADDR)
			break;
		stop = nl ? memchr(nl, ':', (size_t) (h->limit - nl)) : NULL;
		h->colon = stop ? stop : h->limit;
	}
	stop = h->dashes;
	if (h->colon < stop || h->bword < stop) {
		stop = h->colon < h->bword ? h->colon : h->bword;
		nl = memrchr(p, '\n', (size_t) (stop - p));
		stop = nl ? nl + 1 : p;
	}
	return stop;
}

const char *
ps_guard_view(const char *msg, size_t len, unsigned max_depth,
	      unsigned max_parts, size_t *out_len, int *capped, char **copy)
{
	struct guard g;
	struct hazards h = {NULL, NULL, NULL, NULL};
	const char *p = msg, *end = msg + len;

	memset(&g, 0, sizeof(g));
	g.in = msg;
	g.in_end = end;
	g.out = (char *) msg; /* not written until owned */
	g.max_depth = max_depth;
	g.max_parts = max_parts;
	g.faithful = 1;
	block_begin(&g, 0);
	while (p < end) {
		const char *nl, *next, *e;

		if (g.skip && !(end - p >= 2 && p[0] == '-' && p[1] == '-')) {
			materialize(&g); /* up to the next "--" line */
			p = ps_find_dashes(p, end);
			continue;
		}
		if (!g.hdr && !g.drop && g.field != FIELD_ADDR
		    && !(end - p >= 2 && p[0] == '-' && p[1] == '-')) {
			const char *stop = inert_until(&h, p, end);

			if (stop > p) {
				keep(&g, p, (size_t) (stop - p));
				p = stop;
				continue;
			}
		}
		nl = memchr(p, '\n', (size_t) (end - p));
		next = nl ? nl + 1 : end;
		e = nl ? nl : end;

		if (e > p && e[-1] == '\r')
			e--;
		if (!line(&g, p, e, next))
			break;
		p = next;
	}
	*out_len = g.olen;
	*capped = g.capped;
	if (!g.owned) {
		*copy = NULL;
		return msg;
	}
	g.out[g.olen] = 0;
	*copy = g.out;
	return g.out;
}

char *
ps_guard(const char *msg, size_t len, unsigned max_depth, unsigned max_parts,
	 size_t *out_len, int *capped)
{
	char *copy;
	const char *v = ps_guard_view(msg, len, max_depth, max_parts, out_len,
				      capped, &copy);

	if (copy == NULL) {
		copy = g_malloc(*out_len + 1);
		memcpy(copy, v, *out_len);
		copy[*out_len] = 0;
	}
	return copy;
}
