/*-------------------------------------------------------------------------
 * src/auth/session.h
 *	  Sessions as the rest of supporthub uses them: the actor an access
 *	  token stands for, and ending a user's sessions.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_AUTH_SESSION_H
#define SUPPORTHUB_AUTH_SESSION_H

#include "fmgr.h"

#include "actor.h"
#include "api/api_call.h"
#include "auth/auth.h"

/*
 * The actor an access token stands for (its session live, its user active,
 * in the tenant that issued it); false for anything else.  *touch: the
 * session's last_used_at is over a minute old.
 */
extern bool session_check_access_token(const char *text, size_t len, Actor *actor,
									   bool *touch);

/*
 * Rotate the token pair of a session of the call's tenant from generation
 * to generation + 1, logging event; false when the session is no longer at
 * that generation or has ended (compare-and-set: a concurrent rotation won).
 */
extern bool session_rotate(ApiCall *call, const pg_uuid_t *session_id, int32 generation,
						   const char *event, SessionTokens *out);

/* Note the session's use (unless the transaction is read-only). */
extern void session_touch(const Actor *actor);

/* End every live session of a user of the call's tenant. */
extern void session_end_all(ApiCall *call, const pg_uuid_t *user_id, const char *reason);

/* A sign-in procedure's result: its OUT parameter session. */
extern Datum session_procedure_result(FunctionCallInfo fcinfo, const SessionTokens *tokens);

/* The user whose sessions or log a call reads (argument argno, NULL = own). */
extern const pg_uuid_t *auth_subject(FunctionCallInfo fcinfo, int argno, ApiCall *call,
									 const char *denied);

#endif
