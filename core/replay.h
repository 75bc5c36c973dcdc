#ifndef PS_REPLAY_H
#define PS_REPLAY_H

/*
 * NAME
 *	replay.h - past mail through the decision path, one line each
 * SUMMARY
 *	psmilter -t with several files, a Maildir or an mbox (psmilter(8),
 *	"REPLAY"): every message goes through ps_pipeline_run() against one
 *	generation, and its verdict becomes one tab-separated line; a
 *	summary of counts follows.  The output is meant for a spreadsheet
 *	and for grep: a header line, one line per message, then an empty
 *	line and summary lines that start with "#".
 * DIAGNOSTICS
 *	An input or message that cannot be read gets a line with priority
 *	"error" and the reason, the reason is logged, and the run goes on.
 */

#include <stddef.h>
#include <stdio.h>

#include "core/decide.h"
#include "core/generation.h"

/*
 * Every message of every path (each a message file, "-", an mbox, a
 * Maildir or a directory of .eml files; core/mailbox.h) through the
 * pipeline, with env's sender and recipients (none: the message's To
 * and Cc).  Returns 0 when every input was read and out written, 1 when
 * something could not be read or out could not be written.
 */
int ps_replay(const struct ps_generation *gen, const char *const *paths,
	      size_t npaths, const struct ps_envelope *env, FILE *out);

/* 1 if psmilter -t path alone replays: a Maildir, directory or mbox. */
int ps_replay_wanted(const char *path);

#endif
