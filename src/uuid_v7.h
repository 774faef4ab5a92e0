/*-------------------------------------------------------------------------
 * src/uuid_v7.h
 *	  Time-ordered ids (UUIDv7) made in C.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_UUID_V7_H
#define SUPPORTHUB_UUID_V7_H

#include "utils/uuid.h"

extern void uuid_v7_make(pg_uuid_t *uuid);

#endif
