/* server.h: the HTTP server: libmicrohttpd with its own thread pool, one database
 * connection per worker thread. */
#ifndef ZF_HTTP_SERVER_H
#define ZF_HTTP_SERVER_H

#include <stddef.h>

#include "base/err.h"

struct server_cfg {
	const char *db_path; /* the database file */
	const char *listen;  /* "ADDR:PORT"; port 0 picks a free one */
	const char *web_dir; /* static files; NULL = the built-in default */
	int threads;	     /* worker threads; 0 = 4 */
	size_t max_body;     /* JSON body limit; 0 = 1 MiB */
	size_t max_upload;   /* file upload limit; 0 = 32 MiB */
	int timeout_s;	     /* idle connection timeout; 0 = 30 s */
	const char *keyfile; /* the seal key (supervise/seal.h); NULL = $ZUOFENG_KEY or
			      * "<db_path>.key", created (mode 0600) when missing */
	const char *trusted_proxies; /* "ADDR[/BITS],...": the gateways whose X-Forwarded-For
				      * names the client (http/proxy.h); NULL = none */
};

struct server;

/* Starts serving. Returns 0 with *out owning the server, ZF_EINVAL for a bad listen
 * address or trusted proxy, ZF_EIO when the port cannot be bound or the database cannot be opened. */
int http_server_start(const struct server_cfg *cfg, struct server **out, struct zf_err *err);
/* The bound port (useful after port 0). */
int http_server_port(const struct server *srv);
/* Stops accepting, finishes the requests in flight, closes everything. Accepts NULL. */
void http_server_stop(struct server *srv);

#endif
