/*-------------------------------------------------------------------------
 * src/supporthub.c
 *	  Module entry point: the magic block and _PG_init, which only calls
 *	  the small init function of each module that needs one.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "actor.h"
#include "catalog.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Define the actor setting before anything can read or write it; register
 * the catalog caches' invalidation. */
void
_PG_init(void)
{
	actor_init();
	catalog_init();
}
