/*-------------------------------------------------------------------------
 * src/supporthub.c
 *	  Module entry point: the magic block and _PG_init, which only calls
 *	  the small init function of each module that needs one.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "actor.h"
#include "auth/password.h"
#include "catalog.h"
#include "drop_guard.h"
#include "notify.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Define the settings (the actor before anything can read or write it),
 * register the catalog caches' invalidation, and only then reserve the
 * supporthub. prefix: a value set before the library was loaded is kept
 * for the settings defined here and refused for any other name.
 */
void
_PG_init(void)
{
	actor_init();
	catalog_init();
	drop_guard_init();
	password_init();
	notify_init();
	MarkGUCPrefixReserved("supporthub");
}
