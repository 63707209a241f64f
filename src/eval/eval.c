/* eval.c: rounds: creation from their configuration, loading, listing and their life
 * (draft -> open -> closed -> published, and reopening with a reason). */
#include "eval/eval.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *state_names[] = {"draft", "open", "closed", "published"};

const char *eval_state_name(enum eval_state s)
{
	return s >= ES_DRAFT && s <= ES_PUBLISHED ? state_names[s] : "";
}

static int state_of(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, state_names[i]))
			return i;
	return -1;
}

int eval_round_create(struct store *s, const struct actor *who, json_t *config, struct zf_err *err)
{
	struct eval_config cfg;
	char now[32];
	int rc = eval_config_parse(config, &cfg, err);
	if (rc < 0)
		return rc;
	json_t *norm = eval_config_json(&cfg);
	char *text = json_dumps(norm, JSON_COMPACT);
	time_format_iso(time_now(), now, sizeof now);
	bool own; /* or join the caller's transaction (the demo's) */
	rc = store_tx_open(s, &own, err);
	if (rc == 0) {
		rc = store_run(
		    s, err,
		    "INSERT INTO rounds(code, name, config, state, created_at, updated_at)"
		    " VALUES (?, ?, ?, 'draft', ?, ?)",
		    "ttttt", cfg.code, cfg.name, text, now, now);
		if (rc == ZF_ECONFLICT)
			zf_err_set(err, ZF_ECONFLICT, "code",
				   "a round with code '%s' exists already", cfg.code);
		if (rc == 0)
			rc = audit_append(s, who, "create", "round", cfg.code, "ok", norm, err);
		rc = store_tx_close(s, own, rc, err);
	}
	free(text);
	json_decref(norm);
	eval_config_cleanup(&cfg);
	return rc;
}

int eval_round_get(struct store *s, const char *code, struct eval_round *out, struct zf_err *err)
{
	static const char *q = "SELECT id, state, config, created_at FROM rounds WHERE code = ?";
	struct stmt *st = store_prepare(s, q, err);
	struct eval_round r;
	json_error_t je;
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc : zf_err_set(err, ZF_ENOTFOUND, "round", "no round '%s'", code);
	}
	memset(&r, 0, sizeof r);
	r.id = stmt_int(st, 0);
	r.state = (enum eval_state)state_of(stmt_text(st, 1));
	snprintf(r.created_at, sizeof r.created_at, "%s", stmt_text(st, 3));
	json_t *j = json_loads(stmt_text(st, 2), 0, &je);
	stmt_reset(st);
	if (!j)
		return zf_err_set(err, ZF_EINTERNAL, "round",
				  "round '%s': stored configuration "
				  "unreadable: %s",
				  code, je.text);
	rc = eval_config_parse(j, &r.cfg, err);
	json_decref(j);
	if (rc < 0)
		return rc;
	*out = r;
	return 0;
}

void eval_round_cleanup(struct eval_round *r)
{
	eval_config_cleanup(&r->cfg);
}

int eval_round_list(struct store *s, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT code, name, state, created_at, updated_at FROM rounds"
			       " ORDER BY id DESC";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    arr, json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", stmt_text(st, 0), "name",
				   stmt_text(st, 1), "state", stmt_text(st, 2), "created_at",
				   stmt_text(st, 3), "updated_at", stmt_text(st, 4)));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int eval_round_transition(struct store *s, const struct actor *who, const char *code,
			  const char *action, const char *reason, struct zf_err *err)
{
	static const struct {
		const char *action;
		unsigned from; /* bit per state */
		enum eval_state to;
		bool needs_reason;
	} moves[] = {
	    {"open", 1u << ES_DRAFT, ES_OPEN, false},
	    {"close", 1u << ES_OPEN, ES_CLOSED, false},
	    {"publish", 1u << ES_CLOSED, ES_PUBLISHED, false},
	    {"reopen", (1u << ES_CLOSED) | (1u << ES_PUBLISHED), ES_OPEN, true},
	};
	struct eval_round r;
	char now[32];
	size_t m;
	int rc;
	for (m = 0; m < ARRAY_LEN(moves); m++)
		if (!strcmp(action, moves[m].action))
			break;
	if (m == ARRAY_LEN(moves))
		return zf_err_set(err, ZF_EINVAL, "action",
				  "unknown action '%s' (open, close, publish, reopen)", action);
	if (moves[m].needs_reason && str_blank(reason))
		return zf_err_set(err, ZF_EINVAL, "reason", "reopening a round needs a reason");
	if ((rc = eval_round_get(s, code, &r, err)) < 0)
		return rc;
	enum eval_state from = r.state;
	eval_round_cleanup(&r);
	if (!(moves[m].from & (1u << from)))
		return zf_err_set(err, ZF_ECONFLICT, "state", "the round is %s: it cannot be %s",
				  eval_state_name(from),
				  !strcmp(action, "open")      ? "opened"
				  : !strcmp(action, "close")   ? "closed"
				  : !strcmp(action, "publish") ? "published"
							       : "reopened");
	time_format_iso(time_now(), now, sizeof now);
	bool own; /* or join the caller's transaction */
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE rounds SET state = ?, updated_at = ? WHERE code = ?", "ttt",
		       eval_state_name(moves[m].to), now, code);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s}", "from", eval_state_name(from), "to",
				       eval_state_name(moves[m].to));
		if (!str_blank(reason))
			json_object_set_new(ch, "reason", json_string(reason));
		rc = audit_append(s, who, action, "round", code, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int eval_round_accepts_input(const struct eval_round *r, struct zf_err *err)
{
	if (r->state == ES_DRAFT || r->state == ES_OPEN)
		return 0;
	return zf_err_set(err, ZF_ECONFLICT, "round",
			  "round '%s' is %s: its inputs are frozen (reopen it first)", r->cfg.code,
			  eval_state_name(r->state));
}
