/*-------------------------------------------------------------------------
 * src/drop_guard.h
 *	  The guard against dropping supporthub while it holds tenants.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_DROP_GUARD_H
#define SUPPORTHUB_DROP_GUARD_H

/* Define supporthub.allow_drop_with_data; called from _PG_init. */
extern void drop_guard_init(void);

#endif
