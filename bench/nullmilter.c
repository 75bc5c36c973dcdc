/*
 * NAME
 *	nullmilter - the smallest useful libmilter filter: one header at eom
 * SUMMARY
 *	nullmilter -s SOCKET [-b]
 * DESCRIPTION
 *	The benchmarks' baseline: the protocol's own cost for a filter that
 *	adds a header.  It negotiates away every step it can (connect, HELO,
 *	MAIL, RCPT, DATA, headers, end of headers, body, unknown) and the
 *	reply to each remaining one, so the MTA sends only end of message
 *	and waits for one exchange.  With -b it also takes headers and body
 *	(without replies), the data psmilter must read, to separate the cost
 *	of moving bytes from the cost of deciding.  Its inet socket gets
 *	TCP_NODELAY the way psmilter's does (milter/daemon.c), so the two
 *	compare on equal terms.  Runs in the foreground until killed.
 * DIAGNOSTICS
 *	"nullmilter: listening on SOCKET" on stderr once clients can
 *	connect (its socket file alone appears before that).  Start-up
 *	errors on stderr, exit 1.
 */

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

static int want_data;

static sfsistat
on_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
	     unsigned long f3, unsigned long *pf0, unsigned long *pf1,
	     unsigned long *pf2, unsigned long *pf3)
{
	unsigned long skip = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL
		| SMFIP_NORCPT | SMFIP_NODATA | SMFIP_NOEOH | SMFIP_NOUNKNOWN
		| SMFIP_NOHDRS | SMFIP_NOBODY;
	const unsigned long noreply = SMFIP_NR_CONN | SMFIP_NR_HELO
		| SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_DATA | SMFIP_NR_UNKN
		| SMFIP_NR_EOH | SMFIP_NR_HDR | SMFIP_NR_BODY;

	(void) ctx, (void) f2, (void) f3;
	if (!(f0 & SMFIF_ADDHDRS))
		return SMFIS_REJECT;
	if (want_data)
		skip &= ~(SMFIP_NOHDRS | SMFIP_NOBODY);
	*pf0 = SMFIF_ADDHDRS;
	*pf1 = (f1 & (skip | noreply));
	*pf2 = *pf3 = 0;
	return SMFIS_CONTINUE;
}

static sfsistat
on_header(SMFICTX *ctx, char *name, char *value)
{
	(void) ctx, (void) name, (void) value;
	return SMFIS_NOREPLY;
}

static sfsistat
on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	(void) ctx, (void) chunk, (void) len;
	return SMFIS_NOREPLY;
}

static sfsistat
on_eom(SMFICTX *ctx)
{
	smfi_addheader(ctx, "X-Null-Milter", "yes");
	return SMFIS_CONTINUE;
}

static struct smfiDesc desc = {
	.xxfi_name = "nullmilter",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS,
	.xxfi_header = on_header,
	.xxfi_body = on_body,
	.xxfi_eom = on_eom,
	.xxfi_negotiate = on_negotiate,
};

/* As psmilter: accepted sockets inherit TCP_NODELAY from the listener. */
static void
tcp_nodelay(void)
{
	int fd, on = 1, listening, domain;
	socklen_t len;

	for (fd = 0; fd < 1024; fd++) {
		len = sizeof(listening);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len)
			    < 0
		    || !listening)
			continue;
		len = sizeof(domain);
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0
		    || (domain != AF_INET && domain != AF_INET6))
			continue;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on))
		    < 0)
			fprintf(stderr, "nullmilter: TCP_NODELAY: %s\n",
				strerror(errno));
	}
}

int
main(int argc, char **argv)
{
	const char *sock = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "s:b")) != -1) {
		switch (opt) {
		case 's': sock = optarg; break;
		case 'b': want_data = 1; break;
		default:
			sock = NULL;
			optind = argc + 1;
			break;
		}
	}
	if (sock == NULL || optind != argc) {
		fprintf(stderr, "usage: nullmilter -s SOCKET [-b]\n");
		return 2;
	}
	if (smfi_setconn((char *) sock) != MI_SUCCESS
	    || smfi_register(desc) != MI_SUCCESS
	    || smfi_opensocket(true) != MI_SUCCESS) {
		fprintf(stderr, "nullmilter: cannot open %s\n", sock);
		return 1;
	}
	tcp_nodelay();
	fprintf(stderr, "nullmilter: listening on %s\n", sock);
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
