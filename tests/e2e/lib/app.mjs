// The real asbcase binary on a free port with a fresh SQLite demo database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../..');

export function binary() {
  return process.env.ASBCASE_BIN ?? join(resolve(repo, process.env.CARGO_TARGET_DIR ?? 'target'), 'debug/asbcase');
}

/**
 * Start `asbcase demo` and wait until it serves; `args` are added to its command line.
 * Resolves to { base, password, logins: { 'Case officer': { email, name, organisation }, ... },
 * outbox, stop() }.
 */
export async function startApp({ cases = 150, seed = 2026, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'asbcase-e2e-'));
  const child = spawn(
    binary(),
    ['demo', '--database-url', `sqlite://${join(dir, 'demo.db')}`, '--cases', String(cases), '--seed', String(seed), '--addr', '127.0.0.1:0',
      '--outbox-dir', join(dir, 'outbox'),
      // One browser signs in, and sends reports, far more often than any person would.
      '--limit-sign-in-per-minute', '100000', '--limit-public-per-hour', '100000', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASBCASE_LOG: 'warn' } },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`asbcase did not start within 60 s:\n${out}\n${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/asbcase is running at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`asbcase exited with ${code}:\n${out}\n${err}`)); });
  });
  const base = await ready;
  const password = out.match(/Sign in with the password (\S+) as:/)[1];
  const logins = {};
  for (const line of out.split('\n')) {
    const m = line.match(/^  (Case officer|Team manager|Partner officer|Analyst|Administrator)\s+(\S+@\S+)\s+\((.+?), (.+)\)$/);
    if (m && !logins[m[1]]) logins[m[1]] = { email: m[2], name: m[3], organisation: m[4] };
  }
  return {
    base,
    password,
    logins,
    /** Where the app writes messages to residents, one file each. */
    outbox: join(dir, 'outbox'),
    async stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('close', ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
