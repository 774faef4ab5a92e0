-- 051: an email address that changes is no longer verified.  Whatever
-- changes it (update_user today, any later path), the proof was for the
-- old address: a provider account with the new one must not be able to
-- link to the user on the strength of it (sign_in_with_identity links
-- only to verified emails).  A row trigger is the one place every path
-- goes through.

CREATE FUNCTION supporthub.unverify_changed_email()
RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF supporthub.name_key(NEW.email) IS DISTINCT FROM supporthub.name_key(OLD.email) THEN
		NEW.email_verified := false;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION supporthub.unverify_changed_email() IS
	'Trigger of users: a changed email address is no longer verified';

CREATE TRIGGER users_unverify_changed_email
	BEFORE UPDATE OF email ON supporthub.users
	FOR EACH ROW EXECUTE FUNCTION supporthub.unverify_changed_email();
COMMENT ON TRIGGER users_unverify_changed_email ON supporthub.users IS
	'A changed email address is no longer verified (verify_email proves the new one)';
