/* educate_session.c: sessions of a programme (date, place, topic, speakers, materials,
 * credit hours) and their attendance, entered as a list or imported from a CSV file, all
 * rows or none (X3). Speakers are recorded present at their own session. */
#include "educate/educate_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *educate_status_norm(const char *s)
{
	static const struct {
		const char *in, *out;
	} map[] = {
	    {"present", "present"}, {"late", "late"},	 {"excused", "excused"},
	    {"absent", "absent"},   {"出席", "present"}, {"到", "present"},
	    {"出勤", "present"},    {"参加", "present"}, {"迟到", "late"},
	    {"请假", "excused"},    {"缺席", "absent"},	 {"未到", "absent"},
	};
	if (!s)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (!strcasecmp(s, map[i].in))
			return map[i].out;
	return NULL;
}

/* ---- sessions ---- */

static int topic_check(struct store *s, const char *topic, struct zf_err *err)
{
	int64_t one;
	struct zf_err e2;
	int rc = store_query_int(s, &e2, &one, "SELECT 1 FROM topics WHERE code = ? AND active = 1",
				 "t", topic);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EINVAL, "topic",
				  "'%s' is not a topic (GET /api/v1/topics)", topic);
	if (rc < 0)
		*err = e2;
	return rc;
}

/* Resolves the speakers (person codes) into ids (the caller frees *ids). */
static int speakers_resolve(struct store *s, json_t *speakers, int64_t **ids, size_t *n,
			    struct zf_err *err)
{
	json_t *it;
	size_t i;
	*ids = NULL;
	*n = 0;
	if (!speakers || json_is_null(speakers))
		return 0;
	if (!json_is_array(speakers))
		return zf_err_set(err, ZF_EINVAL, "speakers",
				  "speakers must be an array of person codes");
	int64_t *v = xcalloc(json_array_size(speakers) + 1, sizeof *v);
	json_array_foreach(speakers, i, it)
	{
		char field[32];
		snprintf(field, sizeof field, "speakers[%zu]", i);
		int rc = edu_person_id(s, json_string_value(it), field, 0, &v[i], err);
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (v[k] == v[i])
				rc = zf_err_set(err, ZF_EINVAL, field, "%s names %s twice", field,
						json_string_value(it));
		if (rc < 0) {
			free(v);
			return rc;
		}
	}
	*ids = v;
	*n = json_array_size(speakers);
	return 0;
}

/* Checks the materials array: [{title (required), link?}]; *out the normalized JSON text. */
static int materials_check(json_t *m, char **out, struct zf_err *err)
{
	json_t *it, *norm = json_array();
	size_t i;
	if (m && !json_is_null(m) && !json_is_array(m)) {
		json_decref(norm);
		return zf_err_set(err, ZF_EINVAL, "materials",
				  "materials must be an array of {title, link}");
	}
	json_array_foreach(m, i, it)
	{
		char field[48];
		int rc;
		snprintf(field, sizeof field, "materials[%zu].title", i);
		const char *title = json_string_value(json_object_get(it, "title"));
		const char *link = json_string_value(json_object_get(it, "link"));
		if ((rc = edu_check_text(title, field, EDU_TEXT_MAX, true, err)) == 0) {
			snprintf(field, sizeof field, "materials[%zu].link", i);
			rc = edu_check_text(link, field, 500, false, err);
		}
		if (rc < 0) {
			json_decref(norm);
			return rc;
		}
		json_array_append_new(
		    norm, json_pack("{s:s,s:s}", "title", title, "link", link ? link : ""));
	}
	*out = json_dumps(norm, JSON_COMPACT);
	json_decref(norm);
	return 0;
}

int educate_session_create(struct store *s, const struct actor *who,
			   const struct educate_session *in, int64_t *id, struct zf_err *err)
{
	struct edu_prog p;
	int64_t *spk = NULL, unit_id = 0;
	size_t nspk = 0;
	char *mat = NULL;
	int rc;
	if (str_blank(in->programme))
		return zf_err_set(err, ZF_EINVAL, "programme", "programme is required");
	if ((rc = edu_prog_find(s, in->programme, &p, err)) < 0)
		return rc == ZF_ENOTFOUND ? zf_err_set(err, ZF_EINVAL, "programme",
						       "no programme with code %s", in->programme)
					  : rc;
	if (!p.active)
		rc = zf_err_set(err, ZF_EINVAL, "programme", "programme %s is inactive", p.code);
	if (rc == 0 && strcmp(p.counts, "attendance"))
		rc = zf_err_set(err, ZF_EINVAL, "programme",
				"programme %s of kind %s counts records, not sessions", p.code,
				p.kind);
	if (rc == 0)
		rc = edu_check_date(in->held_on, "held_on", err);
	if (rc == 0)
		rc = edu_check_text(in->title, "title", EDU_TEXT_MAX, true, err);
	if (rc == 0)
		rc = edu_check_text(in->place, "place", EDU_TEXT_MAX, false, err);
	if (rc == 0 && !str_blank(in->topic))
		rc = topic_check(s, in->topic, err);
	if (rc == 0 && (in->credit_hours < 0 || in->credit_hours > 100))
		rc = zf_err_set(err, ZF_EINVAL, "credit_hours", "credit_hours must be 0..100");
	unit_id = p.unit_id;
	if (rc == 0 && !str_blank(in->unit))
		rc = edu_unit_id(s, in->unit, "unit", &unit_id, err);
	if (rc == 0)
		rc = speakers_resolve(s, in->speakers, &spk, &nspk, err);
	if (rc == 0)
		rc = materials_check(in->materials, &mat, err);
	if (rc < 0)
		goto out;
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	bool own;
	int64_t sid = 0;
	rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc =
		    store_run(s, err,
			      "INSERT INTO edu_sessions(programme_id, held_on, place, topic, title,"
			      " credit_hours, unit_id, materials, created_at, updated_at)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      "ittTtdIttt", p.id, in->held_on, in->place ? in->place : "",
			      in->topic ? in->topic : "", in->title, in->credit_hours, unit_id, mat,
			      now, now);
	if (rc == 0)
		sid = store_last_id(s);
	for (size_t i = 0; rc == 0 && i < nspk; i++) {
		rc = store_run(s, err,
			       "INSERT INTO session_speakers(session_id, person_id) VALUES (?, ?)",
			       "ii", sid, spk[i]);
		if (rc == 0)
			rc = store_run(s, err,
				       "INSERT INTO attendance(session_id, person_id, status, note)"
				       " VALUES (?, ?, 'present', '主讲')",
				       "ii", sid, spk[i]);
	}
	if (rc == 0) {
		char ids[24];
		snprintf(ids, sizeof ids, "%lld", (long long)sid);
		json_t *ch = json_pack("{s:s,s:s,s:s,s:f,s:O*}", "programme", p.code, "held_on",
				       in->held_on, "title", in->title, "credit_hours",
				       in->credit_hours, "speakers", in->speakers);
		rc = audit_append(s, who, "create", "session", ids, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = sid;
out:
	free(spk);
	free(mat);
	edu_prog_cleanup(&p);
	return rc;
}

int educate_session_update(struct store *s, const struct actor *who, int64_t id,
			   const struct educate_session *in, struct zf_err *err)
{
	int64_t unit_id = 0;
	char *mat = NULL;
	int rc = educate_session_unit(s, id, &unit_id, err);
	if (rc < 0)
		return rc;
	if (in->programme || in->speakers)
		return zf_err_set(err, ZF_EINVAL, in->programme ? "programme" : "speakers",
				  "the programme and the speakers of a session cannot change");
	if ((in->held_on && (rc = edu_check_date(in->held_on, "held_on", err)) < 0) ||
	    (in->title && (rc = edu_check_text(in->title, "title", EDU_TEXT_MAX, true, err)) < 0) ||
	    (rc = edu_check_text(in->place, "place", EDU_TEXT_MAX, false, err)) < 0 ||
	    (!str_blank(in->topic) && (rc = topic_check(s, in->topic, err)) < 0))
		return rc;
	if (in->credit_hours > 100)
		return zf_err_set(err, ZF_EINVAL, "credit_hours", "credit_hours must be 0..100");
	if (in->unit) {
		unit_id = 0;
		if (*in->unit && (rc = edu_unit_id(s, in->unit, "unit", &unit_id, err)) < 0)
			return rc;
	}
	if (in->materials && (rc = materials_check(in->materials, &mat, err)) < 0)
		return rc;
	json_t *ch = json_object();
	if (in->held_on)
		json_object_set_new(ch, "held_on", json_string(in->held_on));
	if (in->title)
		json_object_set_new(ch, "title", json_string(in->title));
	if (in->place)
		json_object_set_new(ch, "place", json_string(in->place));
	if (in->topic)
		json_object_set_new(ch, "topic", json_string(in->topic));
	if (in->credit_hours >= 0)
		json_object_set_new(ch, "credit_hours", json_real(in->credit_hours));
	if (in->unit)
		json_object_set_new(ch, "unit", json_string(in->unit));
	if (mat)
		json_object_set_new(ch, "materials", json_string(mat));
	char now[32], ids[24];
	time_format_iso(time_now(), now, sizeof now);
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	bool own;
	rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE edu_sessions SET held_on = coalesce(?, held_on),"
			       " title = coalesce(?, title), place = coalesce(?, place),"
			       " topic = CASE WHEN ? = 1 THEN NULLIF(?, '') ELSE topic END,"
			       " credit_hours = CASE WHEN ? >= 0 THEN ? ELSE credit_hours END,"
			       " unit_id = CASE WHEN ? = 1 THEN NULLIF(?, 0) ELSE unit_id END,"
			       " materials = coalesce(?, materials), updated_at = ? WHERE id = ?",
			       "tttitddiitti", in->held_on, in->title, in->place,
			       (int64_t)(in->topic != NULL), in->topic ? in->topic : "",
			       in->credit_hours, in->credit_hours, (int64_t)(in->unit != NULL),
			       unit_id, mat, now, id);
	if (rc == 0)
		rc = audit_append(s, who, "update", "session", ids, "ok", ch, err);
	rc = store_tx_close(s, own, rc, err);
	json_decref(ch);
	free(mat);
	return rc;
}

int educate_session_unit(struct store *s, int64_t id, int64_t *unit_id, struct zf_err *err)
{
	struct zf_err e2;
	int rc = store_query_int(
	    s, &e2, unit_id, "SELECT coalesce(unit_id, 0) FROM edu_sessions WHERE id = ?", "i", id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no session %lld", (long long)id);
	if (rc < 0)
		*err = e2;
	return rc;
}

#define SESSION_COLS                                                                               \
	"SELECT s.id, pr.code, pr.name, pr.kind, s.held_on, s.place, coalesce(t.code, ''),"        \
	" coalesce(t.name, ''), s.title, s.credit_hours, coalesce(u.code, ''),"                    \
	" coalesce(u.name, ''), s.materials FROM edu_sessions s"                                   \
	" JOIN programmes pr ON pr.id = s.programme_id LEFT JOIN topics t ON t.code = s.topic"     \
	" LEFT JOIN units u ON u.id = s.unit_id"

static json_t *session_json(struct stmt *st)
{
	json_t *mat = json_loads(stmt_text(st, 12), 0, NULL);
	return json_pack("{s:I,s:{s:s,s:s,s:s},s:s,s:s,s:o,s:s,s:o,s:o,s:o}", "id",
			 (json_int_t)stmt_int(st, 0), "programme", "code", stmt_text(st, 1), "name",
			 stmt_text(st, 2), "kind", stmt_text(st, 3), "held_on", stmt_text(st, 4),
			 "place", stmt_text(st, 5), "topic",
			 edu_code_name(stmt_text(st, 6), stmt_text(st, 7)), "title",
			 stmt_text(st, 8), "credit_hours", edu_real2(stmt_double(st, 9)), "unit",
			 edu_code_name(stmt_text(st, 10), stmt_text(st, 11)), "materials",
			 mat ? mat : json_array());
}

/* Appends the speakers and the attendance (of scope_unit's people when not 0) to j. */
static int session_detail(struct store *s, int64_t id, int64_t scope_unit, json_t *j,
			  struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT p.code, p.name FROM session_speakers sp JOIN people p ON p.id = sp.person_id"
	    " WHERE sp.session_id = ? ORDER BY p.code",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	json_t *spk = json_array();
	json_object_set_new(j, "speakers", spk);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(spk, edu_code_name(stmt_text(st, 0), stmt_text(st, 1)));
	stmt_reset(st);
	if (rc < 0)
		return rc;
	st = store_prepare(
	    s,
	    "SELECT p.code, p.name, u.code, u.name, a.status, a.note FROM attendance a"
	    " JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id"
	    " WHERE a.session_id = ? AND (? = 0 OR p.unit_id = ?) ORDER BY p.code",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, scope_unit);
	stmt_bind_int(st, 3, scope_unit);
	json_t *att = json_array();
	json_object_set_new(j, "attendance", att);
	json_int_t n[4] = {0, 0, 0, 0};
	static const char *const names[] = {"present", "late", "excused", "absent"};
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *status = stmt_text(st, 4);
		for (int k = 0; k < 4; k++)
			if (!strcmp(status, names[k]))
				n[k]++;
		json_array_append_new(att,
				      json_pack("{s:{s:s,s:s,s:o},s:s,s:s}", "person", "code",
						stmt_text(st, 0), "name", stmt_text(st, 1), "unit",
						edu_code_name(stmt_text(st, 2), stmt_text(st, 3)),
						"status", status, "note", stmt_text(st, 5)));
	}
	stmt_reset(st);
	json_object_set_new(j, "counts",
			    json_pack("{s:I,s:I,s:I,s:I}", "present", n[0], "late", n[1], "excused",
				      n[2], "absent", n[3]));
	return rc < 0 ? rc : 0;
}

int educate_session_get(struct store *s, int64_t id, int64_t scope_unit, json_t **out,
			struct zf_err *err)
{
	struct stmt *st = store_prepare(s, SESSION_COLS " WHERE s.id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	json_t *j = NULL;
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		j = session_json(st);
	else if (rc == STORE_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no session %lld", (long long)id);
	stmt_reset(st);
	if (!j)
		return rc;
	if ((rc = session_detail(s, id, scope_unit, j, err)) < 0) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return 0;
}

int educate_session_list(struct store *s, const char *programme, const char *unit, int year,
			 int64_t after, int limit, json_t **out, struct zf_err *err)
{
	char from[11] = "0000-01-01", to[11] = "9999-12-31";
	if (year) {
		snprintf(from, sizeof from, "%04d-01-01", year);
		snprintf(to, sizeof to, "%04d-12-31", year);
	}
	struct stmt *st = store_prepare(
	    s,
	    SESSION_COLS
	    " WHERE s.id > ? AND (? IS NULL OR pr.code = ?) AND (? IS NULL OR u.code = ?)"
	    " AND s.held_on >= ? AND s.held_on <= ? ORDER BY s.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, programme);
	stmt_bind_text(st, 3, programme);
	stmt_bind_text(st, 4, unit);
	stmt_bind_text(st, 5, unit);
	stmt_bind_text(st, 6, from);
	stmt_bind_text(st, 7, to);
	stmt_bind_int(st, 8, limit);
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, session_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* ---- attendance ---- */

struct att_row {
	int64_t person_id;
	const char *code, *status, *note; /* borrowed */
};

/* The session's unit must be scope_unit's for a unit-scoped writer. */
static int session_writable(struct store *s, int64_t session_id, int64_t scope_unit,
			    struct zf_err *err)
{
	int64_t unit_id;
	int rc = educate_session_unit(s, session_id, &unit_id, err);
	if (rc < 0)
		return rc;
	if (scope_unit && unit_id != scope_unit)
		return zf_err_set(err, ZF_EFORBIDDEN, NULL,
				  "session %lld is not held by this account's unit",
				  (long long)session_id);
	return 0;
}

/* Writes the rows and one audit entry, in a transaction. */
static int att_write(struct store *s, const struct actor *who, int64_t session_id,
		     const struct att_row *rows, size_t n, const char *action, const char *fname,
		     struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	json_t *list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = store_run(s, err,
			       "INSERT INTO attendance(session_id, person_id, status, note)"
			       " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, person_id)"
			       " DO UPDATE SET status = excluded.status, note = excluded.note",
			       "iitt", session_id, rows[i].person_id, rows[i].status,
			       rows[i].note ? rows[i].note : "");
		json_array_append_new(
		    list, json_pack("{s:s,s:s}", "person", rows[i].code, "status", rows[i].status));
	}
	if (rc == 0) {
		char ids[24];
		snprintf(ids, sizeof ids, "%lld", (long long)session_id);
		json_t *ch = json_pack("{s:o,s:I}", "attendance", list, "rows", (json_int_t)n);
		list = NULL;
		if (fname)
			json_object_set_new(ch, "file", json_string(fname));
		rc = audit_append(s, who, action, "session", ids, "ok", ch, err);
		json_decref(ch);
	}
	json_decref(list);
	return store_tx_close(s, own, rc, err);
}

int educate_attendance_set(struct store *s, const struct actor *who, int64_t session_id,
			   json_t *items, int64_t scope_unit, int *written, struct zf_err *err)
{
	int rc = session_writable(s, session_id, scope_unit, err);
	if (rc < 0)
		return rc;
	if (!json_is_array(items) || json_array_size(items) == 0)
		return zf_err_set(err, ZF_EINVAL, "items",
				  "attendance must be a non-empty JSON array of {person, status}");
	size_t n = json_array_size(items);
	struct att_row *rows = xcalloc(n + 1, sizeof *rows);
	json_t *it;
	size_t i;
	json_array_foreach(items, i, it)
	{
		char field[48];
		snprintf(field, sizeof field, "items[%zu].person", i);
		if (!json_is_object(it)) {
			rc = zf_err_set(err, ZF_EINVAL, field, "items[%zu] must be an object", i);
			break;
		}
		rows[i].code = json_string_value(json_object_get(it, "person"));
		if ((rc = edu_person_id(s, rows[i].code, field, scope_unit, &rows[i].person_id,
					err)) < 0)
			break;
		for (size_t k = 0; k < i && rc == 0; k++)
			if (rows[k].person_id == rows[i].person_id)
				rc = zf_err_set(err, ZF_EINVAL, field, "%s appears twice",
						rows[i].code);
		if (rc < 0)
			break;
		snprintf(field, sizeof field, "items[%zu].status", i);
		const char *st = json_string_value(json_object_get(it, "status"));
		if (!(rows[i].status = educate_status_norm(st))) {
			rc = zf_err_set(err, ZF_EINVAL, field,
					"'%s' is not a status: present, late, excused or absent "
					"(出席, 迟到, 请假, 缺席)",
					st ? st : "");
			break;
		}
		snprintf(field, sizeof field, "items[%zu].note", i);
		rows[i].note = json_string_value(json_object_get(it, "note"));
		if ((rc = edu_check_text(rows[i].note, field, EDU_TEXT_MAX, false, err)) < 0)
			break;
	}
	if (rc == 0)
		rc = att_write(s, who, session_id, rows, n, "attendance", NULL, err);
	if (rc == 0 && written)
		*written = (int)n;
	free(rows);
	return rc;
}

/* ---- import ---- */

static const struct csv_col att_cols[] = {
    {"person", "人员编号", 1},
    {"status", "出勤", 1},
    {"note", "备注", 0},
    {"name", "姓名", 0},
};
/* The same columns where the file says 人员编码 (the people import's name for it). */
static const struct csv_col att_cols_alt[] = {
    {"person", "人员编码", 1},
    {"status", "出勤", 1},
    {"note", "备注", 0},
    {"name", "姓名", 0},
};

static void report(struct import_report *rep, json_t *errors, long line, const char *column,
		   const char *fmt, const char *a, const char *b)
{
	char msg[400];
	snprintf(msg, sizeof msg, fmt, a, b);
	import_report_add(rep, line, column, "%s", msg);
	if (json_is_array(errors)) {
		json_t *e = json_pack("{s:I,s:s}", "line", (json_int_t)line, "message", msg);
		if (column && *column)
			json_object_set_new(e, "column", json_string(column));
		json_array_append_new(errors, e);
	}
}

/* Checks one data row into r; problems go to rep. */
static void import_row(struct store *s, const struct csv *c, size_t k, const int *idx,
		       int64_t scope_unit, struct att_row *rows, struct import_report *rep,
		       json_t *errors)
{
	struct csv_row *row = &c->rows[k];
	struct att_row *r = &rows[k];
	const char *pcol = c->header[idx[0]], *scol = c->header[idx[1]];
	const char *code = csv_field(row, idx[0]), *status = csv_field(row, idx[1]);
	struct zf_err e;
	zf_err_clear(&e);
	r->code = code;
	r->note = csv_field(row, idx[2]);
	if (!*code)
		report(rep, errors, row->line, pcol, "required%s%s", "", "");
	else if (edu_person_id(s, code, "person", scope_unit, &r->person_id, &e) < 0)
		report(rep, errors, row->line, pcol,
		       scope_unit ? "no active person %s in this account's unit%s"
				  : "no active person with code %s%s",
		       code, "");
	for (size_t j = 0; j < k && r->person_id; j++)
		if (rows[j].person_id == r->person_id) {
			char first[24];
			snprintf(first, sizeof first, "%ld", c->rows[j].line);
			report(rep, errors, row->line, pcol, "%s appears again (first on line %s)",
			       code, first);
			break;
		}
	if (!(r->status = educate_status_norm(status)))
		report(rep, errors, row->line, scol,
		       "'%s' is not a status: 出席, 迟到, 请假 or 缺席 (present, late, excused, "
		       "absent)%s",
		       status, "");
	if (idx[2] >= 0 && utf8_len(r->note) > EDU_TEXT_MAX)
		report(rep, errors, row->line, c->header[idx[2]],
		       "too long: at most 200 characters%s%s", "", "");
	if (idx[3] >= 0 && r->person_id) {
		const char *name = csv_field(row, idx[3]);
		char pname[256] = "";
		struct stmt *st = store_prepare(s, "SELECT name FROM people WHERE id = ?", &e);
		if (st) {
			stmt_bind_int(st, 1, r->person_id);
			if (stmt_step(st, &e) == STORE_ROW)
				snprintf(pname, sizeof pname, "%s", stmt_text(st, 0));
			stmt_reset(st);
		}
		if (*name && strcmp(name, pname))
			report(rep, errors, row->line, c->header[idx[3]],
			       "'%s' is not the name of this person (%s)", name, pname);
	}
}

int educate_attendance_import(struct store *s, const struct actor *who, int64_t session_id,
			      const char *fname, const char *data, size_t len, int64_t scope_unit,
			      struct import_report *rep, json_t *errors, int *imported,
			      struct zf_err *err)
{
	struct csv c;
	int idx[4];
	int rc = session_writable(s, session_id, scope_unit, err);
	if (rc < 0)
		return rc;
	if ((rc = csv_parse(data, len, fname, &c, err)) < 0) {
		if (json_is_array(errors))
			json_array_append_new(errors,
					      json_pack("{s:I,s:s}", "line", (json_int_t)err->line,
							"message", err->msg));
		return rc;
	}
	bool alt = false;
	for (int i = 0; i < c.ncols; i++)
		alt = alt || !strcmp(c.header[i], "人员编码");
	int before = rep->nerrors;
	csv_map_header(&c, alt ? att_cols_alt : att_cols, 4, idx, rep);
	if (rep->nerrors == before)
		csv_check_widths(&c, rep);
	if (rep->nerrors > before && json_is_array(errors))
		json_array_append_new(errors, json_pack("{s:i,s:s}", "line", 1, "message",
							"the header or the column count is wrong"));
	struct att_row *rows = xcalloc(c.nrows + 1, sizeof *rows);
	if (rep->nerrors == before) {
		if (c.nrows == 0)
			report(rep, errors, 2, NULL, "no data rows%s%s", "", "");
		for (size_t k = 0; k < c.nrows; k++)
			import_row(s, &c, k, idx, scope_unit, rows, rep, errors);
	}
	if (rep->nerrors > before) {
		rc = zf_err_set(err, ZF_EINVAL, NULL, "%d bad rows", rep->nerrors - before);
	} else {
		rc = att_write(s, who, session_id, rows, c.nrows, "import", fname, err);
		if (rc == 0 && imported)
			*imported = (int)c.nrows;
	}
	free(rows);
	csv_cleanup(&c);
	return rc;
}
