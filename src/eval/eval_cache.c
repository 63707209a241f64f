/* eval_cache.c: rankings shared between requests. Every write that a ranking depends on
 * appends to the audit log, except a ballot (ballots leave no trace of their time or
 * author): the ranking is kept, keyed by the round's state and last change, the audit log's
 * head and the number of the round's ballots, and recomputed when any of them moves. A
 * round still taking ballots is counted on every request (an index range, far cheaper than
 * the ranking and its bootstrap); a closed or published one takes none. */
#include "eval/eval.h"
#include "base/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 8

struct shared {
	struct eval_ranking rk; /* first: the callers' pointer is to it */
	char code[EVAL_CODE_MAX];
	char *path;    /* the database it came from */
	char key[96];  /* round_key */
	int64_t head;  /* audit_head.last_id when computed */
	int refs;      /* callers holding it, plus one while it is in the cache */
	uint64_t used; /* for eviction */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct shared *slots[CACHE_SLOTS];
static uint64_t clock_;

static void unref(struct shared *e)
{
	if (--e->refs == 0) {
		eval_ranking_free(&e->rk);
		free(e->path);
		free(e);
	}
}

/* What the round's ranking depends on besides the audited writes: its state and last
 * change and, while it may still take ballots, how many it has. *found is false for no such
 * round (eval_rank then says so). */
static int round_key(struct store *s, const char *code, bool *found, char *key, size_t n,
		     int64_t *head, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s, "SELECT id, state, updated_at FROM rounds WHERE code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	int64_t id = 0;
	bool frozen = false;
	*found = false;
	key[0] = '\0';
	if (rc == STORE_ROW) {
		*found = true;
		id = stmt_int(st, 0);
		frozen =
		    !strcmp(stmt_text(st, 1), "closed") || !strcmp(stmt_text(st, 1), "published");
		snprintf(key, n, "%s|%s", stmt_text(st, 1), stmt_text(st, 2));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (*found && !frozen) {
		int64_t ballots = 0;
		if ((rc = store_query_int(s, err, &ballots,
					  "SELECT count(*) FROM ballots WHERE round_id = ?", "i",
					  id)) < 0)
			return rc;
		size_t len = strlen(key);
		snprintf(key + len, n - len, "|%lld", (long long)ballots);
	}
	return store_query_int(s, err, head, "SELECT last_id FROM audit_head WHERE id = 1", "");
}

int eval_rank_shared(struct store *s, const char *code, const struct eval_ranking **out,
		     struct zf_err *err)
{
	bool found;
	int64_t head;
	char key[96];
	/* one snapshot for the key and the ranking: a ballot committed between them would
	 * otherwise be counted in one and not the other */
	store_read_begin(s);
	int rc = round_key(s, code, &found, key, sizeof key, &head, err);
	if (rc < 0) {
		store_read_end(s);
		return rc;
	}
	if (found) {
		pthread_mutex_lock(&mu);
		for (int i = 0; i < CACHE_SLOTS; i++) {
			struct shared *e = slots[i];
			if (e && e->head == head && !strcmp(e->code, code) &&
			    !strcmp(e->key, key) && !strcmp(e->path, store_path(s))) {
				e->refs++;
				e->used = ++clock_;
				pthread_mutex_unlock(&mu);
				store_read_end(s);
				*out = &e->rk;
				return 0;
			}
		}
		pthread_mutex_unlock(&mu);
	}
	struct shared *e = xcalloc(1, sizeof *e);
	rc = eval_rank(s, code, &e->rk, err);
	store_read_end(s);
	if (rc < 0) {
		free(e);
		return rc;
	}
	snprintf(e->code, sizeof e->code, "%s", code);
	e->path = xstrdup(store_path(s));
	snprintf(e->key, sizeof e->key, "%s", key);
	e->head = head;
	e->refs = 1;
	if (found) {
		/* keep it: replace the same round's older entry, else the least recently used */
		pthread_mutex_lock(&mu);
		int victim = 0;
		for (int i = 0; i < CACHE_SLOTS; i++) {
			if (!slots[i] ||
			    (!strcmp(slots[i]->code, code) && !strcmp(slots[i]->path, e->path))) {
				victim = i;
				break;
			}
			if (slots[i]->used < slots[victim]->used)
				victim = i;
		}
		if (slots[victim])
			unref(slots[victim]);
		e->refs++;
		e->used = ++clock_;
		slots[victim] = e;
		pthread_mutex_unlock(&mu);
	}
	*out = &e->rk;
	return 0;
}

void eval_ranking_release(const struct eval_ranking *rk)
{
	if (!rk)
		return;
	pthread_mutex_lock(&mu);
	unref((struct shared *)(void *)rk);
	pthread_mutex_unlock(&mu);
}

void eval_cache_clear(void)
{
	pthread_mutex_lock(&mu);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (slots[i]) {
			unref(slots[i]);
			slots[i] = NULL;
		}
	pthread_mutex_unlock(&mu);
}
