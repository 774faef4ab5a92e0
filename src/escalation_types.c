/*-------------------------------------------------------------------------
 * src/escalation_types.c
 *	  Escalation types API (create_escalation_type, get_escalation_types,
 *	  get_escalation_type_by_id, update_escalation_type,
 *	  delete_escalation_type) on the CRUD engine.  Admins write; every actor
 *	  of the tenant reads.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "entities.h"

static const FieldSpec escalation_type_fields[] = {
	{"label", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_LINE},
};

static const RefSpec escalation_type_refs[] = {
	{"escalations", "type_id", "escalation", "escalations"},
};

const EntitySpec escalation_type_entity = {
	.singular = "escalation_type",
	.table = "escalation_types",
	.noun = "Escalation type",
	.tenant_scoped = true,
	.title_field = "label",
	.read_access = API_ANY_ACTOR,
	.write_access = API_ADMIN,
	.write_denied = "Only admins may manage escalation types",
	ENGINE_FIELDS(escalation_type_fields),
	.refs = escalation_type_refs,
	.nrefs = lengthof(escalation_type_refs),
	.in_use_hint = "Escalations keep their type; rename it instead of deleting it.",
	.dup_field = "label",
	.dup_format = "An escalation type labelled \"%s\" already exists",
	.dup_hint = "Labels are compared ignoring case, surrounding spaces and Unicode look-alike forms.",
	.paged = false,
};

ENGINE_CRUD_FUNCTIONS(sh_create_escalation_type, sh_get_escalation_types,
					  sh_get_escalation_type_by_id, sh_update_escalation_type,
					  sh_delete_escalation_type, escalation_type_entity)
