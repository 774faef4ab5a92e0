// openapi.js — builds openapi.json from the routes of app.js and the
// database's own row types (pg_catalog), so that the document describes
// what the server answers.  test/http.test.js checks that the committed
// openapi.json is what this builds.  To rebuild it after a change of the
// routes or of the extension:  node openapi.js > openapi.json  (PG* variables:
// any role of a database with supporthub installed).
import pg from 'pg';
import { ROUTES } from './app.js';

// The row types each route returns, by table or composite type.
const TYPES = {
  categories: 'Category', escalation_types: 'EscalationType', users: 'User', templates: 'Template',
  tickets: 'Ticket', escalations: 'Escalation', ticket_comments: 'Comment', chats: 'Chat',
  chat_msgs: 'ChatMessage', recordings: 'Recording', communications: 'Communication',
  recent_activities: 'Activity', session_tokens: 'SessionTokens', ticket_ratings: 'Rating',
  ticket_search_hit: 'SearchHit',
};
const RETURNS = {
  get_tenant_settings: 'Settings', update_tenant_settings: 'Settings', invite_user: 'Invitation',
  escalate: 'Escalation', add_comment: 'Comment', get_comments: 'Comment', update_comment: 'Comment',
  delete_comment: 'Comment', start_chat: 'Chat', close_chat: 'Chat', post_chat_msg: 'ChatMessage',
  get_chat_msgs: 'ChatMessage', add_recording: 'Recording', get_recordings: 'Recording',
  log_communication: 'Communication', get_communications: 'Communication', get_recent_activities: 'Activity',
  assign_agent: 'Ticket', set_ticket_status: 'Ticket', rate_ticket: 'Rating', get_ticket_rating: 'Rating',
  set_ticket_tags: 'Ticket', search_tickets: 'SearchHit',
};
const returns = (fn) => RETURNS[fn] ??
  [['escalation_type', 'EscalationType'], ['template', 'Template'], ['categor', 'Category'], ['user', 'User'], ['ticket', 'Ticket']]
    .find(([k]) => fn.includes(k))[1];

const uuid = { type: 'string', format: 'uuid' };
const str = { type: 'string' };
const digits = { type: 'string', pattern: '^[0-9]+$' };
const nullable = (s) => (s.enum ? { ...s, type: ['string', 'null'], enum: [...s.enum, null] } : { ...s, type: [s.type, 'null'] });
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });

// A column's or an argument's JSON schema, from its PostgreSQL type.
function of_type(type, enums) {
  if (type === 'uuid') return uuid;
  if (type === 'timestamp with time zone') return { type: 'string', format: 'date-time' };
  if (type === 'text') return str;
  if (type === 'text[]') return { type: 'array', items: str };
  if (type === 'real' || type === 'double precision') return { type: 'number' };
  if (type === 'boolean') return { type: 'boolean' };
  if (type === 'integer') return { type: 'integer' };
  if (type === 'bigint') return { ...digits, description: 'a bigint: node-postgres returns it as a string' };
  if (type === 'jsonb') return { type: 'object' };
  if (enums[type]) return { type: 'string', enum: enums[type] };
  throw new Error(`openapi.js: no JSON schema for type ${type}`);
}

export async function build_openapi(client) {
  const { rows: enumRows } = await client.query(`
    SELECT format_type(t.oid, NULL) AS type, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
     WHERE t.typnamespace = 'supporthub'::regnamespace GROUP BY t.oid`);
  const enums = Object.fromEntries(enumRows.map((r) => [r.type, r.labels]));
  const { rows: columns } = await client.query(`
    SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`, [Object.keys(TYPES)]);
  // The arguments of every function a route calls, with their types.
  const { rows: args } = await client.query(`
    SELECT p.proname::text, a.name::text, format_type(a.type, NULL) AS type
      FROM pg_proc p, unnest(p.proargnames, coalesce(p.proallargtypes, p.proargtypes::oid[])) AS a(name, type)
     WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proname = ANY($1)`, [ROUTES.map((r) => r[2])]);
  const arg_type = (fn, name) => of_type(args.find((a) => a.proname === fn && a.name === name).type, enums);

  const schemas = {};
  for (const { relname, attname, type, attnotnull } of columns) {
    const s = (schemas[TYPES[relname]] ??= { type: 'object', properties: {}, required: [], additionalProperties: false });
    const t = of_type(type, enums);
    s.properties[attname] = attnotnull || relname === 'session_tokens' ? t : nullable(t);
    s.required.push(attname);
  }
  schemas.Error = {
    type: 'object', required: ['code', 'message', 'detail', 'hint'], additionalProperties: false,
    properties: { code: { type: 'string', description: 'the SQLSTATE (docs/errors.md), or not_found, bad_json, internal' },
      message: str, detail: nullable(str), hint: nullable(str) },
  };
  schemas.SignUp = { ...schemas.SessionTokens, properties: { ...schemas.SessionTokens.properties, email_verification_token: str },
    required: [...schemas.SessionTokens.required, 'email_verification_token'] };
  schemas.Invitation = { type: 'object', additionalProperties: false, required: ['user_id', 'invitation_token', 'expires_at'],
    properties: { user_id: uuid, invitation_token: str, expires_at: { type: 'string', format: 'date-time' } } };
  schemas.Settings = { type: 'object', description: 'every tenant setting with its value (docs/api.md, Tenant settings)' };

  const responses = {};
  for (const [code, description] of [[400, 'bad argument (22023, 22P02, 25001)'], [401, 'no, expired or revoked access token; wrong password (PT401)'],
    [403, 'not allowed (42501)'], [404, 'not found, or of another tenant (PT404)'],
    [409, 'duplicate, still in use, or wrong state (23505, 23503, PT409)'], [429, 'too many attempts (PT429), with Retry-After'],
    [503, 'kept changing: try again (40001, 40P01), with Retry-After']]) {
    responses[`E${code}`] = { description, content: { 'application/json': { schema: ref('Error') } } };
  }
  const errors = (codes) => Object.fromEntries(codes.map((c) => [c, { $ref: `#/components/responses/E${c}` }]));
  const json = (schema) => ({ content: { 'application/json': { schema } } });
  const body = (properties, required) => ({ required: true, ...json({ type: 'object', properties, required }) });
  const paths = {};
  const add = (path, method, op) => { (paths[path] ??= {})[method] = op; };

  // The routes that hand tokens out: no bearer token.
  const tokens = (fn, summary, props, status, schema, codes) => add(`/auth/${fn === 'refresh_session' ? 'refresh' : fn}`, 'post', {
    operationId: fn, tags: ['auth'], summary, security: [],
    requestBody: body(Object.fromEntries(props.map((p) => [p, p === 'tenant_id' ? uuid : str])), props),
    responses: { [status]: { description: 'the session\'s tokens', ...json(ref(schema)) }, ...errors(codes) },
  });
  tokens('sign_up', 'supporthub.sign_up: a new customer, signed in', ['tenant_id', 'name', 'email', 'password'], 201, 'SignUp', [400, 403, 404, 409]);
  tokens('sign_in', 'CALL supporthub.sign_in: a new session', ['tenant_id', 'email', 'password'], 200, 'SessionTokens', [400, 401, 404, 429]);
  tokens('refresh_session', 'CALL supporthub.refresh_session: new tokens, the same session', ['refresh_token'], 200, 'SessionTokens', [400, 401, 409]);
  tokens('accept_invitation', 'supporthub.accept_invitation: set a password, signed in', ['token', 'password'], 200, 'SessionTokens', [400, 401]);

  for (const [method, path, fn, kind, spec, status] of ROUTES) {
    const op = { operationId: fn, tags: [path.split('/')[1]], summary: `supporthub.${fn}` };
    const parameters = [...path.matchAll(/:(\w+)/g)].map(([, name]) =>
      ({ name, in: 'path', required: true, schema: name === 'number' ? digits : uuid }));
    const words = spec.split(' ').filter((w) => w && !w.includes('='));
    const arg = (w) => [w.replace('?', ''), arg_type(fn, w.replace('?', ''))];
    if (method === 'get' || method === 'delete') {
      for (const w of words) {
        const [name, schema] = arg(w);
        parameters.push({ name, in: 'query', required: !w.endsWith('?'), schema: name === 'page_size' ? { ...schema, minimum: 1, maximum: fn === 'search_tickets' ? 100 : 500 } : schema });
      }
    } else if (spec.includes(':body')) {
      op.requestBody = { required: true, ...json(ref('Settings')) };
      op.description = 'The settings to change, and only those.';
    } else if (words.length) {
      op.requestBody = body(Object.fromEntries(words.map((w) => {
        const [name, schema] = arg(w);
        return [name, method === 'patch' && w.endsWith('?') ? nullable(schema) : schema];
      })), words.filter((w) => !w.endsWith('?')));
      if (method === 'patch') op.description = 'A field left out or JSON null is left unchanged.';
    }
    if (parameters.length) op.parameters = parameters;
    let schema = kind === 'none' ? null : ref(returns(fn));
    if (kind === 'list' || kind === 'page') {
      schema = { type: 'object', required: ['data', 'next'], additionalProperties: false, properties: {
        data: { type: 'array', items: schema },
        next: kind === 'page'
          ? { type: ['string', 'null'], format: 'uuid', description: 'pass as "after" for the next page; null on the last page' }
          : { type: 'null', description: 'not paged: every row' } } };
    }
    op.responses = { ...(status === 204 ? { 204: { description: 'done' } } : { [status]: { description: 'success', ...json(schema) } }),
      ...errors([400, 401, 403, 404, 409, 503]) };
    add(path.replace(/:(\w+)/g, '{$1}'), method, op);
  }

  return {
    openapi: '3.1.0',
    info: { title: 'supporthub REST API', version: '1.1.0',
      description: 'The supporthub help desk over HTTP: each operation is one call of the supporthub function named by its operationId, '
        + 'as the user of the bearer access token (docs/api.md). Errors carry the SQLSTATE in "code" (docs/errors.md).' },
    servers: [{ url: 'http://127.0.0.1:3000/v1/api' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the access_token of sign_in, sign_up, refresh or accept_invitation' } },
      responses,
      schemas,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL || undefined });
  await client.connect();
  process.stdout.write(`${JSON.stringify(await build_openapi(client), null, 2)}\n`);
  await client.end();
}
