/*-------------------------------------------------------------------------
 * src/uuid_v7.c
 *	  supporthub.uuid_v7(): time-ordered UUIDs (RFC 9562, version 7).
 *
 * Layout: 48-bit Unix time in milliseconds, version 7, a 12-bit counter
 * (rand_a, RFC 9562 section 6.2 method 1), variant 10, 62 random bits.  The
 * counter starts at a random value below 2048 each millisecond and is
 * incremented for each id within it, so ids of one backend are strictly
 * increasing even within a millisecond or when the clock steps back; when
 * it overflows the timestamp is advanced by one millisecond.  Inserts thus
 * land at the right edge of every index and id order is creation order.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include <sys/time.h>

#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "uuid_v7.h"

static uint64 last_ms = 0;
static uint32 last_counter = 0;

/* Current Unix time in milliseconds. */
static uint64
unix_ms_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64) tv.tv_sec * 1000 + (uint64) tv.tv_usec / 1000;
}

/* A new UUIDv7 into *uuid: for ids the C code must know before inserting. */
void
uuid_v7_make(pg_uuid_t *uuid)
{
	uint64		ms = unix_ms_now();
	uint32		counter;
	unsigned char rnd[10];

	if (!pg_strong_random(rnd, sizeof(rnd)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random values")));

	if (ms > last_ms)
		counter = ((uint32) rnd[0] << 8 | rnd[1]) & 0x7FF;
	else
	{
		/* same millisecond, or the clock went back: keep counting */
		ms = last_ms;
		counter = last_counter + 1;
		if (counter > 0xFFF)
		{
			ms++;
			counter = 0;
		}
	}
	last_ms = ms;
	last_counter = counter;

	uuid->data[0] = (unsigned char) (ms >> 40);
	uuid->data[1] = (unsigned char) (ms >> 32);
	uuid->data[2] = (unsigned char) (ms >> 24);
	uuid->data[3] = (unsigned char) (ms >> 16);
	uuid->data[4] = (unsigned char) (ms >> 8);
	uuid->data[5] = (unsigned char) ms;
	uuid->data[6] = (unsigned char) (0x70 | ((counter >> 8) & 0x0F));
	uuid->data[7] = (unsigned char) (counter & 0xFF);
	uuid->data[8] = (unsigned char) (0x80 | (rnd[2] & 0x3F));
	memcpy(&uuid->data[9], &rnd[3], 7);
}

PG_FUNCTION_INFO_V1(sh_uuid_v7);
Datum
sh_uuid_v7(PG_FUNCTION_ARGS)
{
	pg_uuid_t  *uuid = palloc(sizeof(pg_uuid_t));

	uuid_v7_make(uuid);
	PG_RETURN_UUID_P(uuid);
}
