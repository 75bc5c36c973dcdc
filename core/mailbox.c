/*
 * NAME
 *	mailbox.c - read messages from files, mboxes, Maildirs and .eml
 *	directories
 * SUMMARY
 *	Memory stays bounded whatever the input: an mbox is read through
 *	one CHUNK-byte buffer, a line longer than that arrives in pieces,
 *	and a message keeps at most limit + 1 bytes (the rest is read and
 *	dropped, so the next message is still found).  A directory costs
 *	one name per message it holds.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/mailbox.h"
#include "util/xalloc.h"

#define CHUNK 65536 /* longest piece of an mbox line handled at once */

/* An mbox stream cut into lines, or CHUNK-byte pieces of longer ones. */
struct reader {
	FILE *fp;
	char *buf;
	size_t start, end;	   /* unread bytes: buf[start, end) */
	unsigned long long offset; /* file offset of buf[start] */
	int bol;		   /* buf[start] begins a line */
	int eof;
};

struct piece {
	const char *p;
	size_t len;
	int bol; /* it begins a line */
	unsigned long long offset;
};

struct ps_mailbox {
	enum ps_mailbox_kind kind;
	char *path;
	size_t cap; /* bytes kept of a message: limit + 1 */
	/* one message */
	int done;
	/* mbox */
	struct reader rd;
	unsigned long nmsg;		/* messages started */
	int have_from;			/* a From_ line starts the next one */
	int from_open;			/* and its end is not read yet */
	unsigned long long from_offset; /* where that line starts */
	/* Maildir, directory */
	char **names;
	size_t nnames, next;
};

static int
reader_next(struct reader *r, struct piece *pc)
{
	char *nl;
	size_t n;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL || r->end - r->start == CHUNK
		    || (r->eof && r->end > r->start))
			break;
		if (r->eof)
			return 0;
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
		n = fread(r->buf + r->end, 1, CHUNK - r->end, r->fp);
		r->end += n;
		if (n == 0) {
			if (ferror(r->fp))
				return -1;
			r->eof = 1;
		}
	}
	pc->p = r->buf + r->start;
	pc->len = nl != NULL ? (size_t) (nl - pc->p) + 1 : r->end - r->start;
	pc->bol = r->bol;
	pc->offset = r->offset;
	r->bol = nl != NULL;
	r->start += pc->len;
	r->offset += pc->len;
	return 1;
}

static int
is_from_line(const struct piece *pc)
{
	return pc->bol && pc->len >= 5 && memcmp(pc->p, "From ", 5) == 0;
}

/* ">From ", ">>From ", ...: written for a "From " line of the message. */
static int
is_escaped_from(const struct piece *pc)
{
	size_t i = 0;

	if (!pc->bol)
		return 0;
	while (i < pc->len && pc->p[i] == '>')
		i++;
	return i > 0 && pc->len - i >= 5 && memcmp(pc->p + i, "From ", 5) == 0;
}

static int
is_empty_line(const struct piece *pc)
{
	return pc->bol
		&& ((pc->len == 1 && pc->p[0] == '\n')
		    || (pc->len == 2 && pc->p[0] == '\r' && pc->p[1] == '\n'));
}

static int
ends_line(const struct piece *pc)
{
	return pc->len > 0 && pc->p[pc->len - 1] == '\n';
}

/* Keep what fits in mb->cap bytes; *size is data's allocation. */
static void
append(const struct ps_mailbox *mb, struct ps_mail *mail, size_t *size,
       const char *p, size_t n)
{
	size_t want;

	if (n > mb->cap - mail->len)
		n = mb->cap - mail->len;
	if (n == 0)
		return;
	if (mail->len + n > *size) {
		want = *size > 0 ? *size : 4096;
		while (want < mail->len + n)
			want *= 2;
		*size = want < mb->cap ? want : mb->cap;
		mail->data = ps_xrealloc(mail->data, *size);
	}
	memcpy(mail->data + mail->len, p, n);
	mail->len += n;
}

static void
fail(struct ps_mail *mail, const char *what, int errnum)
{
	free(mail->data);
	mail->data = NULL;
	mail->len = 0;
	ps_error_set(&mail->err, "%s: %s", what, strerror(errnum));
}

/* A message file, or stdin: its first cap bytes. */
static void
read_file(const struct ps_mailbox *mb, const char *path, struct ps_mail *mail)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	size_t size = 0, n;
	char buf[CHUNK];

	if (fp == NULL) {
		fail(mail, path, errno);
		return;
	}
	mail->data = ps_xmalloc(1);
	errno = 0;
	while (mail->len < mb->cap && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		append(mb, mail, &size, buf, n);
	if (ferror(fp))
		fail(mail, path, errno != 0 ? errno : EIO);
	if (!is_stdin)
		fclose(fp);
}

/*
 * The message after the From_ line at mb->from_offset: every line up to
 * the next "From " line that follows an empty line, or to the end.
 */
static void
mbox_message(struct ps_mailbox *mb, struct ps_mail *mail)
{
	struct piece pc;
	size_t size = 0, held = 0;
	int rc, in_from = mb->from_open;

	mail->data = ps_xmalloc(1);
	while ((rc = reader_next(&mb->rd, &pc)) > 0) {
		if (in_from) { /* the rest of a long From_ line */
			in_from = !ends_line(&pc);
			continue;
		}
		if (held > 0 && is_from_line(&pc)) {
			mb->from_offset = pc.offset;
			mb->from_open = !ends_line(&pc);
			return;
		}
		/* An empty line is the message's only if no From_ follows. */
		if (held > 0)
			append(mb, mail, &size, held == 1 ? "\n" : "\r\n",
			       held);
		held = 0;
		if (is_empty_line(&pc))
			held = pc.len;
		else if (is_escaped_from(&pc))
			append(mb, mail, &size, pc.p + 1, pc.len - 1);
		else
			append(mb, mail, &size, pc.p, pc.len);
	}
	mb->have_from = 0;
	if (rc < 0)
		fail(mail, mail->source, errno != 0 ? errno : EIO);
}

static int
mbox_open(struct ps_mailbox *mb, struct ps_error *err)
{
	struct piece pc;
	int rc;

	if ((mb->rd.fp = fopen(mb->path, "rb")) == NULL) {
		ps_error_set(err, "%s: %s", mb->path, strerror(errno));
		return -1;
	}
	mb->rd.buf = ps_xmalloc(CHUNK);
	mb->rd.bol = 1;
	if ((rc = reader_next(&mb->rd, &pc)) < 0) {
		ps_error_set(err, "%s: %s", mb->path, strerror(errno));
		return -1;
	}
	if (rc == 0) /* an empty mbox holds no message */
		return 0;
	if (!is_from_line(&pc)) {
		ps_error_set(err, "%s: not an mbox: no \"From \" line first",
			     mb->path);
		return -1;
	}
	mb->have_from = 1;
	mb->from_open = !ends_line(&pc);
	mb->from_offset = 0;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static int
has_eml_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".eml") == 0;
}

/*
 * Add dir's message files, in name order.  A file that cannot be examined
 * is listed all the same, so that reading it reports why.
 */
static int
list_dir(struct ps_mailbox *mb, const char *dir, int eml_only,
	 struct ps_error *err)
{
	struct dirent *de;
	struct stat st;
	size_t first = mb->nnames, alloc = mb->nnames;
	char *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		ps_error_set(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.'
		    || (eml_only && !has_eml_suffix(de->d_name)))
			continue;
		path = ps_xmalloc(strlen(dir) + strlen(de->d_name) + 2);
		sprintf(path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (mb->nnames == alloc) {
			alloc = alloc > 0 ? alloc * 2 : 64;
			mb->names = ps_xrealloc(mb->names,
						alloc * sizeof(*mb->names));
		}
		mb->names[mb->nnames++] = path;
	}
	closedir(d);
	qsort(mb->names + first, mb->nnames - first, sizeof(*mb->names),
	      by_name);
	return 0;
}

static int
is_dir(const char *dir, const char *sub)
{
	char path[4096];
	struct stat st;

	if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, sub)
	    >= sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
maildir_open(struct ps_mailbox *mb, struct ps_error *err)
{
	static const char *const subdirs[] = {"cur", "new"};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		if (!is_dir(mb->path, subdirs[i]))
			continue;
		snprintf(path, sizeof(path), "%s/%s", mb->path, subdirs[i]);
		if (list_dir(mb, path, 0, err) < 0)
			return -1;
	}
	return 0;
}

int
ps_mailbox_kind(const char *path, enum ps_mailbox_kind *kind,
		struct ps_error *err)
{
	struct stat st;
	char head[5];
	FILE *fp;

	*kind = PS_MAILBOX_MESSAGE;
	if (strcmp(path, "-") == 0)
		return 0;
	if (stat(path, &st) < 0) {
		ps_error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		*kind = is_dir(path, "cur") || is_dir(path, "new")
			? PS_MAILBOX_MAILDIR
			: PS_MAILBOX_EML_DIR;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		ps_error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fread(head, 1, sizeof(head), fp) == sizeof(head)
	    && memcmp(head, "From ", 5) == 0)
		*kind = PS_MAILBOX_MBOX;
	fclose(fp);
	return 0;
}

struct ps_mailbox *
ps_mailbox_open(const char *path, enum ps_mailbox_kind kind, size_t limit,
		struct ps_error *err)
{
	struct ps_mailbox *mb = ps_xcalloc(1, sizeof(*mb));
	int rc = 0;

	mb->kind = kind;
	mb->path = ps_xstrdup(path);
	mb->cap = limit < (size_t) -1 ? limit + 1 : limit;
	switch (kind) {
	case PS_MAILBOX_MBOX: rc = mbox_open(mb, err); break;
	case PS_MAILBOX_MAILDIR: rc = maildir_open(mb, err); break;
	case PS_MAILBOX_EML_DIR: rc = list_dir(mb, path, 1, err); break;
	default: break;
	}
	if (rc < 0) {
		ps_mailbox_close(mb);
		return NULL;
	}
	return mb;
}

int
ps_mailbox_next(struct ps_mailbox *mb, struct ps_mail *mail)
{
	char label[64];

	memset(mail, 0, sizeof(*mail));
	switch (mb->kind) {
	case PS_MAILBOX_MBOX:
		if (!mb->have_from)
			return 0;
		snprintf(label, sizeof(label), ":%lu@%llu", ++mb->nmsg,
			 mb->from_offset);
		mail->source = ps_xmalloc(strlen(mb->path) + strlen(label) + 1);
		strcpy(mail->source, mb->path);
		strcat(mail->source, label);
		mbox_message(mb, mail);
		return 1;
	case PS_MAILBOX_MAILDIR:
	case PS_MAILBOX_EML_DIR:
		if (mb->next == mb->nnames)
			return 0;
		mail->source = ps_xstrdup(mb->names[mb->next++]);
		read_file(mb, mail->source, mail);
		return 1;
	default:
		if (mb->done)
			return 0;
		mb->done = 1;
		mail->source = ps_xstrdup(mb->path);
		read_file(mb, mail->source, mail);
		return 1;
	}
}

void
ps_mailbox_close(struct ps_mailbox *mb)
{
	size_t i;

	if (mb == NULL)
		return;
	if (mb->rd.fp != NULL)
		fclose(mb->rd.fp);
	free(mb->rd.buf);
	for (i = 0; i < mb->nnames; i++)
		free(mb->names[i]);
	free(mb->names);
	free(mb->path);
	free(mb);
}

void
ps_mail_free(struct ps_mail *mail)
{
	free(mail->data);
	free(mail->source);
	memset(mail, 0, sizeof(*mail));
}
