// server.js — starts the supporthub REST API.  Connects as a member of
// supporthub_authenticator (DATABASE_URL, or the PG* variables) and listens
// on HOST:PORT (default 127.0.0.1:3000).
import { create_app, create_pool } from './app.js';

const pool = create_pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = create_app(pool).listen(port, host, () => {
  console.log(`supporthub API on http://${host}:${server.address().port}/v1/api`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => pool.end().then(() => process.exit(0))));
}
