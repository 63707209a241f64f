/* bootstrap.c: placeholder until the resampling lands. */
#include "eval/bootstrap.h"

#include <string.h>

int eval_bootstrap(const struct boot_input *in, struct boot_output *out)
{
	for (int u = 0; u < in->n; u++) {
		out->p_last[u] = in->base[u].worst ? 1.0 : 0.0;
		out->rank_lo[u] = out->rank_hi[u] = in->base[u].rank;
	}
	return 0;
}
