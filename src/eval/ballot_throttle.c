/* ballot_throttle.c: the in-memory throttle of unknown tokens: failures per client address
 * in a fixed window, in a bounded table, so that guessing tokens from one address stops
 * after a few tries. */
#include "eval/ballot.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THROTTLE_SLOTS 4096
#define THROTTLE_PROBE 16

struct throttle_slot {
	char addr[64];
	int64_t start; /* the window's first failure; 0 = free */
	int count;
};

struct ballot_throttle {
	pthread_mutex_t mu;
	int limit, window;
	struct throttle_slot slot[THROTTLE_SLOTS];
};

struct ballot_throttle *ballot_throttle_new(int limit, int window_s)
{
	struct ballot_throttle *t = xcalloc(1, sizeof *t);
	pthread_mutex_init(&t->mu, NULL);
	t->limit = limit;
	t->window = window_s;
	return t;
}

void ballot_throttle_free(struct ballot_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->mu);
	free(t);
}

static unsigned addr_hash(const char *a)
{
	unsigned h = 2166136261u;
	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 16777619u;
	return h;
}

/* The slot of addr; with create, a new one in the first free slot of the probe, else an
 * expired one, else the one whose window started first. */
static struct throttle_slot *slot_of(struct ballot_throttle *t, const char *addr, int64_t now,
				     bool create)
{
	unsigned h = addr_hash(addr);
	struct throttle_slot *victim = NULL;
	for (int i = 0; i < THROTTLE_PROBE; i++) {
		struct throttle_slot *s = &t->slot[(h + (unsigned)i) % THROTTLE_SLOTS];
		if (s->start && !strcmp(s->addr, addr))
			return s;
		if (!s->start || now - s->start >= t->window)
			s->start = 0; /* expired: as good as free */
		if (!victim || (victim->start && (!s->start || s->start < victim->start)))
			victim = s;
	}
	if (!create)
		return NULL;
	snprintf(victim->addr, sizeof victim->addr, "%s", addr);
	victim->start = 0;
	victim->count = 0;
	return victim;
}

bool ballot_throttle_blocked(struct ballot_throttle *t, const char *addr)
{
	int64_t now = time_now();
	pthread_mutex_lock(&t->mu);
	struct throttle_slot *s = slot_of(t, addr, now, false);
	bool blocked = s && now - s->start < t->window && s->count >= t->limit;
	pthread_mutex_unlock(&t->mu);
	return blocked;
}

void ballot_throttle_fail(struct ballot_throttle *t, const char *addr)
{
	int64_t now = time_now();
	pthread_mutex_lock(&t->mu);
	struct throttle_slot *s = slot_of(t, addr, now, true);
	if (!s->start || now - s->start >= t->window) {
		s->start = now;
		s->count = 0;
	}
	s->count++;
	pthread_mutex_unlock(&t->mu);
}
