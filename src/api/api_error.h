/*-------------------------------------------------------------------------
 * src/api/api_error.h
 *	  The one way supporthub raises an error a caller is meant to read.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_API_ERROR_H
#define SUPPORTHUB_API_ERROR_H


/* PostgREST turns PTxyz into HTTP status xyz (see docs/errors.md). */
#define SH_ERRCODE_NOT_FOUND	MAKE_SQLSTATE('P','T','4','0','4')
#define SH_ERRCODE_CONFLICT		MAKE_SQLSTATE('P','T','4','0','9')
#define SH_ERRCODE_UNAUTHORIZED	MAKE_SQLSTATE('P','T','4','0','1')
#define SH_ERRCODE_TOO_MANY		MAKE_SQLSTATE('P','T','4','2','9')

/*
 * Raise ERROR with a SQLSTATE, a message, and optional DETAIL and HINT.
 * No source file, line or function is attached: a client never sees where
 * in the C code the error came from.
 */
extern void api_error(int sqlerrcode, const char *detail, const char *hint,
					  const char *fmt,...) pg_attribute_printf(4, 5) pg_attribute_noreturn();

/* A WARNING in the same form (no C location attached). */
extern void api_warning(int sqlerrcode, const char *hint, const char *message);

/* 22023 "<argument> must not be null" for an argument without a default. */
extern void api_error_null_arg(const char *argname) pg_attribute_noreturn();

#endif
