-- One sign-in with email and password (the bcrypt cost comes from the
-- connection's supporthub.bcrypt_cost; the stored hash is re-hashed to it
-- at the first sign-in).
SELECT tenant_id AS st, email AS se FROM bench.sign_in_as \gset
CALL supporthub.sign_in(:st, :se, 'bench password 1', 'bench', NULL, NULL);
