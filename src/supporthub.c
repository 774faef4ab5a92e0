/*-------------------------------------------------------------------------
 * src/supporthub.c
 *	  Module entry point: the magic block and _PG_init, which only calls
 *	  the small init function of each module that needs one.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "actor.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Define the actor setting before anything can read or write it. */
void
_PG_init(void)
{
	actor_init();
}
