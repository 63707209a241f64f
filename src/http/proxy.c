/* proxy.c: trusted proxies and X-Forwarded-For (proxy.h). */
#include "http/proxy.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An address: IPv4 is kept as its IPv4-mapped IPv6 form, so that one comparison serves
 * both and ::ffff:10.0.0.1 is 10.0.0.1. */
struct net {
	unsigned char a[16];
	int bits; /* of the 128 */
};

struct proxy_list {
	int n;
	struct net nets[];
};

/* Parses one address (no prefix) into a; false when it is none. Accepts "[v6]" and
 * "v4:port", as some proxies write them. */
static bool parse_addr(const char *s, size_t len, unsigned char a[16], bool *v4)
{
	char buf[PROXY_ADDR_MAX + 8];
	struct in_addr in4;
	if (len >= 2 && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (!close || (close + 1 != s + len && close[1] != ':'))
			return false;
		s++;
		len = (size_t)(close - s);
	}
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *colon = strchr(buf, ':');
	if (colon && !strchr(colon + 1, ':'))
		*colon = '\0'; /* one colon: an IPv4 address and its port */
	if (inet_pton(AF_INET, buf, &in4) == 1) {
		memset(a, 0, 10);
		a[10] = a[11] = 0xff;
		memcpy(a + 12, &in4, 4);
		*v4 = true;
		return true;
	}
	*v4 = false;
	return inet_pton(AF_INET6, buf, a) == 1;
}

static bool in_net(const struct net *n, const unsigned char a[16])
{
	int whole = n->bits / 8, rest = n->bits % 8;
	if (memcmp(n->a, a, (size_t)whole))
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (n->a[whole] & mask) == (a[whole] & mask);
}

static bool trusted_bytes(const struct proxy_list *l, const unsigned char a[16])
{
	for (int i = 0; l && i < l->n; i++)
		if (in_net(&l->nets[i], a))
			return true;
	return false;
}

static const char *trim(const char *s, const char *end, size_t *len)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*len = (size_t)(end - s);
	return s;
}

int proxy_list_parse(const char *spec, struct proxy_list **out, struct zf_err *err)
{
	*out = NULL;
	if (!spec || !*spec)
		return 0;
	int cap = 1;
	for (const char *p = spec; *p; p++)
		cap += *p == ',';
	struct proxy_list *l = xcalloc(1, sizeof *l + sizeof(struct net) * (size_t)cap);
	const char *p = spec;
	for (;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		size_t len;
		const char *s = trim(p, end, &len);
		const char *slash = memchr(s, '/', len);
		size_t alen = slash ? (size_t)(slash - s) : len;
		struct net *n = &l->nets[l->n];
		bool v4 = false;
		/* a prefix length, when given, is 0-32 for IPv4 and 0-128 for IPv6 */
		long bits = -1;
		char *bend = NULL;
		if (slash && slash + 1 < s + len)
			bits = strtol(slash + 1, &bend, 10);
		bool ok = alen > 0 && s[0] != '[' && parse_addr(s, alen, n->a, &v4) &&
			  (!slash || (bend == s + len && bits >= 0 && bits <= (v4 ? 32 : 128)));
		if (ok && v4 && memchr(s, ':', alen))
			ok = false; /* a port means nothing here */
		if (!ok) {
			proxy_list_free(l);
			return zf_err_set(err, ZF_EINVAL, "trusted-proxy",
					  "trusted proxy '%.*s' is not an address or network "
					  "(ADDR or ADDR/BITS, IPv4 or IPv6)",
					  (int)(len > 80 ? 80 : len), s);
		}
		n->bits = slash ? (int)bits + (v4 ? 96 : 0) : 128;
		l->n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = l;
	return 0;
}

void proxy_list_free(struct proxy_list *l)
{
	free(l);
}

bool proxy_trusted(const struct proxy_list *l, const char *addr)
{
	unsigned char a[16];
	bool v4;
	return addr && parse_addr(addr, strlen(addr), a, &v4) && trusted_bytes(l, a);
}

/* Writes a in its usual text: dotted for IPv4 (mapped or not). */
static void format_addr(const unsigned char a[16], char *out, size_t n)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	char buf[PROXY_ADDR_MAX];
	if (!memcmp(a, mapped, sizeof mapped))
		inet_ntop(AF_INET, a + 12, buf, sizeof buf);
	else
		inet_ntop(AF_INET6, a, buf, sizeof buf);
	snprintf(out, n, "%s", buf);
}

void proxy_client_addr(const struct proxy_list *l, const char *peer, const char *xff, char *out,
		       size_t n)
{
	unsigned char a[16];
	bool v4;
	if (!peer || !parse_addr(peer, strlen(peer), a, &v4)) {
		snprintf(out, n, "%s", peer ? peer : "unknown");
		return;
	}
	if (xff && trusted_bytes(l, a)) {
		const char *end = xff + strlen(xff);
		while (end > xff) {
			const char *start = end;
			while (start > xff && start[-1] != ',')
				start--;
			size_t len;
			const char *s = trim(start, end, &len);
			unsigned char hop[16];
			if (!parse_addr(s, len, hop, &v4))
				break;
			memcpy(a, hop, sizeof a);
			if (!trusted_bytes(l, a))
				break;
			end = start > xff ? start - 1 : xff;
		}
	}
	format_addr(a, out, n);
}
