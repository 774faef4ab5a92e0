/*-------------------------------------------------------------------------
 * src/api/api_response.c
 *	  api_response: copy rows produced inside SPI out to the caller, one row
 *	  or a materialized set.
 *
 * Single rows are whole-row values ("RETURNING r") so the datum is exactly
 * the table's row type, dropped columns included; a list's rows stream
 * from its statement into the function's tuplestore.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/tupconvert.h"
#include "executor/tuptable.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include "api/api_response.h"

/* Copy the composite into the caller's memory before SPI_finish frees it. */
Datum
api_response_row(Datum composite)
{
	return SPI_datumTransfer(composite, false, -1);
}

/*
 * Where a list's statement sends its rows: the function's tuplestore, each
 * row converted by position to the function's row type (the statement
 * selects the table's live columns; the row type also has any dropped
 * ones).  No whole-row datum is formed and nothing is copied twice.
 */
typedef struct ResponseReceiver
{
	DestReceiver pub;
	Tuplestorestate *store;
	TupleDesc	outdesc;		/* the function's row type */
	MemoryContext cxt;			/* lives as long as the tuplestore */
	TupleConversionMap *map;	/* NULL when the rows fit as they are */
	TupleTableSlot *outslot;
} ResponseReceiver;

/* A statement starts: compare its columns with the row type, once. */
static void
response_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	ResponseReceiver *r = (ResponseReceiver *) self;
	MemoryContext old = MemoryContextSwitchTo(r->cxt);

	r->map = convert_tuples_by_position(typeinfo, r->outdesc,
										"a list's columns do not match its result type");
	if (r->map)
		r->outslot = MakeSingleTupleTableSlot(r->outdesc, &TTSOpsVirtual);
	MemoryContextSwitchTo(old);
}

/* One row: into the tuplestore (which copies it). */
static bool
response_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ResponseReceiver *r = (ResponseReceiver *) self;

	if (r->map)
		slot = execute_attr_map_slot(r->map->attrMap, slot, r->outslot);
	tuplestore_puttupleslot(r->store, slot);
	return true;
}

/* The statement is done: release the conversion slot. */
static void
response_shutdown(DestReceiver *self)
{
	ResponseReceiver *r = (ResponseReceiver *) self;

	if (r->outslot)
		ExecDropSingleTupleTableSlot(r->outslot);
	r->outslot = NULL;
	r->map = NULL;
}

/* Nothing else to free: the receiver lives in the per-query context. */
static void
response_destroy(DestReceiver *self)
{
}

DestReceiver *
api_response_rows(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ResponseReceiver *r;

	InitMaterializedSRF(fcinfo, 0);
	r = MemoryContextAllocZero(rsinfo->econtext->ecxt_per_query_memory,
							   sizeof(ResponseReceiver));
	r->pub.receiveSlot = response_receive;
	r->pub.rStartup = response_startup;
	r->pub.rShutdown = response_shutdown;
	r->pub.rDestroy = response_destroy;
	r->pub.mydest = DestNone;
	r->store = rsinfo->setResult;
	r->outdesc = rsinfo->setDesc;
	r->cxt = rsinfo->econtext->ecxt_per_query_memory;
	return &r->pub;
}
