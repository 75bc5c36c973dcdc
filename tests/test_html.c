/*
 * NAME
 *	test_html.c - HTML to text: entities, layout, tables as "label:
 *	value", mailto links, quoting, the output cap, and hostile input
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "parser/html.h"
#include "tests/check_main.h"

#define BIG (1024 * 1024)

static char *
conv_len(const char *html, size_t len, size_t max)
{
	size_t n = 12345;
	char *out = ps_html_to_text(html, len, max, &n);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(n, strlen(out));
	return out;
}

static void
expect(const char *html, const char *text)
{
	char *out = conv_len(html, strlen(html), BIG);

	ck_assert_str_eq(out, text);
	free(out);
}

/* Builds pre + mid x n + post. */
static char *
repeat(const char *pre, const char *mid, size_t n, const char *post,
       size_t *len)
{
	size_t lp = strlen(pre), lm = strlen(mid), lq = strlen(post), i;
	char *s = malloc(lp + lm * n + lq + 1), *p = s;

	ck_assert_ptr_nonnull(s);
	memcpy(p, pre, lp);
	p += lp;
	for (i = 0; i < n; i++, p += lm)
		memcpy(p, mid, lm);
	memcpy(p, post, lq);
	p[lq] = 0;
	*len = lp + lm * n + lq;
	return s;
}

START_TEST(named_entities)
{
	expect("caf&eacute; &amp; &lt;b&gt; &quot;x&quot; &apos;y&apos;",
	       "café & <b> \"x\" 'y'");
	expect("&copy; &reg; &euro; &ndash; &mdash; &hellip; &bull; &middot;",
	       "© ® € – — … • ·");
	expect("&lsquo;a&rsquo; &ldquo;b&rdquo; &laquo;c&raquo;",
	       "‘a’ “b” «c»");
	expect("&Auml;&auml;&Ouml;&ouml;&Uuml;&uuml;&szlig; "
	       "&ccedil;&atilde;&otilde;"
	       " &ntilde;&egrave;&ecirc;&agrave;",
	       "ÄäÖöÜüß çãõ ñèêà");
	expect("&Abreve;&abreve;&dstrok;&Dstrok; &Scaron;&oelig;", "ĂăđĐ Šœ");
	/* Latin-1 names work without ";" as in browsers; others do not. */
	expect("&copy 2024 &amp more &hellip x", "© 2024 & more &hellip x");
	expect("&unknown; & &; &#; &#x; AT&T", "&unknown; & &; &#; &#x; AT&T");
}
END_TEST

START_TEST(numeric_entities)
{
	expect("&#233;&#xE9;&#XE9;&#x00e9;&#0233;", "ééééé");
	expect("&#x1F600; &#8364;", "😀 €");
	/* No ";" is accepted, as browsers do. */
	expect("&#233x", "éx");
	/* Invalid code points become U+FFFD. */
	expect("a&#0;b&#x110000;c&#xD800;d&#99999999999999999999;e",
	       "a\xEF\xBF\xBD"
	       "b\xEF\xBF\xBD"
	       "c\xEF\xBF\xBD"
	       "d\xEF\xBF\xBD"
	       "e");
	/* 128..159 are windows-1252, as in browsers. */
	expect("&#150;&#147;x&#148;&#128;", "–“x”€");
}
END_TEST

START_TEST(whitespace_and_breaks)
{
	expect("  a \n\t b  <br>  c  ", "a b\nc");
	expect("a<br>b<p>c</p>d<div>e</div>f", "a\nb\n\nc\n\nd\ne\nf");
	expect("<p>one</p><p>two</p>", "one\n\ntwo");
	expect("<div><div><div>x</div></div></div><div>y</div>", "x\ny");
	expect("<ul><li>a</li><li>b</li></ul>end", "a\nb\n\nend");
	expect("<h1>Title</h1>text", "Title\n\ntext");
	expect("a<br><br>b", "a\n\nb");
	expect("x&nbsp;&nbsp;y", "x y");
	expect("<span>a</span><span>b</span> <b>c</b>", "ab c");
	expect("<pre>a  b\n  c</pre>d", "a  b\n  c\n\nd");
	expect("<pre>\nfirst</pre>", "first");
}
END_TEST

START_TEST(dropped_contents)
{
	expect("<html><head><title>Title</title>"
	       "<style>p { color: red }</style>"
	       "<script>var s = '<p>not text</p>';</script>"
	       "<meta charset=\"utf-8\"></head><body>Hi</body></html>",
	       "Hi");
	expect("a<!-- comment <b>x</b> -->b", "ab");
	expect("<!DOCTYPE html><?xml version=\"1.0\"?>a", "a");
	expect("a<!--[if gte mso 9]><xml><w:Zoom>0</w:Zoom></xml><![endif]-->b",
	       "ab");
	expect("<SCRIPT type=\"text/javascript\">x()</SCRIPT >y", "y");
	expect("a<img src=\"x.png\" alt=\"logo\">b", "ab");
	expect("<p class=\"a > b\">x</p>", "x");
}
END_TEST

START_TEST(table_cells)
{
	expect("<table><tr><td>Customer Email</td><td>a@b.c</td></tr>"
	       "<tr><td>Product:</td><td>Zoho CRM</td></tr>"
	       "<tr><th>Request Type</th><td>Upgrade</td></tr>"
	       "<tr><td></td><td>only</td></tr>"
	       "<tr><td>Dash -</td><td>x</td></tr>"
	       "<tr><td>Label\xEF\xBC\x9A</td><td>v</td></tr></table>",
	       "Customer Email: a@b.c\nProduct: Zoho CRM\n"
	       "Request Type: Upgrade\nonly\nDash - x\nLabel\xEF\xBC\x9A v");
	/* Outlook puts every cell's text in a paragraph. */
	expect("<table><tr><td><p class=MsoNormal>Customer Email<o:p></o:p></p>"
	       "</td><td><p class=MsoNormal>a@b.c<o:p></o:p></p></td></tr>"
	       "<tr><td><p>ZOID</p></td><td><p>12345</p></td></tr></table>",
	       "Customer Email: a@b.c\nZOID: 12345");
	/* An empty middle cell does not swallow the joint. */
	expect("<tr><td>A</td><td></td><td>B</td></tr>", "A: B");
	/* A table nested at the start of a cell continues the row. */
	expect("<table><tr><td>Label</td><td><table><tr><td>value</td></tr>"
	       "</table></td></tr></table>after",
	       "Label: value\n\nafter");
	expect("<table><tr><td>a</td></tr></table><table><tr><td>b</td></tr>"
	       "</table>",
	       "a\n\nb");
}
END_TEST

START_TEST(mailto_links)
{
	expect("Customer Email: <a "
	       "href=\"mailto:admin@acme.example\">Admin</a>",
	       "Customer Email: Admin <admin@acme.example>");
	expect("<a href=\"mailto:x@y.z?subject=Hi&amp;body=b\">x@y.z</a>",
	       "x@y.z");
	expect("<a href=\"mailto:X@Y.Z\">mailto:x@y.z</a>", "mailto:x@y.z");
	expect("<td>Email</td><td><a href='MAILTO:a%40b.example'></a></td>",
	       "Email: a@b.example");
	expect("<a href=\"mailto:a&#64;b.example\">write</a> now",
	       "write <a@b.example> now");
	expect("<a href=\"https://example.com/\">site</a>", "site");
	expect("<a href=\"mailto:nobody\">x</a>", "x");
	/* An unclosed link ends at the next link or at the end. */
	expect("<a href=\"mailto:a@b.c\">one <a href=\"mailto:d@e.f\">two",
	       "one <a@b.c> two <d@e.f>");
}
END_TEST

START_TEST(blockquote_quoting)
{
	expect("reply<blockquote type=\"cite\">Customer Email: a@b.c<br>more"
	       "</blockquote>after",
	       "reply\n\n> Customer Email: a@b.c\n> more\n\nafter");
	expect("<blockquote>a<blockquote>b</blockquote>c</blockquote>",
	       "> a\n\n> > b\n\n> c");
	expect("<div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, X"
	       " wrote:<br></div><blockquote class=\"gmail_quote\" "
	       "style=\"margin:"
	       "0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204)\">"
	       "quoted</blockquote></div>",
	       "On Mon, X wrote:\n\n> quoted");
	/* Gmail's indent is a blockquote without a border: not a quote. */
	expect("<blockquote style=\"margin: 0 0 0 40px; border: none; "
	       "padding: 0px;\">indented</blockquote>",
	       "indented");
	expect("</blockquote>x</blockquote>", "x");
}
END_TEST

START_TEST(output_cap)
{
	size_t len, n;
	char *html = repeat("", "é", 10000, "", &len);
	char *out = ps_html_to_text(html, len, 11, &n);

	ck_assert_uint_eq(n, 10); /* 5 characters of 2 bytes */
	ck_assert_str_eq(out, "ééééé");
	free(out);
	out = ps_html_to_text(html, len, 0, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(out, "");
	free(out);
	free(html);
	html = repeat("", "<p>Customer Email: a@b.c</p>", 100000, "", &len);
	out = ps_html_to_text(html, len, 4096, &n);
	ck_assert_uint_le(n, 4096);
	ck_assert_uint_eq(strncmp(out, "Customer Email: a@b.c\n\n", 23), 0);
	free(out);
	free(html);
}
END_TEST

START_TEST(deep_nesting)
{
	static const char *const opens[] = {
		"<div>", "<blockquote>", "<table><tr><td>",
		"<pre>", "<a href=x>",	 "<td>",
		"<b>",
	};
	size_t i;

	for (i = 0; i < sizeof(opens) / sizeof(opens[0]); i++) {
		size_t len, n;
		char *html = repeat("", opens[i], 200000, "x", &len);
		char *out = ps_html_to_text(html, len, BIG, &n);

		ck_assert_ptr_nonnull(strstr(out, "x"));
		ck_assert_uint_le(n, 64);
		free(out);
		free(html);
	}
}
END_TEST

START_TEST(unclosed_at_eof)
{
	expect("abc<div class=\"x", "abc");
	expect("abc<div class='x' ", "abc");
	expect("abc<!-- never closed <p>text", "abc");
	expect("abc<!--", "abc");
	expect("abc<script>never closed", "abc");
	expect("abc</", "abc");
	expect("abc<", "abc<");
	expect("a < b and x<3 &", "a < b and x<3 &");
	expect("<p>para", "para");
}
END_TEST

START_TEST(bad_bytes)
{
	static const char html[] = "a\0b\xFF"
				   "c\xC3";
	size_t n;
	char *out = ps_html_to_text(html, sizeof(html) - 1, BIG, &n);

	ck_assert_str_eq(out,
			 "ab\xEF\xBF\xBD"
			 "c\xEF\xBF\xBD");
	free(out);
	expect("", "");
}
END_TEST

START_TEST(meta_charset)
{
	char buf[32];
	static const char a[] = "<html><head><meta charset=\"ISO-8859-1\">";
	static const char b[] = "<meta http-equiv=\"Content-Type\" "
				"content=\"text/html; charset=windows-1252\">";
	static const char c[] = "<html><body>no meta</body>";

	ck_assert_int_eq(ps_html_meta_charset(a, strlen(a), buf, sizeof(buf)),
			 1);
	ck_assert_str_eq(buf, "ISO-8859-1");
	ck_assert_int_eq(ps_html_meta_charset(b, strlen(b), buf, sizeof(buf)),
			 1);
	ck_assert_str_eq(buf, "windows-1252");
	ck_assert_int_eq(ps_html_meta_charset(c, strlen(c), buf, sizeof(buf)),
			 0);
}
END_TEST

static Suite *
html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("html");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, named_entities);
	tcase_add_test(tc, numeric_entities);
	tcase_add_test(tc, whitespace_and_breaks);
	tcase_add_test(tc, dropped_contents);
	tcase_add_test(tc, table_cells);
	tcase_add_test(tc, mailto_links);
	tcase_add_test(tc, blockquote_quoting);
	tcase_add_test(tc, output_cap);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, unclosed_at_eof);
	tcase_add_test(tc, bad_bytes);
	tcase_add_test(tc, meta_charset);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = html_suite,
};
