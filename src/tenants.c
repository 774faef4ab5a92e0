/*-------------------------------------------------------------------------
 * src/tenants.c
 *	  Platform API: create_tenant, get_tenants, get_tenant_by_id,
 *	  update_tenant, delete_tenant — the tenants entity on the CRUD engine.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog.h"
#include "entities.h"
#include "settings.h"

static const FieldSpec tenant_fields[] = {
	{"name", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_LINE},
};

/*
 * A new tenant gets its settings row in the same transaction, so that
 * every tenant has one.  A schema still at 1.0 (this library before ALTER
 * EXTENSION UPDATE) has no settings table.
 */
static void
tenant_after_create(ApiCall *call, const EngineRow *row)
{
	if (!catalog_extension_is_1_0())
		tenant_settings_create(&row->id);
}

const EntitySpec tenant_entity = {
	.singular = "tenant",
	.table = "tenants",
	.noun = "Tenant",
	.tenant_scoped = false,
	.title_field = "name",
	.read_access = API_PLATFORM,
	.write_access = API_PLATFORM,
	ENGINE_FIELDS(tenant_fields),
	.dup_field = "name",
	.dup_format = "A tenant with this name already exists",
	.dup_hint = "Tenant names are compared ignoring case, surrounding spaces and Unicode look-alike forms.",
	.paged = true,
	.after_create = tenant_after_create,
};

ENGINE_CRUD_FUNCTIONS(sh_create_tenant, sh_get_tenants, sh_get_tenant_by_id,
					  sh_update_tenant, sh_delete_tenant, tenant_entity)
