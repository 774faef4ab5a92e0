/*-------------------------------------------------------------------------
 * src/utils/api_response.h
 *	  The one way an API function hands a row, or a set of rows, back.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_API_RESPONSE_H
#define SUPPORTHUB_API_RESPONSE_H

#include "postgres.h"
#include "fmgr.h"

/* Return one composite (a table row) produced inside SPI to the caller. */
extern Datum api_response_row(Datum composite);

/*
 * Return every row of the last SPI result as the function's SETOF result.
 * Each row's first column is a whole-row composite of the returned type.
 */
extern Datum api_response_rows(FunctionCallInfo fcinfo);

#endif
