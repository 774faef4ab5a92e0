/*-------------------------------------------------------------------------
 * src/unicode_text.h
 *	  Which characters the API stores in names and in free text.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_UNICODE_TEXT_H
#define SUPPORTHUB_UNICODE_TEXT_H

/*
 * 22023 naming the argument when value holds a character it may not: for
 * a name (line) a control, invisible or text-direction character or a
 * leading combining mark; for free text a control other than tab and line
 * breaks.
 */
extern void text_check_chars(const char *argname, const char *value, bool line);

#endif
