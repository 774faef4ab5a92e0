-- 08zz_tags_and_search: tags and search (SPEC-1.1 §C) — an agent tags a
-- ticket (trimmed, lower-cased, merged), the feed records it, the tags are
-- cleared; a search by word, by #N and with a tag filter; a word written
-- only in an internal note is found by staff and never by the customer,
-- whether they search or read the search documents.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_app;
SELECT id AS dunder FROM supporthub.create_tenant('Dunder Support') \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'dunder');
SELECT id AS dwight FROM supporthub.create_user('Dwight Agent', 'dwight@dunder.test', 'agent') \gset
SELECT id AS pam FROM supporthub.create_user('Pam Customer', 'pam@dunder.test', 'customer') \gset
SELECT id AS cat FROM supporthub.create_category('Paper') \gset
COMMIT;

-- 1. Pam reports two problems.
BEGIN;
SELECT supporthub.act_as(:'pam');
SELECT id AS t1, ticket_number AS n1 FROM supporthub.create_ticket('Copier jams on A3 paper', 'Every third sheet.', :'cat') \gset
SELECT id AS t2 FROM supporthub.create_ticket('Invoice missing', 'The copier lease invoice never came.', :'cat') \gset
COMMIT;

-- 2. Dwight tags the first: trimmed, lower-cased, duplicates merged,
-- sorted; the feed records the old and new sets.  The same set again is
-- no change.  A tag with a space is refused, naming it.
BEGIN;
SELECT supporthub.act_as(:'dwight');
SELECT tags FROM supporthub.set_ticket_tags(:'t1', ARRAY[' Hardware ', 'copier', 'HARDWARE', 'a3']);
SELECT action, changes FROM supporthub.recent_activities WHERE ticket_id = :'t1' AND action = 'tagged';
SELECT tags FROM supporthub.set_ticket_tags(:'t1', ARRAY['hardware', 'a3', 'copier']);
SELECT count(*) AS tagged_rows FROM supporthub.recent_activities WHERE ticket_id = :'t1' AND action = 'tagged';
SELECT supporthub.set_ticket_tags(:'t1', ARRAY['paper jam']);
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'dwight');
SELECT tags FROM supporthub.set_ticket_tags(:'t1', ARRAY['hardware', 'a3', 'copier', 'urgent']);
SELECT tags FROM supporthub.set_ticket_tags(:'t2', '{}');
COMMIT;

-- 3. Searches: a word (subject before description), #N, the tag filter.
BEGIN;
SELECT supporthub.act_as(:'dwight');
SELECT ticket_number = :n1 AS is_t1, subject, rank > 0 AS ranked FROM supporthub.search_tickets('copier');
SELECT subject, rank FROM supporthub.search_tickets('#' || :n1);
SELECT subject FROM supporthub.search_tickets('copier', tag => 'Hardware');
SELECT subject FROM supporthub.search_tickets('"lease invoice"');
SELECT count(*) AS operators_only FROM supporthub.search_tickets('-- | & !');
SELECT * FROM supporthub.search_tickets('copier', page_size => 0);
COMMIT;

-- 4. Dwight writes an internal note with a word no one else wrote; he
-- finds the ticket by it, Pam does not, and the search documents she can
-- read (the public ones of her tickets) do not hold it.
BEGIN;
SELECT supporthub.act_as(:'dwight');
SELECT internal FROM supporthub.add_comment(:'t1', 'Toner supplier is Vance Refrigeration, ask for Bob.', true);
SELECT subject FROM supporthub.search_tickets('vance');
SELECT supporthub.act_as(:'pam');
SELECT count(*) AS pam_finds FROM supporthub.search_tickets('vance');
SELECT audience, document @@ 'vance'::tsquery AS has_word FROM supporthub.ticket_search_documents WHERE ticket_id = :'t1';
SELECT supporthub.set_ticket_tags(:'t1', '{}');
COMMIT;

-- The tenant goes, with its tickets and their documents.
SELECT name FROM supporthub.delete_tenant(:'dunder');
