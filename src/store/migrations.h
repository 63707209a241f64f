/* migrations.h: the numbered SQL migrations compiled into the binary (see CMakeLists.txt). */
#ifndef ZF_STORE_MIGRATIONS_H
#define ZF_STORE_MIGRATIONS_H

struct migration {
	int version;	  /* the NNN of NNN_name.sql */
	const char *name; /* NNN_name */
	const char *sql;  /* the whole file */
};

extern const struct migration store_migrations[];
extern const int store_migrations_count;

#endif
