/* actor.h: who is acting and from where; every write and audit entry carries one. */
#ifndef ZF_BASE_ACTOR_H
#define ZF_BASE_ACTOR_H

#include <stdint.h>

struct actor {
	int64_t user_id;   /* 0 for the command line or the public */
	char username[64]; /* "cli:<login>" for the command line, "public" for anonymous */
	char role[24];	   /* the account's role, or "" */
	int64_t unit_id;   /* the unit a unit-scoped role is bound to, or 0 */
	char addr[64];	   /* client address, or "local" */
};

#endif
