/*
 * NAME
 *	rules.c - load a rules file (labels, values, request types, excluded
 *	products, severity phrases, SLA, support addresses, limits)
 * SUMMARY
 *	ps_rules_parse() reads the directives of etc/psmilter.rules (whose
 *	comment block documents the syntax) and builds an immutable rule
 *	set; the questions asked of it are answered in rules_match.c.
 * DESCRIPTION
 *	Each pattern is compiled as its line is read, so an error points at
 *	the line that causes it.  At the end the labels are joined into one
 *	alternation, and everything is JIT-compiled once; see pattern.c.
 *	What a working milter cannot do without (labels, an address
 *	pattern, the three SLAs, a support address) is required.
 * DIAGNOSTICS
 *	NULL with "NAME:LINE: reason" in err: unknown directive, unknown
 *	field, bad pattern (PCRE2 message and offset), missing argument,
 *	bad severity, bad number, duplicates, and missing sections (reported
 *	at the last line).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/lines.h"
#include "rules/rules_impl.h"
#include "util/xalloc.h"

#define RULES_FILE_MAX (16UL * 1024 * 1024)
#define NAME_MAX_LEN   64
#define TOKEN_MAX_LEN  16

static const char *const field_names[PS_F_COUNT] = {
	"customer-email", "request-type",    "reproducible", "product",
	"description",	  "troubleshooting", "org-id",	     "user-id",
};

/* Used when a rules file has no "required" directive. */
static const enum ps_field default_required[] = {
	PS_F_CUSTOMER_EMAIL, PS_F_REQUEST_TYPE, PS_F_REPRODUCIBLE,
	PS_F_PRODUCT,	     PS_F_DESCRIPTION,
};

/*
 * The frame around the label alternation.  Before the label: blanks and
 * markup (bold, italics, headings, bullets, quotes) and an item number
 * ("1." "2)" "a)").  After it: markup, an optional parenthesised or
 * bracketed note, then a separator -- ":", full-width colon, "=", "|", a
 * dash followed by a blank, an arrow ("->" "=>" "→", Outlook's
 * AutoCorrect arrow U+F0E0, or the "à" it becomes in windows-1252 when
 * it stands between blanks), a tab, the end of the line, or two blanks
 * (rules_match.c then wants the template's instruction after them, as a
 * two-column template pasted as text has it) -- and the markup that
 * closes "**Label:** value" (but not a quote that opens the value).  After a question mark ("Is the issue reproducible? Yes") the
 * separator is optional.  A bracket that the bounded note cannot take
 * (longer, or nested: the template's own instructions) ends the match
 * before it; rules_match.c then skips it whole.
 */
#define M     "[\\s*_\"”»]*+"
#define MPOST "[\\s*_]*+"
#define NOTE  "(?:\\([^()]{0,100}\\)|\\[[^\\[\\]]{0,100}\\])"
#define SEP                                                                                  \
	"(?:=+>|[-–—]{1,2}>|[→⇒➔➜⟶\\x{F0E0}]|[:：=|]|[-–—]{1,2}(?=\\s|$)" \
	"|(?<=\\s)à(?=\\s)|(?<=\\t)|$|(?<=\\s\\s))"
#define LABEL_MARKUP "[\\s*_#>|\"“„«¿¡•·‣◦▪▫●○■□►▶▸➢➤✓✔+\\-–—]"
#define LABEL_LEAD   "(?:(?:[0-9]{1,3}[.)]|[a-z][.)](?=\\s))[\\s*_]*+)"
static const char label_prefix[] = LABEL_MARKUP "*+" LABEL_LEAD "?";
static const char label_suffix[] = M "(?:" NOTE M ")?"
				     "(?:[?？]" M "(?:" NOTE M ")?(?:" SEP MPOST
				     ")?"
				     "|" SEP MPOST "|(?=[(\\[]))";
#undef M
#undef MPOST
#undef NOTE
#undef SEP

/*
 * Instructions are matched where rules_match.c has skipped the markup
 * and an opening bracket, so their frame is only blanks.
 */
#define INSTR_MARKUP "[\\s]"
static const char instr_prefix[] = INSTR_MARKUP "*+";

/* Collected while reading; compiled into a struct ps_rules at the end. */
struct build {
	const char *name;
	struct ps_error *err;
	unsigned line;
	struct ps_alts labels;
	struct ps_alts instrs;
	int lang; /* of the label and instruction lines, or -1 */
	unsigned long match_limit;
	unsigned long depth_limit;
	int jit;
	char *technical;
	unsigned technical_line;
	int required_seen;
	struct ps_rules *rules;
};

/* The rest of a directive's line, after the directive word. */
struct args {
	const char *p;
	const char *end;
};

const char *
ps_field_name(enum ps_field field)
{
	if ((int) field < 0 || field >= PS_F_COUNT)
		return NULL;
	return field_names[field];
}

int
ps_field_by_name(const char *name)
{
	int f;

	if (name == NULL)
		return -1;
	for (f = 0; f < PS_F_COUNT; f++)
		if (strcasecmp(name, field_names[f]) == 0)
			return f;
	return -1;
}

const char *
ps_severity_name(enum ps_severity sev)
{
	switch (sev) {
	case PS_SEV_S1: return "S1-Critical";
	case PS_SEV_S2: return "S2-Moderate";
	case PS_SEV_S3: return "S3-Low";
	}
	return "S2-Moderate";
}

static int
fail(struct build *b, const char *what, const char *tok, size_t toklen)
{
	if (tok != NULL)
		ps_error_at(b->err, b->name, b->line, "%s '%.*s'", what,
			    (int) (toklen > 80 ? 80 : toklen), tok);
	else
		ps_error_at(b->err, b->name, b->line, "%s", what);
	return -1;
}

/* The next argument, which must be there. */
static int
need_token(struct build *b, struct args *a, const char *what, const char **tok,
	   size_t *toklen)
{
	if (!ps_token(&a->p, a->end, tok, toklen)) {
		ps_error_at(b->err, b->name, b->line, "missing argument: %s",
			    what);
		return -1;
	}
	return 0;
}

static int
no_more(struct build *b, struct args *a)
{
	const char *tok;
	size_t toklen;

	if (ps_token(&a->p, a->end, &tok, &toklen))
		return fail(b, "too many arguments at", tok, toklen);
	return 0;
}

static int
need_field(struct build *b, struct args *a, enum ps_field *field)
{
	const char *tok;
	size_t toklen;
	int f;

	if (need_token(b, a, "field name", &tok, &toklen) < 0)
		return -1;
	for (f = 0; f < PS_F_COUNT; f++)
		if (ps_token_is(tok, toklen, field_names[f])) {
			*field = (enum ps_field) f;
			return 0;
		}
	return fail(b, "unknown field", tok, toklen);
}

/* The rest of the line as a compiled pattern. */
static pcre2_code *
need_pattern(struct build *b, struct args *a)
{
	pcre2_code *re;
	char msg[400];
	size_t len;

	ps_lines_skip_blanks(&a->p, a->end);
	len = (size_t) (a->end - a->p);
	if (len == 0) {
		ps_error_at(b->err, b->name, b->line,
			    "missing argument: pattern");
		return NULL;
	}
	if ((re = ps_compile(a->p, len, msg, sizeof(msg))) == NULL)
		ps_error_at(b->err, b->name, b->line, "bad pattern: %s", msg);
	return re;
}

static int
add_pattern(struct build *b, struct args *a, struct ps_list *list, long mark)
{
	pcre2_code *re;

	if ((re = need_pattern(b, a)) == NULL)
		return -1;
	ps_list_add(list, re, mark, a->p, (size_t) (a->end - a->p), b->line);
	return 0;
}

/* A double-quoted name such as "Technical Support". */
static int
need_quoted(struct build *b, struct args *a, char **name)
{
	const char *q;
	size_t len;

	ps_lines_skip_blanks(&a->p, a->end);
	if (a->p >= a->end || *a->p != '"')
		return fail(b, "missing argument: quoted name", NULL, 0);
	q = memchr(a->p + 1, '"', (size_t) (a->end - a->p - 1));
	if (q == NULL)
		return fail(b, "unterminated quoted name", NULL, 0);
	len = (size_t) (q - a->p - 1);
	if (len == 0 || len > NAME_MAX_LEN)
		return fail(b, "bad name", a->p, len + 2);
	*name = ps_xstrndup(a->p + 1, len);
	a->p = q + 1;
	return 0;
}

static int
need_severity(struct build *b, struct args *a, enum ps_severity *sev)
{
	const char *tok;
	size_t toklen;

	if (need_token(b, a, "severity", &tok, &toklen) < 0)
		return -1;
	if (ps_token_is(tok, toklen, "S1"))
		*sev = PS_SEV_S1;
	else if (ps_token_is(tok, toklen, "S2"))
		*sev = PS_SEV_S2;
	else if (ps_token_is(tok, toklen, "S3"))
		*sev = PS_SEV_S3;
	else
		return fail(b, "bad severity", tok, toklen);
	return 0;
}

/* Letters, digits, ".", "+", "-": safe to copy into a header. */
static int
good_token(const char *tok, size_t toklen)
{
	size_t i;

	if (toklen == 0 || toklen > TOKEN_MAX_LEN)
		return 0;
	for (i = 0; i < toklen; i++) {
		char c = tok[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		      || (c >= '0' && c <= '9') || c == '.' || c == '+'
		      || c == '-'))
			return 0;
	}
	return 1;
}

static int
good_address(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (at == NULL || at == s || at == s + len - 1
	    || memchr(at + 1, '@', (size_t) (s + len - at - 1)) != NULL)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char) s[i] <= ' ' || (unsigned char) s[i] >= 127
		    || strchr("<>()[],;:\"\\", s[i]) != NULL)
			return 0;
	return 1;
}

/* A label or instruction rule: its pattern joins alts, marked by index. */
static int
add_rule(struct build *b, struct args *a, struct ps_alts *alts,
	 struct ps_rule_ref **refs, size_t *count)
{
	enum ps_field f;
	pcre2_code *re;

	if (need_field(b, a, &f) < 0 || (re = need_pattern(b, a)) == NULL)
		return -1;
	/* Checked alone; used in the alternation built at the end. */
	pcre2_code_free(re);
	*refs = ps_xrealloc(*refs, (*count + 1) * sizeof(**refs));
	(*refs)[*count].field = f;
	(*refs)[*count].lang = b->lang;
	(*refs)[*count].line = b->line;
	ps_alts_add(alts, a->p, (size_t) (a->end - a->p), (long) *count,
		    b->line);
	(*count)++;
	return 0;
}

static int
do_label(struct build *b, struct args *a)
{
	return add_rule(b, a, &b->labels, &b->rules->label,
			&b->rules->label_count);
}

static int
do_instruction(struct build *b, struct args *a)
{
	return add_rule(b, a, &b->instrs, &b->rules->instr,
			&b->rules->instr_count);
}

/* "language CODE": the language of the label and instruction lines below. */
static int
do_language(struct build *b, struct args *a)
{
	struct ps_rules *r = b->rules;
	const char *tok;
	size_t toklen, i;

	if (need_token(b, a, "language code", &tok, &toklen) < 0)
		return -1;
	if (ps_token_is(tok, toklen, "none")) {
		b->lang = -1;
		return no_more(b, a);
	}
	if (!good_token(tok, toklen))
		return fail(b, "bad language code", tok, toklen);
	if (no_more(b, a) < 0)
		return -1;
	for (i = 0; i < r->lang_count; i++)
		if (strlen(r->langs[i]) == toklen
		    && strncasecmp(r->langs[i], tok, toklen) == 0) {
			b->lang = (int) i;
			return 0;
		}
	r->langs = ps_xrealloc(r->langs, (r->lang_count + 1) * sizeof(char *));
	r->langs[r->lang_count] = ps_xstrndup(tok, toklen);
	for (i = 0; i < toklen; i++)
		if (r->langs[r->lang_count][i] >= 'A'
		    && r->langs[r->lang_count][i] <= 'Z')
			r->langs[r->lang_count][i] += 'a' - 'A';
	b->lang = (int) r->lang_count++;
	return 0;
}

static int
do_value(struct build *b, struct args *a)
{
	enum ps_field f;

	if (need_field(b, a, &f) < 0)
		return -1;
	return add_pattern(b, a, &b->rules->value[f], PS_NO_MARK);
}

static int
do_address(struct build *b, struct args *a)
{
	return add_pattern(b, a, &b->rules->address, PS_NO_MARK);
}

static int
do_stop(struct build *b, struct args *a)
{
	return add_pattern(b, a, &b->rules->stop, PS_NO_MARK);
}

static int
do_exclude(struct build *b, struct args *a)
{
	return add_pattern(b, a, &b->rules->excluded, PS_NO_MARK);
}

/* Index of a request type name, adding it when new. */
static size_t
request_index(struct ps_rules *r, char *name)
{
	size_t i;

	for (i = 0; i < r->request_count; i++)
		if (strcmp(r->request_name[i], name) == 0) {
			free(name);
			return i;
		}
	r->request_name = ps_xrealloc(r->request_name,
				      (r->request_count + 1) * sizeof(char *));
	r->request_name[r->request_count] = name;
	return r->request_count++;
}

static int
do_request_type(struct build *b, struct args *a)
{
	char *name;
	size_t i;

	if (need_quoted(b, a, &name) < 0)
		return -1;
	i = request_index(b->rules, name);
	return add_pattern(b, a, &b->rules->request_type, (long) i);
}

static int
do_technical(struct build *b, struct args *a)
{
	char *name;

	if (b->technical != NULL)
		return fail(b, "duplicate technical-request-type", NULL, 0);
	if (need_quoted(b, a, &name) < 0)
		return -1;
	b->technical = name;
	b->technical_line = b->line;
	return no_more(b, a);
}

static int
do_severity(struct build *b, struct args *a)
{
	enum ps_severity sev;
	const char *tok = a->p;

	ps_lines_skip_blanks(&tok, a->end);
	if (need_severity(b, a, &sev) < 0)
		return -1;
	if (sev == PS_SEV_S2) {
		ps_error_at(
			b->err, b->name, b->line,
			"bad severity "
			"'%.2s': S2 is the default, patterns are for S1 and "
			"S3",
			tok);
		return -1;
	}
	return add_pattern(b, a,
			   sev == PS_SEV_S1 ? &b->rules->severity_s1
					    : &b->rules->severity_s3,
			   PS_NO_MARK);
}

static int
do_sla(struct build *b, struct args *a)
{
	enum ps_severity sev;
	const char *tok[3];
	size_t len[3];
	const char *t;
	size_t tl;
	struct ps_sla_rule *sla;
	int priority = 0;
	int n = 0;

	if (need_severity(b, a, &sev) < 0)
		return -1;
	while (ps_token(&a->p, a->end, &t, &tl)) {
		if (n == 0 && !priority && ps_token_is(t, tl, "priority")) {
			priority = 1;
			continue;
		}
		if (n == 3)
			return fail(b, "too many arguments at", t, tl);
		if (!good_token(t, tl))
			return fail(b, "bad duration", t, tl);
		tok[n] = t;
		len[n++] = tl;
	}
	if (n < 2)
		return fail(b,
			    n == 0 ? "missing argument: first-response"
				   : "missing argument: problem-determination",
			    NULL, 0);
	sla = &b->rules->sla[sev - 1][priority];
	if (sla->set)
		return fail(b, "duplicate sla", NULL, 0);
	sla->set = 1;
	sla->first_response = ps_xstrndup(tok[0], len[0]);
	sla->problem_determination = ps_xstrndup(tok[1], len[1]);
	if (n == 3)
		sla->resolution_target = ps_xstrndup(tok[2], len[2]);
	return 0;
}

static int
do_support(struct build *b, struct args *a)
{
	struct ps_rules *r = b->rules;
	const char *addr, *dc;
	size_t alen, dlen, i;
	char *lower;

	if (need_token(b, a, "address", &addr, &alen) < 0)
		return -1;
	if (!good_address(addr, alen))
		return fail(b, "bad address", addr, alen);
	if (need_token(b, a, "datacenter", &dc, &dlen) < 0)
		return -1;
	if (!good_token(dc, dlen))
		return fail(b, "bad datacenter", dc, dlen);
	if (no_more(b, a) < 0)
		return -1;
	lower = ps_xstrndup(addr, alen);
	for (i = 0; i < alen; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char) (lower[i] - 'A' + 'a');
	for (i = 0; i < r->support_count; i++)
		if (strcmp(r->support[i].address, lower) == 0) {
			free(lower);
			return fail(b, "duplicate support address", addr, alen);
		}
	r->support = ps_xrealloc(r->support,
				 (r->support_count + 1) * sizeof(*r->support));
	r->support[r->support_count].address = lower;
	r->support[r->support_count].datacenter = ps_xstrndup(dc, dlen);
	r->support_count++;
	return 0;
}

static int
do_required(struct build *b, struct args *a)
{
	struct ps_rules *r = b->rules;
	enum ps_field f;
	const char *save;
	const char *tok;
	size_t toklen, i;

	b->required_seen = 1;
	save = a->p;
	if (ps_token(&a->p, a->end, &tok, &toklen)
	    && ps_token_is(tok, toklen, "none"))
		return no_more(b, a);
	a->p = save;
	if (need_field(b, a, &f) < 0)
		return -1;
	for (;;) {
		for (i = 0; i < r->required_count; i++)
			if (r->required[i] == f)
				return fail(b, "duplicate required field",
					    field_names[f],
					    strlen(field_names[f]));
		r->required[r->required_count++] = f;
		ps_lines_skip_blanks(&a->p, a->end);
		if (a->p >= a->end)
			return 0;
		if (need_field(b, a, &f) < 0)
			return -1;
	}
}

static int
need_limit(struct build *b, struct args *a, unsigned long *out)
{
	const char *tok;
	size_t toklen;

	if (need_token(b, a, "number", &tok, &toklen) < 0)
		return -1;
	if (ps_parse_ulong(tok, toklen, 1, 4294967295UL, out) < 0)
		return fail(b, "bad number", tok, toklen);
	return no_more(b, a);
}

static int
do_match_limit(struct build *b, struct args *a)
{
	return need_limit(b, a, &b->match_limit);
}

static int
do_depth_limit(struct build *b, struct args *a)
{
	return need_limit(b, a, &b->depth_limit);
}

static int
do_jit(struct build *b, struct args *a)
{
	const char *tok;
	size_t toklen;

	if (need_token(b, a, "yes or no", &tok, &toklen) < 0)
		return -1;
	if (ps_token_is(tok, toklen, "yes"))
		b->jit = 1;
	else if (ps_token_is(tok, toklen, "no"))
		b->jit = 0;
	else
		return fail(b, "expected yes or no, not", tok, toklen);
	return no_more(b, a);
}

static const struct directive {
	const char *name;
	int (*fn)(struct build *, struct args *);
} directives[] = {
	{"label", do_label},
	{"instruction", do_instruction},
	{"language", do_language},
	{"value", do_value},
	{"address", do_address},
	{"stop", do_stop},
	{"request-type", do_request_type},
	{"technical-request-type", do_technical},
	{"exclude-product", do_exclude},
	{"severity", do_severity},
	{"sla", do_sla},
	{"support", do_support},
	{"required", do_required},
	{"match-limit", do_match_limit},
	{"depth-limit", do_depth_limit},
	{"jit", do_jit},
};

static int
do_line(struct build *b, const char *line, size_t len)
{
	struct args a = {line, line + len};
	const char *word;
	size_t wlen, i;

	if (memchr(line, '\0', len) != NULL)
		return fail(b, "NUL byte in line", NULL, 0);
	ps_token(&a.p, a.end, &word, &wlen);
	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (ps_token_is(word, wlen, directives[i].name))
			return directives[i].fn(b, &a);
	return fail(b, "unknown directive", word, wlen);
}

/* The label alternation, and JIT for every list. */
static int
compile_all(struct build *b)
{
	struct ps_rules *r = b->rules;
	char msg[400];
	int f;

	r->labels = ps_alts_compile(&b->labels, label_prefix, label_suffix,
				    PCRE2_ANCHORED, b->jit, msg, sizeof(msg));
	if (r->labels == NULL) {
		ps_error_at(b->err, b->name, b->labels.line, "bad pattern: %s",
			    msg);
		return -1;
	}
	ps_dispatch_build(&r->label_pick, &b->labels, LABEL_MARKUP, LABEL_LEAD,
			  label_suffix, b->jit, b->match_limit, b->depth_limit);
	if (b->instrs.n > 0) {
		r->instructions = ps_alts_compile(&b->instrs, instr_prefix, "",
						  PCRE2_ANCHORED, b->jit, msg,
						  sizeof(msg));
		if (r->instructions == NULL) {
			ps_error_at(b->err, b->name, b->instrs.line,
				    "bad pattern: %s", msg);
			return -1;
		}
		ps_dispatch_build(&r->instr_pick, &b->instrs, INSTR_MARKUP,
				  NULL, "", b->jit, b->match_limit,
				  b->depth_limit);
		/* Also for the beginnings of wrapped instructions. */
		if (b->jit) {
			size_t i;

			(void) pcre2_jit_compile(
				r->instructions,
				PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
			for (i = 0; i < r->instr_pick.n; i++)
				(void) pcre2_jit_compile(
					r->instr_pick.code[i],
					PCRE2_JIT_COMPLETE
						| PCRE2_JIT_PARTIAL_HARD);
		}
	}
	ps_list_combine(&r->stop, b->jit);
	ps_scan_build(&r->severity_s1_scan, &r->severity_s1, b->jit);
	ps_scan_build(&r->severity_s3_scan, &r->severity_s3, b->jit);
	if (!b->jit)
		return 0;
	for (f = 0; f < PS_F_COUNT; f++)
		ps_list_jit(&r->value[f]);
	ps_list_jit(&r->address);
	ps_list_jit(&r->stop);
	ps_list_jit(&r->request_type);
	ps_list_jit(&r->excluded);
	ps_list_jit(&r->severity_s1);
	ps_list_jit(&r->severity_s3);
	return 0;
}

/* What a rule set cannot do without, checked after the last line. */
static int
check_complete(struct build *b)
{
	struct ps_rules *r = b->rules;
	size_t i;
	int s;

	if (b->labels.n == 0)
		return fail(b, "no label patterns", NULL, 0);
	if (r->address.n == 0)
		return fail(b, "no address pattern", NULL, 0);
	for (s = 0; s < 3; s++)
		if (!r->sla[s][0].set) {
			ps_error_at(b->err, b->name, b->line,
				    "missing sla for S%d", s + 1);
			return -1;
		}
	if (r->support_count == 0)
		return fail(b, "no support address", NULL, 0);
	if (b->technical != NULL) {
		for (i = 0; i < r->request_count; i++)
			if (strcmp(r->request_name[i], b->technical) == 0)
				r->technical = r->request_name[i];
		if (r->technical == NULL) {
			b->line = b->technical_line;
			return fail(b,
				    "technical-request-type names an "
				    "unknown request type",
				    b->technical, strlen(b->technical));
		}
	} else if (r->request_count > 0)
		return fail(b, "request types but no technical-request-type",
			    NULL, 0);
	if (!b->required_seen) {
		r->required_count = sizeof(default_required)
			/ sizeof(default_required[0]);
		memcpy(r->required, default_required, sizeof(default_required));
	}
	return 0;
}

static void
build_free(struct build *b)
{
	ps_alts_free(&b->labels);
	ps_alts_free(&b->instrs);
	free(b->technical);
}

static int
finish(struct build *b)
{
	struct ps_rules *r = b->rules;

	if (check_complete(b) < 0 || compile_all(b) < 0)
		return -1;
	if ((r->mctx = pcre2_match_context_create(NULL)) == NULL)
		ps_out_of_memory(0);
	pcre2_set_match_limit(r->mctx, (uint32_t) b->match_limit);
	pcre2_set_depth_limit(r->mctx, (uint32_t) b->depth_limit);
	return 0;
}

struct ps_rules *
ps_rules_parse(const char *name, const char *text, size_t len,
	       struct ps_error *err)
{
	struct build b;
	struct ps_lines it;
	const char *line;
	size_t n;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.name = name ? name : "rules";
	b.err = err;
	b.match_limit = 100000;
	b.depth_limit = 1000;
	b.jit = 1;
	b.lang = -1;
	b.rules = ps_xcalloc(1, sizeof(*b.rules));
	b.rules->name = ps_xstrdup(b.name);
	ps_lines_init(&it, text ? text : "", text ? len : 0);
	while (rc == 0 && ps_lines_next(&it, &line, &n)) {
		b.line = it.lineno;
		if (!ps_line_ignored(line, n))
			rc = do_line(&b, line, n);
	}
	if (rc == 0) {
		b.line = it.lineno;
		rc = finish(&b);
	}
	build_free(&b);
	if (rc < 0) {
		ps_rules_free(b.rules);
		return NULL;
	}
	return b.rules;
}

struct ps_rules *
ps_rules_load(const char *path, struct ps_error *err)
{
	struct ps_rules *rules;
	size_t len;
	char *text;

	if ((text = ps_read_file(path, RULES_FILE_MAX, &len, err)) == NULL)
		return NULL;
	rules = ps_rules_parse(path, text, len, err);
	free(text);
	return rules;
}

void
ps_rules_free(struct ps_rules *r)
{
	size_t i;
	int s, p;

	if (r == NULL)
		return;
	pcre2_match_context_free(r->mctx);
	pcre2_code_free(r->labels);
	ps_dispatch_free(&r->label_pick);
	free(r->label);
	pcre2_code_free(r->instructions);
	ps_dispatch_free(&r->instr_pick);
	free(r->instr);
	for (i = 0; i < r->lang_count; i++)
		free(r->langs[i]);
	free(r->langs);
	free(r->name);
	for (i = 0; i < PS_F_COUNT; i++)
		ps_list_free(&r->value[i]);
	ps_list_free(&r->address);
	ps_list_free(&r->stop);
	ps_list_free(&r->request_type);
	ps_list_free(&r->excluded);
	ps_list_free(&r->severity_s1);
	ps_list_free(&r->severity_s3);
	ps_scan_free(&r->severity_s1_scan);
	ps_scan_free(&r->severity_s3_scan);
	for (i = 0; i < r->request_count; i++)
		free(r->request_name[i]);
	free(r->request_name);
	for (s = 0; s < 3; s++)
		for (p = 0; p < 2; p++) {
			free(r->sla[s][p].first_response);
			free(r->sla[s][p].problem_determination);
			free(r->sla[s][p].resolution_target);
		}
	for (i = 0; i < r->support_count; i++) {
		free((char *) r->support[i].address);
		free((char *) r->support[i].datacenter);
	}
	free(r->support);
	free(r);
}
