/* test_json.c: json_read against jansson's own reader (json_loadb with
 * JSON_REJECT_DUPLICATES), which it replaces for request bodies: the same values for the
 * same texts and the same refusals, on hand-picked texts and on many random ones and their
 * random corruptions. */
#include "testutil.h"
#include "base/json.h"
#include "base/util.h"

#include <jansson.h>

static json_t *jansson(const char *s, size_t n)
{
	json_error_t e;
	return json_loadb(s, n, JSON_REJECT_DUPLICATES, &e);
}

/* Both read text the same way: both refuse it, or both give equal values. */
static void same(const char *s, size_t n)
{
	struct json_read_error err;
	json_t *a = json_read(s, n, &err), *b = jansson(s, n);
	if (!a != !b)
		fail_msg("%s accepts, %s refuses: %.*s (%s)", a ? "json_read" : "jansson",
			 a ? "jansson" : "json_read", (int)(n > 200 ? 200 : n), s,
			 a ? "" : err.text);
	if (a && !json_equal(a, b))
		fail_msg("different values for %.*s", (int)(n > 200 ? 200 : n), s);
	json_decref(a);
	json_decref(b);
}

static void same_str(const char *s)
{
	same(s, strlen(s));
}

static void test_valid_texts(void **state)
{
	const char *ok[] = {
	    "{}",
	    "[]",
	    " \t\r\n{ } ",
	    "{\"a\":1,\"b\":-2,\"c\":0,\"d\":-0,\"e\":9223372036854775807,"
	    "\"f\":-9223372036854775808}",
	    "[1.5, -0.0, 1e3, 1E-3, 2.5e+10, 0.000001, 123456789.123456789]",
	    "[true,false,null,\"\",\"x\"]",
	    "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
	    "[\"\\u00e9\\u4e2d\\uD83D\\uDE00\\u0001\"]",
	    "{\"思想作风\":\"满意\",\"a\":{\"b\":[[],[{}]]}}",
	    "[\"\xe4\xb8\xad\xf0\x9f\x98\x80\x7f\"]",
	    "{\"round\":\"B\",\"token\":\"ABCD-EFGH\",\"ballots\":[{\"unit\":\"U00\",\"ratings\":"
	    "{\"sixiang\":90,\"huanjing\":\"满意\",\"x\":null}}],\"receipt\":true}",
	    "[1e308, -1e308, 4.9e-324, 1e-400]",
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct json_read_error err;
		json_t *v = json_read(ok[i], strlen(ok[i]), &err);
		if (!v)
			fail_msg("refused %s: %s", ok[i], err.text);
		json_decref(v);
		same_str(ok[i]);
	}
	/* integers stay integers, and a fraction or exponent makes a real */
	struct json_read_error err;
	json_t *v = json_read("[7, 7.0, 7e0]", 13, &err);
	assert_true(json_is_integer(json_array_get(v, 0)));
	assert_true(json_is_real(json_array_get(v, 1)));
	assert_true(json_is_real(json_array_get(v, 2)));
	json_decref(v);
}

static void test_refused_texts(void **state)
{
	const char *bad[] = {
	    "",
	    " ",
	    "1",
	    "\"a\"",
	    "null",
	    "{",
	    "{\"a\"}",
	    "{\"a\":}",
	    "{\"a\":1,}",
	    "[1,]",
	    "[,1]",
	    "{\"a\":1 \"b\":2}",
	    "{\"a\":1,\"a\":2}",
	    "{a:1}",
	    "['a']",
	    "[01]",
	    "[1.]",
	    "[.5]",
	    "[+1]",
	    "[1e]",
	    "[1e+]",
	    "[-]",
	    "[--1]",
	    "[0x10]",
	    "[NaN]",
	    "[Infinity]",
	    "[tru]",
	    "[truex]",
	    "[nul]",
	    "[\"\\x\"]",
	    "[\"\\u12\"]",
	    "[\"\\uZZZZ\"]",
	    "[\"\\uD800\"]",
	    "[\"\\uDC00\"]",
	    "[\"\\uD800\\u0041\"]",
	    "[\"\\u0000\"]",
	    "[\"a\tb\"]",
	    "[\"a\nb\"]",
	    "[\"a\x1f\"]",
	    "[\"abc]",
	    "[\"\xff\"]",
	    "[\"\xc0\x80\"]",
	    "[\"\xed\xa0\x80\"]",
	    "[\"\xe4\xb8\"]",
	    "[9223372036854775808]",
	    "[-9223372036854775809]",
	    "[1e309]",
	    "{}{}",
	    "{} x",
	    "[] []",
	    "\xef\xbb\xbf{}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct json_read_error err;
		json_t *v = json_read(bad[i], strlen(bad[i]), &err);
		if (v)
			fail_msg("accepted %s", bad[i]);
		assert_true(err.line >= 1 && err.column >= 1 && err.text[0]);
		same_str(bad[i]);
	}
	/* a NUL byte inside the text */
	same("[\"a\0b\"]", 7);
	same("[1,\0]", 5);
	/* where: line and column of the offending character */
	struct json_read_error err;
	assert_null(json_read("{\n  \"a\": 1,\n  \"a\": 2\n}", 22, &err));
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 3);
	assert_string_equal(err.text, "duplicate object key");
	/* nesting beyond the limit is refused, within it read */
	char deep[2 * JSON_READ_MAX_DEPTH + 4];
	for (int d = JSON_READ_MAX_DEPTH; d <= JSON_READ_MAX_DEPTH + 1; d++) {
		memset(deep, '[', (size_t)d);
		memset(deep + d, ']', (size_t)d);
		json_t *v = json_read(deep, 2 * (size_t)d, &err);
		if (d == JSON_READ_MAX_DEPTH)
			assert_non_null(v);
		else
			assert_null(v);
		json_decref(v);
	}
}

/* ---- random texts ---- */

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static json_t *random_string(void)
{
	/* ASCII, controls, Chinese, and characters beyond the BMP */
	static const char *pieces[] = {"a", "Z",  "0",	  " ",	  "\"",		 "\\",
				       "/", "\n", "\t",	  "\x01", "\x1f",	 "\x7f",
				       "é", "中", "满意", "😀",	  "\xef\xbf\xbf"};
	char buf[128] = "";
	int n = (int)rnd(8);
	for (int i = 0; i < n; i++)
		strcat(buf, pieces[rnd(sizeof pieces / sizeof *pieces)]);
	return json_string(buf);
}

static json_t *random_value(int depth)
{
	switch (rnd(depth > 4 ? 6 : 8)) {
	case 0:
		return json_integer((json_int_t)rnd(1000000) - 500000);
	case 1:
		return json_real((double)rnd(1000000) / (double)(1 + rnd(1000)) - 300);
	case 2:
		return random_string();
	case 3:
		return json_boolean(rnd(2));
	case 4:
		return json_null();
	case 5:
		return json_integer(rnd(2) ? INT64_MAX - (json_int_t)rnd(3) : INT64_MIN + rnd(3));
	case 6: {
		json_t *a = json_array();
		int n = (int)rnd(5);
		for (int i = 0; i < n; i++)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		int n = (int)rnd(5);
		for (int i = 0; i < n; i++) {
			json_t *k = random_string();
			json_object_set_new(o, json_string_value(k), random_value(depth + 1));
			json_decref(k);
		}
		return o;
	}
	}
}

static void test_random_texts_and_corruptions(void **state)
{
	static const size_t flags[] = {0, JSON_INDENT(2), JSON_ENSURE_ASCII, JSON_COMPACT};
	static const char noise[] = "{}[],:\"\\u0123456789eE+-.tfnrl \n\t\x01\xff\xe4\xb8\xad";
	for (int i = 0; i < 4000; i++) {
		json_t *v = random_value(0);
		if (!json_is_object(v) && !json_is_array(v)) {
			json_t *a = json_array();
			json_array_append_new(a, v);
			v = a;
		}
		char *text = json_dumps(v, flags[rnd(4)]);
		size_t n = strlen(text);
		struct json_read_error err;
		json_t *back = json_read(text, n, &err);
		if (!back || !json_equal(back, v))
			fail_msg("round trip of %s: %s", text, back ? "different" : err.text);
		json_decref(back);
		same(text, n);
		/* corruptions: a byte changed, removed or added */
		for (int k = 0; k < 8; k++) {
			char *t = xmalloc(n + 2);
			size_t m = n;
			memcpy(t, text, n + 1);
			size_t at = n ? rnd((unsigned)n) : 0;
			switch (rnd(3)) {
			case 0:
				if (n)
					t[at] = noise[rnd(sizeof noise - 1)];
				break;
			case 1:
				if (n) {
					memmove(t + at, t + at + 1, n - at);
					m--;
				}
				break;
			default:
				memmove(t + at + 1, t + at, n - at + 1);
				t[at] = noise[rnd(sizeof noise - 1)];
				m++;
			}
			same(t, m);
			free(t);
		}
		free(text);
		json_decref(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_texts),
	    cmocka_unit_test(test_refused_texts),
	    cmocka_unit_test(test_random_texts_and_corruptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
