/* round.c: `zuofeng round`: placeholder replaced by the evaluation work. */
#include "cli/cli.h"

int cmd_round(int argc, char **argv)
{
	return CLI_FAIL;
}
