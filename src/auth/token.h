/*-------------------------------------------------------------------------
 * src/auth/token.h
 *	  Bearer tokens: made from pg_strong_random, handed out once in
 *	  base64url, stored only as their SHA-256 digest.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_AUTH_TOKEN_H
#define SUPPORTHUB_AUTH_TOKEN_H

#include "utils/uuid.h"

#define TOKEN_SECRET_BYTES	32
#define TOKEN_DIGEST_BYTES	32

/* What a token is for; its first byte, so one kind never passes for another. */
typedef enum TokenKind
{
	TOKEN_ACCESS = 'A',
	TOKEN_REFRESH = 'R',
	TOKEN_EMAIL_VERIFICATION = 'V',
	TOKEN_PASSWORD_RESET = 'P',
	TOKEN_INVITATION = 'I'
} TokenKind;

/*
 * A token names the row it belongs to, so that checking it is one primary
 * key probe in its tenant: the tenant, the row's id, a generation (sessions
 * rotate), then 32 random bytes.
 */
typedef struct Token
{
	TokenKind	kind;
	pg_uuid_t	tenant_id;
	pg_uuid_t	id;
	int32		generation;
	uint8		secret[TOKEN_SECRET_BYTES];
} Token;

/* A new token of kind for the row (tenant, id, generation); secret random. */
extern void token_make(Token *token, TokenKind kind, const pg_uuid_t *tenant_id,
					   const pg_uuid_t *id, int32 generation);

/* Its text form (base64url, no padding), palloc'd. */
extern char *token_text(const Token *token);

/* Its SHA-256 digest. */
extern void token_digest(const Token *token, uint8 digest[TOKEN_DIGEST_BYTES]);

/*
 * Parse text as a token of kind; false for anything else (wrong length,
 * alphabet or kind), never an error, whatever the input.
 */
extern bool token_parse(const char *text, size_t len, TokenKind kind, Token *out);

/* Compare two digests in time independent of where they differ. */
extern bool token_digest_equal(const uint8 *a, const uint8 *b);

#endif
