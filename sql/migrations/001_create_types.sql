-- 001: schema comment and the enumerated types of the data model.

COMMENT ON SCHEMA supporthub IS
	'supporthub: multi-tenant help desk — tables, row-level security and the C API';

CREATE TYPE supporthub.user_role AS ENUM ('admin', 'agent', 'customer');
COMMENT ON TYPE supporthub.user_role IS
	'Role of a user within its tenant: admin (manages the tenant), agent (works tickets), customer (raises tickets)';

CREATE TYPE supporthub.ticket_status AS ENUM ('open', 'pending', 'resolved', 'closed');
COMMENT ON TYPE supporthub.ticket_status IS
	'Life-cycle state of a ticket: open ⇄ pending → resolved → closed (final); resolved → open is a reopen';

CREATE TYPE supporthub.ticket_priority AS ENUM ('low', 'medium', 'high', 'urgent');
COMMENT ON TYPE supporthub.ticket_priority IS
	'Urgency of a ticket, in ascending order; an escalation raises it one step';

CREATE TYPE supporthub.template_type AS ENUM ('email', 'sms', 'push');
COMMENT ON TYPE supporthub.template_type IS
	'Channel a reply template is written for';

CREATE TYPE supporthub.comm_type AS ENUM ('email', 'sms', 'call', 'push');
COMMENT ON TYPE supporthub.comm_type IS
	'Channel of a logged communication with a customer';

-- The labels after 1.0's are listed here too, in the order in which the
-- update adds them (052, 070): a fresh install must not add them by ALTER TYPE,
-- since a restore with --single-transaction could not then use them for
-- the rows it loads ("unsafe use of new value").
CREATE TYPE supporthub.activity_action AS ENUM
	('created', 'updated', 'deleted', 'assigned', 'escalated', 'resolved', 'closed', 'reopened',
	 'commented', 'tagged', 'rated');
COMMENT ON TYPE supporthub.activity_action IS
	'What a recent_activities row records as having happened';

CREATE TYPE supporthub.activity_ref_type AS ENUM
	('ticket', 'chat', 'chat_msg', 'user', 'escalation', 'template', 'category',
	 'escalation_type', 'recording', 'communication', 'tenant', 'comment', 'rating');
COMMENT ON TYPE supporthub.activity_ref_type IS
	'Kind of object a recent_activities row is about (ref_id names the object)';
