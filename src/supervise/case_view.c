/* case_view.c: who sees what of a case (X2): the scope of each role, one case as JSON
 * (the complainant opened for inspectors only), the list and its CSV and XLSX exports, and
 * the timeline. */
#include "supervise/case_impl.h"
#include "auth/auth.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"
#include "supervise/seal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static json_t *unit_json(struct store *s, int64_t id)
{
	char code[32], name[128];
	case_unit_names(s, id, code, name);
	return *code ? json_pack("{s:s, s:s}", "code", code, "name", name) : json_null();
}

static json_t *person_json(struct store *s, int64_t id)
{
	char code[32], name[128];
	case_person_names(s, id, code, name);
	return *code ? json_pack("{s:s, s:s}", "code", code, "name", name) : json_null();
}

/* ---- visibility ---- */

/* The scope of a viewer as SQL filter values: everything, a unit, the creator, or nothing. */
struct scope {
	bool none;
	int64_t unit_id; /* 0 = any */
	int64_t creator; /* 0 = any */
};

static struct scope scope_of(const struct case_viewer *v)
{
	struct scope sc = {0};
	if (!v->role_bit || (v->role_bit & (ROLE_OFFICE | ROLE_INSPECTOR)))
		return sc;
	if (v->role_bit & (ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)) {
		sc.unit_id = v->unit_id;
		sc.none = v->unit_id == 0;
	} else if (v->role_bit & ROLE_SUPERVISOR) {
		sc.creator = v->user_id;
		sc.none = v->user_id == 0;
	} else {
		sc.none = true;
	}
	return sc;
}

bool case_visible(struct store *s, int64_t case_id, const struct case_viewer *v)
{
	struct case_row c;
	struct zf_err err;
	struct scope sc = scope_of(v);
	if (sc.none || case_load(s, NULL, case_id, &c, &err) < 0)
		return false;
	if (sc.unit_id && c.unit_id != sc.unit_id && c.handling_unit_id != sc.unit_id)
		return false;
	if (sc.creator && c.created_by != sc.creator)
		return false;
	return true;
}

/* The complainant of case_id opened, for an inspector: {name, phone, id_no}; on failure
 * an object saying why, never the sealed bytes. */
static json_t *complainant_json(struct store *s, int64_t case_id)
{
	struct zf_err err;
	json_t *out = NULL;
	struct stmt *st =
	    store_prepare(s, "SELECT sealed FROM complainants WHERE case_id = ?", &err);
	if (!st)
		return json_pack("{s:s}", "error", "cannot read");
	stmt_bind_int(st, 1, case_id);
	if (stmt_step(st, &err) == STORE_ROW) {
		size_t n = 0;
		const void *b = stmt_blob(st, 0, &n);
		char *plain = NULL;
		size_t pl = 0;
		if (seal_open(b, n, &plain, &pl, &err) == 0) {
			out = json_loads(plain, 0, NULL);
			sodium_memzero(plain, pl);
			free(plain);
		}
		if (!out)
			out = json_pack("{s:s}", "error", err.msg);
	}
	stmt_reset(st);
	return out ? out : json_null();
}

static bool is_overdue(const char *state, const char *sign_due, const char *due, const char *today)
{
	if (!strcmp(state, "assigned") && *sign_due && strcmp(sign_due, today) < 0)
		return true;
	return (!strcmp(state, "assigned") || !strcmp(state, "signed") ||
		!strcmp(state, "handling")) &&
	       *due && strcmp(due, today) < 0;
}

static json_t *date_or_null(struct stmt *st, int col)
{
	return stmt_is_null(st, col) ? json_null() : json_string(stmt_text(st, col));
}

static json_t *duplicates_json(struct store *s, int64_t id)
{
	struct zf_err err;
	json_t *a = json_array();
	struct stmt *st = store_prepare(
	    s, "SELECT case_no, dup_state, dup_score FROM cases WHERE duplicate_of = ? ORDER BY id",
	    &err);
	if (!st)
		return a;
	stmt_bind_int(st, 1, id);
	while (stmt_step(st, &err) == STORE_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "case_no", stmt_text(st, 0),
						   "status", stmt_text(st, 1), "similarity",
						   (json_int_t)stmt_int(st, 2)));
	stmt_reset(st);
	return a;
}

static json_t *attachments_json(struct store *s, int64_t id)
{
	struct zf_err err;
	json_t *a = json_array();
	struct stmt *st =
	    store_prepare(s,
			  "SELECT id, name, mime, size, created_at FROM case_attachments"
			  " WHERE case_id = ? ORDER BY id",
			  &err);
	if (!st)
		return a;
	stmt_bind_int(st, 1, id);
	while (stmt_step(st, &err) == STORE_ROW)
		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)stmt_int(st, 0),
				 "name", stmt_text(st, 1), "mime", stmt_text(st, 2), "size",
				 (json_int_t)stmt_int(st, 3), "created_at", stmt_text(st, 4)));
	stmt_reset(st);
	return a;
}

static json_t *extension_json(struct store *s, int64_t id)
{
	struct zf_err err;
	json_t *e = json_null();
	struct stmt *st = store_prepare(s,
					"SELECT id, days, reason, requested_on, requested_by FROM"
					" case_extensions WHERE case_id = ? AND state = 'pending'",
					&err);
	if (!st)
		return e;
	stmt_bind_int(st, 1, id);
	if (stmt_step(st, &err) == STORE_ROW)
		e = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)stmt_int(st, 0),
			      "days", (json_int_t)stmt_int(st, 1), "reason", stmt_text(st, 2),
			      "requested_on", stmt_text(st, 3), "requested_by", stmt_text(st, 4));
	stmt_reset(st);
	return e;
}

int case_to_json(struct store *s, int64_t case_id, const struct case_viewer *v, json_t **out,
		 struct zf_err *err)
{
	if (!case_visible(s, case_id, v))
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no such case");
	struct stmt *st = store_prepare(
	    s,
	    "SELECT c.case_no, c.channel, c.subject, c.content, c.category, cc.name, c.unit_id,"
	    " c.person_id, c.handling_unit_id, c.handling_leader_id, c.proposed_unit_id,"
	    " c.proposed_leader_id, c.state, c.anonymous, c.external_ref, c.received_on,"
	    " c.assigned_on, c.sign_due, c.signed_on, c.due, c.replied_on, c.closed_on, c.reply,"
	    " c.satisfied, c.reopen_count, c.escalated, c.escalated_to, c.escalated_on,"
	    " d.case_no, c.dup_state, c.dup_score, c.finding, c.created_at, c.updated_at,"
	    " c.id"
	    " FROM cases c LEFT JOIN case_categories cc ON cc.code = c.category"
	    " LEFT JOIN cases d ON d.id = c.duplicate_of WHERE c.id = ?",
	    err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, case_id);
	int rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc : zf_err_set(err, ZF_ENOTFOUND, "case_no", "no such case");
	}
	char today[11];
	case_today(today);
	int64_t ids[6] = {stmt_int(st, 6), stmt_int(st, 7),  stmt_int(st, 8),
			  stmt_int(st, 9), stmt_int(st, 10), stmt_int(st, 11)};
	int64_t esc_to = stmt_int(st, 26);
	const char *state = stmt_text(st, 12);
	json_t *j = json_object();
	json_object_set_new(j, "case_no", json_string(stmt_text(st, 0)));
	json_object_set_new(j, "channel", json_string(stmt_text(st, 1)));
	json_object_set_new(j, "channel_zh", json_string(case_channel_zh(stmt_text(st, 1))));
	json_object_set_new(j, "subject", json_string(stmt_text(st, 2)));
	json_object_set_new(j, "content", json_string(stmt_text(st, 3)));
	json_object_set_new(
	    j, "category",
	    json_pack("{s:s, s:s}", "code", stmt_text(st, 4), "name", stmt_text(st, 5)));
	json_object_set_new(j, "state", json_string(state));
	json_object_set_new(j, "state_zh", json_string(case_state_zh(state)));
	json_object_set_new(j, "anonymous", json_boolean(stmt_int(st, 13)));
	json_object_set_new(j, "external_ref", json_string(stmt_text(st, 14)));
	static const char *const dates[] = {"received_on", "assigned_on", "sign_due", "signed_on",
					    "due",	   "replied_on",  "closed_on"};
	for (int i = 0; i < 7; i++)
		json_object_set_new(j, dates[i], date_or_null(st, 15 + i));
	json_object_set_new(j, "reply", json_string(stmt_text(st, 22)));
	json_object_set_new(j, "satisfied",
			    stmt_is_null(st, 23) ? json_null() : json_boolean(stmt_int(st, 23)));
	json_object_set_new(j, "reopen_count", json_integer(stmt_int(st, 24)));
	json_object_set_new(j, "escalated", json_boolean(stmt_int(st, 25)));
	json_object_set_new(j, "escalated_on", date_or_null(st, 27));
	json_object_set_new(j, "duplicate_of",
			    stmt_is_null(st, 28)
				? json_null()
				: json_pack("{s:s, s:s, s:I}", "case_no", stmt_text(st, 28),
					    "status", stmt_text(st, 29), "similarity",
					    (json_int_t)stmt_int(st, 30)));
	json_object_set_new(j, "finding", date_or_null(st, 31));
	json_object_set_new(j, "created_at", json_string(stmt_text(st, 32)));
	json_object_set_new(j, "updated_at", json_string(stmt_text(st, 33)));
	json_object_set_new(
	    j, "overdue",
	    json_boolean(is_overdue(state, stmt_text(st, 17), stmt_text(st, 19), today)));
	bool anonymous = stmt_int(st, 13);
	stmt_reset(st);
	json_object_set_new(j, "unit", unit_json(s, ids[0]));
	json_object_set_new(j, "person", person_json(s, ids[1]));
	json_object_set_new(j, "handling_unit", unit_json(s, ids[2]));
	json_object_set_new(j, "handling_leader", person_json(s, ids[3]));
	json_object_set_new(j, "proposed",
			    json_pack("{s:o, s:o}", "unit", unit_json(s, ids[4]), "leader",
				      person_json(s, ids[5])));
	json_object_set_new(j, "escalated_to", person_json(s, esc_to));
	json_object_set_new(j, "duplicates", duplicates_json(s, case_id));
	json_object_set_new(j, "attachments", attachments_json(s, case_id));
	json_object_set_new(j, "extension", extension_json(s, case_id));
	if (v->role_bit & ROLE_INSPECTOR)
		json_object_set_new(j, "complainant",
				    anonymous ? json_null() : complainant_json(s, case_id));
	*out = j;
	return 0;
}

int case_get_json(struct store *s, const char *case_no, const struct case_viewer *v, json_t **out,
		  struct zf_err *err)
{
	int64_t id;
	int rc = case_find(s, case_no, &id, err);
	if (rc < 0)
		return rc;
	return case_to_json(s, id, v, out, err);
}

/* ---- the list ---- */

static int filter_check(struct store *s, const struct case_filter *f, int64_t *unit_id,
			char as_of[11], struct zf_err *err)
{
	*unit_id = 0;
	if (f->state && *f->state && !*case_state_zh(f->state))
		return zf_err_set(err, ZF_EINVAL, "state", "unknown state %s", f->state);
	if (f->channel && *f->channel && !case_channel_valid(f->channel))
		return zf_err_set(err, ZF_EINVAL, "channel", "unknown channel %s", f->channel);
	if (f->from && *f->from && !date_valid(f->from))
		return zf_err_set(err, ZF_EINVAL, "from", "from must be a date YYYY-MM-DD");
	if (f->to && *f->to && !date_valid(f->to))
		return zf_err_set(err, ZF_EINVAL, "to", "to must be a date YYYY-MM-DD");
	if (f->as_of && *f->as_of && !date_valid(f->as_of))
		return zf_err_set(err, ZF_EINVAL, "as_of", "as_of must be a date YYYY-MM-DD");
	if (f->category && *f->category) {
		int64_t n = 0;
		store_query_int(s, err, &n, "SELECT COUNT(*) FROM case_categories WHERE code = ?",
				"t", f->category);
		if (!n)
			return zf_err_set(err, ZF_EINVAL, "category", "unknown category %s",
					  f->category);
	}
	if (f->q && (!utf8_valid(f->q, strlen(f->q)) || utf8_len(f->q) > 100))
		return zf_err_set(err, ZF_EINVAL, "q", "q must be UTF-8 of at most 100 characters");
	if (f->unit && *f->unit) {
		bool active;
		if (org_unit_find(s, f->unit, unit_id, &active, err) < 0)
			return zf_err_set(err, ZF_EINVAL, "unit", "unknown unit %s", f->unit);
	}
	if (f->as_of && *f->as_of)
		snprintf(as_of, 11, "%s", f->as_of);
	else
		case_today(as_of);
	return 0;
}

static const char list_sql[] =
    "SELECT c.id, c.case_no, c.channel, c.subject, c.category, u.code, u.name, hu.code,"
    " hu.name, c.state, c.received_on, c.sign_due, c.due, c.reopen_count, c.escalated,"
    " d.case_no, c.anonymous, c.replied_on, c.closed_on, hl.code, hl.name, cc.name"
    " FROM cases c JOIN units u ON u.id = c.unit_id"
    " LEFT JOIN units hu ON hu.id = c.handling_unit_id"
    " LEFT JOIN people hl ON hl.id = c.handling_leader_id"
    " LEFT JOIN cases d ON d.id = c.duplicate_of"
    " LEFT JOIN case_categories cc ON cc.code = c.category"
    " WHERE c.id > ? AND (? = '' OR c.state = ?)"
    " AND (? = 0 OR c.unit_id = ? OR c.handling_unit_id = ?)"
    " AND (? = '' OR c.channel = ?)"
    " AND (? = '' OR c.received_on >= ?) AND (? = '' OR c.received_on <= ?)"
    " AND (? = 0 OR c.unit_id = ? OR c.handling_unit_id = ?)"
    " AND (? = 0 OR c.created_by = ?)"
    " AND (? = 0 OR (c.state = 'assigned' AND c.sign_due < ?)"
    "  OR (c.state IN ('assigned', 'signed', 'handling') AND c.due < ?))"
    " AND (? = '' OR c.category = ?)"
    " AND (? = '' OR c.subject LIKE ? ESCAPE '\\' OR c.content LIKE ? ESCAPE '\\'"
    "  OR c.case_no = ? OR c.external_ref = ?)"
    " ORDER BY c.id LIMIT ?";

/* q as a LIKE pattern matching it anywhere, its own % _ and \ taken literally. */
static char *like_pattern(const char *q)
{
	size_t n = strlen(q);
	char *p = xmalloc(2 * n + 3), *w = p;
	*w++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*w++ = '\\';
		*w++ = *c;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

static json_t *text_or_null(struct stmt *st, int col)
{
	return stmt_is_null(st, col) ? json_null() : json_string(stmt_text(st, col));
}

static json_t *pair_or_null(struct stmt *st, int col)
{
	return stmt_is_null(st, col) ? json_null()
				     : json_pack("{s:s, s:s}", "code", stmt_text(st, col), "name",
						 stmt_text(st, col + 1));
}

int case_list(struct store *s, const struct case_filter *f, const struct case_viewer *v,
	      int64_t after, int limit, json_t **out, struct zf_err *err)
{
	int64_t unit_id;
	char as_of[11];
	int rc;
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1..1000");
	if ((rc = filter_check(s, f, &unit_id, as_of, err)) < 0)
		return rc;
	struct scope sc = scope_of(v);
	json_t *a = json_array();
	if (sc.none) {
		*out = a;
		return 0;
	}
	struct stmt *st = store_prepare(s, list_sql, err);
	if (!st) {
		json_decref(a);
		return ZF_EIO;
	}
	const char *state = f->state ? f->state : "", *channel = f->channel ? f->channel : "";
	const char *from = f->from ? f->from : "", *to = f->to ? f->to : "";
	int i = 1;
	stmt_bind_int(st, i++, after);
	stmt_bind_text(st, i++, state);
	stmt_bind_text(st, i++, state);
	stmt_bind_int(st, i++, unit_id);
	stmt_bind_int(st, i++, unit_id);
	stmt_bind_int(st, i++, unit_id);
	stmt_bind_text(st, i++, channel);
	stmt_bind_text(st, i++, channel);
	stmt_bind_text(st, i++, from);
	stmt_bind_text(st, i++, from);
	stmt_bind_text(st, i++, to);
	stmt_bind_text(st, i++, to);
	stmt_bind_int(st, i++, sc.unit_id);
	stmt_bind_int(st, i++, sc.unit_id);
	stmt_bind_int(st, i++, sc.unit_id);
	stmt_bind_int(st, i++, sc.creator);
	stmt_bind_int(st, i++, sc.creator);
	stmt_bind_int(st, i++, f->overdue_only);
	stmt_bind_text(st, i++, as_of);
	stmt_bind_text(st, i++, as_of);
	const char *cat = f->category ? f->category : "", *q = f->q ? f->q : "";
	char *like = like_pattern(q);
	stmt_bind_text(st, i++, cat);
	stmt_bind_text(st, i++, cat);
	stmt_bind_text(st, i++, q);
	stmt_bind_text(st, i++, like);
	stmt_bind_text(st, i++, like);
	stmt_bind_text(st, i++, q);
	stmt_bind_text(st, i++, q);
	free(like);
	stmt_bind_int(st, i++, limit);
	int64_t *ids = xmalloc(sizeof *ids * (size_t)limit);
	bool *anon = xmalloc(sizeof *anon * (size_t)limit);
	size_t n = 0;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *stt = stmt_text(st, 9);
		json_t *r = json_object();
		json_object_set_new(r, "id", json_integer(stmt_int(st, 0)));
		json_object_set_new(r, "case_no", json_string(stmt_text(st, 1)));
		json_object_set_new(r, "channel", json_string(stmt_text(st, 2)));
		json_object_set_new(r, "channel_zh",
				    json_string(case_channel_zh(stmt_text(st, 2))));
		json_object_set_new(r, "subject", json_string(stmt_text(st, 3)));
		json_object_set_new(
		    r, "category",
		    json_pack("{s:s, s:s}", "code", stmt_text(st, 4), "name", stmt_text(st, 21)));
		json_object_set_new(r, "unit", pair_or_null(st, 5));
		json_object_set_new(r, "handling_unit", pair_or_null(st, 7));
		json_object_set_new(r, "handling_leader", pair_or_null(st, 19));
		json_object_set_new(r, "state", json_string(stt));
		json_object_set_new(r, "state_zh", json_string(case_state_zh(stt)));
		json_object_set_new(r, "received_on", json_string(stmt_text(st, 10)));
		json_object_set_new(r, "sign_due", text_or_null(st, 11));
		json_object_set_new(r, "due", text_or_null(st, 12));
		json_object_set_new(r, "replied_on", text_or_null(st, 17));
		json_object_set_new(r, "closed_on", text_or_null(st, 18));
		json_object_set_new(r, "reopen_count", json_integer(stmt_int(st, 13)));
		json_object_set_new(r, "escalated", json_boolean(stmt_int(st, 14)));
		json_object_set_new(r, "duplicate_of", text_or_null(st, 15));
		json_object_set_new(r, "anonymous", json_boolean(stmt_int(st, 16)));
		json_object_set_new(
		    r, "overdue",
		    json_boolean(is_overdue(stt, stmt_text(st, 11), stmt_text(st, 12), as_of)));
		ids[n] = stmt_int(st, 0);
		anon[n++] = stmt_int(st, 16);
		json_array_append_new(a, r);
	}
	stmt_reset(st);
	if (rc >= 0 && (v->role_bit & ROLE_INSPECTOR))
		for (size_t k = 0; k < n; k++)
			json_object_set_new(json_array_get(a, k), "complainant",
					    anon[k] ? json_null() : complainant_json(s, ids[k]));
	free(ids);
	free(anon);
	if (rc < 0) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* One CSV field, quoted, with a leading = + - @ made inert for spreadsheets. */
static void csv_put(struct buf *b, const char *v, bool last)
{
	buf_putc(b, '"');
	if (v && strchr("=+-@", v[0]) && v[0])
		buf_putc(b, '\'');
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

static const char *jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static const char *jname(json_t *o, const char *k)
{
	return jstr(json_object_get(o, k), "name");
}

/* The export's columns: the case's, then the complainant's for an inspector. */
static const char *const export_head[] = {
    "案件编号", "来源渠道", "标题",	"问题分类", "被反映单位", "承办单位", "责任领导",
    "状态",	"受理日期", "签收期限", "办理期限", "答复日期",	  "办结日期", "是否超期",
    "重办次数", "是否督办", "重复件",	"诉求人",   "联系电话",	  "身份证号"};
#define EXPORT_CASE_COLS 17

/* The cells of one listed case into cells (EXPORT_CASE_COLS + 3, borrowed from r or num). */
static void export_cells(json_t *r, bool insp, const char **cells, char num[16])
{
	int k = 0;
	cells[k++] = jstr(r, "case_no");
	cells[k++] = jstr(r, "channel_zh");
	cells[k++] = jstr(r, "subject");
	cells[k++] = jname(r, "category");
	cells[k++] = jname(r, "unit");
	cells[k++] = jname(r, "handling_unit");
	cells[k++] = jname(r, "handling_leader");
	cells[k++] = jstr(r, "state_zh");
	cells[k++] = jstr(r, "received_on");
	cells[k++] = jstr(r, "sign_due");
	cells[k++] = jstr(r, "due");
	cells[k++] = jstr(r, "replied_on");
	cells[k++] = jstr(r, "closed_on");
	cells[k++] = json_is_true(json_object_get(r, "overdue")) ? "是" : "否";
	snprintf(num, 16, "%lld",
		 (long long)json_integer_value(json_object_get(r, "reopen_count")));
	cells[k++] = num;
	cells[k++] = json_is_true(json_object_get(r, "escalated")) ? "是" : "否";
	cells[k++] = jstr(r, "duplicate_of");
	if (insp) {
		json_t *c = json_object_get(r, "complainant");
		cells[k++] = jstr(c, "name");
		cells[k++] = jstr(c, "phone");
		cells[k++] = jstr(c, "id_no");
	}
}

/* Calls row(ctx, cells, n) for each case v may see that matches f (at most 100000). */
static int export_walk(struct store *s, const struct case_filter *f, const struct case_viewer *v,
		       void (*row)(void *, const char *const *, int), void *ctx, struct zf_err *err)
{
	bool insp = v->role_bit & ROLE_INSPECTOR;
	int n = EXPORT_CASE_COLS + (insp ? 3 : 0), rows = 0, rc = 0;
	int64_t after = 0;
	for (;;) {
		json_t *a, *r;
		size_t i;
		if ((rc = case_list(s, f, v, after, 1000, &a, err)) < 0)
			return rc;
		json_array_foreach(a, i, r)
		{
			const char *cells[EXPORT_CASE_COLS + 3];
			char num[16];
			export_cells(r, insp, cells, num);
			row(ctx, cells, n);
			after = json_integer_value(json_object_get(r, "id"));
			rows++;
		}
		size_t got = json_array_size(a);
		json_decref(a);
		if (got < 1000 || rows >= 100000)
			return 0;
	}
}

static void csv_row(void *ctx, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++)
		csv_put(ctx, cells[i], i + 1 == n);
}

int case_export_csv(struct store *s, const struct case_filter *f, const struct case_viewer *v,
		    char **out, size_t *len, struct zf_err *err)
{
	bool insp = v->role_bit & ROLE_INSPECTOR;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "\xEF\xBB\xBF");
	csv_row(&b, export_head, EXPORT_CASE_COLS + (insp ? 3 : 0));
	int rc = export_walk(s, f, v, csv_row, &b, err);
	if (rc < 0) {
		buf_cleanup(&b);
		return rc;
	}
	*len = b.len;
	*out = buf_detach(&b);
	return 0;
}

struct xlsx_ctx {
	lxw_worksheet *ws;
	int row;
};

static void xlsx_row(void *ctx, const char *const *cells, int n)
{
	struct xlsx_ctx *x = ctx;
	for (int i = 0; i < n; i++)
		worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)i, cells[i], NULL);
	x->row++;
}

int case_export_xlsx(struct store *s, const struct case_filter *f, const struct case_viewer *v,
		     const char *path, struct zf_err *err)
{
	bool insp = v->role_bit & ROLE_INSPECTOR;
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return zf_err_set(err, ZF_EIO, "out", "%s: cannot create the workbook", path);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	struct xlsx_ctx x = {workbook_add_worksheet(wb, "案件"), 1};
	int n = EXPORT_CASE_COLS + (insp ? 3 : 0);
	for (int i = 0; i < n; i++)
		worksheet_write_string(x.ws, 0, (lxw_col_t)i, export_head[i], head);
	worksheet_freeze_panes(x.ws, 1, 1);
	worksheet_set_column(x.ws, 0, 0, 16, NULL);
	worksheet_set_column(x.ws, 2, 2, 36, NULL);
	int rc = export_walk(s, f, v, xlsx_row, &x, err);
	lxw_error e = workbook_close(wb);
	if (rc == 0 && e != LXW_NO_ERROR)
		rc = zf_err_set(err, ZF_EIO, "out", "%s: %s", path, lxw_strerror(e));
	return rc;
}

/* ---- the timeline ---- */

int case_timeline(struct store *s, const char *case_no, const struct case_viewer *v, json_t **out,
		  struct zf_err *err)
{
	int64_t id;
	int rc = case_find(s, case_no, &id, err);
	if (rc < 0)
		return rc;
	if (!case_visible(s, id, v))
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s", case_no);
	struct stmt *st =
	    store_prepare(s,
			  "SELECT at, happened_on, actor, kind, from_state, to_state,"
			  " note, data FROM case_events WHERE case_id = ? ORDER BY id",
			  err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, id);
	json_t *a = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		json_t *data = json_loads(stmt_text(st, 7), 0, NULL);
		json_array_append_new(
		    a,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o}", "at",
			      stmt_text(st, 0), "on", stmt_text(st, 1), "actor", stmt_text(st, 2),
			      "kind", stmt_text(st, 3), "kind_zh", case_event_zh(stmt_text(st, 3)),
			      "from", text_or_null(st, 4), "to", text_or_null(st, 5), "note",
			      stmt_text(st, 6), "data", data ? data : json_object()));
	}
	stmt_reset(st);
	if (rc < 0) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}
