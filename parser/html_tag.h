#ifndef PS_PARSER_HTML_TAG_H
#define PS_PARSER_HTML_TAG_H

/*
 * NAME
 *	html_tag.h - HTML markup lexer (parser-internal)
 * SUMMARY
 *	ps_tag_lex() reads the markup that starts at a "<": a start or end
 *	tag with the few attributes the converter uses, or a comment,
 *	doctype or processing instruction (reported as PS_MARKUP_SKIP).
 *	It returns the position after the markup, the end of input when
 *	the markup is never closed, or NULL when the "<" is plain text.
 *	ps_tag_skip_raw() skips the contents of script, style and the
 *	like up to and including their end tag.
 *	Attribute values point into the input, undecoded.
 */

#include <stddef.h>

#define PS_TAG_NAME_MAX 15

enum ps_markup {
	PS_MARKUP_TAG,
	PS_MARKUP_SKIP,
};

struct ps_attr {
	const char *v;
	size_t len;
};

struct ps_tag {
	char name[PS_TAG_NAME_MAX + 1]; /* lowercase, "" if too long */
	int end;			/* </name> */
	int self_closing;		/* <name/> */
	struct ps_attr href, class_, type, style, charset, content;
};

const char *ps_tag_lex(const char *lt, const char *end, struct ps_tag *t,
		       enum ps_markup *kind);
const char *ps_tag_skip_raw(const char *p, const char *end, const char *name);

#endif
