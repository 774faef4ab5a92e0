// server.js — starts the supporthub REST API.  Connects as a member of
// supporthub_authenticator (DATABASE_URL, or the PG* variables) and listens
// on HOST:PORT (default 127.0.0.1:3000); PG_PIPELINE=1 pipelines each
// request's transaction (app.js, as_session).
import { create_app, create_pool } from './app.js';

const pool = create_pool({
  connectionString: process.env.DATABASE_URL || undefined,
  max: Number(process.env.POOL_SIZE ?? 10),
  pipeline: process.env.PG_PIPELINE === '1',    // one round trip per request instead of four
});
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = create_app(pool).listen(port, host, () => {
  console.log(`supporthub API on http://${host}:${server.address().port}/v1/api`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => pool.end().then(() => process.exit(0))));
}
