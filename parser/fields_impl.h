#ifndef PS_PARSER_FIELDS_IMPL_H
#define PS_PARSER_FIELDS_IMPL_H

/*
 * NAME
 *	fields_impl.h - the state of one field extraction (parser-internal)
 * SUMMARY
 *	struct collect, the text being read and the field being collected
 *	from it, shared by fields.c (the driver), fields_value.c (values
 *	collected, kept, and scanned for addresses) and
 *	fields_instruction.c (the template's instruction text passed
 *	over).  Nothing here is used outside parser/fields*.c.
 */

#include <stddef.h>

#include "parser/fields.h"
#include "parser/memo.h"

#define VALUE_MAX 4096 /* bytes kept per value */
#define JOIN_MAX  1024 /* bytes of a wrapped instruction joined */

/* One text being read, and the field being collected from it. */
struct collect {
	const struct ps_rules *rules;
	struct ps_text *text;
	struct ps_fields *out;
	struct ps_addrs *cand;	/* addresses seen in any field value */
	struct ps_memo *lines;	/* label, stop, instruction answers */
	struct ps_memo *values; /* values already scanned for addresses */
	/* the text */
	const char *base;
	int quoted;	  /* the quoted text */
	int alt;	  /* the HTML alternative's */
	int only_missing; /* collect only fields without a usable value */
	unsigned labels;  /* label lines read in the plain texts */
	size_t span;	  /* current part, in text->spans */
	unsigned lineno;
	/* the field */
	int field;     /* being collected, or -1 */
	int blank;     /* a blank line since the last one kept */
	unsigned look; /* lines passed over before its value */
	unsigned open; /* brackets an instruction left open */
	unsigned open_lines;
	size_t join_len; /* a wrapped instruction's lines so far, joined */
	unsigned join_lines;
	struct ps_field_source src;
	const char *label_at; /* its label line, until the value is kept */
	size_t label_len;
	int good[PS_F_COUNT]; /* the kept value is usable as is */
	int types_named;      /* request types in the value, or -1 */
	size_t len;
	/* The buffers last: they need no zeroing (see ps_fields_extract). */
	char buf[VALUE_MAX + 1];
	char join[JOIN_MAX + 1];
	char joined[2 * JOIN_MAX + 2];
};

/* Does field f hold a usable value already? */
static inline int
have(const struct collect *c, int f)
{
	return c->out->value[f] != NULL && c->good[f];
}

/* fields_value.c */
int ps_fields_is_blank_line(const char *s, size_t n);
void ps_fields_lower_ascii(char *s);
int ps_fields_addrs_has(const struct ps_addrs *a, const char *s);
void ps_fields_addrs_push(struct ps_addrs *a, char *s);
void ps_fields_reset(struct collect *c);
void ps_fields_finish(struct collect *c);
void ps_fields_look_on(struct collect *c);
void ps_fields_value_line(struct collect *c, const char *s, size_t n);

/* fields_instruction.c */
void ps_fields_candidate(struct collect *c, struct ps_memo_entry *e,
			 const char *line, size_t n, size_t off, int chain);
void
ps_fields_inside_instruction(struct collect *c, const char *line, size_t n);
void ps_fields_joined(struct collect *c, struct ps_memo_entry *e,
		      const char *line, size_t n);

#endif
