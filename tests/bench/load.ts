/**
 * Load benchmark: serves the build (`DIST_DIR`, default `dist/`) with `npm start`'s server and
 * with nginx (deploy/nginx.conf) on 127.0.0.1 and runs autocannon against each, for the lead
 * article's page, its JSON, the largest script of the first load (the hashed asset: React's
 * chunk) and the first load's stylesheet, each asked for as gzip alone and as a browser asks
 * (`gzip, deflate, br, zstd`). Bounded: a fixed number of connections for a fixed time per URL.
 * Prints each URL's file, its size and its copies' sizes, then one JSON line per server, URL and
 * encoding (the bytes sent and how, requests per second, p50 and p99 latency, errors, non-2xx,
 * and the cores the server and the client kept busy: autocannon reads every body into a string,
 * so a large one can make the client the bottleneck), and writes them to
 * bench-results/load.jsonl; then each server's requests per second for the asset against the
 * JSON's (the target: within a factor of 3), and the server's CPU per answer for each, which
 * holds where the client set the pace. Target: no errors and no non-2xx answers.
 *
 * A benchmark, not a test: slow numbers never fail it; errors and non-2xx answers do.
 *
 *   npx tsx tests/bench/load.ts [--build] [--seconds N] [--connections N] [--encodings gzip,br]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ASSETS_PREFIX } from '../../src/lib/site-files';
import { nginxBinary, prepareNginx } from '../support/nginx';
import { createCleanups, freePort, runBuild, sleep } from './support';

const DIST_DIR = resolve(process.env.DIST_DIR ?? 'dist');
const OUT_FILE = resolve(process.env.BENCH_OUT ?? 'bench-results/load.jsonl');
const log = (...args: unknown[]): void => console.error('[bench:load]', ...args);
const { cleanups, runMain } = createCleanups(log);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      build: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
      encodings: { type: 'string', default: 'gzip,br' },
    },
    strict: true,
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(seconds > 0 && seconds <= 120)) throw new Error('--seconds must be 1 to 120');
  if (!(connections > 0 && connections <= 500)) throw new Error('--connections must be 1 to 500');
  const encodings = values.encodings.split(',').map((name) => {
    const accept = ACCEPT[name];
    if (!accept)
      throw new Error(`--encodings: ${name} is none of ${Object.keys(ACCEPT).join(', ')}`);
    return { name, accept };
  });
  return { build: values.build, seconds, connections, encodings };
}

/** What each pass asks for: gzip alone (the figures before #34), and what a browser sends. */
const ACCEPT: Record<string, string> = {
  gzip: 'gzip',
  br: 'gzip, deflate, br, zstd',
  identity: 'identity',
};

interface Target {
  name: string;
  path: string;
  /** The file that answers, in the build's folder. */
  file: string;
}

/**
 * The URLs under load: the lead article's page and its JSON; the largest script of the first
 * load (the entry its bootstrap script names and everything that imports, by Vite's manifest),
 * which is the hashed asset of the figures before; and the first load's stylesheet.
 */
function targets(): Target[] {
  const edition = JSON.parse(readFileSync(join(DIST_DIR, 'content/edition/1.json'), 'utf8')) as {
    lead: { slug: string };
  };
  const slug = edition.lead.slug;
  const page = `articles/${slug}/index.html`;
  const html = readFileSync(join(DIST_DIR, page), 'utf8');
  const entry = new RegExp(`var e="${ASSETS_PREFIX}([^"]+\\.js)"`).exec(html)?.[1];
  if (!entry) throw new Error('The article’s bootstrap script names no entry');
  const manifest = JSON.parse(
    readFileSync(join(DIST_DIR, '.vite/manifest.json'), 'utf8'),
  ) as Record<string, { file: string; css?: string[]; imports?: string[] }>;
  const byFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));
  const scripts = new Set<string>();
  const stylesheets = new Set<string>();
  const visit = (file: string) => {
    if (scripts.has(file)) return;
    scripts.add(file);
    for (const css of byFile.get(file)?.css ?? []) stylesheets.add(css);
    for (const key of byFile.get(file)?.imports ?? []) visit(manifest[key]!.file);
  };
  visit(`${ASSETS_PREFIX.slice(1)}${entry}`);
  const largest = (files: Set<string>) =>
    [...files].sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1))[0];
  const chunk = largest(scripts);
  const stylesheet = largest(stylesheets);
  if (!chunk) throw new Error('The first load has no script');
  return [
    { name: 'article html', path: `/articles/${slug}`, file: page },
    {
      name: 'article json',
      path: `/content/articles/${slug}.json`,
      file: `content/articles/${slug}.json`,
    },
    { name: 'largest first-load chunk', path: `/${chunk}`, file: chunk },
    ...(stylesheet ? [{ name: 'stylesheet', path: `/${stylesheet}`, file: stylesheet }] : []),
  ];
}

const size = (file: string) => statSync(join(DIST_DIR, file)).size;
/** A file's size, and its copies' where the build wrote them (none before #34). */
function sizes(file: string) {
  const copy = (suffix: string) =>
    existsSync(join(DIST_DIR, `${file}${suffix}`)) ? size(`${file}${suffix}`) : null;
  return { bytes: size(file), br: copy('.br'), gzip: copy('.gz') };
}

/** What one request for the URL is sent: the coding, and the body's bytes as they came. */
function sent(url: string, accept: string): Promise<{ encoding: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': accept }, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        resolve({ encoding: String(res.headers['content-encoding'] ?? 'identity'), bytes }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Served {
  origin: string;
  /** The server's process: its CPU, with its children's (nginx's workers), is measured. */
  pid: number;
}

/** Resolves once `origin` answers, or throws, naming the server. */
async function answering(origin: string, name: string): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    const ok = await fetch(`${origin}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${name} did not answer`);
}

/** `npm start`'s server (src/server/serve.ts) as one process, so its CPU can be read. */
async function startNode(): Promise<Served> {
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/serve.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DIST_DIR },
    stdio: ['ignore', 2, 2],
  });
  cleanups.processes.add(() => server.kill('SIGTERM'));
  const origin = `http://127.0.0.1:${port}`;
  await answering(origin, 'npm start’s server');
  return { origin, pid: server.pid! };
}

async function startNginx(): Promise<Served> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const port = await freePort();
  const setup = prepareNginx(DIST_DIR, port);
  cleanups.files.add(() => rmSync(setup.prefix, { recursive: true, force: true }));
  const server: ChildProcess = spawn(binary, setup.args, { stdio: ['ignore', 2, 2] });
  cleanups.processes.add(() => server.kill('SIGQUIT'));
  const origin = `http://127.0.0.1:${port}`;
  await answering(origin, 'nginx');
  return { origin, pid: server.pid! };
}

/**
 * CPU seconds a process and its descendants have used so far, from Linux's /proc (null
 * elsewhere). With the load client's own, it says which side a figure measures: a server far
 * from a core while autocannon uses all of one is waiting for the client.
 */
function cpuSeconds(root: number): number | null {
  try {
    const processes = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          // After the command's closing parenthesis: state, ppid, …, utime (12th), stime.
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return [
            {
              pid: Number(pid),
              ppid: Number(fields[1]),
              ticks: Number(fields[11]) + Number(fields[12]),
            },
          ];
        } catch {
          return [];
        }
      });
    const children = new Map<number, number[]>();
    for (const { pid, ppid } of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const ticks = new Map(processes.map(({ pid, ticks }) => [pid, ticks]));
    let total = 0;
    for (const stack = [root]; stack.length > 0;) {
      const pid = stack.pop()!;
      total += ticks.get(pid) ?? 0;
      stack.push(...(children.get(pid) ?? []));
    }
    // Linux counts in USER_HZ, 100 a second.
    return total / 100;
  } catch {
    return null;
  }
}

async function load(url: string, seconds: number, connections: number, accept: string) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': accept },
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
  const { build, seconds, connections, encodings } = parseOptions();
  if (build) await runBuild();
  const urls = targets();
  for (const target of urls) {
    log(`${target.name}: ${target.path}, ${JSON.stringify(sizes(target.file))}`);
  }
  const servers = [
    { name: 'npm start', ...(await startNode()) },
    { name: 'nginx', ...(await startNginx()) },
  ];
  const lines: string[] = [];
  const rates = new Map<string, number>();
  const costs = new Map<string, number | null>();
  let failed = false;
  for (const server of servers) {
    for (const encoding of encodings) {
      for (const target of urls) {
        const url = server.origin + target.path;
        log(
          `${server.name}: ${target.name}, ${encoding.accept}, for ${seconds} s, ${connections} connections`,
        );
        const answer = await sent(url, encoding.accept);
        const [serverBefore, clientBefore, started] = [
          cpuSeconds(server.pid),
          process.cpuUsage(),
          performance.now(),
        ];
        const figures = await load(url, seconds, connections, encoding.accept);
        const wall = (performance.now() - started) / 1000;
        const serverAfter = cpuSeconds(server.pid);
        const client = process.cpuUsage(clientBefore);
        // Cores each side kept busy: a figure is the server's only where the client had room.
        const serverSeconds =
          serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore;
        const cpu = {
          server: serverSeconds === null ? null : Number((serverSeconds / wall).toFixed(2)),
          client: Number(((client.user + client.system) / 1e6 / wall).toFixed(2)),
          // What an answer costs the server, whichever side set the pace.
          perRequest:
            serverSeconds === null || figures.requests === 0
              ? null
              : Number(((serverSeconds * 1000) / figures.requests).toFixed(3)),
        };
        if (figures.errors || figures.timeouts || figures.non_2xx) failed = true;
        rates.set(`${server.name} ${encoding.name} ${target.name}`, figures.requests_per_second);
        costs.set(`${server.name} ${encoding.name} ${target.name}`, cpu.perRequest);
        lines.push(
          JSON.stringify({
            server: server.name,
            url: target.name,
            path: target.path,
            accept_encoding: encoding.accept,
            content_encoding: answer.encoding,
            bytes_sent: answer.bytes,
            file_bytes: size(target.file),
            connections,
            seconds,
            ...figures,
            server_cpu_cores: cpu.server,
            client_cpu_cores: cpu.client,
            server_cpu_ms_per_request: cpu.perRequest,
          }),
        );
        process.stdout.write(`${lines.at(-1)}\n`);
      }
    }
  }
  // The target: the asset within a factor of 3 of the JSON document's requests per second.
  for (const server of servers) {
    for (const encoding of encodings) {
      const rate = (name: string) => rates.get(`${server.name} ${encoding.name} ${name}`) ?? 0;
      const cost = (name: string) => costs.get(`${server.name} ${encoding.name} ${name}`) ?? null;
      const ratio = rate('article json') / Math.max(1, rate('largest first-load chunk'));
      const [chunk, json] = [cost('largest first-load chunk'), cost('article json')];
      log(
        `${server.name}, ${encoding.accept}: the largest first-load chunk at ${rate('largest first-load chunk')} requests/s, the JSON at ${rate('article json')}: ${ratio.toFixed(1)}× (target 3× at most)` +
          (chunk !== null && json !== null
            ? `; the server's CPU per answer ${chunk} ms against ${json} ms: ${(chunk / json).toFixed(1)}×`
            : ''),
      );
    }
  }
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, lines.map((line) => `${line}\n`).join(''));
  log(`wrote ${OUT_FILE}`);
  if (failed) log('errors or non-2xx answers under load');
  return failed ? 1 : 0;
}

await runMain(main);
