#ifndef PS_FIELDS_H
#define PS_FIELDS_H

/*
 * NAME
 *	fields.h - template fields from a message's text
 * SUMMARY
 *	Lines are matched against the label patterns of the rules.  A value
 *	follows its label on the same line, or stands on a following line:
 *	blank lines and the template's own instruction text are passed
 *	over, within a bound.  Multi-line fields (reproducible,
 *	description, troubleshooting) run until the next label.  Unquoted
 *	text is read first, then, when it lacks the customer email or a
 *	required field, the HTML alternative's unquoted text for the
 *	fields it lacks; quoted text only fills the fields both lack.
 *	Where each value came from is kept, for psmilter -t --explain.
 */

#include <stddef.h>

#include "parser/text.h"
#include "rules/rules.h"

/* Which text of a message a value was read from. */
enum ps_source_part {
	PS_SRC_PLAIN, /* a text/plain part */
	PS_SRC_HTML,  /* a text/html part, converted */
	PS_SRC_COUNT
};

/* Where one field's value came from. */
struct ps_field_source {
	enum ps_source_part part;
	int quoted;	      /* from quoted (">") text */
	int alternative;      /* from the HTML alternative of a plain text */
	unsigned label_line;  /* line of the label in that text, from 1 */
	unsigned value_line;  /* line the value starts on */
	int rule;	      /* label rule (ps_rules_label_rule) */
	char *label;	      /* the label as written, shortened */
	unsigned skipped;     /* instruction lines passed over */
	unsigned rejected;    /* earlier candidates that were no value */
	int instruction_rule; /* last instruction passed over, or -1 */
};

struct ps_fields {
	char *value[PS_F_COUNT]; /* trimmed UTF-8 value, or NULL */
	char *customer_email;	 /* address from customer-email */
	struct ps_addrs emails;	 /* other addresses in template fields */
	const char *lang;	 /* language of the labels read ("en", "es",
				    "pt", "fr", "vi", "de"), or NULL */
	struct ps_field_source src[PS_F_COUNT]; /* for each value */
};

/*
 * text is not changed but for its HTML alternatives, which are read
 * (ps_text_alternatives) when the plain text lacks the customer email
 * or a required field.
 */
void ps_fields_extract(const struct ps_rules *rules, struct ps_text *text,
		       struct ps_fields *out);
void ps_fields_free(struct ps_fields *fields);

#endif
