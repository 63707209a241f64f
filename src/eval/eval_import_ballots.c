/* eval_import_ballots.c: the ballots file of a round (SCORING.md sections 2 and 6): meeting
 * paper ballots and mutual ballots, one row per ballot, `group,unit[,rater_unit],<indicator>..`.
 * Each ballot is stored with a random id, the day only and its ratings packed one byte per
 * indicator of the unit's category (255 abstains). The driver is eval_import.c. */
#include "eval/eval_import_impl.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INSERT_TRIES 4 /* random ids tried for one ballot (a collision is a 2^-63 event) */

enum { B_GROUP, B_UNIT, B_RATER };
static const struct import_col ballot_cols[] = {
    {"group", {"评价群体", "组别"}, true},
    {"unit", {"单位编码", "被评价单位"}, true},
    {"rater_unit", {"评价单位"}, false},
};

/* Sets up the indicator columns (none mapped yet), the labels listed in messages and the
 * day the ballots carry. Runs once, when the header is mapped. */
static void setup(struct imp *im)
{
	const struct eval_config *c = im->cfg;
	if (im->ind_col)
		return;
	im->ind_col = xcalloc((size_t)c->ncats, sizeof *im->ind_col);
	for (int k = 0; k < c->ncats; k++) {
		im->ind_col[k] = xmalloc((size_t)c->cats[k].nind * sizeof **im->ind_col);
		for (int i = 0; i < c->cats[k].nind; i++)
			im->ind_col[k][i] = -1;
		if (c->cats[k].nind > im->max_ind)
			im->max_ind = c->cats[k].nind;
	}
	im->is_ind = xcalloc((size_t)im->csv.ncols + 1, sizeof *im->is_ind);
	size_t n = 0;
	for (int l = 0; l < c->nlabels && n < sizeof im->labels; l++)
		n += (size_t)snprintf(im->labels + n, sizeof im->labels - n, "%s%s", l ? ", " : "",
				      c->labels[l].text);
	if (!c->nlabels)
		snprintf(im->labels, sizeof im->labels, "none in this round");
	time_today(im->day, sizeof im->day);
}

/* Maps header position h as an indicator: its code or its name in some list of the round.
 * The same code in several categories' lists is one column. */
static bool indicator_column(struct imp *im, int h)
{
	const struct eval_config *c = im->cfg;
	const char *name = im->csv.header[h], *code = NULL;
	setup(im);
	for (int k = 0; k < c->ncats; k++)
		for (int i = 0; i < c->cats[k].nind; i++) {
			const struct eval_indicator *ind = &c->cats[k].ind[i];
			if (strcasecmp(name, ind->code) && strcmp(name, ind->name))
				continue;
			if (code && strcmp(code, ind->code)) {
				imp_bad(im, 1, name, "ambiguous column: indicators %s and %s", code,
					ind->code);
				return true;
			}
			code = ind->code;
		}
	if (!code) {
		imp_bad(im, 1, name,
			"unknown column: no indicator of round %s has this code or name", c->code);
		return true;
	}
	for (int k = 0; k < c->ncats; k++) {
		int i = eval_config_indicator(&c->cats[k], code);
		if (i >= 0 && im->ind_col[k][i] >= 0) {
			imp_bad(im, 1, name, "duplicate column");
			return true;
		}
	}
	for (int k = 0; k < c->ncats; k++) {
		int i = eval_config_indicator(&c->cats[k], code);
		if (i >= 0)
			im->ind_col[k][i] = h;
	}
	im->is_ind[h] = true;
	return true;
}

/* Reports, once per category, the indicators that the rows' units are rated on and the
 * file has no column for; makes room for the ratings. */
static void prepare(struct imp *im)
{
	const struct eval_config *c = im->cfg;
	setup(im);
	long *first = xcalloc((size_t)c->ncats, sizeof *first);
	for (size_t r = 0; r < im->csv.nrows; r++) {
		int *u = smap_get(&im->u.by_code, csv_field(&im->csv.rows[r], im->idx[B_UNIT]));
		if (u && im->u.cat[*u] >= 0 && !first[im->u.cat[*u]])
			first[im->u.cat[*u]] = im->csv.rows[r].line;
	}
	for (int k = 0; k < c->ncats; k++)
		for (int i = 0; first[k] && i < c->cats[k].nind; i++)
			if (im->ind_col[k][i] < 0)
				imp_bad(im, 1, c->cats[k].ind[i].code,
					"missing column: units of category %s (line %ld) are rated "
					"on %s",
					c->cats[k].category, first[k], c->cats[k].ind[i].name);
	free(first);
	im->pool = xcalloc(im->csv.nrows * (size_t)im->max_ind + 1, 1);
}

/* The group a cell names by its code or its name, or -1 after reporting. */
static int group_cell(struct imp *im, const struct csv_row *row)
{
	const struct eval_config *c = im->cfg;
	const char *v = imp_field(im, row, B_GROUP);
	if (!*v) {
		imp_bad(im, row->line, im->names[B_GROUP], "required");
		return -1;
	}
	for (int g = 0; g < c->ngroups; g++)
		if (!strcmp(v, c->groups[g].code) || !strcmp(v, c->groups[g].name))
			return g;
	char list[512] = "";
	size_t n = 0;
	for (int g = 0; g < c->ngroups && n < sizeof list; g++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", g ? ", " : "",
				      c->groups[g].code);
	imp_bad(im, row->line, im->names[B_GROUP],
		"unknown group '%s': the groups of round %s are %s", v, c->code, list);
	return -1;
}

/* Checks the rater of a ballot of group g (-1: unknown) about unit u (-1: unknown); *rater
 * gets the rating unit's index, or -1. */
static void rater_cell(struct imp *im, const struct csv_row *row, int g, int u, int *rater)
{
	const char *v = imp_field(im, row, B_RATER), *name = im->names[B_RATER];
	*rater = -1;
	if (g < 0)
		return;
	if (!im->cfg->groups[g].mutual) {
		if (*v)
			imp_bad(im, row->line, name, "only for a mutual group: %s is not one",
				im->cfg->groups[g].code);
		return;
	}
	if (!*v) {
		imp_bad(im, row->line, name,
			"required: a ballot of the mutual group %s names the unit that rates",
			im->cfg->groups[g].code);
		return;
	}
	int r = imp_unit(im, row, v, name);
	if (r < 0 || u < 0)
		return;
	if (r == u)
		imp_bad(im, row->line, name, "a unit does not rate itself");
	else if (im->u.cat[r] != im->u.cat[u])
		imp_bad(im, row->line, name,
			"unit %s is of category %s, unit %s of %s: mutual ballots stay within a "
			"category",
			v, im->u.category[r], im->u.code[u], im->u.category[u]);
	else
		*rater = r;
}

/* A ballot: its group, unit, rater and one rating per indicator of the unit's category, in
 * the category's order. When the unit is unknown the cells are still checked as ratings. */
static int ballot_row(struct imp *im, const struct csv_row *row, struct import_rec *r)
{
	const struct eval_config *c = im->cfg;
	r->grp = group_cell(im, row);
	r->unit = imp_unit(im, row, imp_field(im, row, B_UNIT), im->names[B_UNIT]);
	rater_cell(im, row, r->grp, r->unit, &r->rater);
	int cat = r->unit >= 0 ? im->u.cat[r->unit] : -1;
	for (int h = 0; h < im->csv.ncols; h++) {
		if (!im->is_ind[h])
			continue;
		const char *cell = csv_field(row, h);
		int i = 0, value = 0;
		if (cat >= 0) {
			while (i < c->cats[cat].nind && im->ind_col[cat][i] != h)
				i++;
			if (i == c->cats[cat].nind) {
				if (*cell)
					imp_bad(im, row->line, im->csv.header[h],
						"must be empty: units of category %s are not rated "
						"on it",
						c->cats[cat].category);
				continue;
			}
		}
		int rc = eval_config_rating(c, cell, &value);
		if (rc < 0)
			imp_bad(im, row->line, im->csv.header[h],
				"'%s' is not a rating: a whole number 0-100 or a label (%s)", cell,
				im->labels);
		else if (cat >= 0)
			r->ratings[i] = rc == 1 ? EVAL_ABSTAIN : (unsigned char)value;
	}
	return 0;
}

static int cmp_ballot(const void *a, const void *b)
{
	const struct import_rec *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1; /* unit indices follow unit ids */
	if (x->grp != y->grp)
		return x->grp < y->grp ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Gives each ballot its random id (positive: nothing about it but that) and puts the
 * ballots in the table's key order: the inserts then touch each page once, and the order of
 * the file's rows is forgotten. */
static int order(struct imp *im, struct zf_err *err)
{
	size_t n = im->csv.nrows;
	if (sodium_init() < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "libsodium cannot start");
	int64_t *ids = xmalloc((n + 1) * sizeof *ids);
	randombytes_buf(ids, n * sizeof *ids);
	for (size_t r = 0; r < n; r++)
		im->recs[r].id = ids[r] & INT64_MAX;
	free(ids);
	qsort(im->recs, n, sizeof *im->recs, cmp_ballot);
	return 0;
}

static int ballot_write(struct imp *im, const struct import_rec *r, struct zf_err *err)
{
	static const char *q = "INSERT INTO ballots(round_id, unit_id, grp, id, channel,"
			       " rater_unit_id, day, ratings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	const struct eval_config *c = im->cfg;
	int64_t id = r->id;
	int rc = ZF_ECONFLICT;
	for (int t = 0; t < INSERT_TRIES && rc == ZF_ECONFLICT; t++) {
		if (t > 0) {
			randombytes_buf(&id, sizeof id);
			id &= INT64_MAX;
		}
		struct stmt *st = store_prepare(im->s, q, err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, im->round_id);
		stmt_bind_int(st, 2, im->u.id[r->unit]);
		stmt_bind_int(st, 3, r->grp);
		stmt_bind_int(st, 4, id);
		stmt_bind_text(st, 5, c->groups[r->grp].mutual ? "mutual" : "meeting");
		if (r->rater >= 0)
			stmt_bind_int(st, 6, im->u.id[r->rater]);
		else
			stmt_bind_null(st, 6);
		stmt_bind_text(st, 7, im->day);
		stmt_bind_blob(st, 8, r->ratings, (size_t)c->cats[im->u.cat[r->unit]].nind);
		rc = stmt_step(st, err);
		stmt_reset(st);
	}
	return rc < 0 ? rc : 0;
}

const struct import_kind import_ballots_kind = {
    .name = "ballots",
    .noun = "ballots",
    .cols = ballot_cols,
    .ncols = ARRAY_LEN(ballot_cols),
    .reconciles = true,
    .extra_column = indicator_column,
    .prepare = prepare,
    .row = ballot_row,
    .order = order,
    .write = ballot_write,
};
