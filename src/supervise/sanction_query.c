/* sanction_query.c: reading sanctions: one, a filtered list (JSON and CSV), and the
 * questions other rooms ask (promotion bans, staffing freezes, eligibility for a year). */
#include "supervise/sanction.h"
#include "supervise/supervise.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

#define SANCTION_COLS                                                                              \
	"SELECT x.id, m.code AS \"measure.code\", m.name AS \"measure.name\","                     \
	" m.tier AS \"measure.tier\", m.level AS \"measure.level\","                               \
	" p.code AS \"person.code\", p.name AS \"person.name\", u.code AS \"unit.code\","          \
	" u.name AS \"unit.name\", c.case_no, v.code AS \"veto_item.code\","                       \
	" v.name AS \"veto_item.name\", x.decided_on, x.basis, du.username AS decided_by,"         \
	" au.code AS \"authority.code\", au.name AS \"authority.name\", x.promotion_ban_until,"    \
	" x.freeze_until, r.code AS round, a.id AS \"adjustment.id\","                             \
	" a.points AS \"adjustment.points\", a.veto AS \"adjustment.veto\","                       \
	" a.no_excellent AS \"adjustment.no_excellent\", x.revoked, x.revoke_reason,"              \
	" x.revoked_on, x.created_at"                                                              \
	" FROM sanctions x JOIN sanction_measures m ON m.id = x.measure_id"                        \
	" JOIN units u ON u.id = x.unit_id LEFT JOIN people p ON p.id = x.person_id"               \
	" LEFT JOIN cases c ON c.id = x.case_id LEFT JOIN veto_items v ON v.id = x.veto_item_id"   \
	" LEFT JOIN users du ON du.id = x.decided_by"                                              \
	" LEFT JOIN units au ON au.id = x.authority_unit_id"                                       \
	" LEFT JOIN rounds r ON r.id = x.round_id LEFT JOIN adjustments a ON a.id = "              \
	"x.adjustment_id"
#define SANCTION_SPEC "issisSSssSSSsssSSSSSIDBBbsSs"

int sanction_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s, SANCTION_COLS " WHERE x.id = ? AND (? = 0 OR x.unit_id = ?)", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, unit_id);
	stmt_bind_int(st, 3, unit_id);
	json_t *arr;
	int rc = sup_rows_json(st, SANCTION_SPEC, &arr, err);
	if (rc < 0)
		return rc;
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no sanction %lld", (long long)id);
	}
	*out = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return 0;
}

#define FILTER_WHERE                                                                               \
	" WHERE x.id > ? AND (? = 0 OR x.unit_id = ?) AND (? IS NULL OR p.code = ?)"               \
	" AND (? IS NULL OR c.case_no = ?) AND (? IS NULL OR x.decided_on >= ?)"                   \
	" AND (? IS NULL OR x.decided_on <= ?) AND (? = 1 OR x.revoked = 0) ORDER BY x.id LIMIT ?"

static struct stmt *filter_stmt(struct store *s, const struct sanction_filter *f, int64_t after,
				int limit, struct zf_err *err)
{
	if (sup_check_date("from", f->from, false, err) < 0 ||
	    sup_check_date("to", f->to, false, err) < 0)
		return NULL;
	struct stmt *st = store_prepare(s, SANCTION_COLS FILTER_WHERE, err);
	if (!st)
		return NULL;
	const char *person = str_blank(f->person) ? NULL : f->person;
	const char *case_no = str_blank(f->case_no) ? NULL : f->case_no;
	const char *from = str_blank(f->from) ? NULL : f->from;
	const char *to = str_blank(f->to) ? NULL : f->to;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, f->unit_id);
	stmt_bind_int(st, 3, f->unit_id);
	stmt_bind_text(st, 4, person);
	stmt_bind_text(st, 5, person);
	stmt_bind_text(st, 6, case_no);
	stmt_bind_text(st, 7, case_no);
	stmt_bind_text(st, 8, from);
	stmt_bind_text(st, 9, from);
	stmt_bind_text(st, 10, to);
	stmt_bind_text(st, 11, to);
	stmt_bind_int(st, 12, f->include_revoked);
	stmt_bind_int(st, 13, limit);
	return st;
}

int sanction_list(struct store *s, const struct sanction_filter *f, int64_t after, int limit,
		  json_t **out, struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = filter_stmt(s, f, after, limit, err);
	if (!st)
		return err->code ? err->code : ZF_EINTERNAL;
	return sup_rows_json(st, SANCTION_SPEC, out, err);
}

static const char *tier_zh(int tier)
{
	static const char *const names[] = {"",	      "批评教育类", "组织处理类",
					    "待遇类", "单位类",	    "移送司法"};
	return tier >= 1 && tier <= 5 ? names[tier] : "";
}

int sanction_list_csv(struct store *s, const struct sanction_filter *f, struct buf *out,
		      struct zf_err *err)
{
	static const char *const head[] = {
	    "编号",	  "处理措施", "类别",	  "姓名",     "人员编码",     "单位",
	    "案件编号",	  "决定日期", "依据",	  "决定账号", "管理权限单位", "禁止提拔至",
	    "停止增编至", "扣分",     "一票否决", "已撤销",   "撤销理由"};
	struct stmt *st = filter_stmt(s, f, 0, 1000000, err);
	int rc;
	if (!st)
		return err->code ? err->code : ZF_EINTERNAL;
	buf_puts(out, "\xEF\xBB\xBF");
	for (size_t i = 0; i < ARRAY_LEN(head); i++) {
		if (i)
			buf_putc(out, ',');
		buf_put_csv(out, head[i]);
	}
	buf_puts(out, "\r\n");
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		char num[32];
		buf_printf(out, "%lld,", (long long)stmt_int(st, 0));
		buf_put_csv(out, stmt_text(st, 2));
		buf_putc(out, ',');
		buf_put_csv(out, tier_zh((int)stmt_int(st, 3)));
		/* name, person code, unit, case, decided_on, basis, decided_by, authority,
		 * ban, freeze */
		static const int cols[] = {6, 5, 8, 9, 12, 13, 14, 16, 17, 18};
		for (size_t i = 0; i < ARRAY_LEN(cols); i++) {
			buf_putc(out, ',');
			buf_put_csv(out, stmt_text(st, cols[i]));
		}
		snprintf(num, sizeof num, "%g", stmt_is_null(st, 21) ? 0.0 : stmt_double(st, 21));
		buf_printf(out, ",%s,%s,%s,", stmt_is_null(st, 21) ? "" : num,
			   stmt_is_null(st, 10) ? "否" : "是", stmt_int(st, 24) ? "是" : "否");
		buf_put_csv(out, stmt_text(st, 25));
		buf_puts(out, "\r\n");
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* The latest end date of column col ('promotion_ban_until' / 'freeze_until') among
 * unrevoked sanctions on who (person_id or unit_id column) decided by date and running
 * past it. */
static int until_query(struct store *s, const char *sql, int64_t id, const char *date, bool *yes,
		       char until[11], struct zf_err *err)
{
	if (sup_check_date("date", date, true, err) < 0)
		return ZF_EINVAL;
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, date);
	stmt_bind_text(st, 3, date);
	int rc = stmt_step(st, err);
	until[0] = '\0';
	if (rc == STORE_ROW && !stmt_is_null(st, 0))
		snprintf(until, 11, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc < 0)
		return rc;
	*yes = until[0] != '\0';
	return 0;
}

int sanction_promotion_ban(struct store *s, int64_t person_id, const char *date, bool *banned,
			   char until[11], struct zf_err *err)
{
	return until_query(s,
			   "SELECT max(promotion_ban_until) FROM sanctions WHERE person_id = ?"
			   " AND revoked = 0 AND decided_on <= ? AND promotion_ban_until > ?",
			   person_id, date, banned, until, err);
}

int sanction_staffing_freeze(struct store *s, int64_t unit_id, const char *date, bool *frozen,
			     char until[11], struct zf_err *err)
{
	return until_query(s,
			   "SELECT max(freeze_until) FROM sanctions WHERE unit_id = ?"
			   " AND revoked = 0 AND decided_on <= ? AND freeze_until > ?",
			   unit_id, date, frozen, until, err);
}

int sanction_person_history(struct store *s, int64_t person_id, const char *from, const char *to,
			    json_t **out, struct zf_err *err)
{
	if (sup_check_date("from", from, false, err) < 0 ||
	    sup_check_date("to", to, false, err) < 0)
		return ZF_EINVAL;
	from = str_blank(from) ? NULL : from;
	to = str_blank(to) ? NULL : to;
	struct stmt *st = store_prepare(
	    s,
	    "SELECT x.id, m.code AS measure, m.name, m.tier, x.decided_on, c.case_no, m.veto"
	    " FROM sanctions x JOIN sanction_measures m ON m.id = x.measure_id"
	    " LEFT JOIN cases c ON c.id = x.case_id WHERE x.person_id = ? AND x.revoked = 0"
	    " AND (? IS NULL OR x.decided_on >= ?) AND (? IS NULL OR x.decided_on <= ?)"
	    " ORDER BY x.decided_on, x.id",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, person_id);
	stmt_bind_text(st, 2, from);
	stmt_bind_text(st, 3, from);
	stmt_bind_text(st, 4, to);
	stmt_bind_text(st, 5, to);
	return sup_rows_json(st, "issisSb", out, err);
}

/* Runs an eligibility query: columns excellence lost, bonus lost, veto (each max of 0/1). */
static int eligibility(struct store *s, const char *sql, int64_t id, int year,
		       struct sanction_eligibility *out, struct zf_err *err)
{
	char from[11], to[11];
	if (year < 1900 || year > 9999)
		return zf_err_set(err, ZF_EINVAL, "year", "year must be a year like 2026");
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, from);
	stmt_bind_text(st, 3, to);
	int rc = stmt_step(st, err);
	struct sanction_eligibility e = {true, true, false};
	if (rc == STORE_ROW) {
		e.vetoed = stmt_int(st, 2) != 0;
		e.excellent = !stmt_int(st, 0) && !e.vetoed;
		e.bonus = !stmt_int(st, 1) && !e.vetoed;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	*out = e;
	return 0;
}

int sanction_person_eligibility(struct store *s, int64_t person_id, int year,
				struct sanction_eligibility *out, struct zf_err *err)
{
	return eligibility(s,
			   "SELECT coalesce(max(m.person_no_excellent), 0),"
			   " coalesce(max(m.no_bonus), 0), coalesce(max(m.veto), 0)"
			   " FROM sanctions x JOIN sanction_measures m ON m.id = x.measure_id"
			   " WHERE x.person_id = ? AND x.revoked = 0 AND x.decided_on >= ?"
			   " AND x.decided_on <= ?",
			   person_id, year, out, err);
}

int sanction_unit_eligibility(struct store *s, int64_t unit_id, int year,
			      struct sanction_eligibility *out, struct zf_err *err)
{
	int rc = eligibility(s,
			     "SELECT coalesce(max(m.unit_no_excellent), 0), 0,"
			     " coalesce(max(m.veto), 0)"
			     " FROM sanctions x JOIN sanction_measures m ON m.id = x.measure_id"
			     " WHERE x.unit_id = ? AND x.revoked = 0 AND x.decided_on >= ?"
			     " AND x.decided_on <= ?",
			     unit_id, year, out, err);
	if (rc == 0)
		out->bonus = true;
	return rc;
}
