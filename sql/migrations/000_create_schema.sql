-- 000: schema supporthub belongs to the extension, so DROP EXTENSION
-- removes it with its grants and nothing is left behind.  A schema cannot
-- belong to an extension that lives in it, so the extension itself lives
-- in pg_catalog (supporthub.control: schema = pg_catalog), and every object
-- is created in supporthub by its qualified name.  A fresh install creates
-- the schema here; a 1.0 database, whose extension was created in schema
-- supporthub, has its extension moved to pg_catalog and the schema adopted.
-- That branch is the update from 1.0, and says so to the later migrations
-- for the rest of the transaction in the setting
-- supporthub_update.from_version (the prefix supporthub. is the library's
-- own and reserved): 033 keeps what the members of supporthub_service
-- could do in 1.0.
DO $schema$
DECLARE
	ext oid := (SELECT e.oid FROM pg_catalog.pg_extension e
				 WHERE e.extname OPERATOR(pg_catalog.=) 'supporthub');
BEGIN
	IF pg_catalog.to_regnamespace('supporthub') IS NULL THEN
		CREATE SCHEMA supporthub;
	ELSE
		UPDATE pg_catalog.pg_extension
		   SET extnamespace = 'pg_catalog'::regnamespace
		 WHERE oid OPERATOR(pg_catalog.=) ext;
		DELETE FROM pg_catalog.pg_depend
		 WHERE classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::regclass
		   AND objid OPERATOR(pg_catalog.=) ext
		   AND refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::regclass;
		ALTER EXTENSION supporthub ADD SCHEMA supporthub;
		PERFORM pg_catalog.set_config('supporthub_update.from_version', '1.0', true);
	END IF;
END
$schema$;
