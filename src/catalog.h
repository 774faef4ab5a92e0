/*-------------------------------------------------------------------------
 * src/catalog.h
 *	  Facts the C code reads from the catalog instead of repeating them.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_CATALOG_H
#define SUPPORTHUB_CATALOG_H

/* Register the cache invalidation; called from _PG_init. */
extern void catalog_init(void);

/*
 * Most characters supporthub.<table>.<column> may hold, from its CHECK
 * constraint (char_length(c) <= n, or BETWEEN m AND n); 0 when unbounded.
 */
extern int	catalog_text_limit(const char *table, const char *column);

/*
 * The range of the integer column supporthub.<table>.<column>, from its
 * CHECK constraint (c BETWEEN m AND n, or c >= m AND c <= n).
 */
extern void catalog_int_range(const char *table, const char *column,
							  int32 *min, int32 *max);

/*
 * The noun of a "... not found" message for a foreign key of
 * supporthub.<table> ("Category", "Customer"); NULL when there is none.
 */
extern char *catalog_fk_noun(const char *table, const char *constraint);

/*
 * Is the installed schema still release 1.0's (the library was updated,
 * ALTER EXTENSION supporthub UPDATE not yet run)?  For the few places where
 * 1.1's code needs 1.1's schema.
 */
extern bool catalog_extension_is_1_0(void);

/* Bumped by every relcache invalidation: checks made before may be stale. */
extern uint64 catalog_generation(void);

/* The type of supporthub.<table>.<column>; InvalidOid when there is none. */
extern Oid	catalog_column_type(const char *table, const char *column);

/* The type modifier of supporthub.<table>.<column>; -1 when there is none. */
extern int32 catalog_column_typmod(const char *table, const char *column);

/* Does a foreign key of supporthub.<table> on <column> point at <reftable>? */
extern bool catalog_references(const char *table, const char *column,
							   const char *reftable);

#endif
