/* err.c: error codes and the caller-owned error record. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void zf_err_clear(struct zf_err *e)
{
	memset(e, 0, sizeof *e);
}

int zf_err_set(struct zf_err *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

const char *zf_err_name(int code)
{
	switch (code) {
	case ZF_OK:
		return "ok";
	case ZF_EINVAL:
		return "invalid";
	case ZF_ENOTFOUND:
		return "not_found";
	case ZF_ECONFLICT:
		return "conflict";
	case ZF_EAUTH:
		return "unauthenticated";
	case ZF_EFORBIDDEN:
		return "forbidden";
	case ZF_ETOOBIG:
		return "too_large";
	case ZF_ETHROTTLED:
		return "throttled";
	case ZF_ELOCKED:
		return "locked";
	case ZF_EIO:
		return "io";
	case ZF_ECSRF:
		return "csrf";
	case ZF_EPWEXPIRED:
		return "password_change_required";
	default:
		return "internal";
	}
}
