/*-------------------------------------------------------------------------
 * src/api/api_error.c
 *	  api_error: raise a contract error (SQLSTATE of docs/errors.md, human
 *	  message, DETAIL/HINT) without exposing C file names or line numbers.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "api/api_error.h"

/*
 * errstart/errfinish are called directly rather than through ereport() so
 * that errfinish gets no __FILE__/__LINE__: the protocol's F, L and R fields
 * stay empty and only the message, DETAIL, HINT and SQLSTATE reach a client.
 */
void
api_error(int sqlerrcode, const char *detail, const char *hint, const char *fmt,...)
{
	StringInfoData msg;

	initStringInfo(&msg);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&msg, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&msg, needed);
	}

	if (errstart(ERROR, TEXTDOMAIN))
	{
		errcode(sqlerrcode);
		errmsg_internal("%s", msg.data);
		if (detail)
			errdetail_internal("%s", detail);
		if (hint)
			errhint("%s", hint);
		errfinish(NULL, 0, NULL);
	}
	pg_unreachable();
}

void
api_warning(int sqlerrcode, const char *hint, const char *message)
{
	if (errstart(WARNING, TEXTDOMAIN))
	{
		errcode(sqlerrcode);
		errmsg_internal("%s", message);
		if (hint)
			errhint("%s", hint);
		errfinish(NULL, 0, NULL);
	}
}

/* The SPEC's rule: NULL for an argument without a DEFAULT is a 22023. */
void
api_error_null_arg(const char *argname)
{
	api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
			  "%s must not be null", argname);
}
