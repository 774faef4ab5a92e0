/*
 * test/reliability/memcheck_canary.c — a deliberately broken C function that
 * memcheck.sh builds into a throwaway library (never installed) and calls
 * once, to prove that the harness sees an invalid read in an extension's
 * code and attributes it to the right library.  Not part of supporthub.
 */
#include "postgres.h"

#include <stdlib.h>

#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(memcheck_canary);

Datum
memcheck_canary(PG_FUNCTION_ARGS)
{
	char	   *buf = malloc(8);
	volatile char c;

	if (buf == NULL)
		PG_RETURN_INT32(-1);
	buf[0] = 1;
	c = buf[8];					/* one byte past the end: Invalid read of size 1 */
	free(buf);
	PG_RETURN_INT32((int) c * 0);
}
