/*-------------------------------------------------------------------------
 * src/auth/token.c
 *	  Bearer tokens: random bytes from pg_strong_random, the text form
 *	  (base64url of kind, tenant, id, generation and secret), and the
 *	  SHA-256 digest that is all the database keeps of them.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/base64.h"
#include "common/cryptohash.h"
#include "common/sha2.h"

#include "auth/token.h"

/* kind + tenant + id + generation + secret */
#define TOKEN_RAW_BYTES (1 + 16 + 16 + 4 + TOKEN_SECRET_BYTES)
/* 69 bytes are 23 groups of 3: 92 base64 characters, no padding */
#define TOKEN_TEXT_LEN	((TOKEN_RAW_BYTES / 3) * 4)

StaticAssertDecl(TOKEN_RAW_BYTES % 3 == 0, "token bytes must need no base64 padding");

/* The raw bytes a token's text and digest are made of. */
static void
token_raw(const Token *token, uint8 raw[TOKEN_RAW_BYTES])
{
	uint32		gen = (uint32) token->generation;

	raw[0] = (uint8) token->kind;
	memcpy(raw + 1, token->tenant_id.data, 16);
	memcpy(raw + 17, token->id.data, 16);
	raw[33] = (uint8) (gen >> 24);
	raw[34] = (uint8) (gen >> 16);
	raw[35] = (uint8) (gen >> 8);
	raw[36] = (uint8) gen;
	memcpy(raw + 37, token->secret, TOKEN_SECRET_BYTES);
}

void
token_make(Token *token, TokenKind kind, const pg_uuid_t *tenant_id,
		   const pg_uuid_t *id, int32 generation)
{
	token->kind = kind;
	memcpy(&token->tenant_id, tenant_id, sizeof(pg_uuid_t));
	memcpy(&token->id, id, sizeof(pg_uuid_t));
	token->generation = generation;
	if (!pg_strong_random(token->secret, TOKEN_SECRET_BYTES))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random token")));
}

/* base64url: the URL-safe alphabet, so a token travels in headers and URLs */
char *
token_text(const Token *token)
{
	uint8		raw[TOKEN_RAW_BYTES];
	char	   *out = palloc(TOKEN_TEXT_LEN + 1);
	int			len;
	int			i;

	token_raw(token, raw);
	len = pg_b64_encode((const char *) raw, TOKEN_RAW_BYTES, out, TOKEN_TEXT_LEN);
	if (len != TOKEN_TEXT_LEN)
		elog(ERROR, "token encoding failed");
	for (i = 0; i < len; i++)
	{
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	out[len] = '\0';
	explicit_bzero(raw, sizeof(raw));
	return out;
}

void
token_digest(const Token *token, uint8 digest[TOKEN_DIGEST_BYTES])
{
	uint8		raw[TOKEN_RAW_BYTES];
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	token_raw(token, raw);
	if (ctx == NULL || pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, raw, TOKEN_RAW_BYTES) < 0 ||
		pg_cryptohash_final(ctx, digest, TOKEN_DIGEST_BYTES) < 0)
		elog(ERROR, "could not compute a SHA-256 digest");
	pg_cryptohash_free(ctx);
	explicit_bzero(raw, sizeof(raw));
}

bool
token_parse(const char *text, size_t len, TokenKind kind, Token *out)
{
	char		b64[TOKEN_TEXT_LEN];
	uint8		raw[TOKEN_RAW_BYTES + 3];
	size_t		i;

	if (text == NULL || len != TOKEN_TEXT_LEN)
		return false;
	for (i = 0; i < len; i++)
	{
		char		c = text[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			b64[i] = c;
		else if (c == '-')
			b64[i] = '+';
		else if (c == '_')
			b64[i] = '/';
		else
			return false;
	}
	if (pg_b64_decode(b64, TOKEN_TEXT_LEN, (char *) raw, sizeof(raw)) != TOKEN_RAW_BYTES ||
		raw[0] != (uint8) kind)
		return false;
	out->kind = kind;
	memcpy(out->tenant_id.data, raw + 1, 16);
	memcpy(out->id.data, raw + 17, 16);
	out->generation = (int32) (((uint32) raw[33] << 24) | ((uint32) raw[34] << 16) |
							   ((uint32) raw[35] << 8) | (uint32) raw[36]);
	memcpy(out->secret, raw + 37, TOKEN_SECRET_BYTES);
	explicit_bzero(raw, sizeof(raw));
	return out->generation >= 1;
}

bool
token_digest_equal(const uint8 *a, const uint8 *b)
{
	uint8		diff = 0;
	int			i;

	for (i = 0; i < TOKEN_DIGEST_BYTES; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}
