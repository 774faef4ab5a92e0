/*-------------------------------------------------------------------------
 * src/settings.h
 *	  The settings of a tenant (supporthub.tenant_settings), for the C code
 *	  that acts on them.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_SETTINGS_H
#define SUPPORTHUB_SETTINGS_H

#include "utils/uuid.h"

/* What sign-in and sessions read of a tenant's settings. */
typedef struct TenantSettings
{
	bool		self_sign_up;
	int32		max_sessions_per_user;
	int32		access_token_minutes;
	int32		refresh_token_days;
	int32		refresh_reuse_seconds;
} TenantSettings;

/*
 * Read the settings of tenant_id into *out, inside an API call (SPI
 * connected) whose actor is of that tenant: the API reads a tenant's
 * settings for any of its actors, customers included, and for no other.
 * A tenant whose row is not visible so is an internal error.
 */
extern void tenant_settings_read(const pg_uuid_t *tenant_id, TenantSettings *out);

/* Make the settings row of a new tenant, with the defaults (create_tenant). */
extern void tenant_settings_create(const pg_uuid_t *tenant_id);

#endif
