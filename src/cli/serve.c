/* serve.c: `zuofeng serve`: the web UI and the JSON API until SIGTERM or SIGINT. */
#include "cli/cli.h"
#include "auth/auth.h"
#include "base/log.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: zuofeng serve [--db PATH] [--listen ADDR:PORT] [--threads N] [--web DIR]\n"
    "                     [--max-body BYTES] [--key FILE] [--trusted-proxy LIST]\n"
    "\n"
    "Serves the browser UI and the JSON API (/api/v1/...) on ADDR:PORT (default\n"
    "127.0.0.1:8080; port 0 picks a free port, printed at start). Stops cleanly on SIGTERM\n"
    "or SIGINT, finishing the requests in flight. Refuses a non-loopback address while any\n"
    "account still has a demo password.\n"
    "The key file sealing complainants' identities is --key, else $ZUOFENG_KEY, else\n"
    "PATH.key; it is created (mode 0600) when missing and refused when group or others\n"
    "can read it.\n"
    "--threads is 1-64 (default 4); --max-body is the largest JSON body in bytes, 1024 to\n"
    "1073741824 (default 1 MiB).\n"
    "--trusted-proxy names the gateways in front of the server, as ADDR or ADDR/BITS\n"
    "separated by commas (e.g. 127.0.0.1 when the gateway forwards to the loopback address):\n"
    "for a request from one of them, the client is the rightmost X-Forwarded-For entry that\n"
    "is not a trusted proxy, and it is that address the throttles count and the audit\n"
    "records. Without it, X-Forwarded-For is ignored.\n";

/* A whole number from lo to hi for option name, or -1 (with the error printed). */
static long long number_arg(const char *name, const char *v, long long lo, long long hi)
{
	struct zf_err err;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno == ERANGE || n < lo || n > hi) {
		zf_err_clear(&err);
		zf_err_set(&err, ZF_EINVAL, name,
			   "--%s must be a whole number from %lld to %lld, not '%s'", name, lo, hi,
			   v);
		cli_error(&err);
		return -1;
	}
	return n;
}

static int is_loopback(const char *listen)
{
	struct in_addr a;
	char host[64];
	size_t n = strcspn(listen, ":");
	if (n >= sizeof host)
		return 0;
	memcpy(host, listen, n);
	host[n] = '\0';
	if (!strcmp(host, "localhost"))
		return 1;
	return inet_pton(AF_INET, host, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"web", required_argument, NULL, 'w'},
	    {"max-body", required_argument, NULL, 'b'},
	    {"key", required_argument, NULL, 'k'},
	    {"trusted-proxy", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct server_cfg cfg = {.listen = "127.0.0.1:8080"};
	const char *db = NULL;
	struct zf_err err;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'l':
			cfg.listen = optarg;
			break;
		case 't': {
			long long n = number_arg("threads", optarg, 1, 64);
			if (n < 0)
				return CLI_USAGE;
			cfg.threads = (int)n;
			break;
		}
		case 'w':
			cfg.web_dir = optarg;
			break;
		case 'b': {
			long long n = number_arg("max-body", optarg, 1024, 1LL << 30);
			if (n < 0)
				return CLI_USAGE;
			cfg.max_body = (size_t)n;
			break;
		}
		case 'p':
			cfg.trusted_proxies = optarg;
			break;
		case 'k':
			cfg.keyfile = optarg;
			break;
		default:
			return cli_usage(usage, c == 'h');
		}
	}
	if (optind != argc)
		return cli_usage(usage, 0);
	cfg.db_path = cli_db_path(db);
	if (!cfg.web_dir)
		cfg.web_dir = getenv("ZUOFENG_WEB");
	zf_err_clear(&err);

	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	int demo = auth_any_demo_password(s);
	store_close(s);
	if (demo && !is_loopback(cfg.listen)) {
		zf_err_set(&err, ZF_EFORBIDDEN, "listen",
			   "refusing to listen on %s: accounts still have the demo password "
			   "(change them with `zuofeng user passwd`, or listen on 127.0.0.1)",
			   cfg.listen);
		return cli_error(&err);
	}

	/* block the signals before the worker threads start, so only sigwait sees them */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct server *srv;
	if (http_server_start(&cfg, &srv, &err) < 0)
		return cli_error(&err);
	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)strcspn(cfg.listen, ":"), cfg.listen);
	printf("zuofeng %s serving %s on http://%s:%d/\n", ZF_VERSION, cfg.db_path, host,
	       http_server_port(srv));
	fflush(stdout);
	zf_log(LOG_INFO, "listening", "addr=%s port=%d", host, http_server_port(srv));
	int sig = 0;
	sigwait(&set, &sig);
	zf_log(LOG_INFO, "shutting down", "signal=%d", sig);
	http_server_stop(srv);
	zf_log(LOG_INFO, "stopped", "%s", "");
	return CLI_OK;
}
