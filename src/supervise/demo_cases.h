/* demo_cases.h: the cases of `zuofeng demo` (see case_demo_fill in case.h). */
#ifndef ZF_SUPERVISE_DEMO_CASES_H
#define ZF_SUPERVISE_DEMO_CASES_H

#include "supervise/case.h"

/* The number of cases the demo makes for any seed. */
#define CASE_DEMO_COUNT 360

/* The demo's working-day calendar of 2026: the public holidays and the adjusted working
 * weekends as the district office would enter them. Joins the caller's transaction. */
int case_demo_calendar(struct store *s, const struct actor *who, struct zf_err *err);

#endif
