/*-------------------------------------------------------------------------
 * src/plans.h
 *	  Prepared statements kept for the life of the backend.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_PLANS_H
#define SUPPORTHUB_PLANS_H

#include "executor/spi.h"
#include "utils/uuid.h"

/* Maximum parameters of one statement. */
#define PLAN_MAX_ARGS 16

/*
 * Execute sql (with $n parameters; NULL entries of isnull are NULL) through
 * a plan prepared on first use and kept.  Returns SPI_processed; raises on
 * SPI failure.  count limits the rows (0 = all).
 */
extern uint64 plan_exec(const char *sql, int nargs, const Oid *argtypes,
						const Datum *values, const bool *isnull,
						bool read_only, long count);

/*
 * Execute a read-only sql the same way, sending its rows to dest instead of
 * SPI_tuptable.  Returns the number of rows.
 */
extern uint64 plan_exec_to(const char *sql, int nargs, const Oid *argtypes,
						   const Datum *values, const bool *isnull,
						   DestReceiver *dest);

/* The same for a statement that writes (purge_expired_auth's DELETEs). */
extern uint64 plan_exec_write_to(const char *sql, int nargs, const Oid *argtypes,
								 const Datum *values, const bool *isnull,
								 DestReceiver *dest);

/*
 * plan_exec_to for a statement planned again for each call's values: its
 * best plan depends on them (search_tickets: how common the words are, on
 * which the GIN index's cost depends).  Parsed once, planned every time.
 */
extern uint64 plan_exec_custom_to(const char *sql, int nargs, const Oid *argtypes,
								  const Datum *values, const bool *isnull,
								  DestReceiver *dest);

/*
 * The one row of sql ($1 the tenant, $2 an id) as the actor sees it, left
 * in SPI_tuptable (its descriptor in *desc); PT404 with not_found when
 * there is none.  The reads a step decides on (a ticket, a comment, a
 * ticket and its rating) all start so.
 */
extern HeapTuple plan_read_row(const char *sql, const pg_uuid_t *tenant_id,
							   const pg_uuid_t *id, bool read_only,
							   const char *not_found, TupleDesc *desc);

#endif
