/*-------------------------------------------------------------------------
 * src/unicode_text.c
 *	  Which characters the API stores, and the key names are compared by.
 *
 * Names (tenant and user names, emails, category names, labels, titles,
 * subjects, URLs) are read by people who cannot see what is not drawn: a
 * name may not hold control characters, invisible formatting or direction
 * controls, nor start with a combining mark, so two names never look the
 * same while differing.  Free text (descriptions, messages, bodies) keeps
 * what the user typed, less the control characters other than tab and line
 * breaks.  Uniqueness of names is decided by name_key(): NFKC, case
 * folding, without default-ignorable characters and surrounding white
 * space, so "Ｂilling" and "Billing" are the same name.  Character classes
 * come from ICU, the same library PostgreSQL uses for collations.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "common/unicode_norm.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include <unicode/uchar.h>

#include "unicode_text.h"
#include "api/api_error.h"

#define NAME_HINT "Names cannot hold characters that are not displayed, so two names never look the same while differing."

/* Not drawn: a format character (Cf, bidi controls included) or ignorable. */
static bool
is_invisible(pg_wchar c)
{
	return (U_GET_GC_MASK(c) & U_GC_CF_MASK) != 0 ||
		u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* Drawn: neither a control, white space, nor invisible. */
static bool
is_visible(pg_wchar c)
{
	return c != 0 && (U_GET_GC_MASK(c) & U_GC_CC_MASK) == 0 &&
		!u_isUWhiteSpace(c) && !is_invisible(c);
}

/*
 * May this invisible character stand in a name between prev and next?
 * Zero-width (non-)joiners shape the characters around them in Persian,
 * Indic scripts and emoji sequences; a variation selector chooses how the
 * visible character before it is drawn.  Anywhere else they only hide.
 * Where they are allowed, name_key() drops them, so they cannot make two
 * look-alike names distinct.
 */
static bool
invisible_allowed(pg_wchar prev, pg_wchar c, pg_wchar next)
{
	bool		prev_vs = prev != 0 &&
		u_hasBinaryProperty(prev, UCHAR_VARIATION_SELECTOR);

	if (c == 0x200C || c == 0x200D)
		return (is_visible(prev) || prev_vs) && is_visible(next);
	if (u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR))
		return is_visible(prev);
	return false;
}

/* 22023 for a control character in a field. */
static void
control_error(const char *argname, pg_wchar c, bool line)
{
	api_error(ERRCODE_INVALID_PARAMETER_VALUE,
			  psprintf("U+%04X is a control character.", (unsigned int) c),
			  line ? NAME_HINT : "Tab, line feed and carriage return are the only control characters text may hold.",
			  line ? "%s must not contain control characters" :
			  "%s must not contain control characters other than tab and line breaks",
			  argname);
}

/*
 * Check the characters of a text argument: for a name (line) no control,
 * invisible or direction-changing character and no leading combining mark;
 * for free text no control character but tab, line feed and carriage return.
 */
void
text_check_chars(const char *argname, const char *value, bool line)
{
	const unsigned char *p = (const unsigned char *) value;
	pg_wchar	prev = 0;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		/* server encodings are ASCII-safe: controls are single bytes */
		for (; *p; p++)
			if ((*p < 0x20 || *p == 0x7F) &&
				(line || !(*p == '\t' || *p == '\n' || *p == '\r')))
				control_error(argname, *p, line);
		return;
	}
	while (*p)
	{
		int			len = pg_utf_mblen(p);
		pg_wchar	c = utf8_to_unicode(p);
		pg_wchar	next = p[len] ? utf8_to_unicode(p + len) : 0;

		if (U_GET_GC_MASK(c) & U_GC_CC_MASK)
		{
			if (line || !(c == '\t' || c == '\n' || c == '\r'))
				control_error(argname, c, line);
		}
		else if (line && prev == 0 && (U_GET_GC_MASK(c) & U_GC_M_MASK))
			api_error(ERRCODE_INVALID_PARAMETER_VALUE,
					  psprintf("U+%04X is a combining mark.", (unsigned int) c),
					  NAME_HINT, "%s must not start with a combining mark", argname);
		else if (line && is_invisible(c) && !invisible_allowed(prev, c, next))
			api_error(ERRCODE_INVALID_PARAMETER_VALUE,
					  psprintf("U+%04X at character %d is not displayed.",
							   (unsigned int) c,
							   pg_mbstrlen_with_len(value, (const char *) p - value) + 1),
					  NAME_HINT,
					  "%s must not contain invisible or text-direction characters", argname);
		prev = c;
		p += len;
	}
}

/* Simple case folding of every code point, in place. */
static void
fold_case(pg_wchar *s)
{
	for (; *s; s++)
		*s = (pg_wchar) u_foldCase((UChar32) *s, U_FOLD_CASE_DEFAULT);
}

PG_FUNCTION_INFO_V1(sh_name_key);

/*
 * name_key(text): what names are unique by.  In a UTF-8 database: without
 * default-ignorable characters, NFKC, case-folded, NFKC again (folding can
 * undo a composition), without surrounding white space.  In other
 * encodings lower(btrim(name)), as release 1.0 compared.  Immutable: it
 * depends on nothing but its argument and the database's encoding.
 */
Datum
sh_name_key(PG_FUNCTION_ARGS)
{
	text	   *in;
	const unsigned char *p;
	pg_wchar   *cps;
	pg_wchar   *norm;
	int			n = 0,
				start,
				end,
				i;
	StringInfoData out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	in = PG_GETARG_TEXT_PP(0);
	if (GetDatabaseEncoding() != PG_UTF8)
		return DirectFunctionCall1Coll(lower, DEFAULT_COLLATION_OID,
									   DirectFunctionCall1(btrim1, PointerGetDatum(in)));

	p = (const unsigned char *) text_to_cstring(in);
	cps = palloc((strlen((const char *) p) + 1) * sizeof(pg_wchar));
	while (*p)
	{
		pg_wchar	c = utf8_to_unicode(p);

		p += pg_utf_mblen(p);
		if (!u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			cps[n++] = c;
	}
	cps[n] = 0;
	norm = unicode_normalize(UNICODE_NFKC, cps);
	fold_case(norm);
	norm = unicode_normalize(UNICODE_NFKC, norm);

	for (n = 0; norm[n]; n++)
		;
	for (start = 0; start < n && u_isUWhiteSpace(norm[start]); start++)
		;
	for (end = n; end > start && u_isUWhiteSpace(norm[end - 1]); end--)
		;
	initStringInfo(&out);
	for (i = start; i < end; i++)
	{
		unsigned char buf[8];

		unicode_to_utf8(norm[i], buf);
		appendBinaryStringInfo(&out, (const char *) buf, pg_utf_mblen(buf));
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
