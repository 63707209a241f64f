/* station.c: citizen service stations (群众服务站, S8): respected retirees sit there as
 * supervisors (accounts of role supervisor), hand out a card with the phone numbers of the
 * unit's main and overseeing leaders, and forward citizens' matters to the responsible
 * leader, where they become cases (channel 'supervisor'). */
#include "supervise/supervise.h"
#include "supervise/case.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

int station_create(struct store *s, const struct actor *who, const char *name, const char *place,
		   const char *unit, int64_t *id, struct zf_err *err)
{
	char now[32];
	int64_t unit_id;
	bool own;
	int rc;
	if ((rc = sup_check_text("name", name, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_text("place", place, SUP_TITLE_MAX, false, err)) < 0 ||
	    (rc = sup_unit_id(s, "unit", unit, true, &unit_id, err)) < 0)
		return rc;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO stations(name, place, unit_id, created_at) VALUES (?, ?, ?, ?)",
		       "ttit", name, place ? place : "", unit_id, now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:s}", "name", name, "place", place ? place : "",
				       "unit", unit);
		rc = sup_audit(s, who, "create", "station", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

/* The unit of station id, if unit_id (0: any) allows it. */
static int station_unit(struct store *s, int64_t id, int64_t unit_id, int64_t *out,
			struct zf_err *err)
{
	int rc = store_query_int(s, err, out, "SELECT unit_id FROM stations WHERE id = ?", "i", id);
	if (rc == 0 && unit_id && *out != unit_id)
		rc = ZF_ENOTFOUND;
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "id", "no station %lld", (long long)id);
	return rc;
}

/* station_set_active inside its transaction. */
static int set_active_locked(struct store *s, const struct actor *who, int64_t id, bool active,
			     struct zf_err *err)
{
	int64_t was;
	int rc = store_query_int(s, err, &was, "SELECT active FROM stations WHERE id = ?", "i", id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "id", "no station %lld", (long long)id);
	if (rc < 0)
		return rc;
	if ((was != 0) == active)
		return zf_err_set(err, ZF_ECONFLICT, "active", "station %lld is already %s",
				  (long long)id, active ? "open" : "closed");
	rc = store_run(s, err, "UPDATE stations SET active = ? WHERE id = ?", "ii", (int64_t)active,
		       id);
	if (rc == 0)
		rc =
		    sup_audit(s, who, active ? "activate" : "deactivate", "station", id, NULL, err);
	return rc;
}

int station_set_active(struct store *s, const struct actor *who, int64_t id, bool active,
		       struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, set_active_locked(s, who, id, active, err), err);
}

int station_add_supervisor(struct store *s, const struct actor *who, int64_t id,
			   const char *username, struct zf_err *err)
{
	int64_t unit_id, user_id = 0, user_unit = 0, active = 0;
	char role[24] = "";
	bool own;
	int rc = station_unit(s, id, 0, &unit_id, err);
	if (rc < 0)
		return rc;
	if ((rc = store_query_int(s, err, &active, "SELECT active FROM stations WHERE id = ?", "i",
				  id)) < 0)
		return rc;
	if (!active)
		return zf_err_set(err, ZF_ECONFLICT, "active",
				  "station %lld is closed: it takes no supervisors", (long long)id);
	if (str_blank(username))
		return zf_err_set(err, ZF_EINVAL, "username", "username is required");
	struct stmt *st = store_prepare(
	    s, "SELECT id, role, coalesce(unit_id, 0) FROM users WHERE username = ? AND active = 1",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, username);
	if ((rc = stmt_step(st, err)) == STORE_ROW) {
		user_id = stmt_int(st, 0);
		snprintf(role, sizeof role, "%s", stmt_text(st, 1));
		user_unit = stmt_int(st, 2);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!user_id)
		return zf_err_set(err, ZF_EINVAL, "username", "no active account '%s'", username);
	if (strcmp(role, "supervisor"))
		return zf_err_set(err, ZF_EINVAL, "username",
				  "account '%s' is not a citizen supervisor (role %s)", username,
				  role);
	if (user_unit != unit_id)
		return zf_err_set(err, ZF_EINVAL, "username",
				  "account '%s' belongs to another unit than the station's",
				  username);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO station_supervisors(user_id, station_id) VALUES (?, ?)"
		       " ON CONFLICT (user_id) DO UPDATE SET station_id = excluded.station_id",
		       "ii", user_id, id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "supervisor", username);
		rc = sup_audit(s, who, "add_supervisor", "station", id, ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

/* The leaders of the card: main leader and overseeing leaders of the unit, from the chain.
 * A new array of {code, name, post, relation, relation_zh, title}. */
static int card_leaders(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err)
{
	char code[64] = "";
	json_t *chain = NULL, *e;
	size_t i;
	struct stmt *st = store_prepare(s, "SELECT code FROM units WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	if (stmt_step(st, err) == STORE_ROW)
		snprintf(code, sizeof code, "%s", stmt_text(st, 0));
	stmt_reset(st);
	int rc = org_responsibility(s, code, NULL, &chain, err);
	if (rc < 0)
		return rc;
	json_t *arr = json_array();
	json_array_foreach(json_object_get(chain, "chain"), i, e)
	{
		const char *rel = json_string_value(json_object_get(e, "relation"));
		if (!rel || (strcmp(rel, "main_leader") && strcmp(rel, "overseeing_leader")))
			continue;
		json_t *p = json_object_get(e, "person");
		json_array_append_new(
		    arr, json_pack("{s:O,s:O,s:O,s:O,s:O,s:s}", "code", json_object_get(p, "code"),
				   "name", json_object_get(p, "name"), "post",
				   json_object_get(p, "post"), "relation",
				   json_object_get(e, "relation"), "relation_zh",
				   json_object_get(e, "relation_zh"), "title",
				   json_string_value(json_object_get(e, "title"))
				       ? json_string_value(json_object_get(e, "title"))
				       : ""));
	}
	json_decref(chain);
	*out = arr;
	return 0;
}

int station_set_phone(struct store *s, const struct actor *who, int64_t id, const char *person,
		      const char *phone, struct zf_err *err)
{
	int64_t unit_id, person_id;
	json_t *leaders = NULL, *l;
	size_t i;
	bool own, on_card = false;
	int rc = station_unit(s, id, 0, &unit_id, err);
	if (rc == 0)
		rc = sup_person_id(s, "person", person, true, &person_id, err);
	if (rc == 0)
		rc = sup_check_text("phone", phone, 32, true, err);
	if (rc < 0)
		return rc;
	for (const char *p = phone; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == ' ' || *p == '+'))
			return zf_err_set(err, ZF_EINVAL, "phone",
					  "phone may hold only digits, spaces, + and -");
	if ((rc = card_leaders(s, unit_id, &leaders, err)) < 0)
		return rc;
	json_array_foreach(leaders, i, l) on_card =
	    on_card || !strcmp(json_string_value(json_object_get(l, "code")), person);
	json_decref(leaders);
	if (!on_card)
		return zf_err_set(err, ZF_EINVAL, "person",
				  "%s is neither the main leader nor an overseeing leader of the "
				  "station's unit",
				  person);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO station_card(station_id, person_id, phone) VALUES (?, ?, ?)"
		       " ON CONFLICT (station_id, person_id) DO UPDATE SET phone = excluded.phone",
		       "iit", id, person_id, phone);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "person", person);
		rc = sup_audit(s, who, "set_phone", "station", id, ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int station_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err)
{
	json_t *arr, *sup;
	struct stmt *st = store_prepare(
	    s,
	    "SELECT s.id, s.name, s.place, u.code AS \"unit.code\", u.name AS \"unit.name\","
	    " s.active FROM stations s JOIN units u ON u.id = s.unit_id"
	    " WHERE s.id = ? AND (? = 0 OR s.unit_id = ?)",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, unit_id);
	stmt_bind_int(st, 3, unit_id);
	int rc = sup_rows_json(st, "issssb", &arr, err);
	if (rc < 0)
		return rc;
	if (!json_array_size(arr)) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no station %lld", (long long)id);
	}
	json_t *j = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	st = store_prepare(s,
			   "SELECT u.username, u.display_name FROM station_supervisors x"
			   " JOIN users u ON u.id = x.user_id WHERE x.station_id = ?"
			   " ORDER BY u.username",
			   err);
	if (!st) {
		json_decref(j);
		return ZF_EINTERNAL;
	}
	stmt_bind_int(st, 1, id);
	if ((rc = sup_rows_json(st, "ss", &sup, err)) < 0) {
		json_decref(j);
		return rc;
	}
	json_object_set_new(j, "supervisors", sup);
	*out = j;
	return 0;
}

int station_list(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT s.id, s.name, s.place, u.code AS \"unit.code\", u.name AS \"unit.name\","
	    " s.active, (SELECT count(*) FROM station_supervisors x WHERE x.station_id = s.id)"
	    " AS supervisors FROM stations s JOIN units u ON u.id = s.unit_id"
	    " WHERE ? = 0 OR s.unit_id = ? ORDER BY s.id",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	stmt_bind_int(st, 2, unit_id);
	return sup_rows_json(st, "issssbi", out, err);
}

int station_card(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err)
{
	json_t *station = NULL, *leaders = NULL, *l;
	int64_t su;
	size_t i;
	int rc = station_get(s, id, unit_id, &station, err);
	if (rc == 0)
		rc = station_unit(s, id, 0, &su, err);
	if (rc == 0)
		rc = card_leaders(s, su, &leaders, err);
	if (rc < 0) {
		json_decref(station);
		return rc;
	}
	struct stmt *st = store_prepare(s,
					"SELECT c.phone FROM station_card c JOIN people p ON"
					" p.id = c.person_id WHERE c.station_id = ? AND p.code = ?",
					err);
	json_array_foreach(leaders, i, l)
	{
		const char *phone = "";
		if (st) {
			stmt_bind_int(st, 1, id);
			stmt_bind_text(st, 2, json_string_value(json_object_get(l, "code")));
			if (stmt_step(st, err) == STORE_ROW)
				phone = stmt_text(st, 0);
			json_object_set_new(l, "phone", json_string(phone));
			stmt_reset(st);
		}
	}
	*out = json_pack("{s:{s:O,s:O,s:O},s:O,s:o}", "station", "id",
			 json_object_get(station, "id"), "name", json_object_get(station, "name"),
			 "place", json_object_get(station, "place"), "unit",
			 json_object_get(station, "unit"), "leaders", leaders);
	json_decref(station);
	return 0;
}

int station_card_csv(struct store *s, int64_t id, int64_t unit_id, char **csv, struct zf_err *err)
{
	json_t *card = NULL, *l;
	size_t i;
	int rc = station_card(s, id, unit_id, &card, err);
	if (rc < 0)
		return rc;
	struct buf b = BUF_INIT;
	buf_puts(&b, "\xEF\xBB\xBF姓名,职务,关系,电话\r\n");
	json_array_foreach(json_object_get(card, "leaders"), i, l)
	{
		static const char *const keys[] = {"name", "post", "relation_zh", "phone"};
		for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
			if (k)
				buf_putc(&b, ',');
			const char *v = json_string_value(json_object_get(l, keys[k]));
			buf_put_csv(&b, v ? v : "");
		}
		buf_puts(&b, "\r\n");
	}
	json_decref(card);
	*csv = buf_detach(&b);
	return 0;
}

int station_forward(struct store *s, const struct actor *who, const struct station_matter *m,
		    char case_no[32], struct zf_err *err)
{
	int64_t station_id = 0;
	char unit[64] = "", no[CASE_NO_MAX] = "";
	bool own;
	int rc = store_query_int(s, err, &station_id,
				 "SELECT x.station_id FROM station_supervisors x JOIN stations s ON"
				 " s.id = x.station_id WHERE x.user_id = ? AND s.active = 1",
				 "i", who->user_id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EFORBIDDEN, NULL,
				  "this account is not a supervisor of an active service station");
	if (rc < 0)
		return rc;
	struct stmt *st = store_prepare(
	    s, "SELECT u.code FROM stations s JOIN units u ON u.id = s.unit_id WHERE s.id = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, station_id);
	if ((rc = stmt_step(st, err)) == STORE_ROW)
		snprintf(unit, sizeof unit, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc < 0)
		return rc;
	struct case_new cn = {
	    .channel = "supervisor",
	    .subject = m->subject,
	    .content = m->content,
	    .category = m->category,
	    .unit = unit,
	    .person = m->person,
	    .complainant_name = m->citizen_name,
	    .complainant_phone = m->citizen_phone,
	};
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = case_create(s, &cn, who, no, NULL, err);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s}", "case_no", no, "unit", unit);
		rc = sup_audit(s, who, "forward", "station", station_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0)
		snprintf(case_no, 32, "%s", no);
	return rc;
}
