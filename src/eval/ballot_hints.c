/* ballot_hints.c: a table in memory from a token's hash to its issue number, kept with the
 * writer's connection.
 *
 * Finding a token by its hash goes down the tokens' hash index, four random pages for some
 * hundreds of thousands of tokens, and it was the largest part of the writer's work per
 * ballot. With the issue number the row is found among the pages of its issue batch, which
 * the writer has at hand. With the token's fixed facts (round, group, channel, rating unit
 * and, when it covers one unit only, that unit) the usual ballot needs no join over the
 * tokens, their units and the round at all: the writer spends the token by its number and
 * full hash, and the spend itself proves the token (ballot.c, spend_hinted). The rounds'
 * states and the units' categories it checks besides are kept here too, for as long as
 * the connection's store mark says nothing can have changed them.
 *
 * The table holds the first 4 bytes of each unspent token's hash, its number and its
 * facts, open addressing, some 32 bytes a token (300,000 tokens take 9.6 MB; two tokens
 * that share the 4 bytes keep one hint between them, and the other is found by the index);
 * a thread loads it from a connection of its own when the first ballot arrives, and again
 * when a token issued since turns up. The writer checks every hint against the row's full
 * hash, so a stale or wrong entry costs one lookup more and nothing else; until the table
 * is loaded the index is used as before. */
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

/* A slot of the table: the first 4 bytes of a token's hash (0: empty), its issue number
 * and its facts, as ballot_hint gives them (narrower: issue numbers and ids above 2^32 are
 * not hinted), side by side so that a lookup reads one cache line. */
struct slot {
	uint32_t key, id;
	uint32_t round, unit, rater; /* unit: 0 when the token covers several */
	uint8_t grp;
	bool letter;
};

struct table {
	size_t cap; /* slots; a key of 0 marks an empty one */
	struct slot *slots;
	int64_t max_id; /* the highest issue number loaded */
};

/* A round's state or a unit's category, by id. */
struct known {
	int64_t id, value;
};

#define KNOWN_ROUNDS 8
#define KNOWN_UNITS  256

/* Rounds and units as the writer's transactions saw them, while mark holds. */
struct state {
	struct store_mark mark;
	struct known rounds[KNOWN_ROUNDS], units[KNOWN_UNITS];
	int nrounds, nunits;
};

struct hints {
	char *path;
	struct state state;
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
	free(t->slots);
	free(t);
}

static uint32_t key_of(const unsigned char *hash)
{
	uint32_t k;
	memcpy(&k, hash, sizeof k);
	return k ? k : 1;
}

static void table_put(struct table *t, const struct slot *in)
{
	size_t i = in->key % t->cap;
	while (t->slots[i].key && t->slots[i].key != in->key)
		i = (i + 1) % t->cap;
	t->slots[i] = *in;
}

static bool fits(int64_t v)
{
	return v >= 0 && v <= UINT32_MAX;
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
	t->slots = xcalloc(t->cap, sizeof *t->slots);
	/* a token's units follow it, one row each: a token seen again covers several */
	struct stmt *st =
	    store_prepare(s,
			  "SELECT t.id, t.hash, t.round_id, t.grp, t.channel = 'letter',"
			  " COALESCE(t.rater_unit_id, 0), COALESCE(tu.unit_id, 0)"
			  " FROM tokens t LEFT JOIN token_units tu ON tu.token_id = t.id"
			  " WHERE t.used = 0 ORDER BY t.id",
			  &err);
	int rc = st ? STORE_ROW : ZF_EINTERNAL;
	int64_t rows = 0, prev = 0, puts = 0;
	bool pending = false; /* the previous token's hint, to put once its rows are read */
	struct slot f = {0};
	while (st && (rc = stmt_step(st, &err)) == STORE_ROW) {
		int64_t id = stmt_int(st, 0);
		if (id == prev) {
			f.unit = 0; /* a second unit */
		} else {
			if (pending)
				table_put(t, &f);
			/* the count was taken before: tokens issued since fill the spare slots,
			 * and the rest wait for the next load */
			if (pending && ++puts >= n + n / 4)
				break;
			size_t len;
			const unsigned char *hash = stmt_blob(st, 1, &len);
			int64_t round = stmt_int(st, 2), grp = stmt_int(st, 3);
			int64_t rater = stmt_int(st, 5), unit = stmt_int(st, 6);
			prev = id;
			pending = len == BALLOT_HASH_BYTES && id > 0 && fits(id) && fits(round) &&
				  fits(rater) && fits(unit) && grp >= 0 && grp <= UINT8_MAX;
			if (pending) {
				f = (struct slot){.key = key_of(hash),
						  .id = (uint32_t)id,
						  .round = (uint32_t)round,
						  .unit = (uint32_t)unit,
						  .rater = (uint32_t)rater,
						  .grp = (uint8_t)grp,
						  .letter = stmt_int(st, 4) != 0};
			}
		}
		t->max_id = id > t->max_id ? id : t->max_id;
		/* a connection that closes meanwhile does not wait for the whole load */
		if (++rows % 4096 == 0 && atomic_load(&h->stop))
			break;
	}
	if (rc == STORE_DONE && pending)
		table_put(t, &f);
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

bool ballot_hint(struct store *s, const unsigned char hash[BALLOT_HASH_BYTES],
		 struct ballot_hint *out)
{
	struct hints *h = hints_of(s);
	struct table *t = h->cur;
	if (!t)
		return false;
	uint32_t k = key_of(hash);
	for (size_t i = k % t->cap; t->slots[i].key; i = (i + 1) % t->cap)
		if (t->slots[i].key == k) {
			const struct slot *f = &t->slots[i];
			*out = (struct ballot_hint){.id = f->id,
						    .round_id = f->round,
						    .unit_id = f->unit,
						    .rater_unit_id = f->rater,
						    .grp = f->grp,
						    .letter = f->letter};
			return true;
		}
	return false;
}

void ballot_hint_missed(struct store *s, int64_t id)
{
	struct hints *h = hints_of(s);
	if (h->cur && id > h->cur->max_id)
		start_loading(h);
}

static const struct known *known_find(const struct known *k, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (k[i].id == id)
			return &k[i];
	return NULL;
}

static void known_add(struct known *k, int *n, int cap, int64_t id, int64_t value)
{
	if (*n == cap)
		*n = 0; /* more than a district has: start over */
	k[(*n)++] = (struct known){id, value};
}

int ballot_hint_state(struct store *s, int64_t round_id, int64_t unit_id, bool *open,
		      int64_t *category, struct zf_err *err)
{
	static const char *q = "SELECT (SELECT state = 'open' FROM rounds WHERE id = ?),"
			       " (SELECT COALESCE(category_id, 0) FROM units WHERE id = ?)";
	struct state *st = &hints_of(s)->state;
	bool holds = store_mark_holds(s, &st->mark);
	if (!holds)
		st->nrounds = st->nunits = 0;
	const struct known *r = known_find(st->rounds, st->nrounds, round_id);
	const struct known *u = known_find(st->units, st->nunits, unit_id);
	if (r && u) {
		*open = r->value != 0;
		*category = u->value;
		return 0;
	}
	struct stmt *q_st = store_prepare(s, q, err);
	if (!q_st)
		return ZF_EINTERNAL;
	stmt_bind_int(q_st, 1, round_id);
	stmt_bind_int(q_st, 2, unit_id);
	int rc = stmt_step(q_st, err);
	if (rc == STORE_ROW) {
		*open = stmt_int(q_st, 0) == 1;
		*category = stmt_is_null(q_st, 1) ? -1 : stmt_int(q_st, 1);
	}
	stmt_reset(q_st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "no row for the round and unit");
	if (!holds)
		store_mark_set(s, &st->mark);
	if (!r)
		known_add(st->rounds, &st->nrounds, KNOWN_ROUNDS, round_id, *open);
	if (!u)
		known_add(st->units, &st->nunits, KNOWN_UNITS, unit_id, *category);
	return 0;
}

void ballot_hint_wrote(struct store *s)
{
	store_mark_wrote(s, &hints_of(s)->state.mark);
}
