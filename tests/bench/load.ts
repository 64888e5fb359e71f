/**
 * Load benchmark: serves the build with `npm start`'s server and with nginx (deploy/nginx.conf)
 * on 127.0.0.1 and runs autocannon against each, for the lead article's HTML, a JSON document
 * and a hashed asset. Bounded: a fixed number of connections for a fixed time per URL. Prints
 * one JSON line per server and URL (requests per second, p50 and p99 latency, errors, non-2xx)
 * and writes them to bench-results/load.jsonl. Target: no errors and no non-2xx answers.
 *
 * A benchmark, not a test: slow numbers never fail it; errors and non-2xx answers do.
 *
 *   npx tsx tests/bench/load.ts [--build] [--seconds N] [--connections N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ASSETS_PREFIX } from '../../src/lib/site-files';
import { nginxBinary, prepareNginx } from '../support/nginx';
import { createCleanups, freePort, runBuild, sleep, startServer } from './support';

const DIST_DIR = resolve(process.env.DIST_DIR ?? 'dist');
const OUT_FILE = resolve('bench-results/load.jsonl');
const log = (...args: unknown[]): void => console.error('[bench:load]', ...args);
const { cleanups, runMain } = createCleanups(log);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      build: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
    },
    strict: true,
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(seconds > 0 && seconds <= 120)) throw new Error('--seconds must be 1 to 120');
  if (!(connections > 0 && connections <= 500)) throw new Error('--connections must be 1 to 500');
  return { build: values.build, seconds, connections };
}

/** The URLs under load: the lead article's page, its JSON, and the app's hashed entry. */
function targets(): { name: string; path: string }[] {
  const edition = JSON.parse(readFileSync(join(DIST_DIR, 'content/edition/1.json'), 'utf8')) as {
    lead: { slug: string };
  };
  const slug = edition.lead.slug;
  const html = readFileSync(join(DIST_DIR, 'articles', slug, 'index.html'), 'utf8');
  const asset = new RegExp(`"(${ASSETS_PREFIX}[^"]+\\.js)"`).exec(html)?.[1];
  if (!asset) throw new Error('The article names no hashed asset');
  return [
    { name: 'article html', path: `/articles/${slug}` },
    { name: 'article json', path: `/content/articles/${slug}.json` },
    { name: 'hashed asset', path: asset },
  ];
}

async function startNginx(): Promise<string> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const port = await freePort();
  const setup = prepareNginx(DIST_DIR, port);
  cleanups.files.add(() => rmSync(setup.prefix, { recursive: true, force: true }));
  const server: ChildProcess = spawn(binary, setup.args, { stdio: ['ignore', 2, 2] });
  cleanups.processes.add(() => server.kill('SIGQUIT'));
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 50; tries++) {
    const ok = await fetch(`${origin}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return origin;
    await sleep(100);
  }
  throw new Error('nginx did not answer');
}

async function load(url: string, seconds: number, connections: number) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    // As a browser asks: compressed where the server compresses.
    headers: { 'accept-encoding': 'gzip' },
  });
  return {
    requests_per_second: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non_2xx: result.non2xx,
  };
}

async function main(): Promise<number> {
  const { build, seconds, connections } = parseOptions();
  if (build) await runBuild();
  const servers = [
    {
      name: 'npm start',
      origin: await startServer({
        distDir: DIST_DIR,
        readyPath: '/',
        onCleanup: (stop) => cleanups.processes.add(stop),
        log,
      }),
    },
    { name: 'nginx', origin: await startNginx() },
  ];
  const lines: string[] = [];
  let failed = false;
  for (const server of servers) {
    for (const target of targets()) {
      log(`${server.name}: ${target.name} for ${seconds} s, ${connections} connections`);
      const figures = await load(server.origin + target.path, seconds, connections);
      if (figures.errors || figures.timeouts || figures.non_2xx) failed = true;
      lines.push(
        JSON.stringify({ server: server.name, url: target.name, connections, seconds, ...figures }),
      );
      process.stdout.write(`${lines.at(-1)}\n`);
    }
  }
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, lines.map((line) => `${line}\n`).join(''));
  log(`wrote ${OUT_FILE}`);
  if (failed) log('errors or non-2xx answers under load');
  return failed ? 1 : 0;
}

await runMain(main);
