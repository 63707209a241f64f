/* proxy.h: the client's address behind the district's gateway.
 *
 * The gateway terminates TLS and forwards every request from its own address, so the socket
 * address is the gateway's for every citizen: the throttles on guessed tokens, query codes
 * and passwords would count all of them as one, and the audit trail would name the gateway.
 * A trusted proxy's X-Forwarded-For is believed instead: its entries are read from the
 * right (the hop nearest the server) and the first one that is not itself a trusted proxy
 * is the client. Nobody else's X-Forwarded-For is read, since anybody can send one. */
#ifndef ZF_HTTP_PROXY_H
#define ZF_HTTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The longest address text out receives, with its NUL (INET6_ADDRSTRLEN). */
#define PROXY_ADDR_MAX 46

struct proxy_list;

/* Parses "ADDR[/BITS][,ADDR[/BITS]...]" (IPv4 or IPv6, spaces around commas allowed) into
 * *out. NULL or "" gives an empty list (*out NULL: nobody is trusted). ZF_EINVAL naming the
 * field "trusted-proxy" and the entry at fault. */
int proxy_list_parse(const char *spec, struct proxy_list **out, struct zf_err *err);
void proxy_list_free(struct proxy_list *l);
/* Whether the address text addr is in one of the list's networks. */
bool proxy_trusted(const struct proxy_list *l, const char *addr);

/* The client's address for a request that came from the socket address peer (text) with
 * the X-Forwarded-For header xff (NULL when absent; several headers joined with ","): peer
 * itself unless peer is trusted; else the rightmost entry that is not trusted, or the
 * leftmost when all are, stopping at an entry that is not an address (the hop before it is
 * the last one known). Written normalized into out (n >= PROXY_ADDR_MAX). */
void proxy_client_addr(const struct proxy_list *l, const char *peer, const char *xff, char *out,
		       size_t n);

#endif
