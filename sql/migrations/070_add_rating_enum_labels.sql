-- 070: feed labels of satisfaction ratings (SPEC-1.1 §C).
--
-- A rating's feed rows have ref_type 'rating'; the first rating of a
-- ticket is logged 'rated', a replacement 'updated'.  As in 052: a label
-- added by ALTER TYPE cannot be used by later statements of the same
-- extension script (one transaction), and nothing below uses these before
-- run time.  A fresh install has them from 001 already (IF NOT EXISTS:
-- nothing to do); only the update from 1.0 adds them here.

ALTER TYPE supporthub.activity_ref_type ADD VALUE IF NOT EXISTS 'rating';
ALTER TYPE supporthub.activity_action ADD VALUE IF NOT EXISTS 'rated';
