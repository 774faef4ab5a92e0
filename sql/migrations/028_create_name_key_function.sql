-- 028: name_key(), what names are unique by (the indexes follow in 029):
-- characters that are not displayed dropped, Unicode NFKC and case folding
-- applied, white space trimmed, so "Ｂilling", "Billing" and a "Billing"
-- carrying an invisible mark are one name.

CREATE FUNCTION supporthub.name_key(name text)
RETURNS text
AS 'MODULE_PATHNAME', 'sh_name_key'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.name_key(text) IS
	'What names are unique by: without invisible characters, Unicode NFKC, case-folded, trimmed (UTF-8 databases; lower(btrim()) elsewhere)';
