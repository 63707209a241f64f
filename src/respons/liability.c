/* liability.c: the supervising leader's signature on a cleared recommendation and the joint
 * liability it opens (R4, 连带责任): a scan flags every signer whose promoted cadre got a
 * substantiated case or a sanction within the liability period, once per record. */
#include "respons/respons_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

int respons_nomination_sign(struct store *s, const struct actor *who, int64_t id, const char *text,
			    const char *on, struct zf_err *err)
{
	int64_t signer = 0, supervisor = 0, months = 0;
	char state[16] = "", nominated[11] = "", vetted[11] = "", day[11], until[11], end[11];
	char now[32], key[24];
	bool own;
	struct stmt *st = store_prepare(
	    s,
	    "SELECT coalesce(supervisor_id, 0), state, liability_months, nominated_on,"
	    " (SELECT max(as_of) FROM vettings v WHERE v.nomination_id = n.id)"
	    " FROM nominations n WHERE n.id = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		supervisor = stmt_int(st, 0);
		snprintf(state, sizeof state, "%s", stmt_text(st, 1));
		months = stmt_int(st, 2);
		snprintf(nominated, sizeof nominated, "%s", stmt_text(st, 3));
		snprintf(vetted, sizeof vetted, "%s", stmt_text(st, 4));
	}
	stmt_reset(st);
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no nomination %lld", (long long)id);
	if (rc < 0)
		return rc;
	if ((rc = respons_account_person(s, who->user_id, &signer, err)) < 0)
		return rc;
	if (!supervisor)
		return zf_err_set(err, ZF_ECONFLICT, "supervisor",
				  "nomination %lld has no supervising leader to sign it yet",
				  (long long)id);
	if (signer != supervisor)
		return zf_err_set(err, ZF_EFORBIDDEN, NULL,
				  "only the account of the supervising leader named in nomination "
				  "%lld may sign its recommendation",
				  (long long)id);
	if (strcmp(state, "cleared"))
		return zf_err_set(err, ZF_ECONFLICT, "state",
				  "nomination %lld is %s: only a cleared nomination can be signed",
				  (long long)id, state);
	if (str_blank(text) || strlen(text) > RESPONS_TEXT_MAX || !utf8_valid(text, strlen(text)))
		return zf_err_set(err, ZF_EINVAL, "text",
				  "text (the recommendation signed) is required, at most %d bytes",
				  RESPONS_TEXT_MAX);
	if ((rc = respons_date_arg(on, "signed_on", day, err)) < 0)
		return rc;
	if (strcmp(day, vetted) < 0)
		return zf_err_set(err, ZF_EINVAL, "signed_on",
				  "signed_on is before the vetting (%s)", vetted);
	if (!respons_date_add_months(day, (int)months, end) ||
	    !respons_date_add_days(end, -1, until))
		return zf_err_set(err, ZF_EINVAL, "signed_on", "signed_on is out of range");
	time_format_iso(time_now(), now, sizeof now);
	snprintf(key, sizeof key, "%lld", (long long)id);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc =
	    store_run(s, err,
		      "INSERT INTO nomination_signatures(nomination_id, signer_id, user_id,"
		      " signed_on, text, liability_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		      "iiitttt", id, signer, who->user_id, day, text, until, now);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE nominations SET state = 'signed', updated_at = ?"
			       " WHERE id = ? AND state = 'cleared'",
			       "ti", now, id);
	if (rc == 0 && store_changes(s) != 1)
		rc = zf_err_set(err, ZF_ECONFLICT, "state", "nomination %lld changed meanwhile",
				(long long)id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:I,s:s,s:s,s:s}", "signer_id", (json_int_t)signer,
				       "signed_on", day, "liability_until", until, "text", text);
		rc = audit_append(s, who, "sign", "nomination", key, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

/* The flags of one signature: every trigger in [signed_on, min(until, as_of)] not flagged
 * yet. Adds to *created. */
static int scan_signature(struct store *s, const struct actor *who, json_t *sig, const char *as_of,
			  const char *now, int *created, struct zf_err *err)
{
	json_t *trig = NULL, *t;
	size_t i;
	const char *from = json_string_value(json_object_get(sig, "signed_on"));
	const char *until = json_string_value(json_object_get(sig, "liability_until"));
	const char *to = strcmp(until, as_of) < 0 ? until : as_of;
	int64_t sig_id = json_integer_value(json_object_get(sig, "id"));
	int64_t nom = json_integer_value(json_object_get(sig, "nomination_id"));
	int64_t signer = json_integer_value(json_object_get(sig, "signer_id"));
	int64_t person = json_integer_value(json_object_get(sig, "person_id"));
	int rc = rec_liability_triggers(s, person, from, to, &trig, err);
	if (rc < 0)
		return rc;
	json_array_foreach(trig, i, t)
	{
		const char *source =
		    json_integer_value(json_object_get(t, "kind")) ? "sanction" : "case";
		int64_t src = json_integer_value(json_object_get(t, "source_id"));
		const char *src_on = json_string_value(json_object_get(t, "source_on"));
		rc = store_run(s, err,
			       "INSERT INTO liability_flags(signature_id, nomination_id, signer_id,"
			       " person_id, source, source_id, source_on, flagged_on, created_at)"
			       " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1"
			       " FROM liability_flags WHERE signature_id = ? AND source = ?"
			       " AND source_id = ?)",
			       "iiiititttiti", sig_id, nom, signer, person, source, src, src_on,
			       as_of, now, sig_id, source, src);
		if (rc < 0)
			break;
		if (store_changes(s) == 0)
			continue;
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)store_last_id(s));
		json_t *ch =
		    json_pack("{s:I,s:I,s:I,s:s,s:I,s:s}", "nomination", (json_int_t)nom,
			      "signer_id", (json_int_t)signer, "person_id", (json_int_t)person,
			      "source", source, "source_id", (json_int_t)src, "source_on", src_on);
		rc = audit_append(s, who, "create", "liability_flag", key, "ok", ch, err);
		json_decref(ch);
		if (rc < 0)
			break;
		(*created)++;
	}
	json_decref(trig);
	return rc;
}

int respons_liability_scan(struct store *s, const struct actor *who, const char *as_of,
			   int *created, struct zf_err *err)
{
	json_t *sigs = NULL, *g;
	char day[11], now[32];
	size_t i;
	int n = 0;
	bool own;
	int rc = respons_date_arg(as_of, "as_of", day, err);
	if (rc < 0)
		return rc;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = respons_query_json(
	    s, &sigs, "iiiitt", err,
	    "SELECT g.id, g.nomination_id, g.signer_id, n.person_id, g.signed_on,"
	    " g.liability_until FROM nomination_signatures g"
	    " JOIN nominations n ON n.id = g.nomination_id"
	    " WHERE g.signed_on <= ? ORDER BY g.id",
	    "t", day);
	json_array_foreach(sigs, i, g)
	{
		if (rc < 0)
			break;
		rc = scan_signature(s, who, g, day, now, &n, err);
	}
	json_decref(sigs);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && created)
		*created = n;
	return rc;
}

int respons_flag_list(struct store *s, const struct respons_flag_filter *f, int64_t after,
		      int limit, json_t **out, struct zf_err *err)
{
	static const char *q =
	    "SELECT f.id, f.source, f.source_id, f.source_on, f.flagged_on, g.signed_on,"
	    " g.liability_until, sp.code, sp.name, sp.post, p.code, p.name, u.code, u.name,"
	    " n.id, n.proposed_post, n.nominated_on"
	    " FROM liability_flags f JOIN nomination_signatures g ON g.id = f.signature_id"
	    " JOIN nominations n ON n.id = f.nomination_id JOIN people sp ON sp.id = f.signer_id"
	    " JOIN people p ON p.id = f.person_id JOIN units u ON u.id = p.unit_id"
	    " WHERE f.id > ? AND (? = 0 OR f.signer_id = ?) AND (? = 0 OR f.person_id = ?)"
	    " AND (? = 0 OR p.unit_id = ? OR f.signer_id IN (SELECT t.person_id"
	    " FROM team_members t WHERE t.unit_id = ? AND t.active = 1))"
	    " AND f.source_on BETWEEN ? AND ?"
	    " ORDER BY f.id LIMIT ?";
	struct stmt *st = store_prepare(s, q, err);
	json_t *arr = json_array(), *e;
	size_t i;
	int rc;
	if (!st) {
		json_decref(arr);
		return ZF_EINTERNAL;
	}
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, f ? f->signer_id : 0);
	stmt_bind_int(st, 3, f ? f->signer_id : 0);
	stmt_bind_int(st, 4, f ? f->person_id : 0);
	stmt_bind_int(st, 5, f ? f->person_id : 0);
	stmt_bind_int(st, 6, f ? f->unit_id : 0);
	stmt_bind_int(st, 7, f ? f->unit_id : 0);
	stmt_bind_int(st, 8, f ? f->unit_id : 0);
	stmt_bind_text(st, 9, f && f->from ? f->from : "0000-00-00");
	stmt_bind_text(st, 10, f && f->to ? f->to : "9999-12-31");
	stmt_bind_int(st, 11, limit);
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    arr,
		    json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:s,s:o},"
			      "s:{s:I,s:s,s:s}}",
			      "id", (json_int_t)stmt_int(st, 0), "source", stmt_text(st, 1),
			      "source_id", (json_int_t)stmt_int(st, 2), "source_on",
			      stmt_text(st, 3), "flagged_on", stmt_text(st, 4), "signed_on",
			      stmt_text(st, 5), "liability_until", stmt_text(st, 6), "signer",
			      "code", stmt_text(st, 7), "name", stmt_text(st, 8), "post",
			      stmt_text(st, 9), "cadre", "code", stmt_text(st, 10), "name",
			      stmt_text(st, 11), "unit",
			      respons_code_name(stmt_text(st, 12), stmt_text(st, 13)), "nomination",
			      "id", (json_int_t)stmt_int(st, 14), "proposed_post",
			      stmt_text(st, 15), "nominated_on", stmt_text(st, 16)));
	stmt_reset(st);
	/* The triggering record of each flag, read after the list's statement is done. */
	json_array_foreach(arr, i, e)
	{
		json_t *rec = NULL;
		if (rc < 0)
			break;
		rc =
		    rec_flag_record(s, json_string_value(json_object_get(e, "source")),
				    json_integer_value(json_object_get(e, "source_id")), &rec, err);
		if (rc == 0)
			json_object_set_new(e, "record", rec);
	}
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int respons_settings_get(struct store *s, json_t **out, struct zf_err *err)
{
	int64_t months = 24;
	int rc = store_query_int(s, err, &months,
				 "SELECT CAST(value AS INTEGER) FROM respons_settings"
				 " WHERE key = 'liability_months'",
				 "");
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		rc = 0;
	}
	if (rc < 0)
		return rc;
	*out = json_pack("{s:I}", "liability_months", (json_int_t)months);
	return 0;
}

int respons_settings_set_liability_months(struct store *s, const struct actor *who, int months,
					  struct zf_err *err)
{
	json_t *old = NULL;
	char value[16];
	bool own;
	if (months < 1 || months > 120)
		return zf_err_set(err, ZF_EINVAL, "liability_months",
				  "liability_months must be a whole number 1-120");
	int rc = respons_settings_get(s, &old, err);
	if (rc < 0)
		return rc;
	snprintf(value, sizeof value, "%d", months);
	if ((rc = store_tx_open(s, &own, err)) == 0) {
		rc = store_run(s, err,
			       "DELETE FROM respons_settings WHERE key = 'liability_months'", "");
		if (rc == 0)
			rc = store_run(s, err,
				       "INSERT INTO respons_settings(key, value)"
				       " VALUES ('liability_months', ?)",
				       "t", value);
		if (rc == 0) {
			json_t *ch =
			    json_pack("{s:{s:O,s:i}}", "liability_months", "old",
				      json_object_get(old, "liability_months"), "new", months);
			rc = audit_append(s, who, "update", "respons_settings", "liability_months",
					  "ok", ch, err);
			json_decref(ch);
		}
		rc = store_tx_close(s, own, rc, err);
	}
	json_decref(old);
	return rc;
}
