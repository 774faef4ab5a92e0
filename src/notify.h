/*-------------------------------------------------------------------------
 * src/notify.h
 *	  Change notifications: NOTIFY supporthub_activity for every row of the
 *	  activity feed, ids only.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_NOTIFY_H
#define SUPPORTHUB_NOTIFY_H

/* The channel applications LISTEN on. */
#define NOTIFY_CHANNEL	"supporthub_activity"

/* Define supporthub.notify; called from _PG_init. */
extern void notify_init(void);

#endif
