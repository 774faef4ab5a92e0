/*-------------------------------------------------------------------------
 * src/users.h
 *	  The users entity, shared with entities that refer to users.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_USERS_H
#define SUPPORTHUB_USERS_H

#include "engine.h"

extern const EntitySpec user_entity;

#endif
