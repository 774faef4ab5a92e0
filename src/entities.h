/*-------------------------------------------------------------------------
 * src/entities.h
 *	  The entity descriptors of the CRUD engine, for entities that refer to
 *	  one another.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_ENTITIES_H
#define SUPPORTHUB_ENTITIES_H

#include "engine.h"

extern const EntitySpec tenant_entity;
extern const EntitySpec user_entity;
extern const EntitySpec category_entity;
extern const EntitySpec escalation_type_entity;
extern const EntitySpec template_entity;
extern const EntitySpec ticket_entity;
extern const EntitySpec activity_entity;

#endif
