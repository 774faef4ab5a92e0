/*-------------------------------------------------------------------------
 * src/templates.c
 *	  Templates API (create_template, get_templates, get_template_by_id,
 *	  update_template, delete_template) on the CRUD engine.  Reply
 *	  templates are staff material: admins write, staff read.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "entities.h"

static const FieldSpec template_fields[] = {
	{"category_id", FIELD_UUID, "uuid", F_CREATE | F_REQUIRED | F_FILTER, &category_entity},
	{"title", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_LINE},
	{"body", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_NONEMPTY},
	{"type", FIELD_ENUM, "supporthub.template_type", F_CREATE | F_UPDATE | F_REQUIRED},
};

const EntitySpec template_entity = {
	.singular = "template",
	.table = "templates",
	.noun = "Template",
	.tenant_scoped = true,
	.title_field = "title",
	.read_access = API_STAFF,
	.read_denied = "Only staff may read templates",
	.write_access = API_ADMIN,
	.write_denied = "Only admins may manage templates",
	ENGINE_FIELDS(template_fields),
	.dup_field = "title",
	.dup_format = "A template titled \"%s\" already exists in this category",
	.dup_hint = "Titles are compared ignoring case, surrounding spaces and Unicode look-alike forms.",
	.paged = false,
};

ENGINE_CRUD_FUNCTIONS(sh_create_template, sh_get_templates, sh_get_template_by_id,
					  sh_update_template, sh_delete_template, template_entity)
