/* case.c: intake of cases from every channel (S5) with their checks, case numbers and
 * query codes, the sealed complainant (X2), loading a case and recording what happens to
 * it (timeline and audit), the public status by query code, and the deadline settings.
 * Who sees what is in case_view.c, the workflow in case_flow.c. */
#include "supervise/case_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"
#include "supervise/calendar.h"
#include "supervise/seal.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT_MAX 200
#define CONTENT_MAX 5000
#define NAME_MAX_CP 50
#define REF_MAX	    64

/* ---- names ---- */

static const struct {
	const char *code, *zh;
} channels[] = {
    {"hotline", "热线电话"},	  {"mailbox", "领导信箱"},  {"website", "廉政网站"},
    {"letter_visit", "来信来访"}, {"media", "报刊电视"},    {"supervisor", "群众监督员"},
    {"inspection", "明察暗访"},	  {"referral", "上级转办"},
};

static const struct {
	const char *code, *zh;
} states[] = {
    {"received", "已受理"}, {"assigned", "已交办"},    {"signed", "已签收"}, {"handling", "办理中"},
    {"replied", "已答复"},  {"followed_up", "已回访"}, {"closed", "已办结"},
};

bool case_channel_valid(const char *channel)
{
	return *case_channel_zh(channel) != '\0';
}

const char *case_channel_zh(const char *channel)
{
	for (size_t i = 0; channel && i < ARRAY_LEN(channels); i++)
		if (!strcmp(channel, channels[i].code))
			return channels[i].zh;
	return "";
}

const char *case_state_zh(const char *state)
{
	for (size_t i = 0; state && i < ARRAY_LEN(states); i++)
		if (!strcmp(state, states[i].code))
			return states[i].zh;
	return "";
}

const char *case_event_zh(const char *kind)
{
	static const struct {
		const char *code, *zh;
	} k[] = {
	    {"create", "受理登记"},
	    {"assign", "交办"},
	    {"sign", "签收"},
	    {"handle", "开始办理"},
	    {"reply", "答复"},
	    {"return", "退单"},
	    {"extend_request", "申请延期"},
	    {"extend_approved", "批准延期"},
	    {"extend_denied", "驳回延期"},
	    {"follow_up", "回访"},
	    {"reopen", "重办"},
	    {"close", "办结"},
	    {"remind", "催办"},
	    {"escalate", "督办"},
	    {"duplicate_suspected", "疑似重复件"},
	    {"duplicate_confirmed", "确认重复件"},
	    {"duplicate_unlinked", "解除重复关联"},
	    {"attach", "上传证据材料"},
	    {"finding", "调查认定"},
	    {"finding_confirm", "认定确认"},
	};
	for (size_t i = 0; i < ARRAY_LEN(k); i++)
		if (!strcmp(kind, k[i].code))
			return k[i].zh;
	return "";
}

void case_today(char out[11])
{
	time_today(out, 11);
}

/* ---- validation ---- */

const char *case_phone_problem(const char *phone, char norm[32])
{
	char d[32];
	size_t n = 0;
	const char *p = phone;
	if (!strncmp(p, "+86", 3))
		p += 3;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof d)
				return ZF_MSG("phone has too many digits");
			d[n++] = *p;
		} else if (*p != '-' && *p != ' ' && *p != '(' && *p != ')') {
			return ZF_MSG("phone may hold digits, spaces, '-' and a leading +86 only");
		}
	}
	d[n] = '\0';
	if (n == 13 && !strncmp(d, "86", 2) && d[2] == '1') {
		memmove(d, d + 2, 12);
		n = 11;
	}
	bool mobile = n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
	bool fixed = n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0';
	if (!mobile && !fixed)
		return ZF_MSG("phone must be an 11-digit mobile number (1xxxxxxxxxx) or a fixed "
			      "line with its area code (0xx-xxxxxxxx)");
	snprintf(norm, 32, "%s", d);
	return NULL;
}

const char *case_id_no_problem(const char *id)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	if (strlen(id) != 18)
		return ZF_MSG("id_no must be an 18-character resident ID number");
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!isdigit((unsigned char)id[i]))
			return ZF_MSG("id_no must be 17 digits and a check digit or X");
		sum += (id[i] - '0') * w[i];
	}
	if (toupper((unsigned char)id[17]) != check[sum % 11])
		return ZF_MSG("id_no check digit does not match (GB 11643)");
	return NULL;
}

static int text_check(const char *field, const char *v, size_t max, bool required,
		      struct zf_err *err)
{
	if (required && str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	if (v && (!utf8_valid(v, strlen(v)) || utf8_len(v) > max))
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be UTF-8 of at most %zu characters", field, max);
	return 0;
}

/* What intake needs to know beyond the input: resolved ids and the normalised phone. */
struct intake {
	int64_t unit_id, person_id, prop_unit, prop_leader;
	bool named;
	char phone[32];
	const char *category;
	char received_on[11];
};

static int category_check(struct store *s, const char *code, struct zf_err *err)
{
	int64_t active = 0;
	int rc = store_query_int(s, err, &active,
				 "SELECT active FROM case_categories WHERE code = ?", "t", code);
	if (rc == ZF_ENOTFOUND || (rc == 0 && !active))
		return zf_err_set(err, ZF_EINVAL, "category", "unknown or inactive category %s",
				  code);
	return rc;
}

static int intake_check(struct store *s, const struct case_new *in, struct intake *k,
			struct zf_err *err)
{
	int rc;
	bool active;
	memset(k, 0, sizeof *k);
	if (!in->channel || !case_channel_valid(in->channel))
		return zf_err_set(err, ZF_EINVAL, "channel",
				  "channel must be hotline, mailbox, website, letter_visit, media, "
				  "supervisor, inspection or referral");
	if ((rc = text_check("subject", in->subject, SUBJECT_MAX, true, err)) < 0 ||
	    (rc = text_check("content", in->content, CONTENT_MAX, true, err)) < 0 ||
	    (rc = text_check("external_ref", in->external_ref, REF_MAX, false, err)) < 0)
		return rc;
	k->category = str_blank(in->category) ? "other" : in->category;
	if ((rc = category_check(s, k->category, err)) < 0)
		return rc;
	if (str_blank(in->unit))
		return zf_err_set(err, ZF_EINVAL, "unit", "unit is required (the unit concerned)");
	if (org_unit_find(s, in->unit, &k->unit_id, &active, err) < 0 || !active)
		return zf_err_set(err, ZF_EINVAL, "unit", "unknown or inactive unit %s", in->unit);
	if (!str_blank(in->person) &&
	    org_person_find(s, in->person, &k->person_id, &active, err) < 0)
		return zf_err_set(err, ZF_EINVAL, "person", "unknown person %s", in->person);
	k->named = !str_blank(in->complainant_name) || !str_blank(in->complainant_phone) ||
		   !str_blank(in->complainant_id_no);
	if (k->named) {
		const char *bad;
		if ((rc = text_check("name", in->complainant_name, NAME_MAX_CP, true, err)) < 0)
			return rc;
		if (str_blank(in->complainant_phone))
			return zf_err_set(err, ZF_EINVAL, "phone",
					  "phone is required with a name (or file anonymously)");
		if ((bad = case_phone_problem(in->complainant_phone, k->phone)))
			return zf_err_set(err, ZF_EINVAL, "phone", "%s", bad);
		if (!str_blank(in->complainant_id_no) &&
		    (bad = case_id_no_problem(in->complainant_id_no)))
			return zf_err_set(err, ZF_EINVAL, "id_no", "%s", bad);
	}
	char today[11];
	case_today(today);
	if (str_blank(in->received_on)) {
		memcpy(k->received_on, today, 11);
	} else {
		if (!date_valid(in->received_on))
			return zf_err_set(err, ZF_EINVAL, "received_on",
					  "received_on must be a date YYYY-MM-DD");
		if (strcmp(in->received_on, today) > 0)
			return zf_err_set(err, ZF_EINVAL, "received_on",
					  "received_on is in the future");
		snprintf(k->received_on, 11, "%s", in->received_on);
	}
	if (in->person && !str_blank(in->person)) {
		/* the person concerned belongs to the unit concerned, or the case is misfiled */
		int64_t pu = 0;
		if (store_query_int(s, err, &pu, "SELECT unit_id FROM people WHERE id = ?", "i",
				    k->person_id) == 0 &&
		    pu != k->unit_id)
			return zf_err_set(err, ZF_EINVAL, "person",
					  "person %s does not belong to unit %s", in->person,
					  in->unit);
	}
	return case_route_propose(s, in->unit, k->category, &k->prop_unit, &k->prop_leader, err);
}

/* ---- numbers and codes ---- */

static int next_case_no(struct store *s, const char *received_on, char out[CASE_NO_MAX],
			struct zf_err *err)
{
	char lo[16], hi[16];
	snprintf(lo, sizeof lo, "ZF-%.4s-", received_on);
	snprintf(hi, sizeof hi, "ZF-%.4s.", received_on);
	struct stmt *st =
	    store_prepare(s,
			  "SELECT case_no FROM cases WHERE case_no > ? AND case_no < ?"
			  " ORDER BY case_no DESC LIMIT 1",
			  err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, lo);
	stmt_bind_text(st, 2, hi);
	long last = 0;
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		last = atol(stmt_text(st, 0) + 8);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	snprintf(out, CASE_NO_MAX, "ZF-%.4s-%06ld", received_on, last + 1);
	return 0;
}

/* Crockford's base32: no I, L, O, U, so a code read aloud or retyped survives. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void query_code_new(char out[CASE_QUERY_CODE_MAX])
{
	uint8_t r[17];
	randombytes_buf(r, 16);
	r[16] = 0;
	char raw[27];
	int bits = 0, n = 0;
	unsigned acc = 0;
	for (int i = 0; i < 17 && n < 26; i++) {
		acc = (acc << 8) | r[i];
		bits += 8;
		while (bits >= 5 && n < 26) {
			raw[n++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	raw[26] = '\0';
	/* groups of four (the last of two) for reading */
	int o = 0;
	for (int i = 0; i < 26; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = raw[i];
	}
	out[o] = '\0';
}

/* The stored hash of a query code as the public may type it: case, dashes and spaces do
 * not matter, and O, I, L read as 0, 1, 1. Returns false for a code that cannot be one. */
static bool query_hash(const char *code, uint8_t out[32])
{
	char n[32];
	size_t k = 0;
	for (const char *p = code; *p; p++) {
		int c = toupper((unsigned char)*p);
		if (c == '-' || c == ' ')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (!strchr(b32, c) || c == 0 || k + 1 >= sizeof n)
			return false;
		n[k++] = (char)c;
	}
	if (k != 26)
		return false;
	crypto_generichash(out, 32, (const unsigned char *)n, k,
			   (const unsigned char *)"zuofeng/query/v1", 16);
	return true;
}

/* ---- intake ---- */

static int seal_complainant(struct store *s, int64_t case_id, const struct case_new *in,
			    const char *phone, struct zf_err *err)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "name", in->complainant_name, "phone", phone,
			      "id_no", in->complainant_id_no ? in->complainant_id_no : "");
	char *plain = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	uint8_t *sealed = NULL, idx[32];
	size_t n = 0;
	int rc = seal_seal(plain, strlen(plain), &sealed, &n, err);
	sodium_memzero(plain, strlen(plain));
	free(plain);
	if (rc == 0)
		rc = seal_blind_index(phone, idx, err);
	if (rc == 0) {
		struct stmt *st = store_prepare(
		    s, "INSERT INTO complainants(case_id, sealed) VALUES (?, ?)", err);
		if (!st)
			rc = ZF_EIO;
		else {
			stmt_bind_int(st, 1, case_id);
			stmt_bind_blob(st, 2, sealed, n);
			rc = stmt_step(st, err);
			stmt_reset(st);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (rc == 0) {
		struct stmt *st =
		    store_prepare(s, "UPDATE cases SET phone_index = ? WHERE id = ?", err);
		if (!st)
			rc = ZF_EIO;
		else {
			stmt_bind_blob(st, 1, idx, sizeof idx);
			stmt_bind_int(st, 2, case_id);
			rc = stmt_step(st, err);
			stmt_reset(st);
			rc = rc < 0 ? rc : 0;
		}
	}
	free(sealed);
	return rc;
}

static int insert_case(struct store *s, const struct case_new *in, const struct intake *k,
		       const struct actor *who, const char *case_no, const uint8_t *qhash,
		       int64_t *id, struct zf_err *err)
{
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	struct stmt *st = store_prepare(
	    s,
	    "INSERT INTO cases(case_no, channel, subject, content, category, unit_id, person_id,"
	    " anonymous, query_hash, external_ref, received_on, created_at, updated_at,"
	    " created_by, proposed_unit_id, proposed_leader_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, case_no);
	stmt_bind_text(st, 2, in->channel);
	stmt_bind_text(st, 3, in->subject);
	stmt_bind_text(st, 4, in->content);
	stmt_bind_text(st, 5, k->category);
	stmt_bind_int(st, 6, k->unit_id);
	if (k->person_id)
		stmt_bind_int(st, 7, k->person_id);
	else
		stmt_bind_null(st, 7);
	stmt_bind_int(st, 8, !k->named);
	if (qhash)
		stmt_bind_blob(st, 9, qhash, 32);
	else
		stmt_bind_null(st, 9);
	stmt_bind_text(st, 10, in->external_ref ? in->external_ref : "");
	stmt_bind_text(st, 11, k->received_on);
	stmt_bind_text(st, 12, now);
	stmt_bind_text(st, 13, now);
	if (who->user_id)
		stmt_bind_int(st, 14, who->user_id);
	else
		stmt_bind_null(st, 14);
	if (k->prop_unit)
		stmt_bind_int(st, 15, k->prop_unit);
	else
		stmt_bind_null(st, 15);
	if (k->prop_leader)
		stmt_bind_int(st, 16, k->prop_leader);
	else
		stmt_bind_null(st, 16);
	int rc = stmt_step(st, err);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	*id = store_last_id(s);
	return 0;
}

int case_create(struct store *s, const struct case_new *in, const struct actor *who,
		char case_no_out[CASE_NO_MAX], char *query_code_out, struct zf_err *err)
{
	struct intake k;
	char case_no[CASE_NO_MAX], code[CASE_QUERY_CODE_MAX];
	uint8_t qh[32];
	int64_t id = 0;
	int rc = intake_check(s, in, &k, err);
	if (rc < 0)
		return rc;
	if (k.named && !seal_key_loaded())
		return zf_err_set(err, ZF_EINTERNAL, NULL,
				  "no seal key is loaded: a complainant cannot be stored");
	if (query_code_out) {
		query_code_new(code);
		query_hash(code, qh);
	}
	bool own;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	if ((rc = next_case_no(s, k.received_on, case_no, err)) == 0)
		rc = insert_case(s, in, &k, who, case_no, query_code_out ? qh : NULL, &id, err);
	if (rc == 0 && k.named)
		rc = seal_complainant(s, id, in, k.phone, err);
	if (rc == 0) {
		struct case_row c;
		json_t *d = json_pack("{s:s, s:s, s:s, s:b}", "channel", in->channel, "category",
				      k.category, "unit", in->unit, "anonymous", !k.named);
		if (!str_blank(in->external_ref))
			json_object_set_new(d, "external_ref", json_string(in->external_ref));
		rc = case_load(s, NULL, id, &c, err);
		if (rc == 0)
			rc = case_record(s, who, &c, "create", NULL, "received", NULL, d,
					 k.received_on, err);
		json_decref(d);
	}
	if (rc == 0)
		rc = case_dup_detect(s, who, id, err);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0) {
		memcpy(case_no_out, case_no, CASE_NO_MAX);
		if (query_code_out)
			memcpy(query_code_out, code, CASE_QUERY_CODE_MAX);
	}
	sodium_memzero(code, sizeof code);
	return rc;
}

/* ---- loading ---- */

static void copy_date(char out[11], struct stmt *st, int col)
{
	snprintf(out, 11, "%s", stmt_text(st, col));
}

int case_load(struct store *s, const char *case_no, int64_t id, struct case_row *out,
	      struct zf_err *err)
{
	static const char cols[] =
	    "SELECT id, case_no, state, channel, category, unit_id, person_id, handling_unit_id,"
	    " handling_leader_id, created_by, proposed_unit_id, proposed_leader_id, duplicate_of,"
	    " received_on, assigned_on, sign_due, due, signed_on, replied_on, closed_on,"
	    " reopen_count, escalated FROM cases WHERE ";
	char sql[sizeof cols + 32];
	snprintf(sql, sizeof sql, "%s%s", cols, case_no ? "case_no = ?" : "id = ?");
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EIO;
	if (case_no)
		stmt_bind_text(st, 1, case_no);
	else
		stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		struct case_row c;
		memset(&c, 0, sizeof c);
		c.id = stmt_int(st, 0);
		snprintf(c.case_no, sizeof c.case_no, "%s", stmt_text(st, 1));
		snprintf(c.state, sizeof c.state, "%s", stmt_text(st, 2));
		snprintf(c.channel, sizeof c.channel, "%s", stmt_text(st, 3));
		snprintf(c.category, sizeof c.category, "%s", stmt_text(st, 4));
		c.unit_id = stmt_int(st, 5);
		c.person_id = stmt_int(st, 6);
		c.handling_unit_id = stmt_int(st, 7);
		c.handling_leader_id = stmt_int(st, 8);
		c.created_by = stmt_int(st, 9);
		c.proposed_unit_id = stmt_int(st, 10);
		c.proposed_leader_id = stmt_int(st, 11);
		c.duplicate_of = stmt_int(st, 12);
		copy_date(c.received_on, st, 13);
		copy_date(c.assigned_on, st, 14);
		copy_date(c.sign_due, st, 15);
		copy_date(c.due, st, 16);
		copy_date(c.signed_on, st, 17);
		copy_date(c.replied_on, st, 18);
		copy_date(c.closed_on, st, 19);
		c.reopen_count = (int)stmt_int(st, 20);
		c.escalated = (int)stmt_int(st, 21);
		*out = c;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s",
				case_no ? case_no : "with that id");
	}
	stmt_reset(st);
	return rc;
}

int case_find(struct store *s, const char *case_no, int64_t *id, struct zf_err *err)
{
	struct case_row c;
	int rc = case_load(s, case_no, 0, &c, err);
	if (rc == 0)
		*id = c.id;
	return rc;
}

int case_record(struct store *s, const struct actor *who, const struct case_row *c,
		const char *kind, const char *from, const char *to, const char *note, json_t *data,
		const char *on, struct zf_err *err)
{
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	char *d = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : xstrdup("{}");
	int rc =
	    store_run(s, err,
		      "INSERT INTO case_events(case_id, at, happened_on, actor, kind, from_state,"
		      " to_state, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		      "ittttttt"
		      "t",
		      c->id, now, on, who->username, kind, from, to, note ? note : "", d);
	free(d);
	if (rc < 0)
		return rc;
	rc = store_run(s, err, "UPDATE cases SET updated_at = ? WHERE id = ?", "ti", now, c->id);
	if (rc < 0)
		return rc;
	json_t *ch = data ? json_deep_copy(data) : json_object();
	json_object_set_new(ch, "event", json_string(kind));
	if (from)
		json_object_set_new(ch, "from", json_string(from));
	if (to)
		json_object_set_new(ch, "to", json_string(to));
	if (note && *note)
		json_object_set_new(ch, "note", json_string(note));
	json_object_set_new(ch, "on", json_string(on));
	rc = audit_append(s, who, kind, "case", c->case_no, "ok", ch, err);
	json_decref(ch);
	return rc;
}

/* ---- names ---- */

void case_unit_names(struct store *s, int64_t id, char code[32], char name[128])
{
	struct zf_err err;
	code[0] = name[0] = '\0';
	if (!id)
		return;
	struct stmt *st = store_prepare(s, "SELECT code, name FROM units WHERE id = ?", &err);
	if (!st)
		return;
	stmt_bind_int(st, 1, id);
	if (stmt_step(st, &err) == STORE_ROW) {
		snprintf(code, 32, "%s", stmt_text(st, 0));
		snprintf(name, 128, "%s", stmt_text(st, 1));
	}
	stmt_reset(st);
}

void case_person_names(struct store *s, int64_t id, char code[32], char name[128])
{
	struct zf_err err;
	code[0] = name[0] = '\0';
	if (!id)
		return;
	struct stmt *st = store_prepare(s, "SELECT code, name FROM people WHERE id = ?", &err);
	if (!st)
		return;
	stmt_bind_int(st, 1, id);
	if (stmt_step(st, &err) == STORE_ROW) {
		snprintf(code, 32, "%s", stmt_text(st, 0));
		snprintf(name, 128, "%s", stmt_text(st, 1));
	}
	stmt_reset(st);
}

/* ---- the public view ---- */

static json_t *text_or_null(struct stmt *st, int col)
{
	return stmt_is_null(st, col) ? json_null() : json_string(stmt_text(st, col));
}

int case_public_status(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	uint8_t h[32];
	if (!code || !query_hash(code, h))
		return zf_err_set(err, ZF_ENOTFOUND, "query_code", "no case has this query code");
	struct stmt *st = store_prepare(s,
					"SELECT case_no, state, received_on, due, replied_on,"
					" closed_on, reply FROM cases WHERE query_hash = ?",
					err);
	if (!st)
		return ZF_EIO;
	stmt_bind_blob(st, 1, h, sizeof h);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		const char *state = stmt_text(st, 1);
		bool answered = !strcmp(state, "replied") || !strcmp(state, "followed_up") ||
				!strcmp(state, "closed");
		*out =
		    json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "case_no",
			      stmt_text(st, 0), "state", state, "state_zh", case_state_zh(state),
			      "received_on", stmt_text(st, 2), "due", text_or_null(st, 3),
			      "replied_on", text_or_null(st, 4), "closed_on", text_or_null(st, 5),
			      "reply", answered ? json_string(stmt_text(st, 6)) : json_null());
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "query_code", "no case has this query code");
	}
	stmt_reset(st);
	return rc;
}

/* ---- settings ---- */

static const struct {
	const char *key;
	size_t off;
	int lo, hi;
} setting_keys[] = {
    {"sign_days", offsetof(struct case_settings, sign_days), 0, 30},
    {"handle_days", offsetof(struct case_settings, handle_days), 1, 120},
    {"escalate_after", offsetof(struct case_settings, escalate_after), 0, 60},
    {"reopen_escalate", offsetof(struct case_settings, reopen_escalate), 1, 20},
    {"dup_threshold_pct", offsetof(struct case_settings, dup_threshold_pct), 10, 100},
    {"dup_window_days", offsetof(struct case_settings, dup_window_days), 1, 365},
};

int case_settings_get(struct store *s, struct case_settings *out, struct zf_err *err)
{
	struct case_settings cs = {1, 10, 3, 3, 50, 30};
	struct stmt *st = store_prepare(s, "SELECT key, value FROM case_settings", err);
	if (!st)
		return ZF_EIO;
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		for (size_t i = 0; i < ARRAY_LEN(setting_keys); i++)
			if (!strcmp(stmt_text(st, 0), setting_keys[i].key))
				*(int *)((char *)&cs + setting_keys[i].off) = (int)stmt_int(st, 1);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	*out = cs;
	return 0;
}

json_t *case_settings_json(const struct case_settings *cs)
{
	json_t *j = json_object();
	for (size_t i = 0; i < ARRAY_LEN(setting_keys); i++)
		json_object_set_new(
		    j, setting_keys[i].key,
		    json_integer(*(const int *)((const char *)cs + setting_keys[i].off)));
	return j;
}

int case_settings_update(struct store *s, json_t *changes, const struct actor *who,
			 struct zf_err *err)
{
	const char *k;
	json_t *v;
	if (!json_is_object(changes) || json_object_size(changes) == 0)
		return zf_err_set(err, ZF_EINVAL, NULL, "give at least one setting to change");
	json_object_foreach(changes, k, v)
	{
		size_t i;
		for (i = 0; i < ARRAY_LEN(setting_keys); i++)
			if (!strcmp(k, setting_keys[i].key))
				break;
		if (i == ARRAY_LEN(setting_keys))
			return zf_err_set(err, ZF_EINVAL, k, "unknown setting %s", k);
		if (!json_is_integer(v) || json_integer_value(v) < setting_keys[i].lo ||
		    json_integer_value(v) > setting_keys[i].hi)
			return zf_err_set(err, ZF_EINVAL, k, "%s must be an integer %d..%d", k,
					  setting_keys[i].lo, setting_keys[i].hi);
	}
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	json_object_foreach(changes, k, v)
	{
		if (rc < 0)
			break;
		rc = store_run(s, err, "UPDATE case_settings SET value = ? WHERE key = ?", "it",
			       (int64_t)json_integer_value(v), k);
	}
	if (rc == 0)
		rc = audit_append(s, who, "update", "case_settings", "deadlines", "ok", changes,
				  err);
	return store_tx_close(s, own, rc, err);
}
