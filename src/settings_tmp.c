#include "postgres.h"
#include "settings.h"
void
tenant_settings_read(const pg_uuid_t *tenant_id, TenantSettings *out)
{
	out->self_sign_up = true;
	out->max_sessions_per_user = 5;
	out->access_token_minutes = 15;
	out->refresh_token_days = 30;
	out->refresh_reuse_seconds = 10;
}
