// app.js — the supporthub REST API under /v1/api: Express 5 and node-postgres
// over the supporthub extension.  Every route is one call of a supporthub
// function, made as the user of the request's bearer token; the database
// decides everything (who may, what is valid, what it becomes).
import express from 'express';
import pg from 'pg';

// ---------------------------------------------------------------- helpers

// The error body of every failure: the SQLSTATE and PostgreSQL's message for
// people, with its DETAIL and HINT (docs/errors.md).
export function api_error(res, status, code, message, detail = null, hint = null) {
  return res.status(status).json({ code, message, detail, hint });
}

// The body of every success: a row, a value, or a page { data, next }.
export function api_response(res, status, body) {
  return status === 204 ? res.status(204).end() : res.status(status).json(body);
}

// Runs an async handler that returns [status, body] and sends it; errors go to
// the error middleware (Express 5 forwards a rejected promise by itself).
export function async_handler(fn) {
  return async (req, res) => {
    const [status, body] = await fn(req, res);
    api_response(res, status, body);
  };
}

// Serialization failures and deadlocks: the whole transaction runs again.
const RETRIED = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

async function with_retry(work) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!RETRIED.has(err.code) || attempt === ATTEMPTS) throw err;
    }
  }
}

// The access token of "Authorization: Bearer <token>", or null.
function bearer(req) {
  const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return m ? m[1] : null;
}

// SELECT * FROM supporthub.fn(a => $1, b => $2): only the arguments given, by name.
function call_sql(fn, args) {
  const names = Object.keys(args);
  const list = names.map((n, i) => `"${n}" => $${i + 1}`).join(', ');
  return [`SELECT * FROM supporthub.${fn}(${list})`, names.map((n) => args[n])];
}

// ----------------------------------------------------------------- routes

// [method, path, function, what it returns, arguments, status of success]
// Arguments: "name" is required (JSON null or absent is passed as NULL, and
// the function says "<name> must not be null"); "name?" has a default in
// SQL and is left out when absent (JSON null is passed: "unchanged").
// "name=:id" takes a path parameter.  Arguments come from the query string
// for GET and DELETE, from the JSON body otherwise.  "row" is one row,
// "list" every row as { data, next: null }, "page" a keyset page
// { data, next } (next: the id to pass as "after", null on the last page),
// "value" one value, "none" nothing (204).
export const ROUTES = [
  ['get', '/tenant/settings', 'get_tenant_settings', 'value', '', 200],
  ['patch', '/tenant/settings', 'update_tenant_settings', 'value', 'settings=:body', 200],

  ['post', '/users', 'create_user', 'row', 'name email role', 201],
  ['post', '/users/invite', 'invite_user', 'row', 'name email role', 201],
  ['get', '/users', 'get_users', 'page', 'role? after? page_size?', 200],
  ['get', '/users/:id', 'get_user_by_id', 'row', 'id=:id', 200],
  ['patch', '/users/:id', 'update_user', 'row', 'id=:id name? email? role? active?', 200],
  ['delete', '/users/:id', 'delete_user', 'row', 'id=:id', 200],

  ['post', '/categories', 'create_category', 'row', 'name description?', 201],
  ['get', '/categories', 'get_categories', 'list', '', 200],
  ['get', '/categories/:id', 'get_category_by_id', 'row', 'id=:id', 200],
  ['patch', '/categories/:id', 'update_category', 'row', 'id=:id name? description?', 200],
  ['delete', '/categories/:id', 'delete_category', 'row', 'id=:id', 200],

  ['post', '/escalation_types', 'create_escalation_type', 'row', 'label', 201],
  ['get', '/escalation_types', 'get_escalation_types', 'list', '', 200],
  ['get', '/escalation_types/:id', 'get_escalation_type_by_id', 'row', 'id=:id', 200],
  ['patch', '/escalation_types/:id', 'update_escalation_type', 'row', 'id=:id label', 200],
  ['delete', '/escalation_types/:id', 'delete_escalation_type', 'row', 'id=:id', 200],

  ['post', '/templates', 'create_template', 'row', 'category_id title body type', 201],
  ['get', '/templates', 'get_templates', 'list', 'category_id?', 200],
  ['get', '/templates/:id', 'get_template_by_id', 'row', 'id=:id', 200],
  ['patch', '/templates/:id', 'update_template', 'row', 'id=:id title? body? type?', 200],
  ['delete', '/templates/:id', 'delete_template', 'row', 'id=:id', 200],

  ['post', '/tickets', 'create_ticket', 'row', 'subject description category_id priority? customer_id?', 201],
  ['get', '/tickets', 'get_tickets', 'page',
    'status? priority? agent_id? customer_id? category_id? after? page_size?', 200],
  ['get', '/tickets/search', 'search_tickets', 'list', 'query status? tag? page_size?', 200],
  ['get', '/tickets/:id', 'get_ticket_by_id', 'row', 'id=:id', 200],
  ['get', '/tickets/number/:number', 'get_ticket_by_number', 'row', 'ticket_number=:number', 200],
  ['patch', '/tickets/:id', 'update_ticket', 'row', 'id=:id subject? description? category_id? priority?', 200],
  ['delete', '/tickets/:id', 'delete_ticket', 'row', 'id=:id', 200],
  ['post', '/tickets/:id/assign', 'assign_agent', 'row', 'ticket_id=:id agent_id', 200],
  ['post', '/tickets/:id/escalate', 'escalate', 'row', 'ticket_id=:id type_id reason?', 201],
  ['post', '/tickets/:id/status', 'set_ticket_status', 'row', 'ticket_id=:id status', 200],
  ['put', '/tickets/:id/tags', 'set_ticket_tags', 'row', 'ticket_id=:id tags', 200],
  ['put', '/tickets/:id/rating', 'rate_ticket', 'row', 'ticket_id=:id score comment?', 200],
  ['get', '/tickets/:id/rating', 'get_ticket_rating', 'row', 'ticket_id=:id', 200],

  ['post', '/tickets/:id/comments', 'add_comment', 'row', 'ticket_id=:id body internal? status?', 201],
  ['get', '/tickets/:id/comments', 'get_comments', 'page', 'ticket_id=:id after? page_size?', 200],
  ['patch', '/comments/:id', 'update_comment', 'row', 'id=:id body', 200],
  ['delete', '/comments/:id', 'delete_comment', 'row', 'id=:id', 200],

  ['post', '/tickets/:id/chats', 'start_chat', 'row', 'ticket_id=:id', 201],
  ['post', '/chats/:id/messages', 'post_chat_msg', 'row', 'chat_id=:id message', 201],
  ['get', '/chats/:id/messages', 'get_chat_msgs', 'page', 'chat_id=:id after? page_size?', 200],
  ['post', '/chats/:id/close', 'close_chat', 'row', 'chat_id=:id', 200],
  ['post', '/chats/:id/recordings', 'add_recording', 'row', 'chat_id=:id url', 201],
  ['get', '/tickets/:id/recordings', 'get_recordings', 'list', 'ticket_id=:id', 200],
  ['post', '/tickets/:id/communications', 'log_communication', 'row', 'ticket_id=:id type summary chat_id?', 201],
  ['get', '/tickets/:id/communications', 'get_communications', 'list', 'ticket_id=:id', 200],

  ['get', '/activities', 'get_recent_activities', 'page', 'ref_type? ref_id? after? page_size?', 200],
  ['post', '/auth/sign_out', 'sign_out', 'none', '', 204],
];

// The API's default page size (docs/api.md, Conventions): a page this full
// may have a next one.
const DEFAULT_PAGE_SIZE = 50;

// The named arguments of one request, from its path, query string or body.
function args_of(spec, req) {
  const input = req.method === 'GET' || req.method === 'DELETE' ? req.query : (req.body ?? {});
  const args = {};
  for (const word of spec.split(' ').filter(Boolean)) {
    const [name, from] = word.replace('?', '').split('=');
    if (from === ':body') args[name] = JSON.stringify(req.body ?? null);
    else if (from) args[name] = req.params[from.slice(1)];
    else if (input[name] !== undefined) args[name] = input[name];
    else if (!word.endsWith('?')) args[name] = null;
  }
  return args;
}

// One request's transaction: the actor from the token, the call, COMMIT.
// node-postgres waits for each answer: four round trips.  A client made with
// { pipeline: true } writes the four at once: one round trip, the same
// transaction (after an error, the COMMIT already sent ends it as ROLLBACK).
const ACT = 'SELECT supporthub.act_as_session($1)';

export async function as_session(pool, token, sql, params) {
  return with_retry(async () => {
    const client = await pool.connect();
    let broken;
    try {
      if (client.pipeline) {
        const done = await Promise.allSettled([client.query('BEGIN'), client.query(ACT, [token]),
          client.query(sql, params), client.query('COMMIT')]);
        if (done[3].status === 'rejected') broken = done[3].reason;
        const failed = done.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        return done[2].value.rows;
      }
      await client.query('BEGIN');
      await client.query(ACT, [token]);
      const { rows } = await client.query(sql, params);
      await client.query('COMMIT');
      return rows;
    } catch (err) {
      if (!client.pipeline) await client.query('ROLLBACK').catch((e) => { broken = e; });
      throw err;
    } finally {
      client.release(broken);
    }
  });
}

// The body of a successful call, by what the function returns.
function shape(kind, rows, args) {
  switch (kind) {
    case 'row': return rows[0];
    case 'value': return Object.values(rows[0])[0];
    case 'list': return { data: rows, next: null };
    case 'page': {
      const size = Number(args.page_size ?? DEFAULT_PAGE_SIZE);
      return { data: rows, next: rows.length === size ? rows[rows.length - 1].id : null };
    }
    default: return null;
  }
}

// The session's tokens from a procedure's OUT parameter (composite text).
async function tokens_of(pool, session) {
  const { rows } = await pool.query('SELECT (($1::text)::supporthub.session_tokens).*', [session]);
  return rows[0];
}

// ------------------------------------------------------------ application

// SQLSTATE → HTTP status, exactly as docs/errors.md maps them.
const STATUS = {
  PT401: 401, PT404: 404, PT409: 409, PT429: 429, 22023: 400, '22P02': 400,
  23505: 409, 23503: 409, 42501: 403, 25001: 400, 25006: 405, 40001: 503, '40P01': 503,
};

export function create_app(pool) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(express.json({ limit: '1mb' }));
  const api = express.Router();

  // Sign-up, sign-in, refresh and invitations need no actor: they hand the
  // tokens out.  sign_in and refresh_session are procedures: CALL on their own.
  const device = (req) => [req.get('user-agent') ?? null, req.ip ?? null];
  api.post('/auth/sign_up', async_handler(async (req) => {
    const { tenant_id = null, name = null, email = null, password = null } = req.body ?? {};
    const { rows } = await pool.query('SELECT * FROM supporthub.sign_up($1, $2, $3, $4, $5, $6)',
      [tenant_id, name, email, password, ...device(req)]);
    return [201, rows[0]];
  }));
  api.post('/auth/sign_in', async_handler(async (req) => {
    const { tenant_id = null, email = null, password = null } = req.body ?? {};
    const { rows } = await with_retry(() => pool.query('CALL supporthub.sign_in($1, $2, $3, $4, $5, NULL)',
      [tenant_id, email, password, ...device(req)]));
    return [200, await tokens_of(pool, rows[0].session)];
  }));
  api.post('/auth/refresh', async_handler(async (req) => {
    const { rows } = await with_retry(() => pool.query('CALL supporthub.refresh_session($1, NULL)',
      [req.body?.refresh_token ?? null]));
    return [200, await tokens_of(pool, rows[0].session)];
  }));
  api.post('/auth/accept_invitation', async_handler(async (req) => {
    const { token = null, password = null } = req.body ?? {};
    const { rows } = await pool.query('SELECT * FROM supporthub.accept_invitation($1, $2)', [token, password]);
    return [200, rows[0]];
  }));

  // Everything else: as the user of the bearer token.
  for (const [method, path, fn, kind, spec, status] of ROUTES) {
    api[method](path, async_handler(async (req, res) => {
      const token = bearer(req);
      if (!token) {
        res.set('WWW-Authenticate', 'Bearer');
        return [401, { code: 'PT401', message: 'Send Authorization: Bearer <access token>', detail: null, hint: null }];
      }
      const args = args_of(spec, req);
      const rows = await as_session(pool, token, ...call_sql(fn, args));
      return [status, shape(kind, rows, args)];
    }));
  }

  app.use('/v1/api', api);
  app.use((req, res) => api_error(res, 404, 'not_found', `No route ${req.method} ${req.path}`));

  // The one error middleware: SQLSTATE → HTTP status, the message passed through.
  app.use((err, req, res, next) => {
    if (err.type === 'entity.parse.failed') return api_error(res, 400, 'bad_json', 'The body is not valid JSON');
    const status = STATUS[err.code];
    if (!status) {
      console.error(err);                    // outside the contract: log it, do not leak it
      return api_error(res, 500, 'internal', 'Internal error');
    }
    if (status === 503) res.set('Retry-After', '1');
    if (status === 429) {
      const until = Date.parse(/at (\S+)\.$/.exec(err.detail ?? '')?.[1] ?? '');
      res.set('Retry-After', String(Number.isNaN(until) ? 60 : Math.max(1, Math.ceil((until - Date.now()) / 1000))));
    }
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    return api_error(res, status, err.code, err.message, err.detail ?? null, err.hint ?? null);
  });
  return app;
}

export function create_pool(options = {}) {
  return new pg.Pool(options);    // connectionString, or PGHOST, PGPORT, PGUSER, …; pipeline: true for one round trip
}
