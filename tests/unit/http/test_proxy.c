/* test_proxy.c: trusted proxies and X-Forwarded-For: the list's syntax and its refusals,
 * and which address is the client's for peers trusted or not, chains of proxies, forged
 * and malformed entries, IPv6 and ports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/proxy.h"

static struct proxy_list *parse_ok(const char *spec)
{
	struct proxy_list *l = NULL;
	struct zf_err err;
	zf_err_clear(&err);
	if (proxy_list_parse(spec, &l, &err) < 0)
		fail_msg("'%s' refused: %s", spec, err.msg);
	return l;
}

static void test_parse(void **state)
{
	(void)state;
	struct proxy_list *l = parse_ok(NULL);
	assert_null(l);
	assert_null(parse_ok(""));
	l = parse_ok("127.0.0.1, 10.20.0.0/16 ,::1,fd00::/8,192.168.1.128/25");
	assert_true(proxy_trusted(l, "127.0.0.1"));
	assert_false(proxy_trusted(l, "127.0.0.2"));
	assert_true(proxy_trusted(l, "10.20.255.1"));
	assert_false(proxy_trusted(l, "10.21.0.1"));
	assert_true(proxy_trusted(l, "::1"));
	assert_true(proxy_trusted(l, "fd12:3456::9"));
	assert_false(proxy_trusted(l, "fe80::1"));
	assert_true(proxy_trusted(l, "192.168.1.200"));
	assert_false(proxy_trusted(l, "192.168.1.127"));
	assert_true(proxy_trusted(l, "::ffff:127.0.0.1")); /* the same address, mapped */
	assert_false(proxy_trusted(l, "not an address"));
	assert_false(proxy_trusted(l, NULL));
	proxy_list_free(l);
	l = parse_ok("0.0.0.0/0");
	assert_true(proxy_trusted(l, "8.8.8.8"));
	assert_false(proxy_trusted(l, "2001:db8::1")); /* IPv4's all is not IPv6's */
	proxy_list_free(l);
	assert_false(proxy_trusted(NULL, "127.0.0.1"));
}

static void test_parse_refusals(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "gateway",		 "10.0.0.1,",	",10.0.0.1",	"10.0.0.0/33",	 "::1/129",
	    "10.0.0.0/",	 "10.0.0.0/-1", "10.0.0.0/8x",	"10.0.0.1:8080", "[::1]",
	    "10.0.0.1 10.0.0.2", "300.1.1.1",	"10.0.0.0/8/8",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct proxy_list *l = (struct proxy_list *)1;
		struct zf_err err;
		zf_err_clear(&err);
		if (proxy_list_parse(bad[i], &l, &err) != ZF_EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_null(l);
		assert_string_equal(err.field, "trusted-proxy");
		assert_non_null(strstr(err.msg, "is not an address or network"));
	}
}

static void expect_client(const struct proxy_list *l, const char *peer, const char *xff,
			  const char *want)
{
	char got[PROXY_ADDR_MAX];
	proxy_client_addr(l, peer, xff, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("peer %s, X-Forwarded-For '%s': want %s, got %s", peer,
			 xff ? xff : "(none)", want, got);
}

static void test_client(void **state)
{
	(void)state;
	struct proxy_list *l = parse_ok("127.0.0.1,10.0.0.0/8");
	/* the gateway forwards a citizen */
	expect_client(l, "127.0.0.1", "203.0.113.7", "203.0.113.7");
	/* a header from anybody else is not believed */
	expect_client(l, "198.51.100.9", "203.0.113.7", "198.51.100.9");
	expect_client(NULL, "127.0.0.1", "203.0.113.7", "127.0.0.1");
	/* a citizen who sends a header of his own: the gateway appends the real address,
	 * and the forged entry on the left is never read */
	expect_client(l, "127.0.0.1", "1.2.3.4, 203.0.113.7", "203.0.113.7");
	/* a chain of trusted hops is walked through */
	expect_client(l, "127.0.0.1", "203.0.113.7, 10.1.2.3,10.9.9.9", "203.0.113.7");
	/* every hop trusted: the leftmost */
	expect_client(l, "127.0.0.1", "10.1.1.1, 10.2.2.2", "10.1.1.1");
	/* no header, an empty one, or garbage: the last hop known */
	expect_client(l, "127.0.0.1", NULL, "127.0.0.1");
	expect_client(l, "127.0.0.1", "", "127.0.0.1");
	expect_client(l, "127.0.0.1", " , ", "127.0.0.1");
	expect_client(l, "127.0.0.1", "unknown", "127.0.0.1");
	expect_client(l, "127.0.0.1", "203.0.113.7, garbage, 10.0.0.5", "10.0.0.5");
	/* ports, brackets and IPv6, written normally */
	expect_client(l, "127.0.0.1", "203.0.113.7:51234", "203.0.113.7");
	expect_client(l, "127.0.0.1", "[2001:DB8::0001]:443", "2001:db8::1");
	expect_client(l, "127.0.0.1", "2001:db8:0:0::2", "2001:db8::2");
	expect_client(l, "127.0.0.1", "::ffff:203.0.113.8", "203.0.113.8");
	expect_client(l, "127.0.0.1", "[2001:db8::1", "127.0.0.1");
	/* a peer that is no address is passed on as it is */
	expect_client(l, "unknown", "203.0.113.7", "unknown");
	proxy_list_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_refusals),
	    cmocka_unit_test(test_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
