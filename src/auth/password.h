/*-------------------------------------------------------------------------
 * src/auth/password.h
 *	  Passwords: the rules a new one must meet, and bcrypt through
 *	  pgcrypto's crypt() and gen_salt('bf', supporthub.bcrypt_cost).
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_AUTH_PASSWORD_H
#define SUPPORTHUB_AUTH_PASSWORD_H

/* Define supporthub.bcrypt_cost; called from _PG_init. */
extern void password_init(void);

/*
 * 22023 unless password may be set for a user with this email (NULL when
 * the user has none): 8 to 72 bytes, not only white space, not the email.
 */
extern void password_check_rules(const char *argname, const char *password,
								 const char *email);

/* A new bcrypt hash of password at the configured cost, palloc'd. */
extern char *password_hash(const char *password);

/* Does password match hash?  Takes bcrypt's time whatever the answer. */
extern bool password_matches(const char *password, const char *hash);

/*
 * Spend the time of one password check at the configured cost, for an
 * email without an account: sign-in then takes as long as a wrong password.
 */
extern void password_waste_time(const char *password);

/* Was hash made at another cost than the configured one (re-hash it)? */
extern bool password_needs_rehash(const char *hash);

#endif
