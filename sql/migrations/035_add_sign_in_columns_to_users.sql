-- 035: users gain what signing in needs: a phone number (E.164), an
-- avatar, whether the email was verified, and when the user last signed in.
-- A customer made by phone or provider sign-up may have no email; staff
-- always have one.  Added columns have constant defaults: no rewrite.

ALTER TABLE supporthub.users
	ALTER COLUMN email DROP NOT NULL,
	ADD COLUMN phone text CONSTRAINT users_phone_check
		CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
	ADD COLUMN avatar_url text CONSTRAINT users_avatar_url_check
		CHECK (char_length(avatar_url) BETWEEN 1 AND 2000),
	ADD COLUMN email_verified boolean NOT NULL DEFAULT false,
	ADD COLUMN last_signed_in_at timestamptz,
	ADD CONSTRAINT users_email_required_check
		CHECK (email IS NOT NULL OR role OPERATOR(pg_catalog.=) 'customer'::supporthub.user_role);

COMMENT ON COLUMN supporthub.users.email IS 'Email address, unique within the tenant by name_key() (case, surrounding spaces, invisible characters and Unicode look-alike forms do not count); staff always have one, a customer made by phone or provider sign-up may not';
COMMENT ON COLUMN supporthub.users.phone IS 'Phone number in E.164 form (+ and 8–15 digits), unique within the tenant when set';
COMMENT ON COLUMN supporthub.users.avatar_url IS 'Picture of the user (an absolute http(s) URL), when known';
COMMENT ON COLUMN supporthub.users.email_verified IS 'True once the user proved the email is theirs (verify_email, a provider that vouches for it, an accepted invitation)';
COMMENT ON COLUMN supporthub.users.last_signed_in_at IS 'When the user last signed in (any way), NULL if never';
COMMENT ON CONSTRAINT users_phone_check ON supporthub.users IS 'A phone number is stored in E.164 form: +, a non-zero digit, 8–15 digits in all';
COMMENT ON CONSTRAINT users_avatar_url_check ON supporthub.users IS 'An avatar URL is 1–2000 characters';
COMMENT ON CONSTRAINT users_email_required_check ON supporthub.users IS 'Admins and agents always have an email address; only a customer may have none';
