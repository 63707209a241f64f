/* org_util.c: the validation, lookups, transactions, normalisation and JSON pieces that the
 * files of src/org/ share (org_impl.h). */
#include "org/org_impl.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- checks ---- */

void check_init(struct check *ck, struct zf_err *err)
{
	memset(ck, 0, sizeof *ck);
	ck->err = err;
}

/* The column a field is shown as in an import: the file's header, else the Chinese name. */
static const char *column_name(const struct check *ck, const char *field)
{
	for (int i = 0; i < ck->ncols; i++)
		if (!strcmp(ck->cols[i].code, field))
			return ck->names && ck->names[i] ? ck->names[i] : ck->cols[i].zh;
	return field;
}

void check_fail(struct check *ck, int code, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	if (ck->rep) {
		vsnprintf(msg, sizeof msg, fmt, ap);
		import_report_add(ck->rep, ck->line, column_name(ck, field), "%s", msg);
	} else if (ck->problems == 0) {
		zf_err_vset(ck->err, code, field, fmt, ap);
	}
	va_end(ap);
	ck->problems++;
}

int check_result(const struct check *ck)
{
	if (!ck->problems)
		return 0;
	return ck->err && ck->err->code ? ck->err->code : ZF_EINVAL;
}

bool check_text(struct check *ck, const char *field, const char *v, int max)
{
	if (str_blank(v)) {
		check_fail(ck, ZF_EINVAL, field, "required");
		return false;
	}
	if (!utf8_valid(v, strlen(v))) {
		check_fail(ck, ZF_EINVAL, field, "not valid UTF-8 text");
		return false;
	}
	if (utf8_len(v) > (size_t)max) {
		check_fail(ck, ZF_EINVAL, field, "too long: at most %d characters", max);
		return false;
	}
	return true;
}

bool check_code(struct check *ck, const char *field, const char *v)
{
	if (str_blank(v)) {
		check_fail(ck, ZF_EINVAL, field, "required");
		return false;
	}
	size_t n = strlen(v);
	if (n > ORG_CODE_MAX) {
		check_fail(ck, ZF_EINVAL, field, "too long: a code has at most %d bytes",
			   ORG_CODE_MAX);
		return false;
	}
	if (!utf8_valid(v, n)) {
		check_fail(ck, ZF_EINVAL, field, "not valid UTF-8 text");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || strchr("/?#%\\", *p)) {
			check_fail(ck, ZF_EINVAL, field,
				   "'%s' is not a code: no spaces or any of / ? # %% \\", v);
			return false;
		}
	}
	return true;
}

bool check_date(struct check *ck, const char *field, const char *v)
{
	if (!v || !*v)
		return true;
	if (!date_valid(v)) {
		check_fail(ck, ZF_EINVAL, field, "'%s' is not a date: write YYYY-MM-DD", v);
		return false;
	}
	return true;
}

static const struct {
	const char *kind, *by_code;
} tables[] = {
    {"unit", "SELECT id, active FROM units WHERE code = ?"},
    {"person", "SELECT id, active FROM people WHERE code = ?"},
    {"category", "SELECT id, active FROM categories WHERE code = ?"},
};

int find_by_code(struct store *s, const char *kind, const char *code, int64_t *id, bool *active,
		 struct zf_err *err)
{
	const char *sql = NULL;
	for (size_t i = 0; i < ARRAY_LEN(tables); i++)
		if (!strcmp(tables[i].kind, kind))
			sql = tables[i].by_code;
	if (!sql)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "no table for %s", kind);
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code ? code : "");
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		*id = stmt_int(st, 0);
		if (active)
			*active = stmt_int(st, 1) != 0;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no %s with code %s", kind,
				code ? code : "");
	}
	stmt_reset(st);
	return rc;
}

int check_ref(struct check *ck, struct store *s, const char *kind, const char *field,
	      const char *code, bool required, int64_t *id)
{
	struct zf_err lerr;
	bool active = false;
	*id = 0;
	if (str_blank(code)) {
		if (required)
			check_fail(ck, ZF_EINVAL, field, "required");
		return 0;
	}
	zf_err_clear(&lerr);
	int rc = find_by_code(s, kind, code, id, &active, &lerr);
	if (rc == ZF_ENOTFOUND) {
		check_fail(ck, ZF_EINVAL, field, "unknown %s %s", kind, code);
		return 0;
	}
	if (rc < 0) {
		if (ck->err)
			*ck->err = lerr;
		return rc;
	}
	if (!active) {
		*id = 0;
		check_fail(ck, ZF_EINVAL, field, "%s %s is deactivated", kind, code);
	}
	return 0;
}

/* ---- transactions ---- */

/* ---- values ---- */

const char *norm_gender(const char *v)
{
	if (!v)
		return NULL;
	if (!strcmp(v, "M") || !strcmp(v, "m") || !strcmp(v, "男"))
		return "M";
	if (!strcmp(v, "F") || !strcmp(v, "f") || !strcmp(v, "女"))
		return "F";
	return NULL;
}

static const char *const ranks[] = {"正处", "副处", "正科", "副科", "一般干部", "村干部"};

const char *norm_rank(const char *v)
{
	if (!v)
		return NULL;
	size_t n = strlen(v);
	/* 正科级 is how many files write 正科. */
	if (n > 3 && !strcmp(v + n - 3, "级"))
		n -= 3;
	for (size_t i = 0; i < ARRAY_LEN(ranks); i++)
		if (strlen(ranks[i]) == n && !strncmp(v, ranks[i], n))
			return ranks[i];
	return NULL;
}

static const struct {
	const char *code, *zh, *alt;
} team_roles[] = {
    {"main", "主要领导", "第一责任人"},
    {"deputy", "副职", "副职领导"},
    {"member", "成员", "班子成员"},
};

const char *norm_team_role(const char *v)
{
	if (!v)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(team_roles); i++)
		if (!strcmp(v, team_roles[i].code) || !strcmp(v, team_roles[i].zh) ||
		    !strcmp(v, team_roles[i].alt))
			return team_roles[i].code;
	return NULL;
}

const char *team_role_zh(const char *role)
{
	for (size_t i = 0; i < ARRAY_LEN(team_roles); i++)
		if (!strcmp(role, team_roles[i].code))
			return team_roles[i].zh;
	return "";
}

const char *norm_kind(const char *v)
{
	static const struct {
		const char *code, *zh;
	} kinds[] = {{"township", "乡镇"}, {"dept", "部门"}, {"other", "其他"}};
	if (!v)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (!strcmp(v, kinds[i].code) || !strcmp(v, kinds[i].zh))
			return kinds[i].code;
	return NULL;
}

/* The separators of an area list: 、 , ， ; ；. Returns the separator's length at p, or 0. */
static size_t area_sep(const char *p)
{
	static const char *const seps[] = {"、", ",", "，", ";", "；"};
	for (size_t i = 0; i < ARRAY_LEN(seps); i++) {
		size_t n = strlen(seps[i]);
		if (!strncmp(p, seps[i], n))
			return n;
	}
	return 0;
}

/* Calls fn for each trimmed, non-blank area of list, until fn returns true. */
static bool areas_each(const char *list, bool (*fn)(const char *area, void *ctx), void *ctx)
{
	if (!list)
		return false;
	const char *p = list;
	while (*p) {
		const char *start = p;
		size_t sep = 0;
		while (*p && !(sep = area_sep(p)))
			p++;
		char *a = xstrndup(start, (size_t)(p - start));
		str_trim(a);
		bool stop = *a && fn(a, ctx);
		free(a);
		if (stop)
			return true;
		p += sep;
	}
	return false;
}

static bool append_area(const char *area, void *ctx)
{
	struct buf *b = ctx;
	if (!areas_has(buf_str(b), area)) {
		if (b->len)
			buf_puts(b, "、");
		buf_puts(b, area);
	}
	return false;
}

char *areas_norm(const char *v)
{
	struct buf b = BUF_INIT;
	areas_each(v, append_area, &b);
	return b.len ? buf_detach(&b) : xstrdup("");
}

static bool same_area(const char *area, void *ctx)
{
	return !strcmp(area, ctx);
}

bool areas_has(const char *list, const char *area)
{
	if (str_blank(area))
		return false;
	char *a = str_trim(xstrdup(area));
	bool found = areas_each(list, same_area, a);
	free(a);
	return found;
}

static bool area_missing(const char *area, void *ctx)
{
	return !areas_has(ctx, area);
}

static bool count_area(const char *area, void *ctx)
{
	(void)area;
	++*(int *)ctx;
	return false;
}

bool areas_same(const char *a, const char *b)
{
	int na = 0, nb = 0;
	areas_each(a, count_area, &na);
	areas_each(b, count_area, &nb);
	/* both lists are normalized (no area twice): equal sizes and one inside the other */
	return na == nb && !areas_each(a, area_missing, (void *)b);
}

static bool add_json_area(const char *area, void *ctx)
{
	json_array_append_new(ctx, json_string(area));
	return false;
}

json_t *areas_json(const char *list)
{
	json_t *arr = json_array();
	areas_each(list, add_json_area, arr);
	return arr;
}

/* ---- JSON ---- */

json_t *json_code_name(const char *code, const char *name)
{
	if (!code || !*code)
		return json_null();
	return json_pack("{s:s,s:s}", "code", code, "name", name ? name : "");
}

json_t *json_str_or_null(const char *v)
{
	return v && *v ? json_string(v) : json_null();
}

void change_text(json_t *changes, const char *field, const char *old_v, const char *new_v)
{
	old_v = old_v ? old_v : "";
	new_v = new_v ? new_v : "";
	if (!strcmp(old_v, new_v))
		return;
	json_object_set_new(
	    changes, field,
	    json_pack("{s:o,s:o}", "old", json_str_or_null(old_v), "new", json_str_or_null(new_v)));
}

const char *strs_keep(struct strs *k, const char *v)
{
	if (!v)
		return NULL;
	if (k->n >= (int)ARRAY_LEN(k->p))
		abort(); /* a bug: more kept values than any record has fields */
	return k->p[k->n++] = xstrdup(v);
}

void strs_cleanup(struct strs *k)
{
	for (int i = 0; i < k->n; i++)
		free(k->p[i]);
	k->n = 0;
}
