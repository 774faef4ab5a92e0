/*-------------------------------------------------------------------------
 * src/utils/api_response.c
 *	  api_response: copy rows produced inside SPI out to the caller, one row
 *	  or a materialized set.
 *
 * Statements select whole-row values ("SELECT r FROM t r", "RETURNING r") so
 * the datum is exactly the table's row type, dropped columns included.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include "utils/api_response.h"

/* Copy the composite into the caller's memory before SPI_finish frees it. */
Datum
api_response_row(Datum composite)
{
	return SPI_datumTransfer(composite, false, -1);
}

/* Materialize all rows of SPI_tuptable into the function's tuplestore. */
Datum
api_response_rows(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint64		i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; SPI_tuptable != NULL && i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		HeapTupleHeader hdr;
		HeapTupleData tuple;

		if (isnull)
			continue;
		hdr = DatumGetHeapTupleHeader(d);
		tuple.t_len = HeapTupleHeaderGetDatumLength(hdr);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = hdr;
		tuplestore_puttuple(rsinfo->setResult, &tuple);
	}
	return (Datum) 0;
}
