-- 057: the feed label of set_ticket_tags.  As 052: a fresh install has it
-- from 001 already (IF NOT EXISTS: nothing to do); only the update from
-- 1.0 adds it here, and nothing below uses it before run time.

ALTER TYPE supporthub.activity_action ADD VALUE IF NOT EXISTS 'tagged';
