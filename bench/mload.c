/*
 * NAME
 *	mload - milter protocol 6 load client: plays the MTA against a filter
 * SUMMARY
 *	mload -s SOCKET [-c SESSIONS] [-n MESSAGES] [-m PER_CONNECTION]
 *	      [-H HEADER] [-S RCPT_SUBSTRING] [-q] MESSAGE.eml...
 * DESCRIPTION
 *	SESSIONS threads each open a connection to SOCKET (unix:/path,
 *	local:/path or inet:PORT@HOST) and send messages over it as Postfix's
 *	milter8 client does: option negotiation offering every step, then
 *	only the steps the filter did not decline (SMFIP_NO*) and waiting
 *	only for the replies it did not waive (SMFIP_NR_*); macros ({i} at
 *	DATA and end of message, as Postfix); connect, HELO, MAIL, RCPT,
 *	DATA, headers, end of headers, body in 65535-byte chunks (libmilter's
 *	MILTER_MAX_DATA_SIZE: a 64 KiB chunk plus its command byte would be
 *	refused), end of message collecting header changes until the final
 *	reply; PER_CONNECTION messages per connection, ABORT after a
 *	message the filter accepted early, QUIT at the end.  TCP_NODELAY is
 *	set on inet connections, as Postfix does.
 *	Envelope recipients come from each message's To: and Cc: headers,
 *	the sender from From:.  MESSAGES (default: one pass over the files)
 *	are taken in turn from the files.  Per-message latency runs from MAIL
 *	to the end-of-message reply (or the early accept).
 *	With -H, mload counts messages that got an added header of that name;
 *	with -S as well, a message with a recipient containing RCPT_SUBSTRING
 *	must get it and no other message may, or mload exits 1.
 *	Prints one line of key=value figures on stdout.
 * DIAGNOSTICS
 *	Protocol or socket errors on stderr, exit 1.  Usage errors exit 2.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#define CHUNK	  65535
#define MAX_RCPTS 16
#define MAX_HDRS  512

/* One message, split once at start-up into what the MTA sends. */
struct message {
	char *from;		/* "<addr>" */
	char *rcpts[MAX_RCPTS]; /* "<addr>" */
	size_t nrcpts;
	int support; /* a recipient matches -S */
	char *hname[MAX_HDRS];
	char *hvalue[MAX_HDRS];
	size_t nhdrs;
	char *body; /* CRLF line ends */
	size_t bodylen;
};

struct session_result {
	unsigned long done, with_header, bad_header, errors;
};

static struct message *msgs;
static size_t nmsgs;
static const char *sockspec;
static const char *want_header;
static const char *support_substr;
static unsigned long total, per_conn = 10;
static atomic_ulong next_msg;
static double *latency; /* seconds, by message number */
static int quiet;

static void __attribute__((format(printf, 1, 2), noreturn))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mload: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* strcasestr() is a GNU extension; this build is plain POSIX. */
static int
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Every address in a header value, as "<addr>": tokens holding an '@'. */
static void
addresses(const char *v, char **out, size_t *n, size_t max)
{
	const char *p = v, *s;
	size_t len;

	while (*p && *n < max) {
		while (*p && strchr(" \t\r\n,;<>\"()", *p))
			p++;
		s = p;
		while (*p && !strchr(" \t\r\n,;<>\"()", *p))
			p++;
		len = (size_t) (p - s);
		if (len > 2 && memchr(s, '@', len) != NULL) {
			out[*n] = xmalloc(len + 3);
			snprintf(out[*n], len + 3, "<%.*s>", (int) len, s);
			(*n)++;
		}
	}
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (fp == NULL || fstat(fileno(fp), &st) < 0)
		die("%s: %s", path, strerror(errno));
	buf = xmalloc((size_t) st.st_size + 1);
	*len = fread(buf, 1, (size_t) st.st_size, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* Split a message file into envelope, unfolded headers and a CRLF body. */
static void
load_message(const char *path, struct message *m)
{
	size_t len, i, o;
	char *raw = read_file(path, &len), *p = raw, *eol, *colon, *v;
	char *from[1];
	size_t nfrom = 0;

	memset(m, 0, sizeof(*m));
	while (*p && *p != '\n' && !(*p == '\r' && p[1] == '\n')) {
		eol = p;
		/* A header runs to a newline not followed by white space. */
		for (;;) {
			eol = strchr(eol, '\n');
			if (eol == NULL || (eol[1] != ' ' && eol[1] != '\t'))
				break;
			eol++;
		}
		if (eol == NULL)
			eol = p + strlen(p);
		colon = memchr(p, ':', (size_t) (eol - p));
		if (colon != NULL && m->nhdrs < MAX_HDRS) {
			v = colon + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			m->hname[m->nhdrs] = xstrndup(p, (size_t) (colon - p));
			m->hvalue[m->nhdrs] = xstrndup(v, (size_t) (eol - v));
			/* Postfix sends folded lines joined by a bare "\n". */
			for (i = o = 0; m->hvalue[m->nhdrs][i]; i++)
				if (m->hvalue[m->nhdrs][i] != '\r')
					m->hvalue[m->nhdrs][o++] =
						m->hvalue[m->nhdrs][i];
			while (o > 0 && m->hvalue[m->nhdrs][o - 1] == '\n')
				o--;
			m->hvalue[m->nhdrs][o] = '\0';
			if (strcasecmp(m->hname[m->nhdrs], "To") == 0
			    || strcasecmp(m->hname[m->nhdrs], "Cc") == 0)
				addresses(m->hvalue[m->nhdrs], m->rcpts,
					  &m->nrcpts, MAX_RCPTS);
			else if (strcasecmp(m->hname[m->nhdrs], "From") == 0
				 && nfrom == 0)
				addresses(m->hvalue[m->nhdrs], from, &nfrom, 1);
			m->nhdrs++;
		}
		p = *eol ? eol + 1 : eol;
	}
	p += (*p == '\r') ? 2 : (*p == '\n');
	/* Body with CRLF line ends, as the MTA's milter client sends it. */
	m->body = xmalloc(2 * (len - (size_t) (p - raw)) + 1);
	for (o = 0; *p; p++) {
		if (*p == '\n' && (o == 0 || m->body[o - 1] != '\r'))
			m->body[o++] = '\r';
		m->body[o++] = *p;
	}
	m->bodylen = o;
	m->from = nfrom ? from[0] : xstrndup("<>", 2);
	if (m->nrcpts == 0)
		die("%s: no To or Cc address", path);
	for (i = 0; support_substr != NULL && i < m->nrcpts; i++)
		if (contains_nocase(m->rcpts[i], support_substr))
			m->support = 1;
	free(raw);
}

/* ---- the wire ---- */

struct conn {
	int fd;
	int inet;
	unsigned long actions, proto; /* as the filter negotiated them */
	char *buf;		      /* reply buffer */
	size_t cap;
	char *out; /* one outgoing packet */
	size_t outcap;
};

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t) w;
	}
	return 0;
}

static int
read_all(int fd, char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if ((r = read(fd, p, n)) <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t) r;
	}
	return 0;
}

/* Send one packet: 4-byte length, command, then the pieces' bytes. */
static void
send_cmd(struct conn *c, char cmd, const void *a, size_t alen, const void *b,
	 size_t blen)
{
	uint32_t n = htonl((uint32_t) (1 + alen + blen));
	size_t total_len = 5 + alen + blen;

	if (total_len > c->outcap) {
		free(c->out);
		c->outcap = total_len;
		c->out = xmalloc(total_len);
	}
	memcpy(c->out, &n, 4);
	c->out[4] = cmd;
	if (alen)
		memcpy(c->out + 5, a, alen);
	if (blen)
		memcpy(c->out + 5 + alen, b, blen);
	if (write_all(c->fd, c->out, total_len) < 0)
		die("write: %s", strerror(errno));
}

/* Read one reply; its command byte, data in c->buf, length in *len. */
static char
read_reply(struct conn *c, size_t *len)
{
	uint32_t n;

	if (read_all(c->fd, (char *) &n, 4) < 0)
		die("read: %s", errno ? strerror(errno) : "filter closed");
	n = ntohl(n);
	if (n < 1 || n > 16 * 1024 * 1024)
		die("reply of %u bytes", n);
	if (n > c->cap) {
		free(c->buf);
		c->cap = n;
		c->buf = xmalloc(n);
	}
	if (read_all(c->fd, c->buf, n) < 0)
		die("read: filter closed mid-reply");
	*len = n - 1;
	return c->buf[0];
}

/* A reply that ends a step; progress and header changes do not. */
static int
final_reply(char r)
{
	return r == SMFIR_ACCEPT || r == SMFIR_CONTINUE || r == SMFIR_DISCARD
		|| r == SMFIR_REJECT || r == SMFIR_TEMPFAIL
		|| r == SMFIR_REPLYCODE || r == SMFIR_CONN_FAIL
		|| r == SMFIR_SHUTDOWN || r == SMFIR_SKIP;
}

/* Wait for the step's final reply when the filter did not waive it. */
static char
step_reply(struct conn *c, unsigned long nr_flag)
{
	size_t len;
	char r;

	if (c->proto & nr_flag)
		return SMFIR_CONTINUE;
	do
		r = read_reply(c, &len);
	while (r == SMFIR_PROGRESS);
	if (!final_reply(r))
		die("unexpected reply '%c' to a step", r);
	return r;
}

/* Macros: a stage command, then name\0value\0 pairs. */
static void
send_macros(struct conn *c, char stage, const char *const *nv, size_t n)
{
	char data[1024];
	size_t len = 0, i, l;

	data[len++] = stage;
	for (i = 0; i < n; i++) {
		l = strlen(nv[i]) + 1;
		if (len + l > sizeof(data))
			die("macros too long");
		memcpy(data + len, nv[i], l);
		len += l;
	}
	send_cmd(c, SMFIC_MACRO, data, len, NULL, 0);
}

static void
conn_open(struct conn *c)
{
	const char *path = NULL;
	int on = 1;

	/* Reply and packet buffers carry over from one connection to the next. */
	c->inet = 0;
	c->actions = c->proto = 0;
	if (strncmp(sockspec, "unix:", 5) == 0)
		path = sockspec + 5;
	else if (strncmp(sockspec, "local:", 6) == 0)
		path = sockspec + 6;
	else if (sockspec[0] == '/')
		path = sockspec;
	if (path != NULL) {
		struct sockaddr_un sun;

		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
		if ((c->fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0
		    || connect(c->fd, (struct sockaddr *) &sun, sizeof(sun))
			    < 0)
			die("connect %s: %s", path, strerror(errno));
	} else if (strncmp(sockspec, "inet:", 5) == 0) {
		char port[32], host[256];
		const char *at = strchr(sockspec, '@');
		struct addrinfo hints, *ai;

		if (at == NULL)
			die("%s: want inet:PORT@HOST", sockspec);
		snprintf(port, sizeof(port), "%.*s", (int) (at - sockspec - 5),
			 sockspec + 5);
		snprintf(host, sizeof(host), "%s", at + 1);
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		if (getaddrinfo(host, port, &hints, &ai) != 0)
			die("%s: cannot resolve", sockspec);
		if ((c->fd = socket(ai->ai_family, SOCK_STREAM, 0)) < 0
		    || connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0)
			die("connect %s: %s", sockspec, strerror(errno));
		freeaddrinfo(ai);
		/* Postfix sets it too: small packets must not wait for ACKs. */
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		c->inet = 1;
	} else
		die("%s: want unix:/path or inet:PORT@HOST", sockspec);
}

/* Offer every action and step, as Postfix does; keep what is agreed. */
static void
negotiate(struct conn *c)
{
	uint32_t v[3];
	size_t len;
	char r;

	v[0] = htonl(6);
	v[1] = htonl(SMFIF_ADDHDRS | SMFIF_CHGBODY | SMFIF_ADDRCPT
		     | SMFIF_DELRCPT | SMFIF_CHGHDRS | SMFIF_QUARANTINE
		     | SMFIF_CHGFROM | SMFIF_ADDRCPT_PAR | SMFIF_SETSYMLIST);
	v[2] = htonl(SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL
		     | SMFIP_NORCPT | SMFIP_NOBODY | SMFIP_NOHDRS | SMFIP_NOEOH
		     | SMFIP_NR_HDR | SMFIP_NOUNKNOWN | SMFIP_NODATA
		     | SMFIP_SKIP | SMFIP_RCPT_REJ | SMFIP_NR_CONN
		     | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_RCPT
		     | SMFIP_NR_DATA | SMFIP_NR_UNKN | SMFIP_NR_EOH
		     | SMFIP_NR_BODY | SMFIP_HDR_LEADSPC);
	send_cmd(c, SMFIC_OPTNEG, v, sizeof(v), NULL, 0);
	r = read_reply(c, &len);
	if (r != SMFIC_OPTNEG || len < 12)
		die("bad negotiation reply '%c'", r);
	memcpy(v, c->buf + 1, sizeof(v));
	if (ntohl(v[0]) < 2)
		die("filter speaks milter protocol %u", ntohl(v[0]));
	c->actions = ntohl(v[1]);
	c->proto = ntohl(v[2]);
}

static void
connect_steps(struct conn *c)
{
	static const char *const conn_macros[] = {"j",
						  "mx.mload.example",
						  "{daemon_name}",
						  "mload",
						  "{client_addr}",
						  "127.0.0.1",
						  "{client_name}",
						  "localhost"};
	static const char connect_data[] = "localhost\0"
					   "4\x00\x19"
					   "127.0.0.1";
	static const char *const helo_macros[] = {"{tls_version}", ""};

	if (!(c->proto & SMFIP_NOCONNECT)) {
		send_macros(c, SMFIC_CONNECT, conn_macros, 8);
		send_cmd(c, SMFIC_CONNECT, connect_data, sizeof(connect_data),
			 NULL, 0);
		if (step_reply(c, SMFIP_NR_CONN) != SMFIR_CONTINUE)
			die("filter refused the connection");
	}
	if (!(c->proto & SMFIP_NOHELO)) {
		send_macros(c, SMFIC_HELO, helo_macros, 2);
		send_cmd(c, SMFIC_HELO, "mload.example", 14, NULL, 0);
		if (step_reply(c, SMFIP_NR_HELO) != SMFIR_CONTINUE)
			die("filter refused HELO");
	}
}

/* The end-of-message exchange: header changes, then the final reply. */
static char
eom(struct conn *c, int *got_header)
{
	size_t len, nl;
	char r;

	send_cmd(c, SMFIC_BODYEOB, NULL, 0, NULL, 0);
	for (;;) {
		r = read_reply(c, &len);
		if (final_reply(r))
			return r;
		switch (r) {
		case SMFIR_ADDHEADER:
		case SMFIR_INSHEADER:
		case SMFIR_CHGHEADER:
			/* [index (4 bytes, for INS/CHG)] name\0 value\0 */
			nl = (r == SMFIR_ADDHEADER) ? 1 : 5;
			if (len < nl
			    || memchr(c->buf + nl, '\0', len + 1 - nl) == NULL)
				die("malformed header change");
			if (want_header != NULL && r != SMFIR_CHGHEADER
			    && strcasecmp(c->buf + nl, want_header) == 0)
				*got_header = 1;
			break;
		case SMFIR_PROGRESS:
		case SMFIR_ADDRCPT:
		case SMFIR_DELRCPT:
		case SMFIR_ADDRCPT_PAR:
		case SMFIR_REPLBODY:
		case SMFIR_CHGFROM:
		case SMFIR_QUARANTINE: break;
		default: die("unexpected end-of-message reply '%c'", r);
		}
	}
}

/* One message; returns its latency, sets *got_header. */
static double
send_message(struct conn *c, unsigned long num, const struct message *m,
	     int *got_header)
{
	char qid[32], hdr[8192];
	const char *mail_macros[4], *rcpt_macros[2], *qid_macros[2];
	size_t i, off, n, nl, vl;
	double t0 = now();
	char r = SMFIR_CONTINUE;

	*got_header = 0;
	snprintf(qid, sizeof(qid), "%08lX", num + 1);
	if (!(c->proto & SMFIP_NOMAIL)) {
		mail_macros[0] = "{mail_addr}";
		mail_macros[1] = m->from;
		mail_macros[2] = "{auth_type}";
		mail_macros[3] = "";
		send_macros(c, SMFIC_MAIL, mail_macros, 4);
		send_cmd(c, SMFIC_MAIL, m->from, strlen(m->from) + 1, NULL, 0);
		r = step_reply(c, SMFIP_NR_MAIL);
	}
	for (i = 0;
	     r == SMFIR_CONTINUE && !(c->proto & SMFIP_NORCPT) && i < m->nrcpts;
	     i++) {
		rcpt_macros[0] = "{rcpt_addr}";
		rcpt_macros[1] = m->rcpts[i];
		send_macros(c, SMFIC_RCPT, rcpt_macros, 2);
		send_cmd(c, SMFIC_RCPT, m->rcpts[i], strlen(m->rcpts[i]) + 1,
			 NULL, 0);
		r = step_reply(c, SMFIP_NR_RCPT);
	}
	qid_macros[0] = "i";
	qid_macros[1] = qid;
	if (r == SMFIR_CONTINUE && !(c->proto & SMFIP_NODATA)) {
		send_macros(c, SMFIC_DATA, qid_macros, 2);
		send_cmd(c, SMFIC_DATA, NULL, 0, NULL, 0);
		r = step_reply(c, SMFIP_NR_DATA);
	}
	for (i = 0;
	     r == SMFIR_CONTINUE && !(c->proto & SMFIP_NOHDRS) && i < m->nhdrs;
	     i++) {
		nl = strlen(m->hname[i]) + 1;
		vl = strlen(m->hvalue[i]) + 1;
		off = (c->proto & SMFIP_HDR_LEADSPC) ? 1 : 0;
		if (nl + off + vl > sizeof(hdr))
			vl = sizeof(hdr) - nl - off; /* MTAs cap lines too */
		memcpy(hdr, m->hname[i], nl);
		hdr[nl] = ' ';
		memcpy(hdr + nl + off, m->hvalue[i], vl);
		hdr[nl + off + vl - 1] = '\0';
		send_cmd(c, SMFIC_HEADER, hdr, nl + off + vl, NULL, 0);
		r = step_reply(c, SMFIP_NR_HDR);
	}
	if (r == SMFIR_CONTINUE && !(c->proto & SMFIP_NOEOH)) {
		send_cmd(c, SMFIC_EOH, NULL, 0, NULL, 0);
		r = step_reply(c, SMFIP_NR_EOH);
	}
	for (off = 0; r == SMFIR_CONTINUE && !(c->proto & SMFIP_NOBODY)
	     && off < m->bodylen;
	     off += n) {
		n = m->bodylen - off < CHUNK ? m->bodylen - off : CHUNK;
		send_cmd(c, SMFIC_BODY, m->body + off, n, NULL, 0);
		r = step_reply(c, SMFIP_NR_BODY);
	}
	if (r == SMFIR_SKIP)
		r = SMFIR_CONTINUE;
	if (r == SMFIR_CONTINUE) {
		send_macros(c, SMFIC_BODYEOB, qid_macros, 2);
		r = eom(c, got_header);
	} else
		/* The filter is done with this message: reset, as Postfix does. */
		send_cmd(c, SMFIC_ABORT, NULL, 0, NULL, 0);
	if (r == SMFIR_TEMPFAIL || r == SMFIR_REJECT || r == SMFIR_REPLYCODE
	    || r == SMFIR_CONN_FAIL || r == SMFIR_SHUTDOWN)
		die("message %lu: filter answered '%c'", num, r);
	return now() - t0;
}

static void *
session(void *arg)
{
	struct session_result *res = arg;
	struct conn c = {.fd = -1};
	unsigned long num, in_conn = 0;
	int open = 0, got;
	const struct message *m;

	while ((num = atomic_fetch_add(&next_msg, 1)) < total) {
		if (!open) {
			conn_open(&c);
			negotiate(&c);
			connect_steps(&c);
			open = 1;
			in_conn = 0;
		}
		m = &msgs[num % nmsgs];
		latency[num] = send_message(&c, num, m, &got);
		res->done++;
		res->with_header += (unsigned long) got;
		if (support_substr != NULL && got != m->support) {
			res->bad_header++;
			if (!quiet)
				fprintf(stderr,
					"mload: message %lu (%s): header %s\n",
					num, m->rcpts[0],
					got ? "unexpected" : "missing");
		}
		if (++in_conn == per_conn) {
			send_cmd(&c, SMFIC_QUIT, NULL, 0, NULL, 0);
			close(c.fd);
			open = 0;
		}
	}
	if (open) {
		send_cmd(&c, SMFIC_QUIT, NULL, 0, NULL, 0);
		close(c.fd);
	}
	free(c.buf);
	free(c.out);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return (x > y) - (x < y);
}

static double
percentile(const double *sorted, unsigned long n, double p)
{
	unsigned long i = (unsigned long) (p * (double) n);

	return sorted[i >= n ? n - 1 : i];
}

static void
usage(void)
{
	fprintf(stderr,
		"usage: mload -s SOCKET [-c SESSIONS] [-n MESSAGES] "
		"[-m PER_CONNECTION] [-H HEADER [-S RCPT_SUBSTRING]] [-q] "
		"MESSAGE.eml...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	unsigned long sessions = 1, i, with = 0, bad = 0, nsupport = 0;
	struct session_result *res;
	pthread_t *tid;
	double t0, secs;
	int opt;

	while ((opt = getopt(argc, argv, "s:c:n:m:H:S:q")) != -1) {
		switch (opt) {
		case 's': sockspec = optarg; break;
		case 'c': sessions = strtoul(optarg, NULL, 10); break;
		case 'n': total = strtoul(optarg, NULL, 10); break;
		case 'm': per_conn = strtoul(optarg, NULL, 10); break;
		case 'H': want_header = optarg; break;
		case 'S': support_substr = optarg; break;
		case 'q': quiet = 1; break;
		default: usage();
		}
	}
	if (sockspec == NULL || optind == argc || sessions == 0 || per_conn == 0
	    || (support_substr != NULL && want_header == NULL))
		usage();
	nmsgs = (size_t) (argc - optind);
	msgs = xmalloc(nmsgs * sizeof(*msgs));
	for (i = 0; i < nmsgs; i++)
		load_message(argv[optind + (int) i], &msgs[i]);
	if (total == 0)
		total = nmsgs;
	latency = xmalloc(total * sizeof(*latency));
	res = calloc(sessions, sizeof(*res));
	tid = xmalloc(sessions * sizeof(*tid));
	if (res == NULL)
		die("out of memory");

	t0 = now();
	for (i = 0; i < sessions; i++)
		if (pthread_create(&tid[i], NULL, session, &res[i]) != 0)
			die("pthread_create failed");
	for (i = 0; i < sessions; i++)
		pthread_join(tid[i], NULL);
	secs = now() - t0;

	for (i = 0; i < sessions; i++) {
		with += res[i].with_header;
		bad += res[i].bad_header;
	}
	for (i = 0; i < total; i++)
		nsupport += (unsigned long) msgs[i % nmsgs].support;
	qsort(latency, total, sizeof(*latency), cmp_double);
	printf("msgs=%lu sessions=%lu secs=%.3f rate=%.1f p50_ms=%.3f "
	       "p99_ms=%.3f p999_ms=%.3f with_header=%lu support=%lu "
	       "header_errors=%lu\n",
	       total, sessions, secs, (double) total / secs,
	       percentile(latency, total, 0.50) * 1e3,
	       percentile(latency, total, 0.99) * 1e3,
	       percentile(latency, total, 0.999) * 1e3, with,
	       support_substr ? nsupport : 0, bad);
	free(res);
	free(tid);
	return bad ? 1 : 0;
}
