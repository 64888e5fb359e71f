/**
 * A build of the site of its own and `npm start`'s server on it, for the specs and benches that
 * need an edition or a version of their own (ingest, pictures, update, the lead-picture bench).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * `npm run build` of the project in `cwd`, with `env` saying where from and where to
 * (`DISPATCH_CONTENT_DIR`, `DISPATCH_DIST_DIR`, `DISPATCH_PICTURE_CACHE`), and `args` after
 * (`--clean`). Resolves with what it printed: its warnings, and at `logLevel` `info` its steps.
 */
export async function buildSite(
  env: NodeJS.ProcessEnv,
  {
    cwd = ROOT,
    args = [],
    logLevel = 'warn',
  }: { cwd?: string; args?: string[]; logLevel?: 'warn' | 'info' } = {},
): Promise<string> {
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/build/cli.ts'), '--log-level', logLevel, ...args],
    { cwd, env, maxBuffer: 16 * 1024 * 1024 },
  );
  return `${stdout}${stderr}`;
}

/** Resolves once `url` answers 200; rejects, naming it, after `timeout` ms. */
export async function untilAnswers(url: string, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer 200 within ${timeout} ms (last: ${status})`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** `npm start`'s server for `distDir` on `port`, once its front page answers. */
export async function serveSite(
  distDir: string,
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/serve.ts')], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), DIST_DIR: distDir },
    stdio: 'ignore',
  });
  try {
    await untilAnswers(`http://127.0.0.1:${port}/`);
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}
