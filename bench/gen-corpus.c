/*
 * NAME
 *	gen-corpus - write a realistic benchmark corpus from seed tickets
 * SUMMARY
 *	gen-corpus -o DIR [-n COUNT] [-s SEED] [-A MAXKB] SEED.eml...
 * DESCRIPTION
 *	Writes COUNT (default 200) messages DIR/000000.eml... made from the
 *	seed tickets (the shipped examples and test corpus: templates in the
 *	six languages).  Seeds must be single-part text/plain in UTF-8 or
 *	US-ASCII, 7bit or 8bit; others are skipped.  Each message keeps its
 *	seed's headers and template, gets Received and DKIM-Signature
 *	headers as delivered mail has, and its text grows to a size drawn
 *	log-uniformly from 2-40 KB with quoted thread history and a
 *	signature.  Of the messages, 20 % are multipart/alternative (text
 *	and HTML), 10 % multipart/mixed with a base64 attachment of 200 KB to
 *	MAXKB (default 2048) KB, and 10 % are addressed to a team that is not
 *	support.  The same SEED gives the same corpus.
 * DIAGNOSTICS
 *	Errors on stderr, exit 1; usage errors exit 2.
 */

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct seed {
	char *headers; /* kept headers, "\n"-terminated lines */
	char *body;    /* UTF-8 text */
};

static struct seed *seeds;
static size_t nseeds;
static uint64_t rng_state = 88172645463325252ULL;

/* xorshift64: fast, and the same seed gives the same corpus everywhere. */
static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static double
rng_unit(void)
{
	return (double) (rng() >> 11) / 9007199254740992.0;
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("gen-corpus: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* A growable string. */
struct str {
	char *s;
	size_t len, cap;
};

static void
put(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			exit(1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
puts_(struct str *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Headers a generated message sets itself. */
static int
dropped_header(const char *line)
{
	static const char *const names[] = {
		"content-type:", "content-transfer-encoding:", "mime-version:",
		"message-id:"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncasecmp(line, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

/* strcasestr() is a GNU extension; this build is plain POSIX. */
static int
has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* Keeps a usable seed; 0 when the seed is skipped. */
static int
load_seed(const char *path, struct seed *sd)
{
	FILE *fp = fopen(path, "rb");
	struct str h = {0}, all = {0};
	char chunk[65536], *p, *eol, *body;
	size_t n;
	int usable = 1, keep = 0;

	if (fp == NULL) {
		fprintf(stderr, "gen-corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		put(&all, chunk, n);
	fclose(fp);
	if (all.s == NULL)
		return 0;
	/* LF line ends throughout; the header block ends at a blank line. */
	for (p = all.s, n = 0; *p; p++)
		if (*p != '\r')
			all.s[n++] = *p;
	all.s[n] = '\0';
	if ((body = strstr(all.s, "\n\n")) == NULL)
		return 0;
	body[1] = '\0';
	body += 2;
	for (p = all.s; *p; p = eol + 1) {
		eol = strchr(p, '\n');
		if (*p != ' ' && *p != '\t') {
			keep = !dropped_header(p);
			if (strncasecmp(p, "content-type:", 13) == 0) {
				*eol = '\0';
				usable &= !has(p, "multipart")
					&& (!has(p, "charset")
					    || has(p, "utf-8")
					    || has(p, "us-ascii"));
				*eol = '\n';
			}
			if (strncasecmp(p, "content-transfer-encoding:", 26)
			    == 0) {
				*eol = '\0';
				usable &= has(p, "7bit") || has(p, "8bit");
				*eol = '\n';
			}
		}
		if (keep)
			put(&h, p, (size_t) (eol - p) + 1);
	}
	if (!usable || h.s == NULL) {
		free(h.s);
		free(all.s);
		return 0;
	}
	sd->headers = h.s;
	sd->body = strdup(body);
	free(all.s);
	return sd->body != NULL;
}

static const char *const signatures[] = {
	"\n-- \nPartner Support Desk\nThis e-mail and any attachments are "
	"confidential and intended solely for the addressee. If you received "
	"it "
	"in error, please notify the sender and delete it.\n",
	"\n--\nSaludos cordiales,\nEquipo de soporte al partner\nEste mensaje "
	"es "
	"confidencial; si lo recibió por error, avísenos y bórrelo.\n",
	"\n--\nAtenciosamente,\nEquipe de suporte ao parceiro\nEsta mensagem é "
	"confidencial. Se a recebeu por engano, avise-nos e apague-a.\n",
	"\n--\nCordialement,\nÉquipe support partenaires\nCe message est "
	"confidentiel ; si vous l'avez reçu par erreur, merci de le "
	"supprimer.\n",
	"\n--\nTrân trọng,\nBộ phận hỗ trợ đối tác\nThư này là thông tin bảo "
	"mật; nếu nhận nhầm, xin vui lòng thông báo và xóa thư.\n",
	"\n--\nMit freundlichen Grüßen,\nPartner-Support-Team\nDiese E-Mail "
	"ist "
	"vertraulich. Falls Sie sie irrtümlich erhalten haben, löschen Sie "
	"sie.\n",
};

/* The seed's text, then quoted thread history up to target bytes. */
static void
make_text(struct str *t, const struct seed *sd, size_t target)
{
	const char *p, *eol;
	unsigned round = 0;

	puts_(t, sd->body);
	puts_(t, signatures[rng() % 6]);
	while (t->len < target) {
		char line[160];

		snprintf(line, sizeof(line),
			 "\nOn Mon, %u Sep 2024 at %02u:%02u, "
			 "support-desk <partner-support@zohocorp.com> wrote:\n",
			 1 + round % 28, 8 + round % 10, (round * 7) % 60);
		puts_(t, line);
		for (p = sd->body; *p && t->len < target; p = eol + 1) {
			if ((eol = strchr(p, '\n')) == NULL)
				eol = p + strlen(p);
			put(t, "> ", 2);
			put(t, p, (size_t) (eol - p));
			put(t, "\n", 1);
			if (!*eol)
				break;
		}
		round++;
	}
}

static void
make_html(struct str *h, const char *text)
{
	const char *p;

	puts_(h, "<html><head><meta charset=\"utf-8\"></head><body>\n<p>");
	for (p = text; *p; p++) {
		switch (*p) {
		case '<': puts_(h, "&lt;"); break;
		case '>': puts_(h, "&gt;"); break;
		case '&': puts_(h, "&amp;"); break;
		case '\n':
			puts_(h, p[1] == '\n' ? "</p>\n<p>" : "<br>\n");
			if (p[1] == '\n')
				p++;
			break;
		default: put(h, p, 1);
		}
	}
	puts_(h, "</p>\n</body></html>\n");
}

/* Random bytes, base64 in 76-column lines, about bytes long encoded. */
static void
make_attachment(struct str *b, size_t bytes)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
				"uvwxyz0123456789+/";
	char line[80];
	size_t i, col;
	uint64_t r;

	for (i = 0; i < bytes; i += 77) {
		for (col = 0; col < 76; col += 4) {
			r = rng();
			line[col] = a[r & 63];
			line[col + 1] = a[(r >> 6) & 63];
			line[col + 2] = a[(r >> 12) & 63];
			line[col + 3] = a[(r >> 18) & 63];
		}
		line[76] = '\n';
		put(b, line, 77);
	}
}

static void
write_message(const char *dir, unsigned long i, size_t max_attach)
{
	const struct seed *sd = &seeds[rng() % nseeds];
	struct str m = {0}, text = {0}, html = {0};
	double kind = rng_unit(), lo = 2048, hi = 40960;
	size_t target = (size_t) (lo * exp2(rng_unit() * log2(hi / lo)));
	const char *p, *eol;
	char path[4096], line[512];
	FILE *fp;

	snprintf(line, sizeof(line),
		 "Received: from mx%lu.partner.example "
		 "(mx%lu.partner.example [192.0.2.%lu])\n\tby mx.zohocorp.com "
		 "(Postfix) with ESMTPS id 4F3A%06lX\n\tfor "
		 "<partner-support@zohocorp.com>; Mon, 9 Sep 2024 10:%02lu:00 "
		 "+0000\n",
		 i % 50, i % 50, 1 + i % 250, i, i % 60);
	puts_(&m, line);
	puts_(&m,
	      "Received: from laptop.partner.example (unknown [198.51.100.7])"
	      "\n\tby mx.partner.example (Postfix) with ESMTPSA\n\tfor "
	      "<partner-support@zohocorp.com>; Mon, 9 Sep 2024 10:00:00 "
	      "+0000\n");
	puts_(&m,
	      "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; "
	      "d=partner.example; s=mail;\n\th=from:to:subject:date:message-id;"
	      " bh=47DEQpj8HBSa+/"
	      "TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\n\tb=dzdVyOfAKC"
	      "dLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR\n");
	/* One in ten goes to a team psmilter must leave alone. */
	for (p = sd->headers; *p; p = eol + 1) {
		eol = strchr(p, '\n');
		if (kind >= 0.9 && strncasecmp(p, "To:", 3) == 0) {
			puts_(&m, "To: sales-team@else.example\n");
			continue;
		}
		if (kind >= 0.9 && strncasecmp(p, "Cc:", 3) == 0)
			continue;
		put(&m, p, (size_t) (eol - p) + 1);
	}
	snprintf(line, sizeof(line),
		 "Message-ID: <bench-%06lu@partner.example>"
		 "\nMIME-Version: 1.0\n",
		 i);
	puts_(&m, line);
	make_text(&text, sd, target);
	if (kind < 0.1) {
		size_t lo_a = 200 * 1024,
		       bytes = lo_a
			+ (size_t) (rng_unit() * (double) (max_attach - lo_a));

		puts_(&m,
		      "Content-Type: multipart/mixed; boundary=\"=_mix\"\n\n"
		      "--=_mix\nContent-Type: text/plain; charset=UTF-8\n"
		      "Content-Transfer-Encoding: 8bit\n\n");
		puts_(&m, text.s);
		snprintf(
			line, sizeof(line),
			"\n--=_mix\nContent-Type: "
			"application/pdf; name=\"report-%lu.pdf\"\n"
			"Content-Disposition: attachment; filename=\"report-%lu"
			".pdf\"\nContent-Transfer-Encoding: base64\n\n",
			i, i);
		puts_(&m, line);
		make_attachment(&m, bytes);
		puts_(&m, "--=_mix--\n");
	} else if (kind < 0.3) {
		make_html(&html, text.s);
		puts_(&m,
		      "Content-Type: multipart/alternative; boundary=\"=_alt\""
		      "\n\n--=_alt\nContent-Type: text/plain; charset=UTF-8\n"
		      "Content-Transfer-Encoding: 8bit\n\n");
		puts_(&m, text.s);
		puts_(&m,
		      "\n--=_alt\nContent-Type: text/html; charset=UTF-8\n"
		      "Content-Transfer-Encoding: 8bit\n\n");
		puts_(&m, html.s);
		puts_(&m, "--=_alt--\n");
	} else {
		puts_(&m,
		      "Content-Type: text/plain; charset=UTF-8\n"
		      "Content-Transfer-Encoding: 8bit\n\n");
		puts_(&m, text.s);
	}
	snprintf(path, sizeof(path), "%s/%06lu.eml", dir, i);
	if ((fp = fopen(path, "wb")) == NULL
	    || fwrite(m.s, 1, m.len, fp) != m.len || fclose(fp) != 0) {
		fprintf(stderr, "gen-corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(m.s);
	free(text.s);
	free(html.s);
}

int
main(int argc, char **argv)
{
	const char *dir = NULL;
	unsigned long count = 200, i, seed = 1, max_kb = 2048;
	int opt;

	while ((opt = getopt(argc, argv, "o:n:s:A:")) != -1) {
		switch (opt) {
		case 'o': dir = optarg; break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoul(optarg, NULL, 10); break;
		case 'A': max_kb = strtoul(optarg, NULL, 10); break;
		default: dir = NULL; break;
		}
	}
	if (dir == NULL || optind == argc || max_kb < 201) {
		fputs("usage: gen-corpus -o DIR [-n COUNT] [-s SEED] [-A "
		      "MAXKB] "
		      "SEED.eml...\n",
		      stderr);
		return 2;
	}
	rng_state ^= seed * 0x9E3779B97F4A7C15ULL;
	seeds = xmalloc((size_t) (argc - optind) * sizeof(*seeds));
	for (; optind < argc; optind++)
		nseeds += (size_t) load_seed(argv[optind], &seeds[nseeds]);
	if (nseeds == 0) {
		fputs("gen-corpus: no usable seed\n", stderr);
		return 1;
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "gen-corpus: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < count; i++)
		write_message(dir, i, max_kb * 1024);
	fprintf(stderr, "gen-corpus: %lu messages from %zu seeds in %s\n",
		count, nseeds, dir);
	return 0;
}
