/**
 * What the benchmarks share: the Chromium they run (which the e2e tests use too, through
 * playwright.config.ts), the build, and the production server on a free local port.
 *
 * No side effects on import: playwright.config.ts imports this for the flags alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Headless, and without the background traffic and first-run work that would skew timings. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CI and these machines cannot download Playwright's browser; they have Debian's Chromium. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

const SERVER_READY_TIMEOUT_MS = 30_000;

export type Cleanup = () => void;

/** `path` if a Chromium is installed there; undefined means "use the launcher's own browser". */
export function systemChromium(path: string = DEBIAN_CHROMIUM): string | undefined {
  return existsSync(path) ? path : undefined;
}

export function runBuild(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    // Child output goes to our stderr: stdout is reserved for the result lines.
    const child = spawn('npm', ['run', 'build'], { stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolveBuild() : reject(new Error(`npm run build failed (${signal ?? code})`)),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolvePort(port) : reject(new Error('No free port'))));
    });
  });
}

export interface ServerOptions {
  /** What to serve: the server's DIST_DIR. */
  distDir: string;
  /** Polled until it answers 2xx; the page the bench needs, so "ready" means ready for it. */
  readyPath: string;
  /** Takes the server's stop, for the caller's own cleanups (which also run on a signal). */
  onCleanup: (cleanup: Cleanup) => void;
  log: (...args: unknown[]) => void;
}

/** Starts `src/server/serve.ts` on 127.0.0.1 and resolves with its origin once it answers. */
export async function startServer(options: ServerOptions): Promise<string> {
  const { distDir, readyPath, onCleanup, log } = options;
  const port = await freePort();
  // Own process group, so killing the group also ends the node process that npx/tsx spawn.
  const server: ChildProcess = spawn('npx', ['tsx', 'src/server/serve.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DIST_DIR: distDir },
    stdio: ['ignore', 2, 2],
    detached: true,
  });
  let exited = false;
  server.on('exit', () => (exited = true));
  server.on('error', (error) => log('server error:', error));
  onCleanup(() => {
    if (!exited && server.pid) process.kill(-server.pid, 'SIGTERM');
  });

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error('The server exited before it answered');
    try {
      const response = await fetch(origin + readyPath, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return origin;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`The server did not answer within ${SERVER_READY_TIMEOUT_MS} ms`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * A bench's cleanup registry. Synchronous, so the same cleanups run from a `finally` and from a
 * signal handler (which exits right after). Processes are stopped before files are removed:
 * under `npx tsx`, Ctrl-C makes tsx hard-kill the script about 60 ms later if it is still busy,
 * and an orphaned server or browser is the worse leak.
 */
export function createCleanups(log: (...args: unknown[]) => void) {
  const cleanups = { processes: new Set<Cleanup>(), files: new Set<Cleanup>() };
  const runCleanups = (): void => {
    for (const set of [cleanups.processes, cleanups.files]) {
      for (const cleanup of [...set]) {
        set.delete(cleanup);
        try {
          cleanup();
        } catch (error) {
          log('cleanup failed:', error);
        }
      }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}, cleaning up`);
      runCleanups();
      process.exit(130);
    });
  }
  /** Runs a bench's main: its exit code, or 1 and the reason if it could not run; then cleans up. */
  const runMain = async (main: () => Promise<number>): Promise<void> => {
    try {
      process.exitCode = await main();
    } catch (error) {
      log('could not run:', error instanceof Error ? error.message : error);
      process.exitCode = 1;
    } finally {
      runCleanups();
    }
  };
  return { cleanups, runCleanups, runMain };
}
