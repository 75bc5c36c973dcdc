/*
 * NAME
 *	rules_match.c - questions answered by a loaded rule set
 * SUMMARY
 *	Labels, value narrowing, addresses, request types, excluded
 *	products, severity, SLA, support addresses and required fields.
 * DESCRIPTION
 *	A label costs at most one anchored match per line, usually of the
 *	few alternatives that can start it (see dispatch.c); the other
 *	questions try a short list of patterns (see pattern.c).  Every
 *	match is bounded.
 *	Subjects are cut to a prefix where only the start matters (a label
 *	opens its line).  A match that fails for any reason, including the
 *	match and depth limits, is "no match".
 */

#include <string.h>
#include <strings.h>

#include "rules/rules_impl.h"

/* Length of the blank or markup byte at s that may end a label, or 0. */
static int
is_markup(char c)
{
	return c == ' ' || c == '\t' || c == '*' || c == '_';
}

/*
 * Length of the separator at s[0, n) -- what the label suffix's SEP
 * takes, but for a tab and the end of the line -- or 0.
 */
static size_t
separator(const char *s, size_t n)
{
	static const char *const arrows[] = {
		"\xEF\xBC\x9A", /* ： */
		"\xE2\x86\x92", /* → */
		"\xE2\x87\x92", /* ⇒ */
		"\xE2\x9E\x94", /* ➔ */
		"\xE2\x9E\x9C", /* ➜ */
		"\xE2\x9F\xB6", /* ⟶ */
		"\xEF\x83\xA0", /* Outlook's AutoCorrect arrow, U+F0E0 */
	};
	size_t i, k = 0, dashes = 0;

	if (n == 0)
		return 0;
	if (s[0] == ':' || s[0] == '|')
		return 1;
	if (s[0] == '=') {
		while (k < n && s[k] == '=')
			k++;
		return k < n && s[k] == '>' ? k + 1 : 1;
	}
	for (i = 0; i < sizeof(arrows) / sizeof(arrows[0]); i++)
		if (n >= 3 && memcmp(s, arrows[i], 3) == 0)
			return 3;
	while (k < n && dashes < 2) {
		if (s[k] == '-')
			k++;
		else if (n - k >= 3
			 && (memcmp(s + k, "\xE2\x80\x93", 3) == 0
			     || memcmp(s + k, "\xE2\x80\x94", 3) == 0))
			k += 3;
		else
			break;
		dashes++;
	}
	if (dashes > 0) {
		if (k < n && s[k] == '>')
			return k + 1;
		return k == n || s[k] == ' ' || s[k] == '\t' ? k : 0;
	}
	/* windows-1252's rendering of the arrow, only between blanks */
	if (n >= 2 && memcmp(s, "\xC3\xA0", 2) == 0
	    && (n == 2 || s[2] == ' ' || s[2] == '\t'))
		return 2;
	return 0;
}

/* Length of the blank (ASCII or Unicode) or emphasis ending at s + to. */
static size_t
blank_back(const char *s, size_t from, size_t to)
{
	const unsigned char *u = (const unsigned char *) s;

	if (to > from && is_markup(s[to - 1]))
		return 1;
	if (to - from >= 2 && u[to - 2] == 0xC2 && u[to - 1] == 0xA0)
		return 2; /* no-break space */
	if (to - from < 3)
		return 0;
	u += to - 3;
	if ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)     /* U+3000 */
	    || (u[0] == 0xE2 && u[1] == 0x80 && u[2] <= 0x8A)  /* U+2000.. */
	    || (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)  /* U+202F */
	    || (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)) /* U+205F */
		return 3;
	return 0;
}

/* Does s[from, to) end with a separator or "?" (after blanks)? */
static int
ends_with_separator(const char *s, size_t from, size_t to)
{
	static const char *const tails[] = {
		"\xEF\xBC\x9A", "\xEF\xBC\x9F", "\xE2\x80\x93", "\xE2\x80\x94",
		"\xE2\x86\x92", "\xE2\x87\x92", "\xE2\x9E\x94", "\xE2\x9E\x9C",
		"\xE2\x9F\xB6", "\xEF\x83\xA0",
	};
	size_t i, k;

	while ((k = blank_back(s, from, to)) > 0) {
		if (s[to - 1] == '\t')
			return 1;
		to -= k;
	}
	if (to == from)
		return 0;
	if (strchr(":|=>?-", s[to - 1]) != NULL)
		return 1;
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (to - from >= 3 && memcmp(s + to - 3, tails[i], 3) == 0)
			return 1;
	return to - from >= 2 && memcmp(s + to - 2, "\xC3\xA0", 2) == 0;
}

unsigned
ps_bracket_depth(const char *s, size_t n, unsigned depth, size_t *stop)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth > 0
			 && --depth == 0 && stop != NULL) {
			*stop = i + 1;
			return 0;
		}
	}
	if (stop != NULL)
		*stop = n;
	return depth;
}

/*
 * The label match ended before a bracket it could not take (long or
 * nested: Zoho's instruction text).  The bracket counts as the label's
 * note when a separator, the end of the line or a value after an
 * instruction follows it; *off is then where the value starts.
 */
static int
bracketed_label(const struct ps_rules *rules, const char *s, size_t n,
		size_t at, size_t *off)
{
	struct ps_instruction_hit ih;
	size_t p, k;

	if (ps_bracket_depth(s + at, n - at, 0, &p) != 0)
		return 0;
	for (p += at; p < n && is_markup(s[p]); p++)
		;
	if (p == n) {
		*off = n;
		return 1;
	}
	if ((k = separator(s + p, n - p)) > 0) {
		for (p += k; p < n && is_markup(s[p]); p++)
			;
		*off = p;
		return 1;
	}
	if (ps_rules_instruction(rules, s + at, n - at, &ih) && ih.open == 0
	    && ih.rest < n - at) {
		*off = at + ih.rest;
		return 1;
	}
	return 0;
}

int
ps_rules_label_hit(const struct ps_rules *rules, const char *line, size_t len,
		   struct ps_label_hit *hit)
{
	struct ps_instruction_hit ih;
	uint32_t options = 0;
	size_t n, so, eo, start;
	long mark;
	const pcre2_code *re;
	int rc;

	if (rules == NULL || line == NULL)
		return -1;
	n = ps_prefix(line, len, PS_LINE_SCAN, &options);
	/* Most lines need only the alternatives that can start them. */
	re = ps_dispatch_pick(&rules->label_pick, rules->labels, line, n,
			      &start);
	if (re == NULL)
		return -1;
	rc = PS_FAILED;
	if (re != rules->labels)
		rc = ps_try(re, rules->label_pick.mctx, line, n, start, options,
			    &so, &eo, &mark);
	if (rc == PS_NOMATCH)
		return -1;
	if (rc == PS_FAILED
	    && !ps_pattern_match(rules->labels, rules->mctx, line, n, 0,
				 options, &so, &eo, &mark))
		return -1;
	if (mark < 0 || (size_t) mark >= rules->label_count)
		return -1;
	if (eo < n && !ends_with_separator(line, so, eo)) {
		if (line[eo] == '(' || line[eo] == '[') {
			if (!bracketed_label(rules, line, n, eo, &eo))
				return -1;
		} else if (!ps_rules_instruction(rules, line + eo, n - eo, &ih)
			   && !ps_rules_instruction_begins(rules, line + eo,
							   n - eo))
			return -1; /* "Label  text" is only a label before an
				      instruction */
	}
	hit->field = (int) rules->label[mark].field;
	hit->rule = (int) mark;
	hit->value_off = eo;
	return hit->field;
}

int
ps_rules_label(const struct ps_rules *rules, const char *line, size_t len,
	       size_t *value_off)
{
	struct ps_label_hit hit;
	int f = ps_rules_label_hit(rules, line, len, &hit);

	if (f >= 0)
		*value_off = hit.value_off;
	return f;
}

static int
rule_info(const struct ps_rules *rules, const struct ps_rule_ref *refs,
	  size_t count, int i, struct ps_rule_info *out)
{
	if (rules == NULL || i < 0 || (size_t) i >= count)
		return -1;
	out->field = refs[i].field;
	out->lang = refs[i].lang >= 0 ? rules->langs[refs[i].lang] : NULL;
	out->line = refs[i].line;
	return 0;
}

int
ps_rules_label_rule(const struct ps_rules *rules, int i,
		    struct ps_rule_info *out)
{
	return rule_info(rules, rules ? rules->label : NULL,
			 rules ? rules->label_count : 0, i, out);
}

int
ps_rules_instruction_rule(const struct ps_rules *rules, int i,
			  struct ps_rule_info *out)
{
	return rule_info(rules, rules ? rules->instr : NULL,
			 rules ? rules->instr_count : 0, i, out);
}

const char *
ps_rules_name(const struct ps_rules *rules)
{
	return rules ? rules->name : NULL;
}

/* Blanks, emphasis, bullets and quotes before an instruction. */
static size_t
instruction_markup(const char *s, size_t n)
{
	static const char *const wide[] = {
		"\xE2\x80\xA2", /* • */
		"\xE2\x80\x93", /* – */
		"\xE2\x80\x94", /* — */
		"\xE2\x80\x9C", /* " */
		"\xE2\x80\x9E", /* „ */
	};
	size_t i = 0, k;

	while (i < n) {
		if (strchr(" \t*_/>|\"-", s[i]) != NULL && s[i] != '\0') {
			i++;
			continue;
		}
		for (k = 0; k < sizeof(wide) / sizeof(wide[0]); k++)
			if (n - i >= 3 && memcmp(s + i, wide[k], 3) == 0)
				break;
		if (k == sizeof(wide) / sizeof(wide[0]))
			break;
		i += 3;
	}
	return i;
}

int
ps_rules_instruction(const struct ps_rules *rules, const char *s, size_t len,
		     struct ps_instruction_hit *hit)
{
	uint32_t options = 0;
	size_t n, i, so, eo, start, p, last, used, k;
	unsigned depth = 0;
	int closed;
	const pcre2_code *re;
	long mark;
	int rc;

	if (rules == NULL || rules->instructions == NULL || s == NULL)
		return 0;
	n = ps_prefix(s, len, PS_LINE_SCAN, &options);
	i = instruction_markup(s, n);
	if (i < n && (s[i] == '(' || s[i] == '[')) {
		depth = 1;
		i++;
	}
	re = ps_dispatch_pick(&rules->instr_pick, rules->instructions, s + i,
			      n - i, &start);
	if (re == NULL)
		return 0;
	rc = PS_FAILED;
	if (re != rules->instructions)
		rc = ps_try(re, rules->instr_pick.mctx, s + i, n - i, start,
			    options, &so, &eo, &mark);
	if (rc == PS_NOMATCH)
		return 0;
	if (rc == PS_FAILED
	    && !ps_pattern_match(rules->instructions, rules->mctx, s + i, n - i,
				 0, options, &so, &eo, &mark))
		return 0;
	if (mark < 0 || (size_t) mark >= rules->instr_count)
		return 0;
	/* To the bracket that closes the ones it opened. */
	depth = ps_bracket_depth(s + i, eo, depth, NULL);
	p = i + eo;
	if (depth > 0) {
		depth = ps_bracket_depth(s + p, n - p, depth, &used);
		p += used;
	}
	hit->rule = (int) mark;
	hit->field = (int) rules->instr[mark].field;
	hit->open = depth;
	hit->rest = len;
	if (depth > 0)
		return 1;
	last = p;
	/* Its full stop, and the emphasis a text rendering closes it with. */
	while (p < n && strchr(".!*_/", s[p]) != NULL && s[p] != '\0')
		p++;
	/* A sentence or a bracket that ended: the value may follow. */
	closed = p > last
		|| (last > 0 && memchr(")].:", s[last - 1], 4) != NULL);
	while (p < n && is_markup(s[p]))
		p++;
	if (p == n)
		return 1;
	if ((k = separator(s + p, n - p)) > 0) {
		for (p += k; p < n && is_markup(s[p]); p++)
			;
		hit->rest = p;
		return 1;
	}
	if (closed) {
		hit->rest = p;
		return 1;
	}
	return 0;
}

int
ps_rules_stop(const struct ps_rules *rules, const char *line, size_t len)
{
	uint32_t options = 0;
	size_t n;

	if (rules == NULL || line == NULL)
		return 0;
	n = ps_prefix(line, len, PS_LINE_SCAN, &options);
	return ps_list_any(&rules->stop, rules->mctx, line, n, options);
}

int
ps_rules_value(const struct ps_rules *rules, enum ps_field field, const char *s,
	       size_t len, size_t *so, size_t *eo)
{
	if (rules == NULL || (int) field < 0 || field >= PS_F_COUNT
	    || rules->value[field].n == 0)
		return 0;
	if (s == NULL)
		return -1;
	return ps_list_first(&rules->value[field], rules->mctx, s, len, 0, 0,
			     so, eo, NULL)
		? 1
		: -1;
}

int
ps_rules_next_address(const struct ps_rules *rules, const char *s, size_t len,
		      size_t start, size_t *so, size_t *eo)
{
	if (rules == NULL || s == NULL)
		return 0;
	return ps_list_first(&rules->address, rules->mctx, s, len, start, 0, so,
			     eo, NULL);
}

const char *
ps_rules_request_type(const struct ps_rules *rules, const char *value)
{
	uint32_t options = 0;
	size_t n, so, eo;
	long mark;

	if (rules == NULL || value == NULL)
		return NULL;
	n = ps_prefix(value, strlen(value), PS_VALUE_SCAN, &options);
	if (!ps_list_first(&rules->request_type, rules->mctx, value, n, 0,
			   options, &so, &eo, &mark))
		return NULL;
	if (mark < 0 || (size_t) mark >= rules->request_count)
		return NULL;
	return rules->request_name[mark];
}

const char *
ps_rules_technical_request_type(const struct ps_rules *rules)
{
	return rules ? rules->technical : NULL;
}

int
ps_rules_product_excluded(const struct ps_rules *rules, const char *product)
{
	uint32_t options = 0;
	size_t n;

	if (rules == NULL || product == NULL)
		return 0;
	n = ps_prefix(product, strlen(product), PS_VALUE_SCAN, &options);
	return ps_list_any(&rules->excluded, rules->mctx, product, n, options);
}

/* Does any of the texts match any pattern of the list? */
static int
any_text(const struct ps_rules *rules, const struct ps_list *list,
	 const struct ps_scan *scan, const char *const *texts, size_t ntexts)
{
	uint32_t options;
	size_t i, n;

	if (texts == NULL)
		return 0;
	for (i = 0; i < ntexts; i++) {
		if (texts[i] == NULL)
			continue;
		options = 0;
		n = ps_prefix(texts[i], strlen(texts[i]), PS_TEXT_SCAN,
			      &options);
		/* One pass usually proves "no phrase"; else each pattern. */
		if (!ps_scan_none(scan, rules->mctx, texts[i], n, options)
		    && ps_list_any(list, rules->mctx, texts[i], n, options))
			return 1;
	}
	return 0;
}

int
ps_rules_instruction_begins(const struct ps_rules *rules, const char *s,
			    size_t len)
{
	const pcre2_code *re;
	pcre2_match_context *mctx = rules ? rules->mctx : NULL;
	size_t n, i, start;
	int rc;

	if (rules == NULL || rules->instructions == NULL || s == NULL
	    || len > PS_LINE_SCAN)
		return 0;
	n = len;
	i = instruction_markup(s, n);
	if (i < n && (s[i] == '(' || s[i] == '['))
		i++;
	while (i < n && is_markup(s[i]))
		i++;
	if (n - i < PS_PARTIAL_MIN)
		return 0;
	/* As for a whole match: only the alternatives its first byte picks. */
	re = ps_dispatch_pick(&rules->instr_pick, rules->instructions, s + i,
			      n - i, &start);
	if (re == NULL)
		return 0;
	if (re != rules->instructions)
		mctx = rules->instr_pick.mctx;
	else
		start = 0;
	/* JIT-compiled for partial matching too (rules.c); else the
	 * interpreter runs. */
	rc = pcre2_jit_match(re, (PCRE2_SPTR) s + i, n - i, start,
			     PCRE2_PARTIAL_HARD, ps_match_data(), mctx);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(re, (PCRE2_SPTR) s + i, n - i, start,
				 PCRE2_PARTIAL_HARD, ps_match_data(), mctx);
	return rc == PCRE2_ERROR_PARTIAL;
}

/* Which pattern of the list matches which text first, for *why. */
static void
find_phrase(const struct ps_rules *rules, const struct ps_list *list,
	    const char *const *texts, size_t ntexts, struct ps_phrase *out)
{
	uint32_t options;
	size_t i, n, so, eo;
	long k;

	memset(out, 0, sizeof(*out));
	for (i = 0; texts != NULL && i < ntexts; i++) {
		if (texts[i] == NULL)
			continue;
		options = 0;
		n = ps_prefix(texts[i], strlen(texts[i]), PS_TEXT_SCAN,
			      &options);
		if ((k = ps_list_which(list, rules->mctx, texts[i], n, options,
				       &so, &eo))
		    >= 0) {
			out->found = 1;
			out->text = i;
			out->line = list->line[k];
			out->so = so;
			out->eo = eo;
			return;
		}
	}
}

enum ps_severity
ps_rules_severity_why(const struct ps_rules *rules, const char *request_type,
		      const char *const *texts, size_t ntexts, int no_s1,
		      struct ps_severity_why *why)
{
	struct ps_severity_why none;

	if (why == NULL)
		why = &none;
	memset(why, 0, sizeof(*why));
	if (rules == NULL)
		return PS_SEV_S2;
	if (request_type != NULL && rules->technical != NULL
	    && strcasecmp(request_type, rules->technical) != 0) {
		why->cause = PS_CAUSE_REQUEST_TYPE;
		return PS_SEV_S3;
	}
	if (any_text(rules, &rules->severity_s1, &rules->severity_s1_scan,
		     texts, ntexts)) {
		if (why != &none)
			find_phrase(rules, &rules->severity_s1, texts, ntexts,
				    no_s1 ? &why->ignored : &why->phrase);
		if (!no_s1) {
			why->cause = PS_CAUSE_S1_PHRASE;
			return PS_SEV_S1;
		}
	}
	if (any_text(rules, &rules->severity_s3, &rules->severity_s3_scan,
		     texts, ntexts)) {
		if (why != &none)
			find_phrase(rules, &rules->severity_s3, texts, ntexts,
				    &why->phrase);
		why->cause = PS_CAUSE_S3_PHRASE;
		return PS_SEV_S3;
	}
	return PS_SEV_S2;
}

enum ps_severity
ps_rules_severity(const struct ps_rules *rules, const char *request_type,
		  const char *const *texts, size_t ntexts)
{
	return ps_rules_severity_why(rules, request_type, texts, ntexts, 0,
				     NULL);
}

size_t
ps_rules_request_types_named(const struct ps_rules *rules, const char *value,
			     size_t len, size_t max)
{
	uint32_t options = 0;
	size_t n, so, eo, pos = 0, count = 0, i;
	long mark, seen[16];

	if (rules == NULL || value == NULL)
		return 0;
	if (max > sizeof(seen) / sizeof(seen[0]))
		max = sizeof(seen) / sizeof(seen[0]);
	n = ps_prefix(value, len, PS_VALUE_SCAN, &options);
	while (count < max && pos < n
	       && ps_list_first(&rules->request_type, rules->mctx, value, n,
				pos, options, &so, &eo, &mark)) {
		for (i = 0; i < count && seen[i] != mark; i++)
			;
		if (i == count)
			seen[count++] = mark;
		pos = eo > so ? eo : so + 1;
	}
	return count;
}

struct ps_sla
ps_rules_sla(const struct ps_rules *rules, enum ps_severity sev, int priority)
{
	struct ps_sla out = {NULL, NULL, NULL};
	const struct ps_sla_rule *s;

	if (rules == NULL || sev < PS_SEV_S1 || sev > PS_SEV_S3)
		return out;
	s = &rules->sla[sev - 1][0];
	if (priority && rules->sla[sev - 1][1].set)
		s = &rules->sla[sev - 1][1];
	out.first_response = s->first_response;
	out.problem_determination = s->problem_determination;
	out.resolution_target = s->resolution_target;
	return out;
}

size_t
ps_rules_support_count(const struct ps_rules *rules)
{
	return rules ? rules->support_count : 0;
}

const struct ps_support_address *
ps_rules_support(const struct ps_rules *rules, size_t i)
{
	if (rules == NULL || i >= rules->support_count)
		return NULL;
	return &rules->support[i];
}

size_t
ps_rules_required_count(const struct ps_rules *rules)
{
	return rules ? rules->required_count : 0;
}

enum ps_field
ps_rules_required(const struct ps_rules *rules, size_t i)
{
	if (rules == NULL || i >= rules->required_count)
		return PS_F_COUNT;
	return rules->required[i];
}

void
ps_rules_thread_cleanup(void)
{
	ps_thread_cleanup();
}
