/*
 * NAME
 *	rules_directives.c - the directives of a rules file, one line at a
 *	time
 * SUMMARY
 *	ps_rules_directive() reads one line of a rules file: its directive
 *	word picks the function that reads its arguments, checks them and
 *	adds what they say to the rule set being built (etc/psmilter.rules,
 *	whose comment block documents the syntax).  After the last line,
 *	ps_rules_check_complete() says whether the rule set has what a
 *	working milter cannot do without.  The field names here are those
 *	of the rules file, for ps_field_name() and ps_field_by_name() too.
 * DESCRIPTION
 *	Each pattern is compiled as its line is read, so an error points at
 *	the line that causes it; label and instruction patterns are kept
 *	as text too, for the alternations rules.c builds at the end.
 * DIAGNOSTICS
 *	-1 with "NAME:LINE: reason" in the build's error: unknown
 *	directive, unknown field, bad pattern (PCRE2 message and offset),
 *	missing argument, bad severity, bad number, duplicates, and missing
 *	sections (reported at the last line).
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/lines.h"
#include "rules/rules_build.h"
#include "util/xalloc.h"

#define NAME_MAX_LEN  64
#define TOKEN_MAX_LEN 16

static const char *const field_names[PS_F_COUNT] = {
	"customer-email", "request-type",    "reproducible", "product",
	"description",	  "troubleshooting", "org-id",	     "user-id",
};

/* Used when a rules file has no "required" directive. */
static const enum ps_field default_required[] = {
	PS_F_CUSTOMER_EMAIL, PS_F_REQUEST_TYPE, PS_F_REPRODUCIBLE,
	PS_F_PRODUCT,	     PS_F_DESCRIPTION,
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

static int
fail(struct build *b, const char *what, const char *tok, size_t toklen)
{
	return ps_token_error(b->err, b->name, b->line, what, tok, toklen);
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

int
ps_rules_directive(struct build *b, const char *line, size_t len)
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

/* What a rule set cannot do without, checked after the last line. */
int
ps_rules_check_complete(struct build *b)
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
