/**
 * Performance benchmark: builds the site, serves it, and runs Lighthouse (mobile) several times
 * against the front page, the lead article, its quote gallery, and two no-JS copies of that
 * article: `static` (no scripts) and `bare` (no scripts, no icon or manifest link: the lower
 * bound). Each page is measured under both of Lighthouse's throttling methods: `simulate` (an
 * unthrottled load, then a simulation of a slow phone) and `devtools` (real CPU and network
 * throttling, a check that a result is not an artefact of the simulator). Prints one JSON line
 * of medians per page and method to stdout, and writes them to bench-results/lighthouse.jsonl.
 * Each line of the app's pages also gives the first load's bytes as the server sends them to a
 * request for brotli, for gzip and for neither (`first_load_bytes`): the document, and the entry
 * its bootstrap script names with everything it imports, scripts and stylesheets (what
 * budget.spec.ts counts).
 *
 * A benchmark, not a test: low scores never fail it; only a failure to measure does.
 *
 *   npx tsx tests/bench/lighthouse.ts [--no-build] [--runs N] [--throttling simulate|devtools|both]
 *   (BENCH_RUNS=N works too; 5 runs and both methods by default).
 *   DIST_DIR=/some/dist npx tsx tests/bench/lighthouse.ts --no-build
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import type { Artifacts, Flags, Result } from 'lighthouse';
import { LanternInteractive } from 'lighthouse/core/computed/metrics/lantern-interactive.js';
import { compressCopies } from '../../src/build/precompress';
import { chosenWidth, shownWidth } from '../../src/lib/pictures';
import { PRECOMPRESSED } from '../../src/server/site-rules';
import {
  CHROMIUM_FLAGS,
  runBuild,
  sleep,
  startServer,
  systemChromium,
  type Cleanup,
  createCleanups,
} from './support';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];

const OUT_FILE = resolve(process.env.BENCH_OUT ?? 'bench-results/lighthouse.jsonl');

interface PageSpec {
  name: 'front' | 'article' | 'quotes' | 'static' | 'bare' | 'bare-picture';
  path: string;
}

/** What one Lighthouse run yields; null where Lighthouse could not compute a value. */
interface RunMetrics {
  scores: Record<Category, number | null>;
  fcp: number | null;
  lcp: number | null;
  tbt: number | null;
  cls: number | null;
  tti: number | null;
  bytes: { js: number; css: number; html: number; total: number };
  /** Requests other than the document (and `data:` URLs) that started before the observed LCP. */
  requestsBeforeLcp: number | null;
  /** The longest main-thread task Lighthouse saw (simulated duration under `simulate`). */
  longestTask: number | null;
  /** Under `simulate`: the tasks that held TTI back, past LCP (see `ttiTasks`). */
  ttiTasks: string[] | null;
}

const log = (...args: unknown[]): void => console.error('[bench]', ...args);

// --- cleanup ------------------------------------------------------------------------------------

const { cleanups, runMain } = createCleanups(log);

// --- options ------------------------------------------------------------------------------------

type Throttling = 'simulate' | 'devtools';

function parseOptions(): {
  build: boolean;
  runs: number;
  distDir: string;
  methods: Throttling[];
} {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      throttling: { type: 'string', default: 'both' },
    },
    strict: true,
  });
  const throttling = values.throttling;
  if (throttling !== 'simulate' && throttling !== 'devtools' && throttling !== 'both') {
    throw new Error(`Invalid throttling method: ${throttling} (simulate, devtools or both)`);
  }
  const rawRuns = values.runs ?? process.env.BENCH_RUNS ?? '5';
  const runs = Number(rawRuns);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Invalid run count: ${rawRuns}`);
  return {
    build: !values['no-build'],
    runs,
    distDir: resolve(process.env.DIST_DIR ?? 'dist'),
    methods: throttling === 'both' ? ['simulate', 'devtools'] : [throttling],
  };
}

// --- static page --------------------------------------------------------------------------------

/**
 * Writes one of the bench's own pages with the copies the build gives every page
 * (build/precompress.ts). The servers send those copies and compress nothing on the fly: a
 * page without them is sent whole, three times its size, and is no baseline for the build's.
 */
async function writeBenchPage(file: string, html: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  const copies = await compressCopies(Buffer.from(html));
  for (const { coding, suffix } of PRECOMPRESSED) {
    const copy = copies[coding];
    if (copy) writeFileSync(`${file}${suffix}`, copy);
  }
}

/**
 * The lead article with every script removed: what the page costs with zero JavaScript
 * (`static`); and the same without the icon and manifest links either (`bare`), the true lower
 * bound: a page that asks for nothing but itself. Where the lead article opens with a lead
 * picture, `bare-picture` shows only that picture's file, at the size the article shows it.
 */
async function writeStaticArticle(distDir: string): Promise<string> {
  const edition: unknown = JSON.parse(
    readFileSync(join(distDir, 'content/edition/1.json'), 'utf8'),
  );
  const leadStory = isRecord(edition) ? edition.lead : undefined;
  const lead = isRecord(leadStory) ? leadStory.slug : undefined;
  if (typeof lead !== 'string' || lead === '') {
    throw new Error('edition/1.json has no lead story slug');
  }

  const articleHtml = join(distDir, 'articles', lead, 'index.html');
  if (!existsSync(articleHtml)) throw new Error(`${articleHtml} is missing (is it prerendered?)`);
  const html = readFileSync(articleHtml, 'utf8')
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<link\b[^>]*\brel\s*=\s*["']?modulepreload\b[^>]*>/gi, '');

  const benchDir = join(distDir, '__bench');
  cleanups.files.add(() => rmSync(benchDir, { recursive: true, force: true }));
  await writeBenchPage(join(benchDir, 'static-article/index.html'), html);
  await writeBenchPage(
    join(benchDir, 'bare-article/index.html'),
    html.replace(/<link\b[^>]*\brel\s*=\s*["']?(icon|manifest)\b[^>]*>/gi, ''),
  );
  return lead;
}

/** Lighthouse's mobile screen: 412 CSS px wide at 1.75 device pixels per CSS pixel. */
const LIGHTHOUSE_SCREEN = { width: 412, density: 1.75 };

/**
 * Where the lead article has a lead picture (`fetchpriority="high"`): a page that shows nothing
 * but the same file the article's `<picture>` gives Lighthouse's phone, at the same size
 * (`bare-picture`), the lower bound for a page whose largest paint is that picture.
 */
async function writeBarePicture(distDir: string, slug: string): Promise<boolean> {
  // React writes attributes as it names them (`srcSet`, `fetchPriority`): HTML's are caseless.
  const html = readFileSync(join(distDir, 'articles', slug, 'index.html'), 'utf8');
  const lead = /<picture>([\s\S]*?)<\/picture>/i.exec(html)?.[1];
  const image = lead ? /<img\b[^>]*fetchpriority="high"[^>]*>/i.exec(lead)?.[0] : undefined;
  if (!lead || !image) return false;
  const attribute = (tag: string, name: string) =>
    new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1]?.replace(/&amp;/g, '&');
  const srcset = attribute(/<source\b[^>]*>/i.exec(lead)![0], 'srcset')!;
  const candidates = srcset.split(', ').map((candidate) => {
    const [url, width] = candidate.split(' ');
    return { url: url!, width: Number.parseInt(width!, 10) };
  });
  const slot = Math.min(shownWidth(LIGHTHOUSE_SCREEN.width), Number(attribute(image, 'width')));
  const chosen = chosenWidth(
    candidates.map((candidate) => candidate.width),
    shownWidth(LIGHTHOUSE_SCREEN.width),
    LIGHTHOUSE_SCREEN.density,
  );
  const file = candidates.find((candidate) => candidate.width === chosen)!.url;
  const height = Math.round(
    (slot * Number(attribute(image, 'height'))) / Number(attribute(image, 'width')),
  );
  await writeBenchPage(
    join(distDir, '__bench/bare-picture/index.html'),
    `<!doctype html><html lang="en"><title>Bare picture</title><meta name="viewport" content="width=device-width, initial-scale=1"><img src="${file}" width="${slot}" height="${height}" alt="">\n`,
  );
  log(`bare-picture: ${file} at ${slot}×${height}`);
  return true;
}

// --- first-load bytes ---------------------------------------------------------------------------

/** What a request for `url` is sent, as sent (nothing decodes it). */
function fetchRaw(url: string, accept: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': accept }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks))
          : reject(new Error(`${url}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface FirstLoadBytes {
  files: number;
  br: number;
  gzip: number;
  identity: number;
}

/**
 * The bytes of a page's first load as the server sends them to a request for each encoding: the
 * document, then the entry its bootstrap script names and everything it imports, with their
 * stylesheets (Vite's manifest). Bodies only, no headers.
 */
async function firstLoadBytes(
  origin: string,
  path: string,
  distDir: string,
): Promise<FirstLoadBytes> {
  const html = (await fetchRaw(origin + path, 'identity')).toString('utf8');
  const entry = /var e="\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error(`${path}: the bootstrap script names no entry`);
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string; css?: string[]; imports?: string[] }
  >;
  const byFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const css of byFile.get(file)?.css ?? []) files.add(css);
    for (const key of byFile.get(file)?.imports ?? []) visit(manifest[key]!.file);
  };
  visit(entry);
  const urls = [origin + path, ...[...files].map((file) => `${origin}/${file}`)];
  const total = async (accept: string) =>
    (await Promise.all(urls.map((url) => fetchRaw(url, accept)))).reduce(
      (sum, body) => sum + body.length,
      0,
    );
  return {
    files: urls.length,
    br: await total('br'),
    gzip: await total('gzip'),
    identity: await total('identity'),
  };
}

// --- Lighthouse ---------------------------------------------------------------------------------

async function runLighthouse(url: string, throttling: Throttling): Promise<RunMetrics> {
  // A fresh Chrome (and, by chrome-launcher's default, a fresh temporary user-data-dir) per run
  // so no cache or service worker carries over between runs.
  const chromePath = systemChromium();
  const chrome = await chromeLauncher.launch({
    chromeFlags: CHROMIUM_FLAGS,
    ...(chromePath ? { chromePath } : {}),
    logLevel: 'silent',
    handleSIGINT: false, // Our handler also stops the server.
  });
  const exited = new Promise<void>((done) => chrome.process.once('exit', () => done()));
  // On a signal: SIGKILL the Chrome process group at once, remove its profile dir afterwards.
  const stopChrome: Cleanup = () => process.kill(-chrome.pid, 'SIGKILL');
  const removeProfile: Cleanup = () => chrome.kill();
  cleanups.processes.add(stopChrome);
  cleanups.files.add(removeProfile);
  try {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      formFactor: 'mobile',
      throttlingMethod: throttling,
      onlyCategories: [...CATEGORIES],
    };
    const result = await lighthouse(url, flags);
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const metrics = extractMetrics(lhr);
    if (throttling === 'simulate') metrics.ttiTasks = await ttiTasks(result.artifacts, lhr);
    return metrics;
  } finally {
    cleanups.processes.delete(stopChrome);
    cleanups.files.delete(removeProfile);
    chrome.kill(); // Kills the process group and removes the temporary profile.
    // Wait for Chrome to be gone so it does not steal CPU from the next run.
    await Promise.race([exited, sleep(5_000)]);
  }
}

function extractMetrics(lhr: Result): RunMetrics {
  const numeric = (id: string): number | null => lhr.audits[id]?.numericValue ?? null;
  const score = (id: Category): number | null => {
    const value = lhr.categories[id]?.score;
    return typeof value === 'number' ? Math.round(value * 100) : null;
  };

  const bytes = { js: 0, css: 0, html: 0, total: 0 };
  const details: unknown = lhr.audits['network-requests']?.details;
  const items: unknown[] = isRecord(details) && Array.isArray(details.items) ? details.items : [];
  for (const item of items) {
    if (!isRecord(item) || typeof item.transferSize !== 'number') continue;
    const size = item.transferSize;
    bytes.total += size;
    if (item.resourceType === 'Script') bytes.js += size;
    else if (item.resourceType === 'Stylesheet') bytes.css += size;
    else if (item.resourceType === 'Document') bytes.html += size;
  }

  const metricsDetails: unknown = lhr.audits.metrics?.details;
  const observed =
    isRecord(metricsDetails) &&
    Array.isArray(metricsDetails.items) &&
    isRecord(metricsDetails.items[0])
      ? metricsDetails.items[0].observedLargestContentfulPaint
      : undefined;
  const requestsBeforeLcp =
    typeof observed === 'number'
      ? items.filter(
          (item) =>
            isRecord(item) &&
            item.resourceType !== 'Document' &&
            item.protocol !== 'data' &&
            typeof item.rendererStartTime === 'number' &&
            item.rendererStartTime < observed,
        ).length
      : null;

  const longTasks: unknown = lhr.audits['long-tasks']?.details;
  const durations = (
    isRecord(longTasks) && Array.isArray(longTasks.items) ? longTasks.items : []
  ).flatMap((item: unknown) =>
    isRecord(item) && typeof item.duration === 'number' ? [item.duration] : [],
  );

  return {
    requestsBeforeLcp,
    // The audit lists tasks of 50 ms and more; none listed means none that long.
    longestTask: durations.length ? Math.max(...durations) : 0,
    scores: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    },
    fcp: numeric('first-contentful-paint'),
    lcp: numeric('largest-contentful-paint'),
    tbt: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    tti: numeric('interactive'),
    bytes,
    ttiTasks: null,
  };
}

/**
 * Under simulated throttling, the tasks Lighthouse's TTI waited for. Lantern's estimate is the
 * later of LCP and the end of the last task whose simulated duration (its traced duration times
 * the CPU slowdown) is over 50 ms, in two graphs of the load, weighed 0.45 and 0.55
 * (docs/perf-notes.md, "What simulated TTI counts"). Each task that ends after LCP in either
 * graph is named by its traced duration, its simulated end and its largest events, so a TTI
 * figure comes with what it waited for.
 */
async function ttiTasks(artifacts: Artifacts, lhr: Result): Promise<string[]> {
  const settings = lhr.configSettings;
  const lcp = lhr.audits['largest-contentful-paint']?.numericValue ?? 0;
  const data = {
    trace: artifacts.Trace,
    devtoolsLog: artifacts.DevtoolsLog,
    gatherContext: artifacts.GatherContext,
    settings,
    URL: artifacts.URL,
    SourceMaps: artifacts.SourceMaps,
    simulator: null,
  };
  const metric = await LanternInteractive.request(data, { computedCache: new Map(), settings });
  const tasks = new Map<string, number>();
  for (const estimate of [metric.optimisticEstimate, metric.pessimisticEstimate]) {
    for (const [node, timing] of estimate.nodeTimings) {
      if (node.type !== 'cpu' || timing.duration <= 50 || timing.endTime <= lcp) continue;
      const events = node.childEvents
        .filter((event) => (event.dur ?? 0) >= 1000)
        .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
        .slice(0, 3)
        .map((event) => {
          const url = (event.args as { data?: { url?: string } }).data?.url;
          return url ? `${event.name} (${url.split('/').pop()})` : event.name;
        });
      const name = `${(node.duration / 1000).toFixed(1)} ms traced: ${events.join(', ') || 'short events'}`;
      tasks.set(name, Math.max(tasks.get(name) ?? 0, Math.round(timing.endTime)));
    }
  }
  return [...tasks].map(([name, end]) => `ends at ${end} ms, ${name}`);
}

// --- summary ------------------------------------------------------------------------------------

function median(values: Array<number | null>): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

const round = (value: number | null, digits = 0): number | null =>
  value === null ? null : Number(value.toFixed(digits));

function summarize(
  page: PageSpec,
  url: string,
  runs: RunMetrics[],
  staticLcp: number | null,
  bareLcp: number | null,
  barePictureLcp: number | null,
) {
  const pick = (get: (run: RunMetrics) => number | null): number | null => median(runs.map(get));
  const lcp = pick((r) => r.lcp);
  const cls = pick((r) => r.cls);
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => [c, round(pick((r) => r.scores[c]))]),
  ) as Record<Category, number | null>;
  return {
    page: page.name,
    url,
    runs: runs.length,
    scores,
    fcp_ms: round(pick((r) => r.fcp)),
    lcp_ms: round(lcp),
    tbt_ms: round(pick((r) => r.tbt)),
    cls: round(cls, 4),
    tti_ms: round(pick((r) => r.tti)),
    bytes: {
      js: round(pick((r) => r.bytes.js)),
      css: round(pick((r) => r.bytes.css)),
      html: round(pick((r) => r.bytes.html)),
      total: round(pick((r) => r.bytes.total)),
    },
    lcp_ratio_vs_static: lcp !== null && staticLcp ? round(lcp / staticLcp, 2) : null,
    lcp_ratio_vs_bare: lcp !== null && bareLcp ? round(lcp / bareLcp, 2) : null,
    lcp_ratio_vs_bare_picture:
      lcp !== null && barePictureLcp ? round(lcp / barePictureLcp, 2) : null,
    requests_before_lcp: round(pick((r) => r.requestsBeforeLcp)),
    longest_task_ms: round(pick((r) => r.longestTask)),
    // Simulated throttling only: per run, the tasks after LCP that TTI waited for.
    tti_tasks: runs.some((r) => r.ttiTasks) ? runs.map((r) => r.ttiTasks ?? []) : null,
  };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { build, runs, distDir, methods } = parseOptions();
  if (build) {
    log('building…');
    await runBuild();
  }
  const slug = await writeStaticArticle(distDir);
  // Written before the server starts: it learns the build's pages when it starts.
  const barePicture = await writeBarePicture(distDir, slug);
  const origin = await startServer({
    distDir,
    readyPath: '/',
    onCleanup: (stop) => cleanups.processes.add(stop),
    log,
  });

  const pages: PageSpec[] = [
    { name: 'front', path: '/' },
    { name: 'article', path: `/articles/${slug}` },
    { name: 'quotes', path: `/articles/${slug}/quotes` },
    { name: 'static', path: '/__bench/static-article/' },
    { name: 'bare', path: '/__bench/bare-article/' },
    ...(barePicture ? [{ name: 'bare-picture' as const, path: '/__bench/bare-picture/' }] : []),
  ];
  // The first load's bytes of the app's pages, as the server sends them for each encoding.
  const firstLoads = new Map<PageSpec['name'], FirstLoadBytes>();
  for (const page of pages.filter(({ name }) => ['front', 'article', 'quotes'].includes(name))) {
    const bytes = await firstLoadBytes(origin, page.path, distDir);
    firstLoads.set(page.name, bytes);
    log(`first load of ${page.name}: ${JSON.stringify(bytes)}`);
  }
  const key = (method: Throttling, page: PageSpec['name']) => `${method} ${page}`;
  const results = new Map<string, RunMetrics[]>();

  // Round-robin over pages and methods, so drift in machine load spreads over all of them.
  for (let run = 1; run <= runs; run++) {
    for (const method of methods) {
      for (const page of pages) {
        const url = origin + page.path;
        log(`run ${run}/${runs} ${method} ${page.name} ${url}`);
        try {
          const metrics = await runLighthouse(url, method);
          results.set(key(method, page.name), [
            ...(results.get(key(method, page.name)) ?? []),
            metrics,
          ]);
        } catch (error) {
          log(`run ${run} of ${page.name} failed:`, error instanceof Error ? error.message : error);
        }
      }
    }
  }

  // A page that paints fast but hydrates late only moves the wait: measure both, with applied
  // throttling, outside Lighthouse (which does not know when the app is interactive).
  const hydration = new Map<PageSpec['name'], Applied[]>(pages.map((p) => [p.name, []]));
  for (let run = 1; run <= runs; run++) {
    for (const page of pages.filter((p) => !['static', 'bare', 'bare-picture'].includes(p.name))) {
      log(`hydration run ${run}/${runs} ${page.name}`);
      try {
        hydration.get(page.name)?.push(await measureHydration(origin + page.path));
      } catch (error) {
        log(
          `hydration run of ${page.name} failed:`,
          error instanceof Error ? error.message : error,
        );
      }
    }
  }

  const lines = methods.flatMap((method) => {
    const lcpOf = (name: PageSpec['name']) =>
      median((results.get(key(method, name)) ?? []).map((r) => r.lcp));
    const staticLcp = lcpOf('static');
    const bareLcp = lcpOf('bare');
    const barePictureLcp = lcpOf('bare-picture');
    return pages.map((page) => {
      const applied = hydration.get(page.name) ?? [];
      return JSON.stringify({
        throttling: method,
        ...summarize(
          page,
          origin + page.path,
          results.get(key(method, page.name)) ?? [],
          staticLcp,
          bareLcp,
          barePictureLcp,
        ),
        first_load_bytes: firstLoads.get(page.name) ?? null,
        applied_throttling: applied.length
          ? {
              lcp_ms: round(median(applied.map((a) => a.lcp))),
              hydrated_ms: round(median(applied.map((a) => a.hydrated))),
            }
          : null,
      });
    });
  });
  for (const line of lines) process.stdout.write(`${line}\n`);
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, lines.map((line) => `${line}\n`).join(''));
  log(`wrote ${OUT_FILE}`);

  // A page without a single successful run was not measured: that is a failure to run.
  const unmeasured = methods.flatMap((method) =>
    pages
      .filter((p) => (results.get(key(method, p.name)) ?? []).length === 0)
      .map((p) => key(method, p.name)),
  );
  if (unmeasured.length > 0) log(`no successful run for: ${unmeasured.join(', ')}`);
  return unmeasured.length > 0 ? 1 : 0;
}

// --- hydration under applied throttling ---------------------------------------------------------

interface Applied {
  lcp: number | null;
  hydrated: number | null;
}

/**
 * Loads a page in Chromium with 4× CPU slowdown and Lighthouse's slow-4G network (150 ms RTT,
 * 1.6 Mbps down), and reads LCP and the moment the app marks itself ready (`data-app`).
 */
async function measureHydration(url: string): Promise<Applied> {
  const executablePath = systemChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_FLAGS,
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    // Plain JavaScript: a compiled arrow function would not survive the trip into the page.
    await page.addInitScript(`
      window.__bench = { lcp: null };
      new PerformanceObserver((list) => {
        const entries = list.getEntries();
        window.__bench.lcp = entries[entries.length - 1].startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    `);
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    // A locator, not waitForFunction with a string: the site's CSP (no 'unsafe-eval') blocks that.
    await page.locator('html[data-app="ready"]').waitFor({ timeout: 60_000 });
    // The root layout marks the moment the app has hydrated.
    return (await page.evaluate(
      `({ lcp: window.__bench.lcp, hydrated: performance.getEntriesByName('dispatch:ready')[0]?.startTime ?? null })`,
    )) as Applied;
  } finally {
    await browser.close();
  }
}

// --- helpers ------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

await runMain(main);
