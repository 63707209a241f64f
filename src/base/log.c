/* log.c: one line per event on stderr. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;
static int env_read;

void log_set_level(enum log_level lvl)
{
	min_level = lvl;
	env_read = 1;
}

static void read_env(void)
{
	const char *e = getenv("ZUOFENG_LOG");
	env_read = 1;
	if (!e)
		return;
	if (!strcmp(e, "debug"))
		min_level = LOG_DEBUG;
	else if (!strcmp(e, "warn"))
		min_level = LOG_WARN;
	else if (!strcmp(e, "error"))
		min_level = LOG_ERROR;
}

void zf_log(enum log_level lvl, const char *msg, const char *kvfmt, ...)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	char line[2048], ts[32];
	struct tm tm;
	time_t now = time(NULL);
	int n;
	va_list ap;

	if (!env_read)
		read_env();
	if (lvl < min_level)
		return;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof line, "time=%s level=%s msg=\"%s\"", ts, names[lvl], msg);
	if (kvfmt && *kvfmt && n > 0 && (size_t)n < sizeof line - 2) {
		line[n++] = ' ';
		va_start(ap, kvfmt);
		vsnprintf(line + n, sizeof line - (size_t)n, kvfmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "%s\n", line);
}
