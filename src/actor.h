/*-------------------------------------------------------------------------
 * src/actor.h
 *	  The actor of the current transaction: who is calling, for which tenant.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_ACTOR_H
#define SUPPORTHUB_ACTOR_H

#include "utils/uuid.h"

typedef enum ActorKind
{
	ACTOR_NONE = 0,				/* nobody: sees nothing */
	ACTOR_ADMIN,				/* a user with role admin */
	ACTOR_AGENT,				/* a user with role agent */
	ACTOR_CUSTOMER,				/* a user with role customer */
	ACTOR_SYSTEM,				/* the tenant itself: staff rights, no user */
	ACTOR_PLATFORM				/* a platform function is running */
} ActorKind;

typedef struct Actor
{
	ActorKind	kind;
	pg_uuid_t	tenant_id;		/* valid unless NONE or PLATFORM */
	pg_uuid_t	user_id;		/* valid for ADMIN, AGENT, CUSTOMER */
	bool		has_session;	/* set by act_as_session: */
	pg_uuid_t	session_id;		/* the session whose token it came from */
	int32		session_generation; /* and that token's generation */
} Actor;

extern void actor_init(void);
extern const Actor *actor_current(void);
extern bool actor_is_staff(const Actor *actor);
extern bool actor_has_user(const Actor *actor);
extern const char *actor_role_label(ActorKind kind);

/*
 * Replace the actor from C.  GUC_ACTION_LOCAL lasts to the end of the
 * transaction, GUC_ACTION_SET to the end of the session, GUC_ACTION_SAVE to
 * the end of the current GUC nest level (one API call).
 */
extern void actor_set(const Actor *actor, int guc_action);

/*
 * A user by id as last committed, whatever the transaction's snapshot: its
 * tenant and kind in *out, its active flag; false when there is none.
 */
extern bool actor_lookup(const pg_uuid_t *user_id, Actor *out, bool *active);

/* Does this tenant exist, as last committed? */
extern bool actor_tenant_exists(const pg_uuid_t *tenant_id);

/* A user of this tenant as of now (fresh snapshot): false if none. */
extern bool actor_find_user(const pg_uuid_t *tenant_id, const pg_uuid_t *user_id,
							ActorKind *kind, bool *active);

/* Refuse (42501) when the acting user was deactivated or changed role. */
extern void actor_recheck(const Actor *actor);

#endif
