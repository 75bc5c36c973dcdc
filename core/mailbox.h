#ifndef PS_MAILBOX_H
#define PS_MAILBOX_H

/*
 * NAME
 *	mailbox.h - the messages of a file, an mbox, a Maildir or a
 *	directory of .eml files, one at a time
 * SUMMARY
 *	For psmilter -t replay (psmilter(8)).  An input is examined once
 *	(ps_mailbox_kind()), then read message by message: a message file
 *	whole, an mbox streamed (never more than one message and one 64 KiB
 *	buffer in memory), a Maildir's cur/ then new/ and a directory's
 *	*.eml files in name order.  Each message keeps at most limit + 1
 *	bytes, as the daemon does, so the parser can tell it was cut.
 * DESCRIPTION
 *	An mbox is a regular file whose first line begins with "From ".  A
 *	message starts at a "From " line that begins the file or follows an
 *	empty line; that empty line ends the message before it and is not
 *	part of it.  Lines of ">From ", ">>From ", ... lose one ">"
 *	(mboxrd; for mboxo it is the same for ">From ").  LF and CRLF lines
 *	both work, and so does a last message with no empty line after it.
 *	A Maildir is a directory with a cur/ or new/ subdirectory; tmp/
 *	(messages still being delivered) and names starting with "." are
 *	skipped, and so is anything that is not a regular file.
 * DIAGNOSTICS
 *	ps_mailbox_kind() and ps_mailbox_open() fail with "PATH: reason" in
 *	err.  A message that cannot be read is returned as an item with
 *	data NULL and the reason in its err, and reading goes on with the
 *	next one where there is a next one.
 */

#include <stddef.h>

#include "util/error.h"

enum ps_mailbox_kind {
	PS_MAILBOX_MESSAGE, /* one message: a file, or "-" for stdin */
	PS_MAILBOX_MBOX,
	PS_MAILBOX_MAILDIR,
	PS_MAILBOX_EML_DIR, /* a directory of NAME.eml files */
	PS_MAILBOX_KIND_COUNT
};

/* One message, or one that could not be read (data == NULL). */
struct ps_mail {
	char *data;	     /* the message, not NUL-terminated */
	size_t len;	     /* bytes in data: at most limit + 1 */
	char *source;	     /* "PATH", or "PATH:N@OFFSET" in an mbox */
	struct ps_error err; /* why data is NULL */
};

struct ps_mailbox;

/*
 * What path holds; "-" is stdin, one message.  Only a regular file's first
 * bytes are read, so a FIFO is one message and is not consumed here.
 */
int ps_mailbox_kind(const char *path, enum ps_mailbox_kind *kind,
		    struct ps_error *err);

/* Read path as kind (from ps_mailbox_kind()); NULL with the reason in err. */
struct ps_mailbox *ps_mailbox_open(const char *path, enum ps_mailbox_kind kind,
				   size_t limit, struct ps_error *err);

/* 1: *mail holds the next item (ps_mail_free() it); 0: no more. */
int ps_mailbox_next(struct ps_mailbox *mb, struct ps_mail *mail);

void ps_mailbox_close(struct ps_mailbox *mb);
void ps_mail_free(struct ps_mail *mail);

#endif
