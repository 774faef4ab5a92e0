-- 029: the unique indexes of 017 rebuilt on name_key() (028), under their
-- own names.  A 1.0 database that already holds two names that are one by
-- name_key() stops the upgrade with the list of them, changing nothing.

DO $check$
DECLARE
	clash text;
BEGIN
	SELECT string_agg(format('%s %s in tenant %s: %s', k.what, k.col, k.tenant, k.names), E'\n')
	  INTO clash
	  FROM (SELECT 'tenants' AS what, 'name' AS col, '-' AS tenant,
				   string_agg(quote_literal(name), ', ' ORDER BY name) AS names
			  FROM supporthub.tenants
			 GROUP BY supporthub.name_key(name) HAVING count(*) > 1
			UNION ALL
			SELECT 'categories', 'name', tenant_id::text,
				   string_agg(quote_literal(name), ', ' ORDER BY name)
			  FROM supporthub.categories
			 GROUP BY tenant_id, supporthub.name_key(name) HAVING count(*) > 1
			UNION ALL
			SELECT 'escalation_types', 'label', tenant_id::text,
				   string_agg(quote_literal(label), ', ' ORDER BY label)
			  FROM supporthub.escalation_types
			 GROUP BY tenant_id, supporthub.name_key(label) HAVING count(*) > 1
			UNION ALL
			SELECT 'users', 'email', tenant_id::text,
				   string_agg(quote_literal(email), ', ' ORDER BY email)
			  FROM supporthub.users
			 GROUP BY tenant_id, supporthub.name_key(email) HAVING count(*) > 1
			UNION ALL
			SELECT 'templates', 'title', tenant_id::text || ', category ' || category_id::text,
				   string_agg(quote_literal(title), ', ' ORDER BY title)
			  FROM supporthub.templates
			 GROUP BY tenant_id, category_id, supporthub.name_key(title) HAVING count(*) > 1) k;
	IF clash IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'unique_violation',
			MESSAGE = 'supporthub 1.1 cannot be installed over names that look the same',
			DETAIL = clash,
			HINT = 'Rename all but one of each group with the update_* functions, then run ALTER EXTENSION supporthub UPDATE again.';
	END IF;
END
$check$;

DROP INDEX supporthub.tenants_name_key;
CREATE UNIQUE INDEX tenants_name_key
	ON supporthub.tenants (supporthub.name_key(name));
COMMENT ON INDEX supporthub.tenants_name_key IS 'A tenant name is used once, compared by name_key()';

DROP INDEX supporthub.categories_name_key;
CREATE UNIQUE INDEX categories_name_key
	ON supporthub.categories (tenant_id, supporthub.name_key(name));
COMMENT ON INDEX supporthub.categories_name_key IS 'A category name is used once per tenant, compared by name_key()';

DROP INDEX supporthub.escalation_types_label_key;
CREATE UNIQUE INDEX escalation_types_label_key
	ON supporthub.escalation_types (tenant_id, supporthub.name_key(label));
COMMENT ON INDEX supporthub.escalation_types_label_key IS 'An escalation-type label is used once per tenant, compared by name_key()';

DROP INDEX supporthub.users_email_key;
CREATE UNIQUE INDEX users_email_key
	ON supporthub.users (tenant_id, supporthub.name_key(email));
COMMENT ON INDEX supporthub.users_email_key IS 'An email address is used once per tenant, compared by name_key()';

DROP INDEX supporthub.templates_title_key;
CREATE UNIQUE INDEX templates_title_key
	ON supporthub.templates (tenant_id, category_id, supporthub.name_key(title));
COMMENT ON INDEX supporthub.templates_title_key IS 'A template title is used once per category, compared by name_key()';

COMMENT ON COLUMN supporthub.tenants.name IS 'Display name, unique across tenants by name_key() (case, surrounding spaces, invisible characters and Unicode look-alike forms do not count)';
COMMENT ON COLUMN supporthub.categories.name IS 'Name, unique within the tenant by name_key() (case, surrounding spaces, invisible characters and Unicode look-alike forms do not count)';
COMMENT ON COLUMN supporthub.escalation_types.label IS 'Label, unique within the tenant by name_key() (case, surrounding spaces, invisible characters and Unicode look-alike forms do not count)';
COMMENT ON COLUMN supporthub.users.email IS 'Email address, unique within the tenant by name_key() (case, surrounding spaces, invisible characters and Unicode look-alike forms do not count)';
COMMENT ON COLUMN supporthub.templates.title IS 'Title, unique within its category by name_key() (case, surrounding spaces, invisible characters and Unicode look-alike forms do not count)';
