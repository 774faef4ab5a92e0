// bench.js — round trips, requests per second and latency of one request
// (the actor, the call, the transaction), the plain way and pipelined.
// Given a superuser in the PG* variables, it makes database supporthub_bench
// with one ticket, then for each way: counts the client's writes that wait
// for an answer (round trips) over 2000 requests, one at a time, runs as_session alone from
// BENCH_CONNECTIONS loops, and loads server.js over HTTP with autocannon.
// One at a time also through a relay that adds a network round trip
// (BENCH_DELAY_MS, 1).  The ways alternate over BENCH_ROUNDS rounds; it
// prints the median of each.
//   node bench.js    (BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=10 PORT=54399)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import autocannon from 'autocannon';
import { as_session, create_pool } from './app.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORT = Number(process.env.PORT ?? 54399);
const DB = 'supporthub_bench';
const WEB = 'supporthub_bench_web';
const PASSWORD = process.env.PGPASSWORD ?? 'bench-password';

// A database with a tenant, a signed-in admin and a ticket.
async function setup() {
  const root = new pg.Client({ database: 'postgres' });
  await root.connect();
  await root.query(`DROP DATABASE IF EXISTS ${DB}`);
  await root.query(`CREATE DATABASE ${DB}`);
  await root.end();
  const db = new pg.Client({ database: DB });
  await db.connect();
  await db.query('CREATE EXTENSION supporthub CASCADE');
  await db.query(`DROP ROLE IF EXISTS ${WEB}`);
  await db.query(`CREATE ROLE ${WEB} LOGIN IN ROLE supporthub_authenticator PASSWORD '${PASSWORD.replaceAll("'", "''")}'`);
  const { rows: [t] } = await db.query("SELECT id FROM supporthub.create_tenant('Bench')");
  await db.query('BEGIN');
  await db.query('SELECT supporthub.act_as_tenant($1)', [t.id]);
  const { rows: [inv] } = await db.query("SELECT invitation_token FROM supporthub.invite_user('Ann', 'ann@bench.example', 'admin')");
  await db.query("SELECT supporthub.update_tenant_settings('{\"access_token_minutes\": 1440}')");
  await db.query('COMMIT');
  const { rows: [s] } = await db.query("SELECT access_token FROM supporthub.accept_invitation($1, 'bench password')", [inv.invitation_token]);
  await db.query('BEGIN');
  await db.query('SELECT supporthub.act_as_session($1)', [s.access_token]);
  const { rows: [cat] } = await db.query("SELECT id FROM supporthub.create_category('Billing')");
  const { rows: [cust] } = await db.query("SELECT id FROM supporthub.create_user('Cy', 'cy@bench.example', 'customer')");
  const { rows: [ticket] } = await db.query("SELECT id FROM supporthub.create_ticket('Bench', '', $1, 'low', $2)", [cat.id, cust.id]);
  await db.query('COMMIT');
  await db.end();
  return { token: s.access_token, ticket: ticket.id };
}

const pool_for = (pipeline, via) => create_pool({ database: DB, user: WEB, password: PASSWORD, max: CONNECTIONS, pipeline,
  ...(via && { host: '127.0.0.1', port: via }) });

// A TCP relay to PostgreSQL that holds every chunk DELAY_MS / 2 in each
// direction: a network round trip of DELAY_MS, as between two machines.
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 1);
async function delaying_relay() {
  const host = process.env.PGHOST ?? 'localhost';
  const target = host.startsWith('/') ? { path: `${host}/.s.PGSQL.${process.env.PGPORT ?? 5432}` }
    : { host, port: Number(process.env.PGPORT ?? 5432) };
  const relay = net.createServer((client) => {
    const server = net.connect(target);
    client.setNoDelay(true);                  // as node-postgres and PostgreSQL do: no Nagle delay
    if (!target.path) server.setNoDelay(true);
    const hold = (from, to) => from.on('data', (chunk) => setTimeout(() => to.write(chunk), DELAY_MS / 2));
    hold(client, server);
    hold(server, client);
    for (const [a, b] of [[client, server], [server, client]]) a.on('close', () => b.destroy()).on('error', () => b.destroy());
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return relay;
}

// Round trips: bursts of writes to the socket, each burst followed by a wait;
// and the mean time of one request, one after the other.
async function round_trips(pipeline, token, ticket, via) {
  const pool = pool_for(pipeline, via);
  let bursts = 0;
  pool.on('connect', (client) => {
    const stream = client.connection.stream;
    const write = stream.write.bind(stream);
    let open = false;
    stream.write = (...a) => {
      if (!open) { open = true; bursts++; setImmediate(() => { open = false; }); }
      return write(...a);
    };
  });
  for (let i = 0; i < (via ? 20 : 200); i++) await as_session(pool, token, 'SELECT * FROM supporthub.get_ticket_by_id($1)', [ticket]);   // warm up
  bursts = 0;
  const n = via ? 300 : 2000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await as_session(pool, token, 'SELECT * FROM supporthub.get_ticket_by_id($1)', [ticket]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / n;
  await pool.end();
  return [bursts / n, ms];
}

// One bare round trip through the relay (SELECT 1), to read the above by.
async function relay_round_trip(via) {
  const pool = pool_for(false, via);
  for (let i = 0; i < 20; i++) await pool.query('SELECT 1');
  const start = process.hrtime.bigint();
  for (let i = 0; i < 300; i++) await pool.query('SELECT 1');
  await pool.end();
  return Number(process.hrtime.bigint() - start) / 1e6 / 300;
}

// as_session alone, no HTTP: CONNECTIONS loops for SECONDS.
async function database_only(pipeline, token, ticket) {
  const pool = pool_for(pipeline);
  const end = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < end) {
      await as_session(pool, token, 'SELECT * FROM supporthub.get_ticket_by_id($1)', [ticket]);
      done++;
    }
  }));
  await pool.end();
  return done / SECONDS;
}

// server.js under autocannon: GET /v1/api/tickets/:id as the admin.
async function over_http(pipeline, token, ticket) {
  const server = spawn(process.execPath, ['server.js'], {
    cwd: new URL('.', import.meta.url).pathname,
    env: { ...process.env, PGDATABASE: DB, PGUSER: WEB, PGPASSWORD: PASSWORD, PORT: String(PORT),
      POOL_SIZE: String(CONNECTIONS), PG_PIPELINE: pipeline ? '1' : '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  const r = await autocannon({ url: `http://127.0.0.1:${PORT}/v1/api/tickets/${ticket}`, connections: CONNECTIONS,
    duration: SECONDS, headers: { authorization: `Bearer ${token}` } });
  server.kill('SIGTERM');
  if (r.non2xx) throw new Error(`${r.non2xx} answers were not 2xx`);
  return r;
}

const { token, ticket } = await setup();
const WAYS = [['plain: BEGIN; act_as_session; call; COMMIT, each awaited', false],
  ['pipelined: the same four written at once (pg `pipeline: true`)', true]];
const results = WAYS.map(() => ({ trips: [], ms: [], far: [], alone: [], rps: [], p50: [], p99: [] }));
const relay = await delaying_relay();
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [, pipeline]] of WAYS.entries()) {       // the ways alternate, round after round
    const r = results[i];
    const [trips, ms] = await round_trips(pipeline, token, ticket);
    r.trips.push(trips);
    r.ms.push(ms);
    r.far.push((await round_trips(pipeline, token, ticket, relay.address().port))[1]);
    r.alone.push(await database_only(pipeline, token, ticket));
    const http = await over_http(pipeline, token, ticket);
    r.rps.push(http.requests.average);
    r.p50.push(http.latency.p50);
    r.p99.push(http.latency.p99);
  }
}
// The median of the rounds, and their range.
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const range = (a, d = 0) => `${median(a).toFixed(d)} (${Math.min(...a).toFixed(d)}–${Math.max(...a).toFixed(d)})`;
const bare = await relay_round_trip(relay.address().port);
const pgVersion = JSON.parse(readFileSync(new URL('node_modules/pg/package.json', import.meta.url))).version;
console.log(`node ${process.version}, pg ${pgVersion}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per way, ` +
  'GET /v1/api/tickets/:id; median (min–max) of the rounds');
console.log(`Through the relay (${DELAY_MS} ms added per round trip), one SELECT 1 takes ${bare.toFixed(2)} ms.`);
console.log(`| way | round trips per request | one at a time, ms per request | the same through the relay | as_session alone, calls/s | HTTP req/s | HTTP latency p50 / p99, ms |`);
console.log('|---|---|---|---|---|---|---|');
for (const [i, [name]] of WAYS.entries()) {
  const r = results[i];
  console.log(`| ${name} | ${median(r.trips).toFixed(2)} | ${range(r.ms, 2)} | ${range(r.far, 2)} | ${range(r.alone)} | ${range(r.rps)} | ${median(r.p50)} / ${median(r.p99)} |`);
}
relay.close();
