/* test_err.c: the error record and its Chinese (X4): a format of the catalog is formatted in
 * both languages with the same arguments; a format without an entry leaves the Chinese
 * empty; "%s" of a whole catalogued message takes that message's Chinese; clearing empties
 * both; zf_err_vset and the import's formatter agree with zf_err_set. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/err.h"

static void test_both_languages(void **state)
{
	(void)state;
	struct zf_err e;
	zf_err_clear(&e);
	assert_int_equal(zf_err_set(&e, ZF_EINVAL, "name", "%s is required", "name"), ZF_EINVAL);
	assert_int_equal(e.code, ZF_EINVAL);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.msg, "name is required");
	assert_string_equal(e.msg_zh, "name为必填项");
	/* several conversions, in order */
	zf_err_set(&e, ZF_EINVAL, "x", "%s is longer than %d characters", "title", 200);
	assert_string_equal(e.msg, "title is longer than 200 characters");
	assert_non_null(strstr(e.msg_zh, "title"));
	assert_non_null(strstr(e.msg_zh, "200"));
	assert_true(strstr(e.msg_zh, "title") < strstr(e.msg_zh, "200"));
}

static void test_no_entry(void **state)
{
	(void)state;
	struct zf_err e;
	zf_err_clear(&e);
	zf_err_set(&e, ZF_EINVAL, "ratings", "a format no source has: %d", 7);
	assert_string_equal(e.msg, "a format no source has: 7");
	assert_string_equal(e.msg_zh, "");
	/* a bare "%s" of text that is not a message of the catalog */
	zf_err_set(&e, ZF_EIO, NULL, "%s", "disk I/O error");
	assert_string_equal(e.msg, "disk I/O error");
	assert_string_equal(e.msg_zh, "");
	/* a setting that has no Chinese does not keep the previous one */
	zf_err_set(&e, ZF_EINVAL, "a", "%s is required", "a");
	zf_err_set(&e, ZF_EINVAL, "b", "no such thing: %s", "b");
	assert_string_equal(e.msg_zh, "");
}

static void test_whole_message(void **state)
{
	(void)state;
	struct zf_err e;
	zf_err_clear(&e);
	zf_err_set(&e, ZF_EAUTH, NULL, "%s", "wrong username or password");
	assert_string_equal(e.msg, "wrong username or password");
	assert_string_equal(e.msg_zh, "用户名或密码错误");
}

static void test_clear(void **state)
{
	(void)state;
	struct zf_err e;
	zf_err_set(&e, ZF_EINVAL, "name", "%s is required", "name");
	e.line = 12;
	zf_err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_int_equal(e.line, 0);
	assert_string_equal(e.field, "");
	assert_string_equal(e.msg, "");
	assert_string_equal(e.msg_zh, "");
}

static int vset(struct zf_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = zf_err_vset(e, ZF_ECONFLICT, "f", fmt, ap);
	va_end(ap);
	return rc;
}

static bool zh(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = zf_err_format_zh(out, n, fmt, ap);
	va_end(ap);
	return ok;
}

static void test_vset_and_format(void **state)
{
	(void)state;
	struct zf_err a, b;
	char out[64];
	zf_err_clear(&a);
	zf_err_clear(&b);
	zf_err_set(&a, ZF_ECONFLICT, "f", "%s is longer than %d characters", "abc", 9);
	assert_int_equal(vset(&b, "%s is longer than %d characters", "abc", 9), ZF_ECONFLICT);
	assert_string_equal(a.msg, b.msg);
	assert_string_equal(a.msg_zh, b.msg_zh);
	assert_true(zh(out, sizeof out, "%s is longer than %d characters", "abc", 9));
	assert_string_equal(out, a.msg_zh);
	assert_false(zh(out, sizeof out, "not a catalogued format %d", 1));
	assert_string_equal(out, "");
	/* a short buffer is cut, never overrun */
	assert_true(zh(out, 4, "%s is required", "name"));
	assert_int_equal(strlen(out), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_both_languages),  cmocka_unit_test(test_no_entry),
	    cmocka_unit_test(test_whole_message),   cmocka_unit_test(test_clear),
	    cmocka_unit_test(test_vset_and_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
