/*
 * NAME
 *	test_text.c - a message's best text via GMime: part choice, charsets,
 *	transfer encodings, quoting, addresses, limits, and hostile input
 * DESCRIPTION
 *	The hostile cases run in a thread with a 1 MB stack (libmilter's
 *	threads have the default 8 MB): what passes here has a wide margin.
 */

#include <check.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "parser/charset.h"
#include "parser/clean.h"
#include "parser/guard.h"
#include "parser/text.h"
#include "tests/check_main.h"
#include "util/utf8.h"

#define SMALL_STACK (1024 * 1024)

/* ---- helpers ---- */

static void
extract_lim(const char *msg, size_t len, const struct ps_limits *lim,
	    struct ps_text *t)
{
	struct ps_error err = {""};
	int rc = ps_text_extract(msg, len, lim, t, &err);

	ck_assert_msg(rc == 0, "ps_text_extract: %d %s", rc, err.text);
	ck_assert_ptr_nonnull(t->unquoted);
	ck_assert_ptr_nonnull(t->quoted);
	ck_assert_uint_eq(t->unquoted_len, strlen(t->unquoted));
	ck_assert_uint_eq(t->quoted_len, strlen(t->quoted));
	ck_assert(g_utf8_validate(t->unquoted, (gssize) t->unquoted_len, NULL));
	ck_assert(g_utf8_validate(t->quoted, (gssize) t->quoted_len, NULL));
}

static void
extract(const char *msg, struct ps_text *t)
{
	extract_lim(msg, strlen(msg), NULL, t);
}

static char *
fixture(const char *name, size_t *len)
{
	char *path = g_build_filename(PS_SOURCE_DIR, "tests", "data", "text",
				      name, NULL);
	char *data = NULL;
	gsize n = 0;

	ck_assert_msg(g_file_get_contents(path, &data, &n, NULL), "%s", path);
	g_free(path);
	*len = n;
	return data;
}

static void
contains(const char *hay, const char *needle)
{
	ck_assert_msg(strstr(hay, needle) != NULL, "\"%s\" not in \"%s\"",
		      needle, hay);
}

static void
lacks(const char *hay, const char *needle)
{
	ck_assert_msg(strstr(hay, needle) == NULL, "\"%s\" in \"%s\"", needle,
		      hay);
}

static int
has_addr(const struct ps_addrs *a, const char *addr)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], addr) == 0)
			return 1;
	return 0;
}

/* A message with one text/plain body in the given charset and encoding. */
static char *
simple(const char *charset, const char *cte, const char *body)
{
	return g_strdup_printf(
		"From: a@b.example\nSubject: s\nMIME-Version: 1.0\n"
		"Content-Type: text/plain%s%s\n"
		"Content-Transfer-Encoding: %s\n\n%s",
		charset ? "; charset=" : "", charset ? charset : "", cte, body);
}

static void
expect_body(const char *charset, const char *cte, const char *body,
	    const char *text)
{
	char *msg = simple(charset, cte, body);
	struct ps_text t;

	extract(msg, &t);
	ck_assert_str_eq(t.unquoted, text);
	ps_text_free(&t);
	g_free(msg);
}

/* n multiparts nested in one another, text at the innermost. */
static GString *
nested(unsigned n, const char *pad)
{
	GString *s = g_string_new("From: a@b.example\nSubject: nested\n"
				  "MIME-Version: 1.0\n");
	unsigned i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s,
				       "Content-Type: multipart/mixed; "
				       "boundary=\"b%u\"\n\n%s--b%u\n",
				       i, pad, i);
	g_string_append(s, "Content-Type: text/plain\n\nINNERMOST\n");
	for (i = n; i-- > 0;)
		g_string_append_printf(s, "--b%u--\n", i);
	return s;
}

struct job {
	const char *msg;
	size_t len;
	const struct ps_limits *lim;
	int rc;
	struct ps_text t;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct ps_error err;

	j->rc = ps_text_extract(j->msg, j->len, j->lim, &j->t, &err);
	return NULL;
}

/* Extraction in a thread with a 1 MB stack. */
static void
extract_small_stack(const char *msg, size_t len, struct ps_text *t)
{
	struct job j = {msg, len, NULL, -1, {0}};
	pthread_attr_t attr;
	pthread_t tid;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, SMALL_STACK);
	ck_assert_int_eq(pthread_create(&tid, &attr, job_run, &j), 0);
	pthread_join(tid, NULL);
	pthread_attr_destroy(&attr);
	ck_assert_int_eq(j.rc, 0);
	*t = j.t;
}

/* ---- part choice ---- */

START_TEST(plain_text)
{
	struct ps_text t;

	extract("From: a@b.example\r\nSubject: Hello\r\n\r\n"
		"Customer Email: c@d.example\r\nZOID: 123\r\n\r\n\r\n",
		&t);
	ck_assert_str_eq(t.subject, "Hello");
	ck_assert_str_eq(t.unquoted,
			 "Customer Email: c@d.example\nZOID: 123\n");
	ck_assert_str_eq(t.quoted, "");
	ck_assert_int_eq(t.truncated, 0);
	ps_text_free(&t);
}
END_TEST

START_TEST(html_only_table)
{
	size_t len;
	char *msg = fixture("html_table.eml", &len);
	struct ps_text t;

	extract_lim(msg, len, NULL, &t);
	contains(t.unquoted, "Hello team,\n");
	contains(t.unquoted,
		 "\nCustomer Primary Email Address: admin@acme.example\n");
	contains(t.unquoted, "\nSupport Request Type: Technical Support\n");
	contains(t.unquoted, "\nZoho Product Name: Zoho Desk\n");
	contains(t.unquoted,
		 "\nIssue Description: Users can’t log in "
		 "“since Monday” €\n");
	lacks(t.unquoted, "border");
	lacks(t.unquoted, "<");
	ps_text_free(&t);
	g_free(msg);
}
END_TEST

START_TEST(alternative_prefers_plain)
{
	size_t len;
	char *msg = fixture("alternative.eml", &len);
	struct ps_text t;

	extract_lim(msg, len, NULL, &t);
	ck_assert_str_eq(t.unquoted,
			 "Customer Primary Email Address: admin@acme.example\n"
			 "Zoho Product Name: Zoho CRM\n");
	ck_assert_str_eq(t.subject, "Ticket für Kunde");
	ps_text_free(&t);
	g_free(msg);
}
END_TEST

START_TEST(alternative_html_only)
{
	struct ps_text t;

	extract("From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/alternative; boundary=A\n\n"
		"--A\nContent-Type: text/html; charset=utf-8\n\n"
		"<div>Customer Email</div><div>x@y.example</div>\n--A--\n",
		&t);
	ck_assert_str_eq(t.unquoted, "Customer Email\nx@y.example\n");
	ps_text_free(&t);
	/* A blank plain alternative does not hide the HTML one. */
	extract("From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/alternative; boundary=A\n\n"
		"--A\nContent-Type: text/plain\n\n \n\n"
		"--A\nContent-Type: multipart/related; boundary=R\n\n"
		"--R\nContent-Type: text/html\n\n<p>in related</p>\n"
		"--R\nContent-Type: image/png\nContent-Transfer-Encoding: "
		"base64\n\n"
		"iVBORw0KGgo=\n--R--\n--A--\n",
		&t);
	ck_assert_str_eq(t.unquoted, "in related\n");
	ps_text_free(&t);
}
END_TEST

START_TEST(mixed_skips_attachments)
{
	struct ps_text t;

	extract("From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=M\n\n"
		"preamble\n"
		"--M\nContent-Type: text/plain\n\nFirst part.\n"
		"--M\nContent-Type: application/zip; name=a.zip\n"
		"Content-Disposition: attachment; filename=a.zip\n"
		"Content-Transfer-Encoding: base64\n\n"
		"UEsDBBQAAAAIAFNFQ1JFVCBaSVA=\n"
		"--M\nContent-Type: text/plain; name=notes.txt\n"
		"Content-Disposition: attachment; filename=notes.txt\n\n"
		"ATTACHED TEXT\n"
		"--M\nContent-Type: application/octet-stream\n\nBINARY TEXT\n"
		"--M\nContent-Type: text/plain\nContent-Disposition: inline\n\n"
		"Second part.\n--M--\nepilogue\n",
		&t);
	ck_assert_str_eq(t.unquoted, "First part.\n\nSecond part.\n");
	ps_text_free(&t);
}
END_TEST

START_TEST(forwarded_as_attachment)
{
	size_t len;
	char *msg = fixture("forward_attached.eml", &len);
	struct ps_text t;

	extract_lim(msg, len, NULL, &t);
	ck_assert_str_eq(t.unquoted,
			 "Please see the attached mail from the customer.\n\n"
			 "Customer Email: it@acme.example\n"
			 "Problème: nobody can log in.\n");
	ck_assert(has_addr(&t.senders, "p@partner.example"));
	ck_assert(!has_addr(&t.senders, "it@acme.example"));
	ps_text_free(&t);
	g_free(msg);
}
END_TEST

START_TEST(forwarded_encoded_rfc822)
{
	const char *inner = "From: c@acme.example\nSubject: inner\n\n"
			    "Customer Email: c@acme.example\n";
	char *b64 = g_base64_encode((const guchar *) inner, strlen(inner));
	char *msg = g_strdup_printf(
		"From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=M\n\n"
		"--M\nContent-Type: text/plain\n\nsee below\n"
		"--M\nContent-Type: message/rfc822\n"
		"Content-Transfer-Encoding: base64\n\n%s\n--M--\n",
		b64);
	struct ps_text t;

	extract(msg, &t);
	ck_assert_str_eq(t.unquoted,
			 "see below\n\nCustomer Email: c@acme.example\n");
	ps_text_free(&t);
	g_free(msg);
	g_free(b64);
}
END_TEST

START_TEST(forwarded_inline)
{
	struct ps_text t;

	extract("From: a@b.example\nSubject: Fwd: x\n\nFYI\n\n"
		"---------- Forwarded message ---------\n"
		"From: Customer <c@acme.example>\nDate: Mon, 1 Jan 2024\n"
		"Subject: help\nTo: a@b.example\n\n"
		"Customer Email: c@acme.example\n",
		&t);
	contains(t.unquoted, "---------- Forwarded message ---------\n");
	contains(t.unquoted, "\nCustomer Email: c@acme.example\n");
	ck_assert_str_eq(t.quoted, "");
	ps_text_free(&t);
}
END_TEST

START_TEST(reply_with_quoted_template)
{
	struct ps_text t;

	extract("From: a@b.example\nSubject: Re: ticket\n\n"
		"Please prioritise this one.\n\n"
		"On Mon, 1 Jan 2024, Partner <p@x.example> wrote:\n"
		"> Customer Email: c@acme.example\n"
		">> Zoho Product Name: Zoho CRM\n"
		"  > > ZOID: 123\n"
		">\n"
		">not spaced\n",
		&t);
	ck_assert_str_eq(t.unquoted,
			 "Please prioritise this one.\n\n"
			 "On Mon, 1 Jan 2024, Partner <p@x.example> wrote:\n");
	ck_assert_str_eq(
		t.quoted,
		"Customer Email: c@acme.example\n"
		"Zoho Product Name: Zoho CRM\nZOID: 123\n\nnot spaced\n");
	ps_text_free(&t);
	/* HTML replies quote with <blockquote>. */
	extract("From: a@b.example\nContent-Type: text/html\n\n"
		"<p>New text</p><blockquote type=\"cite\">"
		"<p>Customer Email: q@acme.example</p></blockquote>",
		&t);
	ck_assert_str_eq(t.unquoted, "New text\n\n");
	ck_assert_str_eq(t.quoted, "Customer Email: q@acme.example\n");
	ps_text_free(&t);
}
END_TEST

/* ---- transfer encodings and charsets ---- */

START_TEST(quoted_printable)
{
	expect_body("iso-8859-1", "quoted-printable",
		    "Probl=E8me r=E9solu, this line is long and has a soft =\n"
		    "break here.=20\nSecond line=3D ok\n",
		    "Problème résolu, this line is long and has a soft "
		    "break here. \nSecond line= ok\n");
	expect_body("utf-8", "quoted-printable", "Gr=C3=BC=C3=9Fe\n",
		    "Grüße\n");
}
END_TEST

START_TEST(base64_body)
{
	const char *text = "Địa chỉ email của khách hàng: a@b.example\n";
	char *b64 = g_base64_encode((const guchar *) text, strlen(text));

	expect_body("utf-8", "base64", b64, text);
	g_free(b64);
}
END_TEST

START_TEST(charsets)
{
	expect_body("iso-8859-1", "8bit", "caf\xE9 na\xEFve\n", "café naïve\n");
	/* windows-1252 punctuation, also under the ISO-8859-1 label. */
	expect_body("windows-1252", "8bit",
		    "\x93quoted\x94 \x80 5 \x96 it\x92s\n",
		    "“quoted” € 5 – it’s\n");
	expect_body("\"ISO-8859-1\"", "8bit", "\x93x\x94\n", "“x”\n");
	expect_body("iso-8859-15", "8bit", "\xA4 100\n", "€ 100\n");
	expect_body("iso-8859-2", "8bit",
		    "\xB3\xF3"
		    "d\xBC\n",
		    "łódź\n");
	expect_body("windows-1251", "8bit", "\xCF\xF0\xE8\xE2\xE5\xF2\n",
		    "Привет\n");
	expect_body("utf-8", "8bit",
		    "Primäre E-Mail-Adresse des Kunden\n"
		    "Địa chỉ email của khách hàng\n",
		    "Primäre E-Mail-Adresse des Kunden\n"
		    "Địa chỉ email của khách hàng\n");
	/* No charset: UTF-8 if it is valid, else windows-1252. */
	expect_body(NULL, "8bit", "Grüße\n", "Grüße\n");
	expect_body(NULL, "8bit",
		    "Gr\xFC\xDF"
		    "e\n",
		    "Grüße\n");
	/* Mislabelled UTF-8 under a Latin-1 label. */
	expect_body("us-ascii", "8bit", "Grüße\n", "Grüße\n");
}
END_TEST

START_TEST(unknown_and_malformed_charsets)
{
	expect_body("x-foo", "8bit", "Grüße\n", "Grüße\n");
	expect_body("x-foo", "8bit",
		    "Gr\xFC\xDF"
		    "e\n",
		    "Grüße\n");
	expect_body("\"utf-8 %%; bogus\"", "8bit", "caf\xE9\n", "café\n");
	expect_body("\"\"", "8bit", "caf\xE9\n", "café\n");
	expect_body("x-unknown", "8bit", "caf\xE9\n", "café\n");
	/* Declared UTF-8 with bad bytes: U+FFFD, not a guess. */
	expect_body("utf-8", "8bit", "caf\xE9!\n", "caf\xEF\xBF\xBD!\n");
}
END_TEST

START_TEST(html_meta_charset)
{
	struct ps_text t;

	extract("From: a@b.example\nContent-Type: text/html\n\n"
		"<html><head><meta http-equiv=\"Content-Type\" "
		"content=\"text/html;"
		" charset=iso-8859-2\"></head><body>\xB3\xF3"
		"d\xBC</body></html>",
		&t);
	ck_assert_str_eq(t.unquoted, "łódź\n");
	ps_text_free(&t);
}
END_TEST

START_TEST(nul_and_invalid_utf8)
{
	static const char msg[] = "From: a@b.example\nSubject: s\n"
				  "Content-Type: text/plain; charset=utf-8\n\n"
				  "a\0b\xC3(\xED\xA0\x80z\r\nnext\rline\n";
	struct ps_text t;

	extract_lim(msg, sizeof(msg) - 1, NULL, &t);
	ck_assert_str_eq(t.unquoted,
			 "ab\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD"
			 "\xEF\xBF\xBDz\nnext\nline\n");
	ps_text_free(&t);
}
END_TEST

/* ---- headers ---- */

/* ps_utf8_clean() one byte at a time, as the rules in utf8.h say. */
static void
clean_ref(GString *out, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	size_t n;

	while (p < end) {
		if (*p == '\r') {
			g_string_append_c(out, '\n');
			p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
		} else if (*p == 0)
			p++;
		else if (*p < 0x80)
			g_string_append_c(out, (char) *p++);
		else if ((n = ps_utf8_seq(p, end)) != 0) {
			unsigned long cp;

			ps_utf8_decode(p, end, &cp);
			if (cp == 0xA0 || cp == 0x202F)
				g_string_append_c(out, ' ');
			else if (cp != 0xAD && cp != 0x2060 && cp != 0xFEFF
				 && !(cp >= 0x200B && cp <= 0x200F))
				g_string_append_len(out, (const char *) p,
						    (gssize) n);
			p += n;
		} else {
			g_string_append(out, PS_UTF8_REPLACEMENT);
			p++;
		}
	}
}

/* The word-at-a-time paths agree with the rules at every alignment. */
START_TEST(utf8_clean_words)
{
	static const char *const bits[] = {
		"a",
		"plain ascii ",
		"\r",
		"\r\n",
		"\n",
		"\t",
		"",
		"\x01",
		"\xC3\xA9",
		"\xE2\x82\xAC",
		"\xF0\x9F\x98\x80",
		"\xC2\xA0",
		"\xC2\xAD",
		"\xE2\x80\x8B",
		"\xE2\x80\x8D",
		"\xE2\x80\xAF",
		"\xE2\x81\xA0",
		"\xEF\xBB\xBF",
		"\xE2\x80\x90",
		"\xC3",
		"\xE2\x82",
		"\xFF",
		"\xED\xA0\x80",
		"\xC0\xAF",
		"\x80",
	};
	GRand *r = g_rand_new_with_seed(7);
	int k;

	for (k = 0; k < 3000; k++) {
		GString *in = g_string_new(NULL), *a = g_string_new(NULL),
			*b = g_string_new(NULL), *d;
		int i, n = g_rand_int_range(r, 0, 40);

		for (i = 0; i < n; i++) {
			guint32 j = (guint32) g_rand_int_range(
				r, 0,
				(gint32) (sizeof(bits) / sizeof(bits[0])));

			if (j == 6)
				g_string_append_c(in, 0); /* NUL */
			else
				g_string_append(in, bits[j]);
		}
		ps_utf8_clean(a, in->str, in->len);
		clean_ref(b, (const unsigned char *) in->str, in->len);
		ck_assert_uint_eq(a->len, b->len);
		ck_assert_mem_eq(a->str, b->str, a->len);
		/* UTF-8 declared or found: the same, without a copy. */
		d = ps_charset_decode(in->str, in->len, "utf-8");
		ck_assert_str_eq(d->str, b->str);
		g_string_free(d, TRUE);
		d = ps_charset_decode(in->str, in->len, "iso-8859-1");
		ck_assert_int_eq(ps_utf8_valid(in->str, in->len),
				 g_utf8_validate(d->str, (gssize) d->len, NULL)
					 && strcmp(d->str, b->str) == 0);
		g_string_free(d, TRUE);
		g_string_free(in, TRUE);
		g_string_free(a, TRUE);
		g_string_free(b, TRUE);
	}
	g_rand_free(r);
}
END_TEST

START_TEST(rfc2047_subject)
{
	struct ps_text t;

	extract("From: a@b.example\n"
		"Subject: =?ISO-8859-1?Q?Caf=E9?= und\n"
		" =?UTF-8?B?w7xiZXI=?= plain "
		"=?windows-1252?Q?=93x=94?=\n\nbody\n",
		&t);
	ck_assert_str_eq(t.subject, "Café und über plain “x”");
	ps_text_free(&t);
	/* Blanks between adjacent encoded words are not text (RFC 2047). */
	extract("From: a@b.example\n"
		"Subject: =?UTF-8?Q?a?= =?UTF-8?Q?b?=\n\nbody\n",
		&t);
	ck_assert_str_eq(t.subject, "ab");
	ps_text_free(&t);
	extract("From: a@b.example\nSubject: raw caf\xE9\n\nbody\n", &t);
	ck_assert_str_eq(t.subject, "raw café");
	ps_text_free(&t);
	extract("From: a@b.example\n\nno subject\n", &t);
	ck_assert_ptr_null(t.subject);
	ps_text_free(&t);
}
END_TEST

START_TEST(addresses)
{
	struct ps_text t;

	extract("From: \"Doe, John\" <John.Doe@Example.COM>\n"
		"Sender: =?UTF-8?Q?B=C3=BCro?= <office@partner.example>\n"
		"Reply-To: support@partner.example, john.doe@example.com\n"
		"To: Team: a@b.example, \"B\" <B@C.Example>;, e@f.example\n"
		"Cc: undisclosed-recipients:;, (comment) g@h.example\n"
		"Bcc: hidden@x.example\n"
		"Subject: s\n\nbody\n",
		&t);
	ck_assert_uint_eq(t.senders.n, 3);
	ck_assert_str_eq(t.senders.v[0], "john.doe@example.com");
	ck_assert_str_eq(t.senders.v[1], "office@partner.example");
	ck_assert_str_eq(t.senders.v[2], "support@partner.example");
	ck_assert_uint_eq(t.recipients.n, 4);
	ck_assert_str_eq(t.recipients.v[0], "a@b.example");
	ck_assert_str_eq(t.recipients.v[1], "b@c.example");
	ck_assert_str_eq(t.recipients.v[2], "e@f.example");
	ck_assert_str_eq(t.recipients.v[3], "g@h.example");
	ps_text_free(&t);
}
END_TEST

/* ---- limits ---- */

START_TEST(truncation)
{
	GString *s = g_string_new("From: a@b.example\nSubject: long\n\n"
				  "Customer Email: c@acme.example\n");
	struct ps_limits lim;
	struct ps_text t;

	while (s->len < 10000)
		g_string_append(s, "filler filler filler filler\n");
	ps_limits_default(&lim);
	lim.max_parse_bytes = 1000;
	extract_lim(s->str, s->len, &lim, &t);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_str_eq(t.subject, "long");
	contains(t.unquoted, "Customer Email: c@acme.example\nfiller");
	ck_assert_uint_lt(t.unquoted_len, 1000);
	ps_text_free(&t);
	lim.max_parse_bytes = s->len;
	extract_lim(s->str, s->len, &lim, &t);
	ck_assert_int_eq(t.truncated, 0);
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(text_cap)
{
	GString *s = g_string_new("From: a@b.example\n\n");
	struct ps_limits lim;
	struct ps_text t;

	while (s->len < 5000)
		g_string_append(s, "ééé\n> quoted ü\n");
	ps_limits_default(&lim);
	lim.max_text_bytes = 101;
	extract_lim(s->str, s->len, &lim, &t);
	ck_assert_uint_le(t.unquoted_len, 101);
	ck_assert_uint_ge(t.unquoted_len, 98);
	ck_assert_uint_le(t.quoted_len, 101);
	ck_assert_uint_ge(t.quoted_len, 98);
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(depth_cap)
{
	struct ps_limits lim;
	struct ps_text t;
	GString *s;

	ps_limits_default(&lim);
	lim.max_mime_depth = 4;
	s = nested(3, ""); /* the text is at depth 4 */
	extract_lim(s->str, s->len, &lim, &t);
	ck_assert_str_eq(t.unquoted, "INNERMOST\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
	s = nested(4, ""); /* the text is at depth 5 */
	extract_lim(s->str, s->len, &lim, &t);
	lacks(t.unquoted, "INNERMOST");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(parts_cap)
{
	GString *s = g_string_new(
		"From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=M\n\n");
	struct ps_limits lim;
	struct ps_text t;
	int i;

	for (i = 1; i <= 10; i++)
		g_string_append_printf(
			s, "--M\nContent-Type: text/plain\n\np%d\n", i);
	g_string_append(s, "--M--\n");
	ps_limits_default(&lim);
	lim.max_mime_parts = 5; /* the multipart and four parts */
	extract_lim(s->str, s->len, &lim, &t);
	ck_assert_str_eq(t.unquoted, "p1\n\np2\n\np3\n\np4\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- malformed ---- */

START_TEST(malformed_mime)
{
	struct ps_text t;
	struct ps_error err;

	/* The closing boundary never comes. */
	extract("From: a@b.example\nContent-Type: multipart/mixed; "
		"boundary=M\n\n"
		"--M\nContent-Type: text/plain\n\nopen part\n"
		"--M\nContent-Type: text/plain\n\nlast, unclosed\n",
		&t);
	ck_assert_str_eq(t.unquoted, "open part\n\nlast, unclosed\n");
	ps_text_free(&t);
	/* No boundary parameter: the raw body is the text. */
	extract("From: a@b.example\nContent-Type: multipart/mixed\n\n"
		"--M\nContent-Type: text/plain\n\nCustomer Email: "
		"c@acme.example\n"
		"--M--\n",
		&t);
	contains(t.unquoted, "Customer Email: c@acme.example\n");
	ps_text_free(&t);
	/* Bad base64: what decodes is kept. */
	extract("From: a@b.example\nContent-Transfer-Encoding: base64\n\n"
		"SGVsbG8g!!!d29y*bGQ\n",
		&t);
	contains(t.unquoted, "Hello");
	ps_text_free(&t);
	/* Cut in the middle of a part's headers. */
	extract("From: a@b.example\nContent-Type: multipart/mixed; "
		"boundary=M\n\n"
		"--M\nContent-Type: text/plain\n\nkept\n--M\nContent-Ty",
		&t);
	contains(t.unquoted, "kept\n");
	ps_text_free(&t);
	/* Headers only. */
	extract("From: a@b.example\nSubject: only", &t);
	ck_assert_str_eq(t.subject, "only");
	ck_assert_str_eq(t.unquoted, "");
	ps_text_free(&t);
	/* Nothing GMime can take for a message. */
	ck_assert_int_eq(ps_text_extract("", 0, NULL, &t, &err), -1);
	ck_assert_str_ne(err.text, "");
	ps_text_free(&t);
	ck_assert_int_eq(
		ps_text_extract("no header here\n", 15, NULL, &t, &err), -1);
	ck_assert_str_ne(err.text, "");
	ps_text_free(&t);
}
END_TEST

START_TEST(free_copes)
{
	struct ps_text t;
	struct ps_addrs a;

	memset(&t, 0, sizeof(t));
	ps_text_free(&t);
	ps_text_free(&t);
	ps_text_free(NULL);
	memset(&a, 0, sizeof(a));
	ps_addrs_free(&a);
	ps_addrs_free(NULL);
	extract("From: a@b.example\nTo: c@d.example\n\nx\n", &t);
	ps_text_free(&t);
	ps_text_free(&t);
}
END_TEST

/* ---- hostile input ---- */

START_TEST(hostile_nested_multiparts)
{
	GString *s = g_string_new(
		"From: a@b.example\nSubject: deep\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=top\n\n"
		"--top\nContent-Type: text/plain\n\nouter text\n"
		"--top\n");
	GString *deep = nested(3000,
			       "padding padding padding padding padding "
			       "padding padding padding padding padding\n"
			       "padding padding padding padding padding "
			       "padding padding padding padding padding\n"
			       "padding padding padding padding padding "
			       "padding padding padding padding padding\n"
			       "padding padding padding padding padding "
			       "padding padding padding padding padding\n"
			       "padding padding padding padding padding "
			       "padding padding padding padding padding\n");
	struct ps_text t;
	const char *body = strstr(deep->str, "Content-Type");

	g_string_append(s, body);
	g_string_append(s, "--top--\n");
	ck_assert_uint_gt(s->len, 1000000);
	extract_small_stack(s->str, s->len, &t);
	ck_assert_str_eq(t.unquoted, "outer text\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
	g_string_free(deep, TRUE);
}
END_TEST

START_TEST(hostile_boundary_lines)
{
	GString *s = nested(1000, "");
	struct ps_text t;

	g_string_truncate(s, (gsize) (strstr(s->str, "INNERMOST") - s->str));
	while (s->len < 2 * 1024 * 1024)
		g_string_append(s, "--x\n");
	extract_small_stack(s->str, s->len, &t);
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(hostile_many_parts)
{
	GString *s = g_string_new(
		"From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\n\nfirst\n");
	struct ps_text t;

	while (s->len < 2 * 1024 * 1024)
		g_string_append(s, "--b\n\n");
	extract_small_stack(s->str, s->len, &t);
	ck_assert_str_eq(t.unquoted, "first\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(hostile_many_headers)
{
	GString *s = g_string_new("From: a@b.example\nSubject: many\n");
	struct ps_text t;
	int i;

	for (i = 0; i < 50000; i++)
		g_string_append_printf(s,
				       i % 2 ? "To: u%d@example.com\n"
					     : "Received: from h%d by mx\n",
				       i);
	g_string_append(s, "\nthe body\n");
	extract_small_stack(s->str, s->len, &t);
	ck_assert_str_eq(t.subject, "many");
	ck_assert_uint_gt(t.recipients.n, 0);
	ck_assert_uint_le(t.recipients.n, 1000);
	ck_assert_str_eq(t.unquoted, "the body\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(hostile_folded_headers)
{
	GString *s = g_string_new("From: a@b.example\nTo: x@example.com");
	struct ps_text t;
	int i;

	for (i = 0; s->len < 1024 * 1024; i++)
		g_string_append_printf(s, ",\n\tUser %d <u%d@example.com>", i,
				       i);
	g_string_append(s, "\nSubject: start");
	for (i = 0; s->len < 2 * 1024 * 1024 - 100; i++)
		g_string_append(s, "\n word word word word word word");
	g_string_append(s, "\n\nthe body\n");
	extract_small_stack(s->str, s->len, &t);
	ck_assert_uint_eq(t.recipients.n, 1000);
	ck_assert_str_eq(t.recipients.v[0], "x@example.com");
	ck_assert_ptr_nonnull(t.subject);
	ck_assert_uint_le(strlen(t.subject), 256 * 1024);
	ck_assert_uint_eq(strncmp(t.subject, "start word word", 15), 0);
	ck_assert_str_eq(t.unquoted, "the body\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

/*
 * GMime decodes Subject into a token per word as it parses (8 MB of
 * folded Subject built some 200 MB): the guard keeps 64 KB of a field.
 */
START_TEST(hostile_folded_subject)
{
	GString *s = g_string_new("From: a@b.example\nSubject: start");
	struct ps_limits lim;
	struct ps_text t;

	while (s->len < 8 * 1024 * 1024)
		g_string_append(s, "\n\tsystem is down folded");
	g_string_append(s, "\nTo: c@d.example\n\nthe body\n");
	ps_limits_default(&lim);
	lim.max_parse_bytes = 16 * 1024 * 1024;
	extract_lim(s->str, s->len, &lim, &t);
	ck_assert_ptr_nonnull(t.subject);
	ck_assert_uint_eq(strncmp(t.subject, "start system is down", 20), 0);
	ck_assert_uint_le(strlen(t.subject), 65536);
	ck_assert_uint_eq(t.recipients.n, 1);
	ck_assert_str_eq(t.unquoted, "the body\n");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(hostile_address_groups)
{
	static const char *const units[] = {"a:", "To:a@b,\n ",
					    "\"a\":", "g:(c)"};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		GString *s = g_string_new("From: a@b.example\nTo: ");
		struct ps_text t;

		while (s->len < 1024 * 1024)
			g_string_append(s, units[i]);
		g_string_append(s, "x@y.example\nSubject: groups\n\nbody\n");
		extract_small_stack(s->str, s->len, &t);
		ck_assert_str_eq(t.subject, "groups");
		ck_assert_str_eq(t.unquoted, "body\n");
		ps_text_free(&t);
		g_string_free(s, TRUE);
	}
}
END_TEST

START_TEST(hostile_nested_messages)
{
	GString *s = g_string_new("From: a@b.example\nMIME-Version: 1.0\n");
	struct ps_text t;
	int i;

	for (i = 0; i < 20000; i++)
		g_string_append(s,
				"Content-Type: message/rfc822\n\nFrom: x@y\n");
	g_string_append(s, "\ndeepest\n");
	extract_small_stack(s->str, s->len, &t);
	lacks(t.unquoted, "deepest");
	ps_text_free(&t);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- the guard itself ---- */

START_TEST(guard_caps)
{
	GString *s = nested(40, "");
	size_t n;
	int capped;
	char *out;

	/* Boundaries past the depth are disabled, the rest kept. */
	out = ps_guard(s->str, s->len, 16, 256, &n, &capped);
	ck_assert_int_eq(capped, 1);
	ck_assert_ptr_nonnull(strstr(out, "boundary=\"b15\""));
	ck_assert_ptr_nonnull(strstr(out, "xoundary=\"b16\""));
	ck_assert_ptr_nonnull(strstr(out, "xoundary=\"b39\""));
	g_free(out);
	/* Within the limits nothing changes. */
	out = ps_guard(s->str, s->len, 64, 256, &n, &capped);
	ck_assert_int_eq(capped, 0);
	ck_assert_uint_eq(n, s->len);
	ck_assert_mem_eq(out, s->str, n);
	g_free(out);
	g_string_free(s, TRUE);
	/* Sibling multiparts close and do not count as depth. */
	s = g_string_new("Content-Type: multipart/mixed; boundary=top\n\n");
	for (n = 0; n < 20; n++)
		g_string_append_printf(
			s,
			"--top\nContent-Type: multipart/alternative;"
			" boundary=s%zu\n\n--s%zu\n\nx\n--s%zu--\n",
			n, n, n);
	g_string_append(s, "--top--\n");
	out = ps_guard(s->str, s->len, 3, 256, &n, &capped);
	ck_assert_int_eq(capped, 0);
	g_free(out);
	/* Parts: the copy ends before the delimiter past the cap. */
	out = ps_guard(s->str, s->len, 3, 5, &n, &capped);
	ck_assert_int_eq(capped, 1);
	ck_assert_ptr_nonnull(strstr(out, "--s1--\n--top\n"));
	ck_assert_ptr_nonnull(strstr(out, "boundary=s2\n\n"));
	ck_assert_ptr_null(strstr(out, "--s2"));
	g_free(out);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(guard_keeps_ordinary_mail)
{
	static const char *const names[] = {
		"alternative.eml",
		"html_table.eml",
	};
	size_t i, len, n, at;
	char *msg, *out;
	int capped;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		msg = fixture(names[i], &len);
		out = ps_guard(msg, len, 16, 256, &n, &capped);
		ck_assert_int_eq(capped, 0);
		ck_assert_uint_eq(n, len);
		ck_assert_mem_eq(out, msg, len);
		g_free(out);
		g_free(msg);
	}
	/* All but the attached PDF's body, which nothing reads. */
	msg = fixture("forward_attached.eml", &len);
	out = ps_guard(msg, len, 16, 256, &n, &capped);
	ck_assert_int_eq(capped, 0);
	at = strcspn(msg, "J"); /* the body: "JVBERi0..." */
	ck_assert_uint_eq(strncmp(msg + at, "JVBERi0", 7), 0);
	ck_assert_ptr_null(strstr(out, "JVBERi0"));
	ck_assert_mem_eq(out, msg, at);
	ck_assert_str_eq(out + at, "--outer--\n");
	g_free(out);
	g_free(msg);
}
END_TEST

#define INERT_TOP \
	"From: a@b.example\nContent-Type: multipart/mixed; boundary=o\n\n"

/* Attachment bodies are left out: the text around them stays. */
START_TEST(guard_inert_bodies)
{
	static const char msg[] = INERT_TOP
		"--o\nContent-Type: text/plain\n\nbefore\n"
		"--o\nContent-Type: Application/PDF;\n name=\"a.pdf\"\n"
		"Content-Transfer-Encoding: "
		"base64\n\nJVBERi0xLjQK\n--notours\nboundary=q\nTo: "
		"a:b:c:d:e:f:g:h:i:j\n"
		"--o\nContent-Type: image/png\n\niVBORw0KGgo=\n"
		"--o\nContent-Type: text/plain\n\nafter\n--o--\nepilogue\n";
	struct ps_text t;
	size_t n;
	int capped;
	char *out = ps_guard(msg, sizeof(msg) - 1, 16, 256, &n, &capped);

	ck_assert_int_eq(capped, 0);
	ck_assert_str_eq(
		out,
		INERT_TOP
		"--o\nContent-Type: text/plain\n\nbefore\n"
		"--o\nContent-Type: Application/PDF;\n name=\"a.pdf\"\n"
		"Content-Transfer-Encoding: base64\n\n"
		"--o\nContent-Type: image/png\n\n"
		"--o\nContent-Type: text/plain\n\nafter\n--o--\nepilogue\n");
	g_free(out);
	extract(msg, &t);
	ck_assert_str_eq(t.unquoted, "before\n\nafter\n");
	ps_text_free(&t);
}
END_TEST

/* Header fields nothing reads are left out, with their continuations. */
START_TEST(guard_unread_fields)
{
	static const char msg[] =
		"Received: from a\n\tby b\nDKIM-Signature: v=1;\n b=xyz\n"
		"From: a@b.example\nSubject: s\nMIME-Version: 1.0\n"
		"Delivered-To: c@d.example\n"
		"Content-Type: multipart/mixed; boundary=o\nX-Mailer: m\n\n"
		"--o\nContent-Type: text/plain\nX-Id: 1\nContent-Disposition: "
		"inline\n\n"
		"Received: not a header here\n--o\nX-Id: 2\nnot a field\nX-Id: "
		"3\n\n"
		"x\n--o--\n";
	static const char *const doubts[] = {
		"From: a@b.example\nX-Note: boundary=zz\nX-Mailer: m\n\nbody\n",
		"From: a@b.example\nX-Note: a\n \t\nX-Mailer: m\n\nbody\n",
	};
	size_t n, i;
	int capped;
	char *out = ps_guard(msg, sizeof(msg) - 1, 16, 256, &n, &capped);

	ck_assert_int_eq(capped, 0);
	/*
	 * A block's first field stays, and so do address fields; after a
	 * line that is no field, everything stays.
	 */
	ck_assert_str_eq(
		out,
		"Received: from a\n\tby b\n"
		"From: a@b.example\nSubject: s\nMIME-Version: 1.0\n"
		"Delivered-To: c@d.example\n"
		"Content-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: text/plain\nContent-Disposition: inline\n\n"
		"Received: not a header here\n--o\nX-Id: 2\nnot a field\nX-Id: "
		"3\n\n"
		"x\n--o--\n");
	g_free(out);
	/*
	 * "boundary" outside a Content-Type, or a blank continuation
	 * line: from there on, everything stays.
	 */
	for (i = 0; i < sizeof(doubts) / sizeof(doubts[0]); i++) {
		out = ps_guard(doubts[i], strlen(doubts[i]), 16, 256, &n,
			       &capped);
		ck_assert_str_eq(out, doubts[i]);
		g_free(out);
	}
}
END_TEST

/*
 * Where GMime may read the structure otherwise than the guard, nothing
 * is left out: text that only looks like an attachment's body is found.
 */
START_TEST(guard_inert_doubt)
{
	static const char *const msgs[] = {
		/* A boundary declared in a text body: not GMime's. */
		INERT_TOP
		"--o\nContent-Type: text/plain\n\nboundary=zz\n"
		"--zz\nContent-Type: application/pdf\n\nsecret one\n--o--\n",
		/* A closed boundary's delimiter in a later text part. */
		INERT_TOP
		"--o\nContent-Type: multipart/mixed; boundary=i\n\n"
		"--i\nContent-Type: text/plain\n\nx\n--i--\n"
		"--o\nContent-Type: text/plain\n\nhello\n--i\n"
		"Content-Type: application/pdf\n\nsecret one\n--o--\n",
		/* "xboundary" is no boundary: GMime keeps the body whole. */
		"From: a@b.example\nContent-Type: multipart/mixed; "
		"xboundary=q\n\n"
		"--q\nContent-Type: application/pdf\n\nsecret one\n--q--\n",
		/* Two boundary parameters: GMime takes the first. */
		"From: a@b.example\nContent-Type: multipart/mixed; boundary=q;"
		" boundary=r\n\n--q\nContent-Type: text/plain\n\nx\n"
		"--r\nContent-Type: application/pdf\n\nsecret one\n--q--\n",
		/* Two Content-Types: GMime takes the last. */
		INERT_TOP "--o\nContent-Type: application/pdf\n"
			  "Content-Type: text/plain\n\nsecret one\n--o--\n",
		/* An encoded message: the walk decodes and reparses it. */
		INERT_TOP
		"--o\nContent-Type: message/rfc822\n"
		"Content-Transfer-Encoding: quoted-printable\n\n"
		"X-A: b=\nContent-Type: application/pdf\n\nsecret one\n--o--\n",
		/* A non-field line in a header block. */
		INERT_TOP "--o\nContent-Type: text/plain\nnot a field\n"
			  "\nsecret one\n--o--\n",
		/* A message/partial is a leaf to GMime, not a message. */
		INERT_TOP
		"--o\nContent-Type: message/partial\n\n"
		"Content-Type: application/pdf\n\nstill a leaf\n"
		"--o\nContent-Type: text/plain\n\nsecret one\n--o--\n",
	};
	size_t i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		struct ps_text t;

		extract(msgs[i], &t);
		ck_assert_msg(strstr(t.unquoted, "secret one") != NULL,
			      "case %zu: \"%s\"", i, t.unquoted);
		ps_text_free(&t);
	}
}
END_TEST

/* Boundary values GMime reads in ways we do not: every "--" line counts. */
START_TEST(guard_unknown_values)
{
	static const char *const params[] = {
		"boundary=\"a\\\"b\"",	  "boundary=a b",
		"boundary=(c)a",	  "boundary*0=a; boundary*1=b",
		"boundary==?utf-8?q?a?=", "boundary=\n a",
		"boundary\n =a",	  "boundary=a\n b",
	};
	size_t i, n;

	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		GString *s = g_string_new(NULL);
		int capped, k;
		char *out;

		g_string_printf(s, "Content-Type: multipart/mixed; %s\n\n",
				params[i]);
		for (k = 0; k < 300; k++)
			g_string_append_printf(s, "--zz%d\n\npart %d\n", k, k);
		out = ps_guard(s->str, s->len, 16, 256, &n, &capped);
		ck_assert_msg(capped == 1, "%s", params[i]);
		ck_assert_ptr_nonnull(strstr(out, "\npart 255\n"));
		ck_assert_ptr_null(strstr(out, "--zz256"));
		g_free(out);
		g_string_free(s, TRUE);
	}
}
END_TEST

START_TEST(guard_headers)
{
	GString *s = g_string_new("To: g1: g2: g3: g4: g5: g6: g7: g8: g9: g10:"
				  " a@b;\nX-Other: 1:2:3:4:5:6:7:8:9:10\n");
	size_t n, i;
	int capped;
	char *out;

	out = ps_guard(s->str, s->len, 16, 256, &n, &capped);
	ck_assert_int_eq(capped, 1);
	ck_assert_str_eq(out,
			 "To: g1: g2: g3: g4: g5: g6: g7: g8: g9  g10  a@b;\n"
			 "X-Other: 1:2:3:4:5:6:7:8:9:10\n");
	g_free(out);
	g_string_free(s, TRUE);
	s = g_string_new("");
	for (i = 0; i < 1500; i++) /* Content-*: no field GMime need not see */
		g_string_append_printf(s, "Content-H%zu: v\n continued\n", i);
	g_string_append(s, "\nbody\n");
	out = ps_guard(s->str, s->len, 16, 256, &n, &capped);
	ck_assert_int_eq(capped, 1);
	ck_assert_ptr_nonnull(
		strstr(out, "Content-H999: v\n continued\n\nbody\n"));
	ck_assert_ptr_null(strstr(out, "Content-H1000:"));
	g_free(out);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- threads ---- */

START_TEST(concurrent_extraction)
{
	enum {
		N = 8
	};
	struct job jobs[N];
	pthread_t tid[N];
	char *msgs[N];
	int i, round;

	for (i = 0; i < N; i++) {
		msgs[i] = g_strdup_printf(
			"From: a%d@b.example\nMIME-Version: 1.0\n"
			"Content-Type: multipart/alternative; boundary=A\n\n"
			"--A\nContent-Type: text/html; charset=%s\n\n"
			"<table><tr><td>ZOID</td><td>%d</td></tr></"
			"table>caf\xE9\n"
			"--A--\n",
			i, i % 2 ? "iso-8859-1" : "iso-8859-2", i * 1000);
		memset(&jobs[i], 0, sizeof(jobs[i]));
	}
	for (round = 0; round < 20; round++) {
		for (i = 0; i < N; i++) {
			jobs[i].msg = msgs[i];
			jobs[i].len = strlen(msgs[i]);
			ck_assert_int_eq(pthread_create(&tid[i], NULL, job_run,
							&jobs[i]),
					 0);
		}
		for (i = 0; i < N; i++) {
			char want[64];

			pthread_join(tid[i], NULL);
			ck_assert_int_eq(jobs[i].rc, 0);
			g_snprintf(want, sizeof(want), "ZOID: %d\n\ncafé\n",
				   i * 1000);
			ck_assert_str_eq(jobs[i].t.unquoted, want);
			ps_text_free(&jobs[i].t);
		}
	}
	for (i = 0; i < N; i++)
		g_free(msgs[i]);
}
END_TEST

/*
 * The HTML alternative of a plain text is left for later, read only when
 * asked, and then kept apart; each part's kind is recorded.
 */
START_TEST(alternative_kept_for_later)
{
	struct ps_text t;

	extract("From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=M\n\n"
		"--M\nContent-Type: multipart/alternative; boundary=A\n\n"
		"--A\nContent-Type: text/plain; charset=utf-8\n\n"
		"Customer Email Address: Jane Admin\n"
		"--A\nContent-Type: text/html; charset=utf-8\n\n"
		"<table><tr><td>Customer Email Address</td><td><a "
		"href=\"mailto:jane@acme.example\">Jane Admin</a></td></tr>"
		"</table><blockquote type=\"cite\">old</blockquote>\n"
		"--A--\n"
		"--M\nContent-Type: text/html; charset=utf-8\n\n"
		"<p>Second part</p>\n"
		"--M--\n",
		&t);
	ck_assert_str_eq(t.unquoted,
			 "Customer Email Address: Jane Admin\n\n"
			 "Second part\n");
	ck_assert_ptr_null(t.alt_unquoted);
	ck_assert_ptr_nonnull(t.pending);
	ck_assert_uint_eq(t.nspans, 2);
	ck_assert_int_eq(t.spans[0].html, 0);
	ck_assert_int_eq(t.spans[1].html, 1);
	ck_assert_uint_eq(t.spans[1].unquoted_off,
			  strlen("Customer Email Address: Jane Admin\n"));
	ps_text_alternatives(&t);
	ck_assert_ptr_null(t.pending);
	ck_assert_str_eq(t.alt_unquoted,
			 "Customer Email Address: Jane Admin "
			 "<jane@acme.example>\n\n");
	ck_assert_str_eq(t.alt_quoted, "old\n");
	ps_text_alternatives(&t); /* once */
	ck_assert_str_eq(t.alt_quoted, "old\n");
	ps_text_free(&t);
	/* Never asked for: freed with the text. */
	extract("From: a@b.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/alternative; boundary=A\n\n"
		"--A\nContent-Type: text/plain\n\nplain\n"
		"--A\nContent-Type: text/html\n\n<b>html</b>\n--A--\n",
		&t);
	ck_assert_ptr_nonnull(t.pending);
	ps_text_free(&t);
}
END_TEST

/* RFC 3676: soft breaks join, DelSp, quote depth, the signature line. */
START_TEST(format_flowed)
{
	struct ps_text t;

	extract("From: a@b.example\n"
		"Content-Type: text/plain; charset=utf-8; format=Flowed\n\n"
		"Customer Email \nAddress: a@b.example\n"
		" >not a quote (stuffed)\n"
		"> quoted and \n> flowed\n"
		">> deeper\n"
		"-- \n"
		"sig\n",
		&t);
	ck_assert_str_eq(t.unquoted,
			 "Customer Email Address: a@b.example\n"
			 "-- \n"
			 "sig\n");
	/* split.c reads a ">" after blanks as quoting, stuffed or not. */
	ck_assert_str_eq(t.quoted,
			 "not a quote (stuffed)\nquoted and flowed\ndeeper\n");
	ps_text_free(&t);
	extract("From: a@b.example\n"
		"Content-Type: text/plain; format=flowed; delsp=yes\n\n"
		"Zoho Pro \nduct Name: Zoho CRM\n",
		&t);
	ck_assert_str_eq(t.unquoted, "Zoho Product Name: Zoho CRM\n");
	ps_text_free(&t);
	/* Not flowed: trailing spaces mean nothing. */
	extract("From: a@b.example\nContent-Type: text/plain\n\n"
		"one \ntwo\n",
		&t);
	ck_assert_str_eq(t.unquoted, "one \ntwo\n");
	ps_text_free(&t);
}
END_TEST

/* Automated mail, by its headers; an ordinary message is not. */
START_TEST(automated_mail)
{
	static const struct {
		const char *headers;
		const char *why; /* NULL: not automated */
	} cases[] = {
		{"Auto-Submitted: auto-replied\n",
		 "Auto-Submitted: auto-replied"},
		{"Auto-Submitted: auto-generated (vacation)\n",
		 "Auto-Submitted: auto-generated (vacation)"},
		{"Auto-Submitted: No\n", NULL},
		{"Precedence: bulk\n", "Precedence: bulk"},
		{"Precedence: junk\n", "Precedence: junk"},
		{"Precedence: list\n", "Precedence: list"},
		{"Precedence: auto_reply\n", "Precedence: auto_reply"},
		{"Precedence: first-class\n", NULL},
		{"X-Autoreply: yes\n", "X-Autoreply: yes"},
		{"Return-Path: <>\n", "Return-Path: <>"},
		{"Return-Path: <MAILER-DAEMON@mx.example>\n",
		 "Return-Path: <MAILER-DAEMON@mx.example>"},
		{"Return-Path: <daemon@example.org>\n", NULL},
		{"", NULL},
	};
	char msg[512];
	struct ps_text t;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(msg, sizeof(msg),
			 "Received: from a by b\n%sFrom: a@b.example\n"
			 "X-Mailer: m\nSubject: s\n\nbody\n",
			 cases[i].headers);
		extract(msg, &t);
		if (cases[i].why == NULL)
			ck_assert_msg(t.automated == NULL, "'%s': %s",
				      cases[i].headers, t.automated);
		else
			ck_assert_msg(
				t.automated != NULL
					&& strcmp(t.automated, cases[i].why)
						== 0,
				"'%s': %s", cases[i].headers,
				t.automated ? t.automated : "not");
		ps_text_free(&t);
	}
	extract("From: MAILER-DAEMON@mx.example (Mail Delivery System)\n"
		"Subject: Undelivered Mail Returned to Sender\n\nbody\n",
		&t);
	ck_assert_ptr_nonnull(t.automated);
	ps_text_free(&t);
	extract("From: postmaster@mx.example\nMIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status; "
		"boundary=R\n\n"
		"--R\nContent-Type: text/plain\n\nService unavailable\n"
		"--R\nContent-Type: message/delivery-status\n\n"
		"Status: 5.0.0\n--R--\n",
		&t);
	ck_assert_str_eq(t.automated, "Content-Type: multipart/report");
	ps_text_free(&t);
}
END_TEST

static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");
	TCase *th = tcase_create("hostile");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, plain_text);
	tcase_add_test(tc, html_only_table);
	tcase_add_test(tc, alternative_prefers_plain);
	tcase_add_test(tc, alternative_html_only);
	tcase_add_test(tc, alternative_kept_for_later);
	tcase_add_test(tc, format_flowed);
	tcase_add_test(tc, automated_mail);
	tcase_add_test(tc, mixed_skips_attachments);
	tcase_add_test(tc, forwarded_as_attachment);
	tcase_add_test(tc, forwarded_encoded_rfc822);
	tcase_add_test(tc, forwarded_inline);
	tcase_add_test(tc, reply_with_quoted_template);
	tcase_add_test(tc, quoted_printable);
	tcase_add_test(tc, base64_body);
	tcase_add_test(tc, charsets);
	tcase_add_test(tc, unknown_and_malformed_charsets);
	tcase_add_test(tc, html_meta_charset);
	tcase_add_test(tc, nul_and_invalid_utf8);
	tcase_add_test(tc, utf8_clean_words);
	tcase_add_test(tc, rfc2047_subject);
	tcase_add_test(tc, addresses);
	tcase_add_test(tc, truncation);
	tcase_add_test(tc, text_cap);
	tcase_add_test(tc, depth_cap);
	tcase_add_test(tc, parts_cap);
	tcase_add_test(tc, malformed_mime);
	tcase_add_test(tc, free_copes);
	tcase_add_test(tc, guard_caps);
	tcase_add_test(tc, guard_keeps_ordinary_mail);
	tcase_add_test(tc, guard_inert_bodies);
	tcase_add_test(tc, guard_inert_doubt);
	tcase_add_test(tc, guard_unread_fields);
	tcase_add_test(tc, guard_unknown_values);
	tcase_add_test(tc, guard_headers);
	tcase_add_test(tc, concurrent_extraction);
	suite_add_tcase(s, tc);
	tcase_set_timeout(th, 120);
	tcase_add_test(th, hostile_nested_multiparts);
	tcase_add_test(th, hostile_boundary_lines);
	tcase_add_test(th, hostile_many_parts);
	tcase_add_test(th, hostile_many_headers);
	tcase_add_test(th, hostile_folded_headers);
	tcase_add_test(th, hostile_folded_subject);
	tcase_add_test(th, hostile_address_groups);
	tcase_add_test(th, hostile_nested_messages);
	suite_add_tcase(s, th);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = text_suite,
	.init = ps_text_init,
	.fini = ps_text_shutdown,
};
