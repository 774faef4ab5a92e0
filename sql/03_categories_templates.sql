-- 03_categories_templates: what a tenant admin sets up before tickets flow —
-- categories, escalation types and reply templates — and the errors each
-- refusal gives.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_app;
SELECT id AS hooli FROM supporthub.create_tenant('Hooli') \gset
SELECT id AS acme FROM supporthub.get_tenants() WHERE name = 'Acme' \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'hooli');
SELECT id AS gavin FROM supporthub.create_user('Gavin Admin', 'gavin@hooli.test', 'admin') \gset
SELECT id AS dinesh FROM supporthub.create_user('Dinesh Agent', 'dinesh@hooli.test', 'agent') \gset
SELECT id AS jared FROM supporthub.create_user('Jared Customer', 'jared@hooli.test', 'customer') \gset
COMMIT;

-- categories: admins create them; names are unique per tenant ignoring case
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT id AS billing, name, description
  FROM supporthub.create_category('  Billing ', 'Invoices and refunds') \gset
SELECT :'name' AS name, :'description' AS description;
SELECT id AS shipping FROM supporthub.create_category('Shipping') \gset
SAVEPOINT a;
SELECT supporthub.create_category(' billing');
ROLLBACK TO a;
SELECT supporthub.create_category('   ');
ROLLBACK TO a;
SELECT supporthub.create_category(NULL);
ROLLBACK TO a;
SELECT supporthub.create_category('Returns', repeat('d', 2001));
ROLLBACK TO a;
SELECT supporthub.update_category(:'shipping', name => 'BILLING');
ROLLBACK TO a;
SELECT name, description FROM supporthub.update_category(:'shipping', description => 'Parcels');
SELECT name FROM supporthub.get_categories();
COMMIT;

-- another tenant may use the same name
BEGIN;
SELECT supporthub.act_as_tenant(:'acme');
SELECT name FROM supporthub.create_category('Billing');
SAVEPOINT a;
SELECT supporthub.get_category_by_id(:'billing');
ROLLBACK TO a;
SELECT supporthub.delete_category(:'billing');
ROLLBACK TO a;
COMMIT;

-- agents and customers read categories but may not change them
BEGIN;
SELECT supporthub.act_as(:'jared');
SELECT name FROM supporthub.get_categories();
SAVEPOINT a;
SELECT supporthub.create_category('Mine');
ROLLBACK TO a;
SELECT supporthub.delete_category(:'billing');
ROLLBACK TO a;
COMMIT;

-- escalation types
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT id AS manager, label FROM supporthub.create_escalation_type('Manager review') \gset
SELECT :'label' AS label;
SAVEPOINT a;
SELECT supporthub.create_escalation_type('MANAGER REVIEW ');
ROLLBACK TO a;
SELECT supporthub.create_escalation_type(repeat('l', 101));
ROLLBACK TO a;
SELECT label FROM supporthub.update_escalation_type(:'manager', 'Manager approval');
SELECT label FROM supporthub.get_escalation_type_by_id(:'manager');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT label FROM supporthub.get_escalation_types();
SAVEPOINT a;
SELECT supporthub.update_escalation_type(:'manager', 'Mine now');
ROLLBACK TO a;
COMMIT;

-- templates: per category, title unique within its category
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT id AS refund_tpl, title, type
  FROM supporthub.create_template(:'billing', 'Refund issued', 'Your refund is on its way.', 'email') \gset
SELECT :'title' AS title, :'type' AS type;
SAVEPOINT a;
SELECT supporthub.create_template(:'billing', ' refund ISSUED', 'Again', 'sms');
ROLLBACK TO a;
SELECT title FROM supporthub.create_template(:'shipping', 'Refund issued', 'Same title, other category', 'push');
SELECT supporthub.create_template(:'billing', 'Blank body', '   ', 'email');
ROLLBACK TO a;
SELECT supporthub.create_template('00000000-0000-0000-0000-000000000000', 'Lost', 'No such category', 'email');
ROLLBACK TO a;
SELECT supporthub.create_template(NULL, 'Wrong type', 'Body', 'fax');
ROLLBACK TO a;
SELECT title, body, type FROM supporthub.update_template(:'refund_tpl', body => 'Refunded: allow 3 days.', type => 'sms');
SELECT title FROM supporthub.get_templates(:'billing');
SELECT count(*) AS all_templates FROM supporthub.get_templates();
COMMIT;

-- templates are for staff: customers may not read them
BEGIN;
SELECT supporthub.act_as(:'jared');
SAVEPOINT a;
SELECT supporthub.get_templates();
ROLLBACK TO a;
SELECT count(*) AS templates_visible_directly FROM supporthub.templates;
COMMIT;

-- a category in use cannot be deleted; the message says what uses it
BEGIN;
SELECT supporthub.act_as(:'gavin');
SAVEPOINT a;
SELECT supporthub.delete_category(:'billing');
ROLLBACK TO a;
SELECT title FROM supporthub.delete_template(:'refund_tpl');
SELECT name FROM supporthub.delete_category(:'billing');
SELECT label FROM supporthub.delete_escalation_type(:'manager');
SELECT action, ref_type, changes - 'category_id' AS changes FROM supporthub.recent_activities
 WHERE ref_type IN ('category', 'escalation_type', 'template') ORDER BY id;
COMMIT;

-- a list still returns whole rows of its type when the table has a dropped
-- column (the row type keeps a hole where it was)
RESET ROLE;
BEGIN;
ALTER TABLE supporthub.categories ADD COLUMN scratch integer;
ALTER TABLE supporthub.categories DROP COLUMN scratch;
SET LOCAL ROLE regress_app;
SELECT supporthub.act_as(:'gavin');
SELECT c.name, c.description, c.tenant_id = :'hooli' AS own FROM supporthub.get_categories() c ORDER BY c.name;
SELECT (c).name FROM supporthub.get_categories() c ORDER BY 1;
ROLLBACK;
SET ROLE regress_app;
