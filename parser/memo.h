#ifndef PS_PARSER_MEMO_H
#define PS_PARSER_MEMO_H

/*
 * NAME
 *	memo.h - what the rules said of a line already seen (parser-internal)
 * SUMMARY
 *	ps_memo_get() finds the entry for the bytes [s, s+n), adding one
 *	(its ints set to PS_MEMO_UNKNOWN) when they are new and the memo
 *	holds fewer than max entries; NULL when they are new and it is
 *	full, or when the lookup met too many colliding entries.  With
 *	copy set the memo keeps its own copy of each key, else the
 *	caller's bytes must outlive it.
 */

#include <stddef.h>
#include <stdint.h>

#include "rules/rules.h"

#define PS_MEMO_UNKNOWN (-2)

/*
 * What fields.c and fields_instruction.c ask of a line, packed: the memo
 * holds 4,096 of them.
 */
struct ps_memo_entry {
	signed char a, b, c; /* the caller's answers, or PS_MEMO_UNKNOWN */
	signed char ifield;  /* with c: the instruction's field */
	int rule;	     /* with a: the label rule */
	int irule;	     /* with c: the instruction rule */
	unsigned off;	     /* with a: where the value starts */
	unsigned irest;	     /* with c: where the value after it starts */
	unsigned iopen;	     /* with c: brackets it leaves open */
};

struct ps_memo;

struct ps_memo *ps_memo_new(size_t max, int copy);
struct ps_memo_entry *
ps_memo_get(struct ps_memo *m, const char *s, size_t n, int *added);
void ps_memo_free(struct ps_memo *m);
uint64_t ps_memo_hash(const char *s, size_t n); /* for the tests */

#endif
