/* eval_import_impl.h: what the files of a round's imports share: the import under way, the
 * kinds of file, problem reporting and unit lookups. eval_import.c holds the driver and the
 * small files (process, self, survey, adjustments); eval_import_ballots.c the ballots. Not
 * part of the room's door: other rooms include eval.h only. */
#ifndef ZF_EVAL_IMPORT_IMPL_H
#define ZF_EVAL_IMPORT_IMPL_H

#include "eval/eval.h"

#define IMPORT_MAX_COLS	   6
#define IMPORT_MAX_ALIASES 3

/* A map from strings to ints (unit codes, row keys), sized once for its keys. */
struct smap {
	char **keys;
	int *vals;
	size_t cap;
};

/* Sizes m for n keys. */
void smap_init(struct smap *m, size_t n);
void smap_cleanup(struct smap *m);
/* The value of key, or NULL. */
int *smap_get(const struct smap *m, const char *key);
/* Adds key with val unless present; returns the value now stored. */
int smap_put(struct smap *m, const char *key, int val);

/* A fixed column of a kind of file. */
struct import_col {
	const char *code;
	const char *zh[IMPORT_MAX_ALIASES]; /* Chinese headers; zh[0] names a missing column */
	bool required;
};

/* One checked row, ready to be written. Texts are borrowed from the parsed file. */
struct import_rec {
	int unit, rater;   /* indices into the unit table; rater -1 when none */
	int grp;	   /* ballots: the group; process: the period type */
	const char *text;  /* process: the period; adjustments: the reason */
	double v[2];	   /* score / self, efficiency / satisfaction / points */
	bool has[2];	   /* false: a blank cell (missing input) */
	bool veto, no_exc; /* adjustments */
	unsigned char *ratings;
	int64_t id; /* ballots: random */
};

struct imp;

/* A kind of file. The hooks marked optional may be NULL. */
struct import_kind {
	const char *name, *noun;
	const struct import_col *cols;
	int ncols;
	bool reconciles; /* takes the meeting reconciliation (ballots) */
	/* Optional: maps header position h that no fixed column names, reporting any problem;
	 * returns false when it is no column of this kind (the driver reports it). */
	bool (*extra_column)(struct imp *im, int h);
	/* Optional: after the header is mapped, checks what the rows need of it and sets up
	 * for them. */
	void (*prepare)(struct imp *im);
	/* Checks one row into r, reporting its problems; returns 0 or a store failure (in
	 * im->err). */
	int (*row)(struct imp *im, const struct csv_row *row, struct import_rec *r);
	/* Optional: orders the checked rows before they are written; returns 0 or a failure. */
	int (*order)(struct imp *im, struct zf_err *err);
	/* Writes one checked row; returns 0 or a store failure with err. */
	int (*write)(struct imp *im, const struct import_rec *r, struct zf_err *err);
};

extern const struct import_kind import_ballots_kind;

/* The units of the database, loaded once per import. */
struct import_units {
	struct smap by_code;
	int n;
	int64_t *id; /* ascending */
	bool *active;
	int *cat; /* the category's list in the round, or -1 */
	char **code, **category;
};

/* An import under way. */
struct imp {
	struct store *s;
	const struct actor *who;
	struct zf_err *err; /* store failures while checking rows */
	const struct import_kind *kind;
	const struct eval_config *cfg;
	int64_t round_id;
	struct import_report *rep;
	json_t *errors;
	int bad_lines;
	long last_line;
	struct csv csv;
	int idx[IMPORT_MAX_COLS];	    /* header position of each fixed column, or -1 */
	const char *names[IMPORT_MAX_COLS]; /* the column as the file names it */
	struct import_units u;
	struct smap seen; /* row keys -> first line */
	struct import_rec *recs;
	/* ballots */
	unsigned char *pool; /* nrows * max_ind rating bytes */
	int max_ind;
	int **ind_col;	  /* [cat][i]: header position of indicator i of list cat, or -1 */
	bool *is_ind;	  /* [header position]: an indicator column */
	char labels[512]; /* the round's labels, listed for messages */
	char day[16];
};

/* Reports a problem at line in column (the name the file gives it; NULL for none): a line
 * `FILE:LINE: column: what` in the report and, when asked for, a JSON error. */
void imp_bad(struct imp *im, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The trimmed cell of fixed column col in row ("" when the file lacks the column). */
const char *imp_field(struct imp *im, const struct csv_row *row, int col);
/* The unit a cell names: its index in im->u, or -1 after reporting (blank, unknown,
 * deactivated, or of a category without an indicator list in the round). */
int imp_unit(struct imp *im, const struct csv_row *row, const char *code, const char *column);

#endif
