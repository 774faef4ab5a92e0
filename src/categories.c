/*-------------------------------------------------------------------------
 * src/categories.c
 *	  Categories API (create_category, get_categories, get_category_by_id,
 *	  update_category, delete_category): the categories entity on the CRUD
 *	  engine.  Admins write; every actor of the tenant reads.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "entities.h"

static const FieldSpec category_fields[] = {
	{"name", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_LINE},
	{"description", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_TRIM},
};

static const RefSpec category_refs[] = {
	{"tickets", "category_id", "ticket", "tickets"},
	{"templates", "category_id", "template", "templates"},
};

const EntitySpec category_entity = {
	.singular = "category",
	.table = "categories",
	.noun = "Category",
	.tenant_scoped = true,
	.title_field = "name",
	.read_access = API_ANY_ACTOR,
	.write_access = API_ADMIN,
	.write_denied = "Only admins may manage categories",
	ENGINE_FIELDS(category_fields),
	.refs = category_refs,
	.nrefs = lengthof(category_refs),
	.in_use_hint = "Move its tickets and templates to another category first.",
	.dup_field = "name",
	.dup_format = "A category named \"%s\" already exists",
	.dup_hint = "Category names are compared ignoring case, surrounding spaces and Unicode look-alike forms.",
	.paged = false,
};

ENGINE_CRUD_FUNCTIONS(sh_create_category, sh_get_categories, sh_get_category_by_id,
					  sh_update_category, sh_delete_category, category_entity)
