/* ballot_hints.c: a table in memory from a token's hash to its issue number, kept with the
 * writer's connection.
 *
 * Finding a token by its hash goes down the tokens' hash index, four random pages for some
 * hundreds of thousands of tokens, and it was the largest part of the writer's work per
 * ballot. With the issue number the row is found among the pages of its issue batch, which
 * the writer has at hand. The table holds the first 4 bytes of each unspent token's hash
 * and its number, open addressing, some 11 bytes a token (300,000 tokens take 3.2 MB; two
 * tokens that share the 4 bytes keep one hint between them, and the other is found by the
 * index); a thread loads it from a
 * connection of its own when the first ballot arrives, and again when a token issued since
 * turns up. The writer checks every hint against the row's full hash, so a stale or wrong
 * entry costs one lookup more and nothing else; until the table is loaded the index is used
 * as before. */
#include "eval/ballot_hints.h"
#include "base/log.h"
#include "base/util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RELOAD_S 5 /* the least time between two loads */

struct table {
	size_t cap; /* slots; a key of 0 marks an empty one */
	uint32_t *keys;
	uint32_t *ids;
	int64_t max_id; /* the highest issue number loaded */
};

struct hints {
	char *path;
	struct table *cur;	      /* the writer's */
	_Atomic(struct table *) next; /* a table loaded, not yet taken by the writer */
	atomic_bool stop;	      /* the connection is closing */
	atomic_bool loaded;	      /* the loader has finished */
	bool loading;		      /* a loader was started and not yet joined */
	pthread_t loader;
	time_t loaded_at;
};

static void table_free(struct table *t)
{
	if (!t)
		return;
	free(t->keys);
	free(t->ids);
	free(t);
}

static uint32_t key_of(const unsigned char *hash)
{
	uint32_t k;
	memcpy(&k, hash, sizeof k);
	return k ? k : 1;
}

static void table_put(struct table *t, uint32_t k, uint32_t id)
{
	size_t i = k % t->cap;
	while (t->keys[i] && t->keys[i] != k)
		i = (i + 1) % t->cap;
	t->keys[i] = k;
	t->ids[i] = id;
}

/* On the loader's thread: every unspent token, from a connection of its own. */
static void *load(void *p)
{
	struct hints *h = p;
	struct store *s = NULL;
	struct zf_err err;
	struct table *t = NULL;
	int64_t n = 0;
	if (store_open_plain(h->path, &s, &err) == 0)
		store_unmapped(s); /* a scan of every token: not into the server's resident set */
	if (!s ||
	    store_query_int(s, &err, &n, "SELECT count(*) FROM tokens WHERE used = 0", "") < 0)
		goto done;
	t = xcalloc(1, sizeof *t);
	t->cap = (size_t)n + (size_t)n / 3 + 64; /* three quarters full at most */
	t->keys = xcalloc(t->cap, sizeof *t->keys);
	t->ids = xcalloc(t->cap, sizeof *t->ids);
	struct stmt *st = store_prepare(s, "SELECT id, hash FROM tokens WHERE used = 0", &err);
	int rc = st ? STORE_ROW : ZF_EINTERNAL;
	int64_t loaded = 0;
	while (st && (rc = stmt_step(st, &err)) == STORE_ROW && loaded < n) {
		size_t len;
		const unsigned char *hash = stmt_blob(st, 1, &len);
		int64_t id = stmt_int(st, 0);
		if (len == BALLOT_HASH_BYTES && id > 0 && id <= UINT32_MAX)
			table_put(t, key_of(hash), (uint32_t)id);
		t->max_id = id > t->max_id ? id : t->max_id;
		/* a connection that closes meanwhile does not wait for the whole load */
		if (++loaded % 4096 == 0 && atomic_load(&h->stop))
			break;
	}
	if (st)
		stmt_reset(st);
	if (rc < 0 || atomic_load(&h->stop)) {
		table_free(t);
		t = NULL;
	}
done:
	store_close(s);
	if (t)
		table_free(atomic_exchange(&h->next, t));
	else
		zf_log(LOG_DEBUG, "token hints not loaded", "path=\"%s\"", h->path);
	atomic_store(&h->loaded, true);
	return NULL;
}

static void hints_free(void *p)
{
	struct hints *h = p;
	atomic_store(&h->stop, true);
	if (h->loading)
		pthread_join(h->loader, NULL);
	table_free(h->cur);
	table_free(atomic_load(&h->next));
	free(h->path);
	free(h);
}

/* Starts a loader, unless one runs still or started less than RELOAD_S ago. */
static void start_loading(struct hints *h)
{
	time_t now = time(NULL);
	if (h->loading) {
		if (!atomic_load(&h->loaded))
			return;
		pthread_join(h->loader, NULL);
		h->loading = false;
	}
	if (h->loaded_at && now - h->loaded_at < RELOAD_S)
		return;
	h->loaded_at = now;
	atomic_store(&h->loaded, false);
	if (pthread_create(&h->loader, NULL, load, h) == 0)
		h->loading = true;
}

static struct hints *hints_of(struct store *s)
{
	struct hints *h = store_slot(s);
	if (!h) {
		h = xcalloc(1, sizeof *h);
		h->path = xstrdup(store_path(s));
		store_set_slot(s, h, hints_free);
		start_loading(h);
	}
	struct table *t = atomic_exchange(&h->next, NULL);
	if (t) {
		table_free(h->cur);
		h->cur = t;
	}
	return h;
}

int64_t ballot_hint(struct store *s, const unsigned char hash[BALLOT_HASH_BYTES])
{
	struct hints *h = hints_of(s);
	struct table *t = h->cur;
	if (!t)
		return 0;
	uint32_t k = key_of(hash);
	for (size_t i = k % t->cap; t->keys[i]; i = (i + 1) % t->cap)
		if (t->keys[i] == k)
			return t->ids[i];
	return 0;
}

void ballot_hint_missed(struct store *s, int64_t id)
{
	struct hints *h = hints_of(s);
	if (h->cur && id > h->cur->max_id)
		start_loading(h);
}
