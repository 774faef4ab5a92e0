/*-------------------------------------------------------------------------
 * src/api/api_call.h
 *	  The wrapper every API function runs in: permission check, SPI
 *	  connect/finish, error context, and one path for every failure.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_API_CALL_H
#define SUPPORTHUB_API_CALL_H

#include "fmgr.h"

#include "actor.h"

/* Who may call a function. */
typedef enum ApiAccess
{
	API_NO_ACTOR,				/* no actor needed, none set: act_as and kin */
	API_PLATFORM,				/* supporthub_platform, no actor needed */
	API_ANY_ACTOR,				/* any actor of a tenant */
	API_STAFF,					/* admin, agent or the tenant itself */
	API_ADMIN					/* admin or the tenant itself */
} ApiAccess;

typedef struct ApiCall
{
	/* set by the caller */
	const char *name;			/* SQL name, e.g. "create_user" */
	ApiAccess	access;
	const char *denied;			/* 42501 message for a role not allowed */
	bool		read_only;		/* statements only read */
	const void *context;		/* what the body works on (an entity spec) */

	/* set by the handler: the actor the call runs as */
	Actor		actor;

	/*
	 * Friendly forms of constraint errors, filled in by the body before the
	 * statement that could raise them (NULL = not expected here).
	 */
	const char *dup_message;	/* 23505 */
	const char *dup_detail;
	const char *dup_hint;
	const char *in_use_message; /* 23503 when deleting a referenced row */
	const char *in_use_hint;
} ApiCall;

typedef Datum (*ApiBody) (FunctionCallInfo fcinfo, ApiCall *call);

/*
 * Run body for fcinfo as API function call: check the actor, connect SPI,
 * run, finish SPI.  Any error leaves with SQLSTATE and message intact (or
 * translated into the contract's words for constraint errors), CONTEXT
 * "while running supporthub.<name>", and no C file, SQL text or constraint
 * name.
 */
extern Datum api_call(FunctionCallInfo fcinfo, ApiCall *call, ApiBody body);


#endif
