/* eval_cache.c: rankings shared between requests. A round that is closed or published takes
 * no input, so its ranking changes only when something else is written (a unit renamed or
 * deactivated, the round reopened), and every such write appends to the audit log: the
 * ranking is kept, keyed by the round and the audit log's head, and recomputed when the
 * head moves. Rounds still taking ballots are ranked afresh every time. */
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
	char key[80];  /* the round's state and last change */
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

/* Whether the round takes no more input, and what its ranking depends on besides its
 * inputs: its state and last change, and the audit log's head (every other write). */
static int frozen_key(struct store *s, const char *code, bool *frozen, char *key, size_t n,
		      int64_t *head, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s, "SELECT state, updated_at FROM rounds WHERE code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	*frozen = false;
	key[0] = '\0';
	if (rc == STORE_ROW) {
		*frozen =
		    !strcmp(stmt_text(st, 0), "closed") || !strcmp(stmt_text(st, 0), "published");
		snprintf(key, n, "%s|%s", stmt_text(st, 0), stmt_text(st, 1));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	return store_query_int(s, err, head, "SELECT last_id FROM audit_head WHERE id = 1", "");
}

int eval_rank_shared(struct store *s, const char *code, const struct eval_ranking **out,
		     struct zf_err *err)
{
	bool frozen;
	int64_t head;
	char key[80];
	int rc = frozen_key(s, code, &frozen, key, sizeof key, &head, err);
	if (rc < 0)
		return rc;
	if (frozen) {
		pthread_mutex_lock(&mu);
		for (int i = 0; i < CACHE_SLOTS; i++) {
			struct shared *e = slots[i];
			if (e && e->head == head && !strcmp(e->code, code) &&
			    !strcmp(e->key, key) && !strcmp(e->path, store_path(s))) {
				e->refs++;
				e->used = ++clock_;
				pthread_mutex_unlock(&mu);
				*out = &e->rk;
				return 0;
			}
		}
		pthread_mutex_unlock(&mu);
	}
	struct shared *e = xcalloc(1, sizeof *e);
	if ((rc = eval_rank(s, code, &e->rk, err)) < 0) {
		free(e);
		return rc;
	}
	snprintf(e->code, sizeof e->code, "%s", code);
	e->path = xstrdup(store_path(s));
	snprintf(e->key, sizeof e->key, "%s", key);
	e->head = head;
	e->refs = 1;
	if (frozen) {
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
