/* test_resp.c: a download's name in Content-Disposition (resp_attachment): kept when it is
 * plain, every other byte (quotes, line breaks, slashes, UTF-8) turned into '_', and cut
 * rather than overflowing. */
#include "testutil.h"
#include "http/http.h"

static const char *attachment(struct http_resp *r, const char *name)
{
	memset(r, 0, sizeof *r);
	resp_attachment(r, name);
	assert_int_equal(r->nheaders, 1);
	return r->headers[0];
}

static void test_attachment(void **state)
{
	struct http_resp r;
	assert_string_equal(attachment(&r, "rank-2026.csv"),
			    "Content-Disposition: attachment; filename=\"rank-2026.csv\"");
	free(r.headers[0]);
	assert_string_equal(attachment(&r, "a\"b\r\nX-Evil: 1/../年.pdf"),
			    "Content-Disposition: attachment; filename=\"a_b__X-Evil__1_.._"
			    "___.pdf\"");
	free(r.headers[0]);
	char longer[400];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = 0;
	const char *h = attachment(&r, longer);
	assert_true(strlen(h) < 200);
	assert_int_equal(h[strlen(h) - 1], '"');
	free(r.headers[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attachment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
