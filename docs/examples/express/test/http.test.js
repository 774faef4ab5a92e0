// test/http.test.js — the REST API over real HTTP.  Given a superuser in the
// PG* variables (test/layers.sh runs it inside its throwaway cluster), it
// makes its own database and a login role of supporthub_authenticator,
// starts server.js on a loopback port as that role, drives a ticket's whole
// life with fetch as the users of two tenants, validates every response
// against openapi.json, checks that the routes and the document name the
// same operations, that openapi.json is what openapi.js builds from the
// routes and the database's row types, and stops the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { create_app } from '../app.js';
import { build_openapi } from '../openapi.js';

const DIR = fileURLToPath(new URL('..', import.meta.url));
const DB = 'supporthub_http';
const WEB = 'supporthub_http_web';
const PORT = Number(process.env.SUPPORTHUB_HTTP_PORT ?? 54398);
const BASE = `http://127.0.0.1:${PORT}/v1/api`;
const PASSWORD = process.env.PGPASSWORD ?? 'http-test-password';
const doc = JSON.parse(readFileSync(`${DIR}/openapi.json`, 'utf8'));

// Every response is validated against the operation's schema in the document.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');
const templates = Object.keys(doc.paths).map((p) => [p, new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`)]);
const exercised = new Set();
const esc = (s) => s.replaceAll('~', '~0').replaceAll('/', '~1');

async function call(method, path, { token, body } = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  const bare = path.split('?')[0];
  const [template] = templates.find(([, re]) => re.test(bare)) ?? [];
  const op = doc.paths[template]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${bare} is not in openapi.json`);
  exercised.add(`${method.toLowerCase()} ${template}`);
  let response = op.responses[res.status];
  assert.ok(response, `${method} ${template}: status ${res.status} is not documented (${text})`);
  if (response.$ref) response = doc.components.responses[response.$ref.split('/').pop()];
  if (!response.content) {
    assert.equal(text, '', `${method} ${template}: ${res.status} has no body in the document`);
  } else {
    const pointer = op.responses[res.status].$ref
      ? `openapi.json#/components/responses/${op.responses[res.status].$ref.split('/').pop()}/content/application~1json/schema`
      : `openapi.json#/paths/${esc(template)}/${method.toLowerCase()}/responses/${res.status}/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer);
    assert.ok(validate(json), `${method} ${template} ${res.status}: ${ajv.errorsText(validate.errors)} in ${text}`);
  }
  return { status: res.status, body: json, headers: res.headers };
}

let admin;          // a superuser client for the set-up
let built;          // the document openapi.js builds from this database
let server;         // the server's process
const ids = {};
const tok = {};

before(async () => {
  admin = new pg.Client({ database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  admin = new pg.Client({ database: DB });
  await admin.connect();
  await admin.query('CREATE EXTENSION supporthub CASCADE');
  built = await build_openapi(admin);
  await admin.query(`DROP ROLE IF EXISTS ${WEB}`);
  await admin.query(`CREATE ROLE ${WEB} LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_authenticator PASSWORD '${PASSWORD.replaceAll("'", "''")}'`);
  // Tenants and their first admins: platform work, not the web tier's
  // (docs/examples/express/README.md): create_tenant, then the tenant
  // invites its admin; the admin accepts over HTTP.
  for (const [tenant, name, email] of [['Acme', 'Alice Adams', 'alice@acme.example'], ['Globex', 'Gina Gray', 'gina@globex.example']]) {
    const { rows: [t] } = await admin.query('SELECT id FROM supporthub.create_tenant($1)', [tenant]);
    await admin.query('BEGIN');
    await admin.query('SELECT supporthub.act_as_tenant($1)', [t.id]);
    const { rows: [inv] } = await admin.query('SELECT invitation_token FROM supporthub.invite_user($1, $2, $3)', [name, email, 'admin']);
    await admin.query('COMMIT');
    ids[tenant] = t.id;
    ids[`${tenant}_invitation`] = inv.invitation_token;
  }
  server = spawn(process.execPath, ['server.js'], {
    cwd: DIR,
    env: { ...process.env, PGUSER: WEB, PGDATABASE: DB, PGPASSWORD: PASSWORD, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server.js exited with ${code}`)));
    server.stdout.on('data', (chunk) => { if (String(chunk).includes('supporthub API on')) resolve(); });
  });
});

after(async () => {
  if (server && server.exitCode === null) {
    server.removeAllListeners('exit');
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await admin?.end();
});

const auth = (who) => ({ token: tok[who] });

test('the first admins accept their invitations over HTTP', async () => {
  for (const [who, tenant] of [['alice', 'Acme'], ['gina', 'Globex']]) {
    const r = await call('POST', '/auth/accept_invitation', { body: { token: ids[`${tenant}_invitation`], password: 'correct horse battery' } });
    assert.equal(r.status, 200);
    tok[who] = r.body.access_token;
    ids[who] = r.body.user_id;
  }
});

test('a bad or missing token is 401', async () => {
  const bad = await call('GET', '/tickets', { token: 'not-a-token' });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.code, 'PT401');
  assert.equal(bad.body.message, 'Session expired or revoked');
  assert.equal(bad.headers.get('www-authenticate'), 'Bearer');
  assert.equal((await call('GET', '/tickets')).status, 401);
});

test('the admin sets the tenant up: settings, categories, escalation types, templates', async () => {
  assert.equal((await call('GET', '/tenant/settings', auth('alice'))).body.time_zone, 'UTC');
  const s = await call('PATCH', '/tenant/settings', { ...auth('alice'), body: { time_zone: 'europe/paris' } });
  assert.equal(s.body.time_zone, 'Europe/Paris');
  const c = await call('POST', '/categories', { ...auth('alice'), body: { name: 'Billing', description: 'Invoices' } });
  assert.equal(c.status, 201);
  ids.billing = c.body.id;
  const dup = await call('POST', '/categories', { ...auth('alice'), body: { name: ' billing ' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.code, '23505');
  assert.equal(dup.body.message, 'A category named "billing" already exists');
  ids.shipping = (await call('POST', '/categories', { ...auth('alice'), body: { name: 'Shipping' } })).body.id;
  assert.equal((await call('GET', '/categories', auth('alice'))).body.data.length, 2);
  // JSON null (or leaving a field out) means "unchanged"
  const u = await call('PATCH', `/categories/${ids.billing}`, { ...auth('alice'), body: { name: null, description: 'Invoices and refunds' } });
  assert.deepEqual([u.body.name, u.body.description], ['Billing', 'Invoices and refunds']);
  assert.equal((await call('GET', `/categories/${ids.billing}`, auth('alice'))).body.description, 'Invoices and refunds');
  const e = await call('POST', '/escalation_types', { ...auth('alice'), body: { label: 'Manager review' } });
  ids.review = e.body.id;
  ids.legal = (await call('POST', '/escalation_types', { ...auth('alice'), body: { label: 'Legal' } })).body.id;
  assert.equal((await call('PATCH', `/escalation_types/${ids.legal}`, { ...auth('alice'), body: { label: 'Legal team' } })).body.label, 'Legal team');
  assert.equal((await call('GET', `/escalation_types/${ids.review}`, auth('alice'))).body.label, 'Manager review');
  assert.equal((await call('GET', '/escalation_types', auth('alice'))).body.data.length, 2);
  assert.equal((await call('DELETE', `/escalation_types/${ids.legal}`, auth('alice'))).status, 200);
  const t = await call('POST', '/templates', { ...auth('alice'), body: { category_id: ids.billing, title: 'Refund issued', body: 'On its way.', type: 'email' } });
  ids.tpl = t.body.id;
  assert.equal((await call('PATCH', `/templates/${ids.tpl}`, { ...auth('alice'), body: { type: 'sms', title: null } })).body.type, 'sms');
  assert.equal((await call('GET', `/templates?category_id=${ids.billing}`, auth('alice'))).body.data.length, 1);
  assert.equal((await call('GET', `/templates/${ids.tpl}`, auth('alice'))).body.title, 'Refund issued');
  assert.equal((await call('DELETE', `/templates/${ids.tpl}`, auth('alice'))).body.id, ids.tpl);
});

test('the admin invites an agent, manages users; a customer signs up and in', async () => {
  const inv = await call('POST', '/users/invite', { ...auth('alice'), body: { name: 'Bob Baker', email: 'bob@acme.example', role: 'agent' } });
  assert.equal(inv.status, 201);
  const bob = await call('POST', '/auth/accept_invitation', { body: { token: inv.body.invitation_token, password: 'bob password 1' } });
  tok.bob = bob.body.access_token;
  ids.bob = bob.body.user_id;
  const dave = await call('POST', '/users', { ...auth('alice'), body: { name: 'Dave', email: 'dave@acme.example', role: 'customer' } });
  assert.equal(dave.status, 201);
  assert.equal((await call('PATCH', `/users/${dave.body.id}`, { ...auth('alice'), body: { name: 'Dave Day', email: null } })).body.email, 'dave@acme.example');
  assert.equal((await call('GET', `/users/${dave.body.id}`, auth('alice'))).body.name, 'Dave Day');
  assert.equal((await call('GET', '/users?role=agent', auth('alice'))).body.data[0].id, ids.bob);
  assert.equal((await call('DELETE', `/users/${dave.body.id}`, auth('alice'))).status, 200);
  const up = await call('POST', '/auth/sign_up', { body: { tenant_id: ids.Acme, name: 'Carol Clark', email: 'carol@example.com', password: 'carol password' } });
  assert.equal(up.status, 201);
  ids.carol = up.body.user_id;
  const again = await call('POST', '/auth/sign_up', { body: { tenant_id: ids.Acme, name: 'Carol', email: 'CAROL@example.com', password: 'carol password' } });
  assert.equal(again.status, 409);
  assert.equal(again.body.message, 'A user with the email "CAROL@example.com" already exists');
  const wrong = await call('POST', '/auth/sign_in', { body: { tenant_id: ids.Acme, email: 'carol@example.com', password: 'nope nope' } });
  assert.equal(wrong.status, 401);
  const inn = await call('POST', '/auth/sign_in', { body: { tenant_id: ids.Acme, email: 'carol@example.com', password: 'carol password' } });
  assert.equal(inn.status, 200);
  const fresh = await call('POST', '/auth/refresh', { body: { refresh_token: inn.body.refresh_token } });
  assert.equal(fresh.status, 200);
  assert.equal(fresh.body.session_id, inn.body.session_id);
  tok.carol = fresh.body.access_token;
  assert.equal((await call('GET', '/tickets', { token: inn.body.access_token })).status, 401, 'the old access token is rotated away');
});

test('a customer may not use admin routes: 403', async () => {
  const r = await call('POST', '/users', { ...auth('carol'), body: { name: 'Mallory', email: 'm@example.com', role: 'admin' } });
  assert.equal(r.status, 403);
  assert.equal(r.body.message, 'Only admins may manage users');
  assert.equal((await call('PATCH', '/tenant/settings', { ...auth('carol'), body: { self_sign_up: false } })).status, 403);
  assert.equal((await call('GET', '/templates', auth('carol'))).status, 403);
});

test("a ticket's life: create, read, update, assign, escalate, thread, chat, close", async () => {
  const t = await call('POST', '/tickets', { ...auth('carol'), body: { subject: 'Charged twice', description: 'My card was charged twice.', category_id: ids.billing } });
  assert.equal(t.status, 201);
  assert.equal(t.body.ticket_number, '1', 'a bigint arrives as a string');
  assert.equal(t.body.status, 'open');
  ids.ticket = t.body.id;
  assert.equal((await call('GET', `/tickets/${ids.ticket}`, auth('carol'))).body.subject, 'Charged twice');
  assert.equal((await call('GET', '/tickets/number/1', auth('carol'))).body.id, ids.ticket);
  const upd = await call('PATCH', `/tickets/${ids.ticket}`, { ...auth('bob'), body: { priority: 'low', subject: null } });
  assert.deepEqual([upd.body.priority, upd.body.subject], ['low', 'Charged twice']);
  assert.equal((await call('POST', `/tickets/${ids.ticket}/assign`, { ...auth('alice'), body: { agent_id: ids.bob } })).body.agent_id, ids.bob);
  const esc = await call('POST', `/tickets/${ids.ticket}/escalate`, { ...auth('carol'), body: { type_id: ids.review, reason: 'No refund yet' } });
  assert.equal(esc.status, 201);
  assert.equal((await call('GET', `/tickets/${ids.ticket}`, auth('bob'))).body.priority, 'medium');
  assert.equal((await call('POST', `/tickets/${ids.ticket}/status`, { ...auth('bob'), body: { status: 'pending' } })).body.status, 'pending');
  const tagged = await call('PUT', `/tickets/${ids.ticket}/tags`, { ...auth('bob'), body: { tags: [' Billing ', 'refund', 'billing'] } });
  assert.deepEqual(tagged.body.tags, ['billing', 'refund'], 'tags are trimmed, lower-cased and merged');
  assert.equal((await call('PUT', `/tickets/${ids.ticket}/tags`, { ...auth('carol'), body: { tags: ['mine'] } })).status, 403);
  const badTag = await call('PUT', `/tickets/${ids.ticket}/tags`, { ...auth('bob'), body: { tags: ['two words'] } });
  assert.deepEqual([badTag.status, badTag.body.code], [400, '22023']);
  const found = await call('GET', '/tickets/search?query=charged', auth('carol'));
  assert.deepEqual(found.body.data.map((h) => h.id), [ids.ticket]);
  assert.equal(typeof found.body.data[0].rank, 'number');
  assert.deepEqual((await call('GET', '/tickets/search?query=%231', auth('bob'))).body.data.map((h) => h.id), [ids.ticket], '#1 finds ticket 1');
  assert.equal((await call('GET', '/tickets/search?query=charged&tag=refund', auth('bob'))).body.data.length, 1);
  assert.deepEqual((await call('GET', '/tickets/search?query=charged', auth('gina'))).body.data, [], "another tenant's words find nothing");
  const bigPage = await call('GET', '/tickets/search?query=charged&page_size=101', auth('bob'));
  assert.deepEqual([bigPage.status, bigPage.body.code], [400, '22023']);
  const note = await call('POST', `/tickets/${ids.ticket}/comments`, { ...auth('bob'), body: { body: 'Checking with payments.', internal: true } });
  assert.equal(note.status, 201);
  const reply = await call('POST', `/tickets/${ids.ticket}/comments`, { ...auth('carol'), body: { body: 'Any news?' } });
  assert.equal((await call('GET', `/tickets/${ids.ticket}`, auth('carol'))).body.status, 'open', "the customer's reply reopens it");
  assert.deepEqual((await call('GET', `/tickets/${ids.ticket}/comments`, auth('carol'))).body.data.map((c) => c.id), [reply.body.id]);
  assert.equal((await call('GET', `/tickets/${ids.ticket}/comments`, auth('bob'))).body.data.length, 2);
  assert.equal((await call('PATCH', `/comments/${note.body.id}`, { ...auth('bob'), body: { body: 'Payments say: refunded.' } })).body.body, 'Payments say: refunded.');
  assert.equal((await call('PATCH', `/comments/${note.body.id}`, { ...auth('carol'), body: { body: 'x' } })).status, 404);
  assert.equal((await call('DELETE', `/comments/${note.body.id}`, auth('alice'))).status, 200);
  const chat = await call('POST', `/tickets/${ids.ticket}/chats`, auth('carol'));
  assert.equal(chat.status, 201);
  assert.equal(chat.body.assigned_agent_id, ids.bob);
  await call('POST', `/chats/${chat.body.id}/messages`, { ...auth('carol'), body: { message: 'Hello?' } });
  await call('POST', `/chats/${chat.body.id}/messages`, { ...auth('bob'), body: { message: 'Refunded today.' } });
  const msgs = await call('GET', `/chats/${chat.body.id}/messages?page_size=1`, auth('carol'));
  assert.equal(msgs.body.data[0].message, 'Refunded today.');
  assert.equal(msgs.body.next, msgs.body.data[0].id);
  assert.equal((await call('POST', `/chats/${chat.body.id}/recordings`, { ...auth('bob'), body: { url: 'https://rec.example.com/1.ogg' } })).status, 201);
  assert.equal((await call('POST', `/chats/${chat.body.id}/recordings`, { ...auth('carol'), body: { url: 'https://rec.example.com/2.ogg' } })).status, 403);
  assert.equal((await call('GET', `/tickets/${ids.ticket}/recordings`, auth('carol'))).body.data.length, 1);
  const comm = await call('POST', `/tickets/${ids.ticket}/communications`, { ...auth('bob'), body: { type: 'call', summary: 'Called back.', chat_id: chat.body.id } });
  assert.equal(comm.status, 201);
  assert.equal((await call('GET', `/tickets/${ids.ticket}/communications`, auth('carol'))).body.data[0].summary, 'Called back.');
  assert.ok((await call('POST', `/chats/${chat.body.id}/close`, auth('carol'))).body.closed_at);
  assert.equal((await call('POST', `/chats/${chat.body.id}/close`, auth('carol'))).status, 409);
  assert.equal((await call('POST', `/tickets/${ids.ticket}/status`, { ...auth('bob'), body: { status: 'resolved' } })).body.status, 'resolved');
  assert.equal((await call('GET', `/tickets/${ids.ticket}/rating`, auth('bob'))).status, 404, 'no rating yet');
  const rated = await call('PUT', `/tickets/${ids.ticket}/rating`, { ...auth('carol'), body: { score: 4 } });
  assert.deepEqual([rated.status, rated.body.score], [200, 4]);
  const rerated = await call('PUT', `/tickets/${ids.ticket}/rating`, { ...auth('carol'), body: { score: 5, comment: 'Quick refund' } });
  assert.deepEqual([rerated.body.id, rerated.body.score], [rated.body.id, 5], 'a second rating replaces the first');
  assert.equal((await call('PUT', `/tickets/${ids.ticket}/rating`, { ...auth('bob'), body: { score: 1 } })).status, 403, 'staff do not rate');
  const badScore = await call('PUT', `/tickets/${ids.ticket}/rating`, { ...auth('carol'), body: { score: 6 } });
  assert.deepEqual([badScore.status, badScore.body.code], [400, '22023']);
  assert.equal((await call('GET', `/tickets/${ids.ticket}/rating`, auth('bob'))).body.comment, 'Quick refund');
  assert.equal((await call('POST', `/tickets/${ids.ticket}/status`, { ...auth('carol'), body: { status: 'closed' } })).body.status, 'closed');
  const late = await call('PATCH', `/tickets/${ids.ticket}`, { ...auth('bob'), body: { subject: 'Too late' } });
  assert.equal(late.status, 409);
  assert.equal(late.body.message, 'Ticket 1 is closed');
  const feed = await call('GET', `/activities?ref_type=ticket&ref_id=${ids.ticket}`, auth('carol'));
  assert.deepEqual(feed.body.data.map((a) => a.action).reverse(), ['created', 'updated', 'assigned', 'escalated', 'updated', 'tagged', 'updated', 'resolved', 'closed']);
});

test("another tenant's ticket is 404", async () => {
  const r = await call('GET', `/tickets/${ids.ticket}`, auth('gina'));
  assert.equal(r.status, 404);
  assert.equal(r.body.message, 'Ticket not found');
  assert.equal((await call('GET', '/tickets/number/1', auth('gina'))).status, 404);
  assert.equal((await call('POST', `/tickets/${ids.ticket}/comments`, { ...auth('gina'), body: { body: 'hi' } })).status, 404);
  assert.deepEqual((await call('GET', '/tickets', auth('gina'))).body, { data: [], next: null });
});

test('lists page with next; bad values are 400; in use is 409; deletes', async () => {
  for (const subject of ['Two', 'Three', 'Four']) {
    await call('POST', '/tickets', { ...auth('bob'), body: { subject, description: '', category_id: ids.shipping, customer_id: ids.carol } });
  }
  const seen = [];
  let next = null;
  do {
    const page = await call('GET', `/tickets?page_size=3${next ? `&after=${next}` : ''}`, auth('carol'));
    seen.push(...page.body.data.map((t) => t.ticket_number));
    next = page.body.next;
  } while (next);
  assert.deepEqual(seen, ['4', '3', '2', '1']);
  assert.equal((await call('GET', `/tickets?category_id=${ids.shipping}&status=open`, auth('bob'))).body.data.length, 3);
  const badEnum = await call('GET', '/tickets?status=bogus', auth('bob'));
  assert.deepEqual([badEnum.status, badEnum.body.code], [400, '22P02']);
  const badSize = await call('GET', '/tickets?page_size=501', auth('bob'));
  assert.deepEqual([badSize.status, badSize.body.message], [400, 'page_size must be between 1 and 500']);
  const empty = await call('POST', '/tickets', { ...auth('carol'), body: { subject: ' ', description: '', category_id: ids.billing } });
  assert.deepEqual([empty.status, empty.body.message], [400, 'subject must not be empty']);
  const missing = await call('POST', '/tickets', { ...auth('carol'), body: { description: '', category_id: ids.billing } });
  assert.deepEqual([missing.status, missing.body.message], [400, 'subject must not be null']);
  const inUse = await call('DELETE', `/categories/${ids.shipping}`, auth('alice'));
  assert.deepEqual([inUse.status, inUse.body.code], [409, '23503']);
  const four = (await call('GET', '/tickets/number/4', auth('alice'))).body.id;
  assert.equal((await call('DELETE', `/tickets/${four}`, auth('bob'))).status, 403);
  assert.equal((await call('DELETE', `/tickets/${four}`, auth('alice'))).body.ticket_number, '4');
  const cat = await call('POST', '/categories', { ...auth('alice'), body: { name: 'Unused' } });
  assert.equal((await call('DELETE', `/categories/${cat.body.id}`, auth('alice'))).status, 200);
  assert.equal((await call('GET', '/activities?page_size=2', auth('alice'))).body.data.length, 2);
  const nowhere = await fetch(`${BASE}/nowhere`);
  assert.equal(nowhere.status, 404);
  assert.ok(ajv.getSchema('openapi.json#/components/schemas/Error')(await nowhere.json()));
});

test('sign-out ends the session', async () => {
  assert.equal((await call('POST', '/auth/sign_out', auth('carol'))).status, 204);
  assert.equal((await call('GET', '/tickets', auth('carol'))).status, 401);
});

test('openapi.json and the Express routes name the same operations, and the test used each', () => {
  const app = create_app(null);
  const routes = [];
  for (const layer of app.router.stack) {
    for (const inner of layer.handle?.stack ?? []) {
      if (!inner.route) continue;
      for (const method of Object.keys(inner.route.methods)) {
        routes.push(`${method} ${inner.route.path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  assert.deepEqual([...routes].sort(), [...documented].sort());
  assert.deepEqual(documented.filter((o) => !exercised.has(o)), [], 'operations no test called');
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) assert.ok(op.operationId, `${m} ${p} has an operationId`);
  }
});

test('openapi.json is what openapi.js builds from the routes and the row types', () => {
  assert.deepEqual(doc, JSON.parse(JSON.stringify(built)),
    'openapi.json is out of date: node openapi.js > openapi.json (docs/examples/express/README.md)');
});
