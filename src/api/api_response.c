/*-------------------------------------------------------------------------
 * src/api/api_response.c
 *	  api_response: copy rows produced inside SPI out to the caller, one row,
 *	  a materialized set, or one jsonb document.
 *
 * Single rows are whole-row values ("RETURNING r") so the datum is exactly
 * the table's row type, dropped columns included; a list's rows stream
 * from its statement into the function's tuplestore.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "executor/tstoreReceiver.h"
#include "funcapi.h"

#include "api/api_response.h"

/* Copy the composite into the caller's memory before SPI_finish frees it. */
Datum
api_response_row(Datum composite)
{
	return SPI_datumTransfer(composite, false, -1);
}

/* The same for a document: a jsonb value is a varlena like a row. */
Datum
api_response_document(Datum jsonb)
{
	return SPI_datumTransfer(jsonb, false, -1);
}

/*
 * Where a list's statement sends its rows: PostgreSQL's tuplestore
 * receiver, writing into the function's tuplestore and converting each row
 * by position to the function's row type (the statement selects the
 * table's live columns; the row type also has any dropped ones).  No
 * whole-row datum is formed and nothing is copied twice.
 */
DestReceiver *
api_response_rows(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DestReceiver *dest;

	InitMaterializedSRF(fcinfo, 0);
	dest = CreateDestReceiver(DestTuplestore);
	SetTuplestoreDestReceiverParams(dest, rsinfo->setResult,
									rsinfo->econtext->ecxt_per_query_memory,
									false, rsinfo->setDesc,
									"a list's columns do not match its result type");
	return dest;
}
