/* test_letters.c: the invitation letters (letters.c): the address they accept, the link in
 * their QR code, and the PDF itself: one page a token, a write error reported. (The text,
 * the fonts and the QR code as a phone reads it are checked end to end in
 * tests/cli/letters.sh, with poppler and zbar.) */
#define _GNU_SOURCE /* memmem */
#include "testutil.h"
#include "eval/letters.h"

#include <stdlib.h>
#include <string.h>

static void test_check_url(void **state)
{
	struct zf_err err;
	assert_int_equal(letters_check_url("https://zf.example.gov.cn", &err), 0);
	assert_int_equal(letters_check_url("http://10.0.0.5:8080/zuofeng/", &err), 0);
	const char *bad[] = {NULL,
			     "",
			     "zf.example.gov.cn",
			     "ftp://zf.example.gov.cn",
			     "https://",
			     "https:///b/",
			     "https://zf.example.gov.cn/b/?r=1",
			     "https://zf.example.gov.cn/#top",
			     "https://zf example.gov.cn",
			     "https://zf.example.gov.cn/\"x\"",
			     "https://zf.example.gov.cn\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		zf_err_clear(&err);
		assert_int_equal(letters_check_url(bad[i], &err), ZF_EINVAL);
		assert_string_equal(err.field, "url");
	}
	char longer[LETTERS_URL_MAX + 16] = "https://";
	memset(longer + 8, 'a', sizeof longer - 9);
	longer[sizeof longer - 1] = 0;
	assert_int_equal(letters_check_url(longer, &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "longer than"));
}

static void test_link(void **state)
{
	char out[256];
	assert_int_equal(letters_ballot_link("https://zf.example.gov.cn//", "2026", "ABCD-EFGH",
					     out, sizeof out),
			 0);
	assert_string_equal(out, "https://zf.example.gov.cn/b/?r=2026&t=ABCD-EFGH");
	/* a round code that is not URL-safe is percent-encoded, byte by byte */
	assert_int_equal(letters_ballot_link("http://h", "年度 A&B", "T", out, sizeof out), 0);
	assert_string_equal(out, "http://h/b/?r=%E5%B9%B4%E5%BA%A6%20A%26B&t=T");
	/* too small a buffer: refused, not cut */
	assert_int_equal(letters_ballot_link("http://h", "2026", "T", out, 22), -1);
	assert_int_equal(letters_ballot_link("http://h", "2026", "T", out, 23), 0);
	assert_string_equal(out, "http://h/b/?r=2026&t=T");
}

/* The number of page objects in a PDF (the page tree node is /Type /Pages). */
static int pages(const char *pdf, size_t len)
{
	int n = 0;
	const char *p = pdf, *end = pdf + len;
	while ((p = memmem(p, (size_t)(end - p), "/Type /Page", 11))) {
		p += 11;
		if (p < end && *p != 's')
			n++;
	}
	return n;
}

static char *slurp(FILE *f, size_t *len)
{
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = 0;
	*len = (size_t)n;
	return b;
}

static void test_pdf(void **state)
{
	const char *units[] = {"T01　东城镇", "T02　西城镇"};
	struct letters l = {.url = "https://zf.example.gov.cn",
			    .round = "2026",
			    .round_name = "2026年度干部作风建设综合评价",
			    .group_name = "普通群众",
			    .units = units,
			    .nunits = 2};
	const char *tokens[] = {"ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345",
				"6789-ABCD-EFGH-JKMN-PQRS-TVWX-YZ01",
				"2345-6789-ABCD-EFGH-JKMN-PQRS-TVWX"};
	struct zf_err err;
	for (int lang = 0; lang < 2; lang++) {
		l.lang = lang ? "en" : NULL;
		FILE *f = tmpfile();
		assert_non_null(f);
		assert_int_equal(letters_write_pdf(&l, tokens, 3, f, &err), 0);
		size_t len;
		char *pdf = slurp(f, &len);
		assert_true(len > 1000);
		assert_memory_equal(pdf, "%PDF-", 5);
		assert_non_null(memmem(pdf, len, "%%EOF", 5));
		assert_int_equal(pages(pdf, len), 3);
		/* the fonts go in, as subsets, so that any printer shows the Chinese text */
		assert_non_null(memmem(pdf, len, "/FontFile", 9));
		assert_non_null(memmem(pdf, len, "WenQuanYi", 9));
		free(pdf);
		fclose(f);
	}

	/* a list of units too long for the page: the letter still comes out, one page */
	const char *many[80];
	for (int i = 0; i < 80; i++)
		many[i] = "D99　区某某某某某某局";
	l.units = many;
	l.nunits = 80;
	l.lang = NULL;
	FILE *f = tmpfile();
	assert_int_equal(letters_write_pdf(&l, tokens, 1, f, &err), 0);
	size_t len;
	char *pdf = slurp(f, &len);
	assert_int_equal(pages(pdf, len), 1);
	free(pdf);
	fclose(f);
	l.units = units;
	l.nunits = 2;

	/* refusals */
	f = tmpfile();
	l.lang = "fr";
	zf_err_clear(&err);
	assert_int_equal(letters_write_pdf(&l, tokens, 1, f, &err), ZF_EINVAL);
	assert_string_equal(err.field, "lang");
	l.lang = "zh";
	l.url = "zf.example.gov.cn";
	zf_err_clear(&err);
	assert_int_equal(letters_write_pdf(&l, tokens, 1, f, &err), ZF_EINVAL);
	assert_string_equal(err.field, "url");
	assert_int_equal(ftell(f), 0); /* nothing written */
	fclose(f);

	/* a disk that is full: the error is reported, not swallowed */
	l.url = "https://zf.example.gov.cn";
	f = fopen("/dev/full", "w");
	if (f) {
		zf_err_clear(&err);
		assert_int_equal(letters_write_pdf(&l, tokens, 3, f, &err), ZF_EIO);
		assert_non_null(strstr(err.msg, "could not be written"));
		fclose(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_url),
	    cmocka_unit_test(test_link),
	    cmocka_unit_test(test_pdf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
