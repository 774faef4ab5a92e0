-- 043: uniqueness of sign-in: a phone number is used once per tenant.

CREATE UNIQUE INDEX users_phone_key ON supporthub.users (tenant_id, phone) WHERE phone IS NOT NULL;
COMMENT ON INDEX supporthub.users_phone_key IS 'A phone number is used once per tenant; finds the user a phone code signs in';
