-- 052: feed labels of the ticket thread.
--
-- A comment's feed rows have ref_type 'comment' and the actions created,
-- updated and deleted, like every other object; 'commented' is the label
-- SPEC-1.1 §C reserves for the thread and is added here so that later
-- parts of §C share one migration of labels.  A label added by ALTER TYPE
-- cannot be used by later statements of the same extension script (one
-- transaction): nothing below uses it before run time.  A fresh install
-- has them from 001 already (IF NOT EXISTS: nothing to do); only the
-- update from 1.0 adds them here.

ALTER TYPE supporthub.activity_ref_type ADD VALUE IF NOT EXISTS 'comment';
ALTER TYPE supporthub.activity_action ADD VALUE IF NOT EXISTS 'commented';
