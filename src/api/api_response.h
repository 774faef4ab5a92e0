/*-------------------------------------------------------------------------
 * src/api/api_response.h
 *	  The one way an API function hands a row, a set of rows, or a
 *	  document back.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_API_RESPONSE_H
#define SUPPORTHUB_API_RESPONSE_H

#include "fmgr.h"
#include "tcop/dest.h"

/* Return one composite (a table row) produced inside SPI to the caller. */
extern Datum api_response_row(Datum composite);

/* Return a jsonb document produced inside SPI to the caller. */
extern Datum api_response_document(Datum jsonb);

/*
 * Set the function up to return a set, and give the receiver its rows are
 * sent to (plan_exec_to): each row has the columns of the returned type in
 * order, dropped ones left out ("SELECT r.* FROM t r").
 */
extern DestReceiver *api_response_rows(FunctionCallInfo fcinfo);

#endif
