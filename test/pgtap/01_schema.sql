-- 01_schema: the installed schema — tables and columns, keys, foreign keys,
-- unique indexes, enum types, row-level security, comments, policies and
-- privileges (SPEC §3, §4, §8).  Runs as sh_app, a non-superuser LOGIN role.
BEGIN;
SELECT plan(216);

-- ---------------------------------------------------------------- sanity
-- Every other assertion is only worth something if we are not superuser.
SELECT is(session_user::text, 'sh_app', 'the tests run as sh_app');
SELECT isnt_superuser('sh_app', 'sh_app is not a superuser');
SELECT ok(NOT rolbypassrls, 'sh_app does not bypass row-level security')
  FROM pg_catalog.pg_roles WHERE rolname = 'sh_app';

-- ---------------------------------------------------------------- schema
SELECT has_schema('supporthub', 'schema supporthub exists');

SELECT tables_are('supporthub', ARRAY[
	'tenants', 'categories', 'escalation_types', 'users', 'tickets',
	'ticket_counters', 'templates', 'chats', 'chat_msgs', 'recordings',
	'communications', 'escalations', 'recent_activities'],
	'supporthub has exactly the 13 tables of the data model');

-- ---------------------------------------------------------------- columns
SELECT columns_are('supporthub', 'tenants',
	ARRAY['id', 'name', 'created_at', 'updated_at'], 'tenants columns');
SELECT columns_are('supporthub', 'categories',
	ARRAY['tenant_id', 'id', 'name', 'description', 'created_at', 'updated_at'], 'categories columns');
SELECT columns_are('supporthub', 'escalation_types',
	ARRAY['tenant_id', 'id', 'label', 'created_at', 'updated_at'], 'escalation_types columns');
SELECT columns_are('supporthub', 'users',
	ARRAY['tenant_id', 'id', 'name', 'email', 'role', 'active', 'created_at', 'updated_at'], 'users columns');
SELECT columns_are('supporthub', 'tickets',
	ARRAY['tenant_id', 'id', 'ticket_number', 'subject', 'description', 'status', 'priority',
		  'category_id', 'customer_id', 'agent_id', 'created_at', 'updated_at'], 'tickets columns');
SELECT columns_are('supporthub', 'ticket_counters',
	ARRAY['tenant_id', 'last_number'], 'ticket_counters columns');
SELECT columns_are('supporthub', 'templates',
	ARRAY['tenant_id', 'id', 'category_id', 'title', 'body', 'type', 'created_at', 'updated_at'], 'templates columns');
SELECT columns_are('supporthub', 'chats',
	ARRAY['tenant_id', 'id', 'ticket_id', 'started_by_user_id', 'assigned_agent_id', 'created_at', 'closed_at'], 'chats columns');
SELECT columns_are('supporthub', 'chat_msgs',
	ARRAY['tenant_id', 'id', 'chat_id', 'sender_id', 'message', 'sent_at'], 'chat_msgs columns');
SELECT columns_are('supporthub', 'recordings',
	ARRAY['tenant_id', 'id', 'ticket_id', 'chat_id', 'url', 'created_at'], 'recordings columns');
SELECT columns_are('supporthub', 'communications',
	ARRAY['tenant_id', 'id', 'ticket_id', 'chat_id', 'type', 'user_id', 'summary', 'created_at'], 'communications columns');
SELECT columns_are('supporthub', 'escalations',
	ARRAY['tenant_id', 'id', 'ticket_id', 'raised_by_user_id', 'type_id', 'reason', 'created_at'], 'escalations columns');
SELECT columns_are('supporthub', 'recent_activities',
	ARRAY['tenant_id', 'id', 'user_id', 'action', 'ref_type', 'ref_id', 'ticket_id', 'changes', 'created_at'],
	'recent_activities columns');

-- column types, by rule over every table
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND (a.attname = 'id' OR a.attname LIKE '%\_id')
	   AND a.atttypid <> 'uuid'::regtype
	 ORDER BY 1), '{}'::text[],
	'every id and *_id column is a uuid');
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND a.attname LIKE '%\_at'
	   AND a.atttypid <> 'timestamptz'::regtype
	 ORDER BY 1), '{}'::text[],
	'every *_at column is a timestamptz');
SELECT is(ARRAY(
	SELECT c.relname::text
	  FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r' AND c.relname <> 'tenants'
	   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
					   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull)
	 ORDER BY 1), '{}'::text[],
	'every table but tenants has a NOT NULL tenant_id');
SELECT is(ARRAY(
	SELECT c.relname::text
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attname = 'id'
	   AND pg_catalog.pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM 'supporthub.uuid_v7()'
	 ORDER BY 1), '{}'::text[],
	'every id column defaults to supporthub.uuid_v7()');
SELECT col_type_is('supporthub', 'users', 'role', 'supporthub.user_role', 'users.role is a user_role');
SELECT col_type_is('supporthub', 'users', 'active', 'boolean', 'users.active is a boolean');
SELECT col_type_is('supporthub', 'tickets', 'status', 'supporthub.ticket_status', 'tickets.status is a ticket_status');
SELECT col_type_is('supporthub', 'tickets', 'priority', 'supporthub.ticket_priority', 'tickets.priority is a ticket_priority');
SELECT col_type_is('supporthub', 'tickets', 'ticket_number', 'bigint', 'tickets.ticket_number is a bigint');
SELECT col_type_is('supporthub', 'templates', 'type', 'supporthub.template_type', 'templates.type is a template_type');
SELECT col_type_is('supporthub', 'communications', 'type', 'supporthub.comm_type', 'communications.type is a comm_type');
SELECT col_type_is('supporthub', 'recent_activities', 'action', 'supporthub.activity_action', 'recent_activities.action is an activity_action');
SELECT col_type_is('supporthub', 'recent_activities', 'ref_type', 'supporthub.activity_ref_type', 'recent_activities.ref_type is an activity_ref_type');
SELECT col_type_is('supporthub', 'recent_activities', 'changes', 'jsonb', 'recent_activities.changes is a jsonb');
SELECT col_not_null('supporthub', 'recent_activities', 'changes', 'recent_activities.changes is NOT NULL');
SELECT col_not_null('supporthub', 'users', 'active', 'users.active is NOT NULL');
SELECT col_default_is('supporthub', 'users', 'active', 'true', 'users.active defaults to true');

-- ---------------------------------------------------------------- primary keys
SELECT col_is_pk('supporthub', 'tenants', ARRAY['id'], 'tenants: primary key (id)');
SELECT col_is_pk('supporthub', 'ticket_counters', ARRAY['tenant_id'], 'ticket_counters: primary key (tenant_id)');
SELECT col_is_pk('supporthub', 'categories', ARRAY['tenant_id', 'id'], 'categories: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'escalation_types', ARRAY['tenant_id', 'id'], 'escalation_types: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'users', ARRAY['tenant_id', 'id'], 'users: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'tickets', ARRAY['tenant_id', 'id'], 'tickets: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'templates', ARRAY['tenant_id', 'id'], 'templates: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'chats', ARRAY['tenant_id', 'id'], 'chats: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'chat_msgs', ARRAY['tenant_id', 'id'], 'chat_msgs: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'recordings', ARRAY['tenant_id', 'id'], 'recordings: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'communications', ARRAY['tenant_id', 'id'], 'communications: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'escalations', ARRAY['tenant_id', 'id'], 'escalations: primary key (tenant_id, id)');
SELECT col_is_pk('supporthub', 'recent_activities', ARRAY['tenant_id', 'id'], 'recent_activities: primary key (tenant_id, id)');

-- ---------------------------------------------------------------- foreign keys
-- to the tenant
SELECT fk_ok('supporthub', 'categories', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'categories.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'escalation_types', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'escalation_types.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'users', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'users.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'tickets', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'tickets.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'ticket_counters', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'ticket_counters.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'templates', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'templates.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'chats', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'chats.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'chat_msgs', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'chat_msgs.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'recordings', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'recordings.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'communications', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'communications.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'escalations', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'escalations.tenant_id -> tenants');
SELECT fk_ok('supporthub', 'recent_activities', ARRAY['tenant_id'], 'supporthub', 'tenants', ARRAY['id'], 'recent_activities.tenant_id -> tenants');
-- between rows of one tenant: (tenant_id, x_id) -> (tenant_id, id)
SELECT fk_ok('supporthub', 'tickets', ARRAY['tenant_id', 'category_id'], 'supporthub', 'categories', ARRAY['tenant_id', 'id'], 'tickets.category_id -> categories, within the tenant');
SELECT fk_ok('supporthub', 'tickets', ARRAY['tenant_id', 'customer_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'tickets.customer_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'tickets', ARRAY['tenant_id', 'agent_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'tickets.agent_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'templates', ARRAY['tenant_id', 'category_id'], 'supporthub', 'categories', ARRAY['tenant_id', 'id'], 'templates.category_id -> categories, within the tenant');
SELECT fk_ok('supporthub', 'chats', ARRAY['tenant_id', 'ticket_id'], 'supporthub', 'tickets', ARRAY['tenant_id', 'id'], 'chats.ticket_id -> tickets, within the tenant');
SELECT fk_ok('supporthub', 'chats', ARRAY['tenant_id', 'started_by_user_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'chats.started_by_user_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'chats', ARRAY['tenant_id', 'assigned_agent_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'chats.assigned_agent_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'chat_msgs', ARRAY['tenant_id', 'chat_id'], 'supporthub', 'chats', ARRAY['tenant_id', 'id'], 'chat_msgs.chat_id -> chats, within the tenant');
SELECT fk_ok('supporthub', 'chat_msgs', ARRAY['tenant_id', 'sender_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'chat_msgs.sender_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'recordings', ARRAY['tenant_id', 'ticket_id'], 'supporthub', 'tickets', ARRAY['tenant_id', 'id'], 'recordings.ticket_id -> tickets, within the tenant');
SELECT fk_ok('supporthub', 'recordings', ARRAY['tenant_id', 'chat_id'], 'supporthub', 'chats', ARRAY['tenant_id', 'id'], 'recordings.chat_id -> chats, within the tenant');
SELECT fk_ok('supporthub', 'communications', ARRAY['tenant_id', 'ticket_id'], 'supporthub', 'tickets', ARRAY['tenant_id', 'id'], 'communications.ticket_id -> tickets, within the tenant');
SELECT fk_ok('supporthub', 'communications', ARRAY['tenant_id', 'chat_id'], 'supporthub', 'chats', ARRAY['tenant_id', 'id'], 'communications.chat_id -> chats, within the tenant');
SELECT fk_ok('supporthub', 'communications', ARRAY['tenant_id', 'user_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'communications.user_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'escalations', ARRAY['tenant_id', 'ticket_id'], 'supporthub', 'tickets', ARRAY['tenant_id', 'id'], 'escalations.ticket_id -> tickets, within the tenant');
SELECT fk_ok('supporthub', 'escalations', ARRAY['tenant_id', 'raised_by_user_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'escalations.raised_by_user_id -> users, within the tenant');
SELECT fk_ok('supporthub', 'escalations', ARRAY['tenant_id', 'type_id'], 'supporthub', 'escalation_types', ARRAY['tenant_id', 'id'], 'escalations.type_id -> escalation_types, within the tenant');
SELECT fk_ok('supporthub', 'recent_activities', ARRAY['tenant_id', 'user_id'], 'supporthub', 'users', ARRAY['tenant_id', 'id'], 'recent_activities.user_id -> users, within the tenant');

-- by rule: every foreign key in the schema, listed or added later, keeps
-- rows within one tenant, and none contradicts a NOT NULL column.
SELECT is(ARRAY(
	SELECT co.conrelid::regclass::text || ' ' || co.conname
	  FROM pg_catalog.pg_constraint co
	 WHERE co.connamespace = 'supporthub'::regnamespace AND co.contype = 'f'
	   AND NOT (
		 -- (tenant_id) -> tenants(id)
		 (co.confrelid = 'supporthub.tenants'::regclass
		  AND co.conkey = ARRAY[(SELECT attnum FROM pg_catalog.pg_attribute
								  WHERE attrelid = co.conrelid AND attname = 'tenant_id')]::int2[])
		 OR
		 -- (tenant_id, ...) -> (tenant_id, ...)
		 (co.conkey[1] = (SELECT attnum FROM pg_catalog.pg_attribute
						   WHERE attrelid = co.conrelid AND attname = 'tenant_id')
		  AND co.confkey[1] = (SELECT attnum FROM pg_catalog.pg_attribute
							   WHERE attrelid = co.confrelid AND attname = 'tenant_id')))
	 ORDER BY 1), '{}'::text[],
	'every foreign key includes tenant_id (no row can reference another tenant''s row)');
SELECT is(ARRAY(
	SELECT co.conrelid::regclass::text || ' ' || co.conname
	  FROM pg_catalog.pg_constraint co
	 WHERE co.connamespace = 'supporthub'::regnamespace AND co.contype = 'f'
	   AND co.confdeltype IN ('n', 'd')
	 ORDER BY 1), '{}'::text[],
	'no foreign key is ON DELETE SET NULL / SET DEFAULT (it would null tenant_id)');
SELECT is(ARRAY(
	SELECT co.conrelid::regclass::text || ' ' || co.conname
	  FROM pg_catalog.pg_constraint co
	 WHERE co.connamespace = 'supporthub'::regnamespace AND co.contype = 'f'
	   AND co.confrelid = 'supporthub.tenants'::regclass
	   AND co.confdeltype <> 'c'
	 ORDER BY 1), '{}'::text[],
	'every foreign key to tenants is ON DELETE CASCADE (deleting a tenant removes everything of it)');
SELECT is(ARRAY(
	SELECT c.relname::text
	  FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r' AND c.relname <> 'tenants'
	   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
					   WHERE co.conrelid = c.oid AND co.contype = 'f'
						 AND co.confrelid = 'supporthub.tenants'::regclass)
	 ORDER BY 1), '{}'::text[],
	'every table but tenants has a foreign key to tenants');

-- ---------------------------------------------------------------- unique indexes
SELECT has_index('supporthub', 'tenants', 'tenants_name_key', ARRAY['supporthub.name_key(name)'],
	'tenants_name_key on name_key(name)');
SELECT index_is_unique('supporthub', 'tenants', 'tenants_name_key', 'tenants_name_key is unique');
SELECT has_index('supporthub', 'categories', 'categories_name_key', ARRAY['tenant_id', 'supporthub.name_key(name)'],
	'categories_name_key on (tenant_id, name_key(name))');
SELECT index_is_unique('supporthub', 'categories', 'categories_name_key', 'categories_name_key is unique');
SELECT has_index('supporthub', 'escalation_types', 'escalation_types_label_key', ARRAY['tenant_id', 'supporthub.name_key(label)'],
	'escalation_types_label_key on (tenant_id, name_key(label))');
SELECT index_is_unique('supporthub', 'escalation_types', 'escalation_types_label_key', 'escalation_types_label_key is unique');
SELECT has_index('supporthub', 'users', 'users_email_key', ARRAY['tenant_id', 'supporthub.name_key(email)'],
	'users_email_key on (tenant_id, name_key(email))');
SELECT index_is_unique('supporthub', 'users', 'users_email_key', 'users_email_key is unique');
SELECT has_index('supporthub', 'templates', 'templates_title_key', ARRAY['tenant_id', 'category_id', 'supporthub.name_key(title)'],
	'templates_title_key on (tenant_id, category_id, name_key(title))');
SELECT index_is_unique('supporthub', 'templates', 'templates_title_key', 'templates_title_key is unique');
SELECT has_index('supporthub', 'tickets', 'tickets_number_key', ARRAY['tenant_id', 'ticket_number'],
	'tickets_number_key on (tenant_id, ticket_number)');
SELECT index_is_unique('supporthub', 'tickets', 'tickets_number_key', 'tickets_number_key is unique');
SELECT is(ARRAY(
	SELECT i.indexrelid::regclass::text
	  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relname <> 'tenants'
	   AND i.indkey[0] <> (SELECT attnum FROM pg_catalog.pg_attribute
						   WHERE attrelid = i.indrelid AND attname = 'tenant_id')
	   AND i.indexrelid::regclass::text <> 'supporthub.users_id_idx'
	 ORDER BY 1), '{}'::text[],
	'every index of a tenant-scoped table leads with tenant_id (but users_id_idx, used by act_as)');

-- ---------------------------------------------------------------- types
SELECT enums_are('supporthub', ARRAY[
	'user_role', 'ticket_status', 'ticket_priority', 'template_type', 'comm_type',
	'activity_action', 'activity_ref_type'], 'supporthub has exactly the 7 enum types');
SELECT enum_has_labels('supporthub', 'user_role', ARRAY['admin', 'agent', 'customer'], 'user_role labels');
SELECT enum_has_labels('supporthub', 'ticket_status', ARRAY['open', 'pending', 'resolved', 'closed'], 'ticket_status labels');
SELECT enum_has_labels('supporthub', 'ticket_priority', ARRAY['low', 'medium', 'high', 'urgent'], 'ticket_priority labels, ascending');
SELECT enum_has_labels('supporthub', 'template_type', ARRAY['email', 'sms', 'push'], 'template_type labels');
SELECT enum_has_labels('supporthub', 'comm_type', ARRAY['email', 'sms', 'call', 'push'], 'comm_type labels');
SELECT enum_has_labels('supporthub', 'activity_action',
	ARRAY['created', 'updated', 'deleted', 'assigned', 'escalated', 'resolved', 'closed', 'reopened'],
	'activity_action labels');
-- 'tenant' is the extension's addition: the activity of tenant changes
SELECT enum_has_labels('supporthub', 'activity_ref_type',
	ARRAY['ticket', 'chat', 'chat_msg', 'user', 'escalation', 'template', 'category',
		  'escalation_type', 'recording', 'communication', 'tenant'],
	'activity_ref_type labels');

-- ---------------------------------------------------------------- row-level security
SELECT ok(relrowsecurity AND relforcerowsecurity, 'RLS enabled and forced on ' || relname)
  FROM pg_catalog.pg_class
 WHERE relnamespace = 'supporthub'::regnamespace AND relkind = 'r'
   AND relname = ANY (ARRAY['tenants', 'categories', 'escalation_types', 'users', 'tickets',
							'ticket_counters', 'templates', 'chats', 'chat_msgs', 'recordings',
							'communications', 'escalations', 'recent_activities'])
 ORDER BY relname;

SELECT policies_are('supporthub', 'tenants', ARRAY['tenants_read', 'tenants_write'], 'tenants policies');
SELECT policies_are('supporthub', 'categories',
	ARRAY['categories_read', 'categories_insert', 'categories_update', 'categories_delete'], 'categories policies');
SELECT policies_are('supporthub', 'escalation_types',
	ARRAY['escalation_types_read', 'escalation_types_insert', 'escalation_types_update', 'escalation_types_delete'],
	'escalation_types policies');
SELECT policies_are('supporthub', 'users',
	ARRAY['users_read', 'users_insert', 'users_update', 'users_delete'], 'users policies');
SELECT policies_are('supporthub', 'tickets',
	ARRAY['tickets_read', 'tickets_insert', 'tickets_update', 'tickets_delete'], 'tickets policies');
SELECT policies_are('supporthub', 'ticket_counters',
	ARRAY['ticket_counters_read', 'ticket_counters_api', 'ticket_counters_insert',
		  'ticket_counters_update', 'ticket_counters_delete'], 'ticket_counters policies');
SELECT policies_are('supporthub', 'templates',
	ARRAY['templates_read', 'templates_insert', 'templates_update', 'templates_delete'], 'templates policies');
SELECT policies_are('supporthub', 'chats',
	ARRAY['chats_read', 'chats_insert', 'chats_update', 'chats_delete'], 'chats policies');
SELECT policies_are('supporthub', 'chat_msgs',
	ARRAY['chat_msgs_read', 'chat_msgs_insert', 'chat_msgs_update', 'chat_msgs_delete'], 'chat_msgs policies');
SELECT policies_are('supporthub', 'recordings',
	ARRAY['recordings_read', 'recordings_insert', 'recordings_update', 'recordings_delete'], 'recordings policies');
SELECT policies_are('supporthub', 'communications',
	ARRAY['communications_read', 'communications_insert', 'communications_update', 'communications_delete'],
	'communications policies');
SELECT policies_are('supporthub', 'escalations',
	ARRAY['escalations_read', 'escalations_insert', 'escalations_update', 'escalations_delete'], 'escalations policies');
SELECT policies_are('supporthub', 'recent_activities',
	ARRAY['recent_activities_read', 'recent_activities_insert', 'recent_activities_update', 'recent_activities_delete'],
	'recent_activities policies');
SELECT is(ARRAY(
	SELECT (tablename || '.' || policyname)::text FROM pg_catalog.pg_policies
	 WHERE schemaname = 'supporthub' AND cmd <> 'SELECT'
	   AND roles <> ARRAY['supporthub_api']::name[]
	 ORDER BY 1), '{}'::text[],
	'every write policy applies to supporthub_api only');
SELECT is(ARRAY(
	SELECT (tablename || '.' || policyname)::text FROM pg_catalog.pg_policies
	 WHERE schemaname = 'supporthub' AND permissive <> 'PERMISSIVE'
	 ORDER BY 1), '{}'::text[],
	'no restrictive policy (the permissive ones are the whole rule)');
SELECT is(ARRAY(
	SELECT (tablename || '.' || policyname)::text FROM pg_catalog.pg_policies
	 WHERE schemaname = 'supporthub' AND tablename <> 'tenants'
	   AND coalesce(qual, with_check) NOT LIKE '%tenant_id = supporthub.current_tenant_id()%'
	 ORDER BY 1), '{}'::text[],
	'every policy of a tenant-scoped table is bound to the actor''s tenant');

-- ---------------------------------------------------------------- comments
SELECT ok(nullif(btrim(obj_description('supporthub'::regnamespace, 'pg_namespace')), '') IS NOT NULL,
	'schema supporthub has a comment');
SELECT ok(nullif(btrim(obj_description(c.oid, 'pg_class')), '') IS NOT NULL,
	'table ' || c.relname || ' has a comment')
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname;
SELECT is(ARRAY(
	SELECT a.attname::text FROM pg_catalog.pg_attribute a
	 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	   AND nullif(btrim(col_description(c.oid, a.attnum)), '') IS NULL
	 ORDER BY a.attnum), '{}'::text[],
	'every column of ' || c.relname || ' has a comment')
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname;
SELECT is(ARRAY(
	SELECT t.typname::text FROM pg_catalog.pg_type t
	 WHERE t.typnamespace = 'supporthub'::regnamespace
	   AND t.typtype IN ('e', 'd', 'c', 'r', 'm', 'b')
	   AND (t.typrelid = 0 OR (SELECT relkind FROM pg_catalog.pg_class WHERE oid = t.typrelid) = 'c')
	   AND t.typelem = 0
	   AND nullif(btrim(obj_description(t.oid, 'pg_type')), '') IS NULL
	 ORDER BY 1), '{}'::text[],
	'every type of schema supporthub has a comment');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND nullif(btrim(obj_description(p.oid, 'pg_proc')), '') IS NULL
	 ORDER BY 1), '{}'::text[],
	'every function of schema supporthub has a comment');
SELECT is(ARRAY(
	SELECT pol.polrelid::regclass::text || '.' || pol.polname FROM pg_catalog.pg_policy pol
	  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace
	   AND nullif(btrim(obj_description(pol.oid, 'pg_policy')), '') IS NULL
	 ORDER BY 1), '{}'::text[],
	'every policy has a comment');

-- ---------------------------------------------------------------- functions
SELECT has_function('supporthub', 'uuid_v7', '{}'::name[], 'uuid_v7()');
SELECT has_function('supporthub', 'act_as', ARRAY['uuid', 'boolean'], 'act_as(uuid, boolean)');
SELECT has_function('supporthub', 'act_as_tenant', ARRAY['uuid', 'boolean'], 'act_as_tenant(uuid, boolean)');
SELECT has_function('supporthub', 'reset_actor', '{}'::name[], 'reset_actor()');
SELECT has_function('supporthub', 'current_tenant_id', '{}'::name[], 'current_tenant_id()');
SELECT has_function('supporthub', 'current_user_id', '{}'::name[], 'current_user_id()');
SELECT has_function('supporthub', 'current_user_role', '{}'::name[], 'current_user_role()');
SELECT has_function('supporthub', 'create_tenant', ARRAY['text'], 'create_tenant(text)');
SELECT has_function('supporthub', 'get_tenants', ARRAY['uuid', 'integer'], 'get_tenants(uuid, integer)');
SELECT has_function('supporthub', 'get_tenant_by_id', ARRAY['uuid'], 'get_tenant_by_id(uuid)');
SELECT has_function('supporthub', 'update_tenant', ARRAY['uuid', 'text'], 'update_tenant(uuid, text)');
SELECT has_function('supporthub', 'delete_tenant', ARRAY['uuid'], 'delete_tenant(uuid)');
SELECT has_function('supporthub', 'create_user', ARRAY['text', 'text', 'supporthub.user_role'], 'create_user(text, text, user_role)');
SELECT has_function('supporthub', 'get_users', ARRAY['supporthub.user_role', 'uuid', 'integer'], 'get_users(user_role, uuid, integer)');
SELECT has_function('supporthub', 'get_user_by_id', ARRAY['uuid'], 'get_user_by_id(uuid)');
SELECT has_function('supporthub', 'update_user', ARRAY['uuid', 'text', 'text', 'supporthub.user_role', 'boolean'],
	'update_user(uuid, text, text, user_role, boolean)');
SELECT has_function('supporthub', 'delete_user', ARRAY['uuid'], 'delete_user(uuid)');
SELECT function_returns('supporthub', 'create_tenant', ARRAY['text'], 'supporthub.tenants', 'create_tenant returns a tenants row');
SELECT function_returns('supporthub', 'get_tenants', ARRAY['uuid', 'integer'], 'setof supporthub.tenants', 'get_tenants returns SETOF tenants');
SELECT function_returns('supporthub', 'create_user', ARRAY['text', 'text', 'supporthub.user_role'], 'supporthub.users', 'create_user returns a users row');
SELECT function_returns('supporthub', 'get_users', ARRAY['supporthub.user_role', 'uuid', 'integer'], 'setof supporthub.users', 'get_users returns SETOF users');
SELECT function_returns('supporthub', 'delete_user', ARRAY['uuid'], 'supporthub.users', 'delete_user returns the deleted users row');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proisstrict
	 ORDER BY 1), '{}'::text[],
	'no function is STRICT (a NULL argument is a 22023, never a silent NULL)');

-- ---------------------------------------------------------------- privileges
-- tables: SELECT for supporthub_service (RLS filters it), nothing else
SELECT table_privs_are('supporthub', t, 'supporthub_service', ARRAY['SELECT'],
	'supporthub_service may only SELECT ' || t)
  FROM unnest(ARRAY['tenants', 'categories', 'escalation_types', 'users', 'tickets',
					'ticket_counters', 'templates', 'chats', 'chat_msgs', 'recordings',
					'communications', 'escalations', 'recent_activities']) AS t
 ORDER BY t;
SELECT is(ARRAY(
	SELECT c.relname || ':' || p.privilege
	  FROM pg_catalog.pg_class c,
		   unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege)
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND has_table_privilege('sh_app', c.oid, p.privilege)
	 ORDER BY 1), '{}'::text[],
	'the application role holds no write privilege on any table');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('r', 'S', 'v', 'm')
	   AND (c.relacl IS NULL
			OR EXISTS (SELECT 1 FROM aclexplode(c.relacl) x WHERE x.grantee = 0))
	 ORDER BY 1), '{}'::text[],
	'PUBLIC holds no privilege on any table');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND has_table_privilege('sh_outsider', c.oid, 'SELECT')
	 ORDER BY 1), '{}'::text[],
	'a role outside supporthub_service cannot read any table');
SELECT ok(NOT has_schema_privilege('sh_outsider', 'supporthub', 'USAGE'),
	'a role outside supporthub_service has no USAGE on schema supporthub');

-- functions: EXECUTE for supporthub_service (and the API owner), never PUBLIC
SELECT ok((SELECT p.proacl IS NOT NULL
				  AND NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) x
								  WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE')
			 FROM pg_catalog.pg_proc p
			WHERE p.oid = 'supporthub.act_as(uuid, boolean)'::regprocedure),
	'PUBLIC cannot execute act_as');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND (p.proacl IS NULL
			OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) x
					   WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE'))
	 ORDER BY 1), '{}'::text[],
	'PUBLIC cannot execute any function of schema supporthub');
SELECT function_privs_are('supporthub', 'act_as', ARRAY['uuid', 'boolean'], 'supporthub_service', ARRAY['EXECUTE'],
	'supporthub_service may execute act_as');
SELECT function_privs_are('supporthub', 'act_as_tenant', ARRAY['uuid', 'boolean'], 'supporthub_service', ARRAY['EXECUTE'],
	'supporthub_service may execute act_as_tenant');
SELECT function_privs_are('supporthub', 'create_tenant', ARRAY['text'], 'supporthub_service', ARRAY['EXECUTE'],
	'supporthub_service may execute create_tenant');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND has_function_privilege('sh_outsider', p.oid, 'EXECUTE')
	 ORDER BY 1), '{}'::text[],
	'a role outside supporthub_service cannot execute any function of schema supporthub');

-- SECURITY DEFINER API: owned by supporthub_api, with a pinned search_path
SELECT is(ARRAY(
	SELECT f FROM unnest(ARRAY[
		'supporthub.create_tenant(text)', 'supporthub.get_tenants(uuid,integer)',
		'supporthub.get_tenant_by_id(uuid)', 'supporthub.update_tenant(uuid,text)',
		'supporthub.delete_tenant(uuid)',
		'supporthub.create_user(text,text,supporthub.user_role)',
		'supporthub.get_users(supporthub.user_role,uuid,integer)',
		'supporthub.get_user_by_id(uuid)',
		'supporthub.update_user(uuid,text,text,supporthub.user_role,boolean)',
		'supporthub.delete_user(uuid)']) AS f
	 WHERE NOT (SELECT prosecdef FROM pg_catalog.pg_proc WHERE oid = f::regprocedure)
	 ORDER BY 1), '{}'::text[],
	'the tenant and user API functions are SECURITY DEFINER');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prosecdef
	   AND p.proowner <> 'supporthub_api'::regrole
	 ORDER BY 1), '{}'::text[],
	'every SECURITY DEFINER function is owned by supporthub_api');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prosecdef
	   AND NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']
	 ORDER BY 1), '{}'::text[],
	'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');
SELECT isnt_superuser('supporthub_api', 'supporthub_api is not a superuser');
SELECT ok(NOT rolbypassrls, 'supporthub_api does not bypass row-level security')
  FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_api';
SELECT ok(NOT rolcanlogin, 'supporthub_api cannot log in')
  FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_api';
SELECT ok(NOT rolcanlogin, 'supporthub_service cannot log in')
  FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_service';
SELECT ok(NOT pg_has_role('sh_app', 'supporthub_api', 'MEMBER'),
	'the application role is not a member of supporthub_api');
SELECT * FROM finish();
ROLLBACK;
