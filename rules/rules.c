/*
 * NAME
 *	rules.c - load a rules file (labels, values, request types, excluded
 *	products, severity phrases, SLA, support addresses, limits)
 * SUMMARY
 *	ps_rules_parse() reads the directives of etc/psmilter.rules (whose
 *	comment block documents the syntax) and builds an immutable rule
 *	set; the questions asked of it are answered in rules_match.c.
 *	Each directive is read in rules_directives.c; this file reads the
 *	lines, puts the label and instruction patterns in their frame,
 *	compiles what the directives collected, and frees a rule set.
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

#include "rules/lines.h"
#include "rules/rules_build.h"
#include "util/xalloc.h"

#define RULES_FILE_MAX (16UL * 1024 * 1024)

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
 * closes "**Label:** value" (but not a quote that opens the value).
 * After a question mark ("Is the issue reproducible? Yes") the
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

	if (ps_rules_check_complete(b) < 0 || compile_all(b) < 0)
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
			rc = ps_rules_directive(&b, line, n);
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
