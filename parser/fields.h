#ifndef PS_FIELDS_H
#define PS_FIELDS_H

/*
 * NAME
 *	fields.h - template fields from a message's text
 * SUMMARY
 *	Lines are matched against the label patterns of the rules.  A value
 *	follows its label on the same line, or stands on the next non-empty
 *	line; multi-line fields (reproducible, description, troubleshooting)
 *	run until the next label.  Unquoted text is read first; quoted text
 *	only fills the fields the unquoted text lacks.
 */

#include <stddef.h>

#include "parser/text.h"
#include "rules/rules.h"

struct ps_fields {
	char *value[PS_F_COUNT]; /* trimmed UTF-8 value, or NULL */
	char *customer_email;	 /* address from customer-email */
	struct ps_addrs emails;	 /* other addresses in template fields */
	const char *lang;	 /* language of the labels read ("en", "es",
				    "pt", "fr", "vi", "de"), or NULL */
};

void ps_fields_extract(const struct ps_rules *rules, const struct ps_text *text,
		       struct ps_fields *out);
void ps_fields_free(struct ps_fields *fields);

#endif
