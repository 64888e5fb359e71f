/**
 * Performance benchmark of the quote gallery at its worst: an article with 2,000 quotations,
 * served as the app shell (nothing prerendered), so the client fetches the JSON and renders the
 * gallery itself. Runs real headless Chromium with 4× CPU throttling (`--cpu`) at a desktop and
 * a phone viewport, and prints one JSON line of medians per viewport to stdout, appending them
 * to bench-results/quote-gallery.jsonl.
 *
 * Each run uses two fresh pages per viewport: one measures the load (first cards, cards rendered,
 * interactive, longest long task, longest run of the page's own scripts) and then the speaker
 * filter; the other measures scrolling to all 2,000 cards, so neither measurement inherits the
 * other's rendered cards. A third load, in a Chromium with no inspector attached
 * (bare-chromium.ts), measures the load's longest task and script as readers meet them:
 * Playwright's own Runtime domain makes V8 do work readers never pay for.
 *
 * A benchmark, not a test: slow numbers never fail it; only a failure to measure does.
 *
 *   npx tsx tests/bench/quote-gallery.ts [--build] [--runs N] [--cpu N]   (or BENCH_RUNS=N)
 *
 * `--cpu` sets the CPU slowdown (default 4): a higher one shows how much headroom the figures
 * have on a slower phone, or on a busier machine than this one.
 */
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import * as v from 'valibot';
import type { InlineNode } from '../../src/content/nodes';
import { articleSchema, type Section } from '../../src/content/schema';
import { ASSETS_DIR, SHELL_FILE } from '../../src/lib/site-files';
import { loadWithoutInspector } from './bare-chromium';
import { CHROMIUM_FLAGS, createCleanups, runBuild, startServer, systemChromium } from './support';

const SLUG = 'bench-two-thousand-quotes';
const QUOTE_COUNT = 2_000;
const SECTION_COUNT = 40;
const GALLERY_PATH = `/articles/${SLUG}/quotes`;
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 360, height: 740 },
] as const;
const DEFAULT_CPU_SLOWDOWN = 4;
const SCROLL_BUDGET_MS = 10_000;
const PAGE_TIMEOUT_MS = 60_000;

const DIST_DIR = resolve(process.env.DIST_DIR ?? 'dist');
const OUT_FILE = resolve('bench-results/quote-gallery.jsonl');

const log = (...args: unknown[]): void => console.error('[bench:quotes]', ...args);

// --- cleanup ------------------------------------------------------------------------------------

const { cleanups, runMain } = createCleanups(log);

// --- options ------------------------------------------------------------------------------------

function parseOptions(): { build: boolean; runs: number; cpu: number } {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      cpu: { type: 'string' },
      build: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rawCpu = values.cpu ?? String(DEFAULT_CPU_SLOWDOWN);
  const cpu = Number(rawCpu);
  if (!(cpu >= 1)) throw new Error(`Invalid CPU slowdown: ${rawCpu}`);
  const rawRuns = values.runs ?? process.env.BENCH_RUNS ?? '3';
  const runs = Number(rawRuns);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Invalid run count: ${rawRuns}`);
  return { build: values.build, runs, cpu };
}

// --- the fixture article ------------------------------------------------------------------------

const SPEAKERS = [
  'Amara Lindqvist',
  'Bogdan Petrescu',
  'Carmen Iturbe',
  'Dario Fontaine',
  'Esther Nakamura',
  'Felix Oyelaran',
  'Greta Halvorsen',
  'Hamid Sarraf',
  'Ilse Vermeulen',
  'Jakub Zielinski',
  'Kalani Brooks',
  'Lucia Ferrante',
];

// Statements of different lengths, so cards differ in height as real ones do.
const STATEMENTS = [
  'We are ready to talk,',
  'Nothing has been agreed until everything has been agreed, and we are not there yet,',
  'The figures speak for themselves. We have done what we promised,',
  'I will not comment on rumours,',
  'Our partners know exactly where we stand, and they have known it since the first meeting in the spring, long before any of this was reported,',
  'This is a question for the negotiators, not for me,',
  'We expect a decision within days. Maybe sooner,',
  'Every region will get its share of the funding, and every region will be told when,',
];
const WORDS = ['unprecedented', 'reckless', 'historic', 'premature', 'workable'];
const TOPICS = ['Talks', 'Funding', 'Energy', 'Borders', 'Trade', 'Reactions', 'Outlook', 'Aid'];

const quoteId = (n: number) => `q-${String(n + 1).padStart(4, '0')}`;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** Sentences around one quotation: a statement with "X said", or a quoted word in a sentence. */
function quotationNodes(n: number): InlineNode[] {
  const speaker = pick(SPEAKERS, n * 7 + Math.floor(n / 12));
  // One in ten is a quoted word ("scare quotes"), which the gallery shows with its sentence.
  if (n % 10 === 9) {
    return [
      { type: 'text', text: `${speaker} called the latest proposal “` },
      { type: 'quote', id: quoteId(n), speaker, kind: 'word', text: pick(WORDS, n) },
      { type: 'text', text: '” in a statement. ' },
    ];
  }
  return [
    { type: 'text', text: '“' },
    { type: 'quote', id: quoteId(n), speaker, kind: 'statement', text: pick(STATEMENTS, n) },
    { type: 'text', text: `” ${speaker} said. ` },
  ];
}

/** 2,000 quotations over 40 headed sections, one to four to a paragraph, each after a lead-in. */
function benchArticle(): v.InferInput<typeof articleSchema> {
  const perSection = QUOTE_COUNT / SECTION_COUNT;
  const sections: Section[] = [];
  let n = 0;
  for (let s = 0; s < SECTION_COUNT; s++) {
    const blocks: Section['blocks'] = [];
    const end = (s + 1) * perSection;
    for (let p = 0; n < end; p++) {
      const content: InlineNode[] = [
        { type: 'text', text: `Negotiators met again on day ${s + 1}, session ${p + 1}. ` },
      ];
      for (let i = 0; i < 1 + (p % 4) && n < end; i++, n++) content.push(...quotationNodes(n));
      // The last text node ends with a space; published text does not.
      const last = content.at(-1)!;
      if (last.type === 'text') last.text = last.text.trimEnd();
      blocks.push({ type: 'paragraph', content });
    }
    sections.push({ heading: `Day ${s + 1}: ${pick(TOPICS, s)}`, blocks });
  }
  return {
    slug: SLUG,
    headline: { text: 'Two thousand quotations from forty days of talks', origin: 'editorial' },
    sections,
    related: [],
  };
}

// --- site copy ----------------------------------------------------------------------------------

/** A copy of dist/ with the fixture article, served as the app shell (the uncached worst case). */
function prepareSite(): string {
  if (!existsSync(join(DIST_DIR, SHELL_FILE))) {
    throw new Error(`No build in ${DIST_DIR}: run with --build (or npm run build)`);
  }
  const assets = join(DIST_DIR, ASSETS_DIR);
  const hasGallery = readdirSync(assets).some(
    (file) =>
      file.endsWith('.js') &&
      readFileSync(join(assets, file), 'utf8').includes('Filter by speaker'),
  );
  if (!hasGallery) throw new Error('The build in dist/ has no quote gallery: run with --build');

  const site = mkdtempSync(join(tmpdir(), 'dispatch-bench-quotes-'));
  cleanups.files.add(() => rmSync(site, { recursive: true, force: true }));
  cpSync(DIST_DIR, site, { recursive: true });

  // Validated like the app validates it, so a schema change fails here, not as a blank page.
  const article = v.parse(articleSchema, benchArticle());
  const json = join(site, 'content/articles', `${SLUG}.json`);
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, JSON.stringify(article));

  const page = join(site, `.${GALLERY_PATH}`, 'index.html');
  mkdirSync(dirname(page), { recursive: true });
  copyFileSync(join(site, SHELL_FILE), page);
  return site;
}

// --- in-page probes -----------------------------------------------------------------------------

/*
 * Page-side code is plain JavaScript in strings: tsx compiles functions with esbuild's keepNames,
 * whose `__name` helper does not exist in the page, so passing TS functions to the page breaks.
 * Times are performance.now(), i.e. ms since navigation start.
 */
const PROBE = `(() => {
  const probe = { firstCardsAt: null, initialCards: null, readyAt: null, longTasks: [], scripts: [], filter: null };
  window.__quoteBench = probe;
  let loaded;
  // Resolves once there are cards and the app is ready; awaited from outside, no polling (and
  // no Playwright selector engine injected into the page, whose own long task would count).
  probe.loaded = new Promise((resolve) => { loaded = resolve; });
  const settle = () => { if (probe.firstCardsAt !== null && probe.readyAt !== null) loaded(null); };
  const cardWatch = new MutationObserver(() => {
    if (document.querySelector('.quote-card')) {
      probe.firstCardsAt = performance.now();
      probe.initialCards = document.querySelectorAll('.quote-card').length;
      cardWatch.disconnect();
      settle();
    }
  });
  cardWatch.observe(document, { childList: true, subtree: true });
  // Observes the document, not <html>, which may not exist yet when this runs.
  const readyWatch = new MutationObserver(() => {
    if (document.documentElement.dataset.app === 'ready') {
      probe.readyAt = performance.now();
      readyWatch.disconnect();
      settle();
    }
  });
  readyWatch.observe(document, { attributes: true, attributeFilter: ['data-app'], subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames name the scripts that ran in them: how long the page's own code ran
  // at a stretch, apart from the browser's parsing, style and layout.
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      for (const script of frame.scripts) {
        probe.scripts.push({ start: script.startTime, duration: script.duration, source: script.sourceURL + ' ' + script.invoker });
      }
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  // Times the next click to the moment the gallery's status line says something else.
  probe.armFilter = () => {
    const summary = () =>
      document.querySelector('[role="status"].quote-gallery-summary')?.textContent ?? null;
    const before = summary();
    const filter = { clickAt: null, changedAt: null, before, after: null };
    probe.filter = filter;
    addEventListener('click', () => { filter.clickAt = performance.now(); }, { capture: true, once: true });
    // Resolves once the status line has changed; awaited from outside, no polling.
    probe.filterChanged = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        const now = summary();
        if (filter.clickAt !== null && now !== before) {
          filter.changedAt = performance.now();
          filter.after = now;
          watch.disconnect();
          resolve(null);
        }
      });
      watch.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  };
})();`;

/**
 * The load's longest task and script, for a page with no inspector to read it: reported on the
 * console once the gallery is ready and a second has passed with no request and no long task.
 */
const BARE_MARKER = 'DISPATCH_BENCH_LOAD';
const BARE_PROBE = `(() => {
  let longestTask = 0;
  let longestScript = { duration: 0, source: '' };
  let lastActivity = performance.now();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
    lastActivity = performance.now();
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      for (const script of frame.scripts) {
        if (script.duration > longestScript.duration) {
          longestScript = { duration: script.duration, source: script.sourceURL + ' ' + script.invoker };
        }
      }
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  new PerformanceObserver(() => { lastActivity = performance.now(); }).observe({ type: 'resource' });
  const settled = () =>
    document.documentElement?.dataset.app === 'ready' &&
    document.querySelector('.quote-card') !== null &&
    performance.now() - lastActivity >= 1000;
  const check = () => {
    if (!settled()) return void setTimeout(check, 100);
    console.log('${BARE_MARKER} ' + JSON.stringify({ longestTask, longestScript }));
  };
  check();
})();`;

/** Scrolls to the bottom, frame after frame, until every card is rendered or the budget is out. */
const SCROLL_TO_ALL = `(async () => {
  const count = () => document.querySelectorAll('.quote-card').length;
  const start = performance.now();
  while (count() < ${QUOTE_COUNT} && performance.now() - start < ${SCROLL_BUDGET_MS}) {
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  return { cards: count(), ms: performance.now() - start };
})()`;

interface Probe {
  firstCardsAt: number | null;
  initialCards: number | null;
  readyAt: number | null;
  longTasks: { start: number; duration: number }[];
  scripts: { start: number; duration: number; source: string }[];
  filter: {
    clickAt: number | null;
    changedAt: number | null;
    before: string | null;
    after: string | null;
  } | null;
}

const readProbe = (page: Page) => page.evaluate<Probe>('window.__quoteBench');

// --- measuring ----------------------------------------------------------------------------------

interface RunMetrics {
  firstCards: number;
  initialCards: number;
  interactive: number;
  longestTask: number;
  /** The longest the page's own scripts ran at a stretch during the load (long animation frames). */
  longestScript: number;
  /** The same two, in a Chromium with no inspector attached. */
  longestTaskNoInspector: number;
  longestScriptNoInspector: number;
  filter: number;
  allCards: number;
  allCardsMs: number;
}

type Viewport = (typeof VIEWPORTS)[number];

/** A fresh context (no cache) with a throttled CPU, at the gallery, once it has cards and is ready. */
async function openGallery(browser: Browser, url: string, viewport: Viewport, cpu: number) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.on('pageerror', (error) => log('page error:', error.message));
  await page.addInitScript(PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.goto(url, { timeout: PAGE_TIMEOUT_MS });
  // Not waitForFunction with a string: the site's CSP (no 'unsafe-eval') blocks that.
  // Bounded: a load that never shows cards fails the bench instead of hanging it.
  await page.evaluate(
    `Promise.race([window.__quoteBench.loaded, new Promise((_, fail) => setTimeout(() => fail(new Error('no cards, or the app not ready, within ${PAGE_TIMEOUT_MS} ms')), ${PAGE_TIMEOUT_MS}))])`,
  );
  return { context, page };
}

async function measureLoadAndFilter(
  browser: Browser,
  url: string,
  viewport: Viewport,
  cpu: number,
) {
  const { context, page } = await openGallery(browser, url, viewport, cpu);
  try {
    // Let the load finish (lazy batches, last long tasks) before calling it "the load".
    await page.waitForLoadState('networkidle');
    await page.evaluate('new Promise((done) => setTimeout(done, 500))');
    const loaded = await readProbe(page);
    const loadEnd = await page.evaluate<number>('performance.now()');
    const longestTask = Math.max(
      0,
      ...loaded.longTasks.filter((task) => task.start < loadEnd).map((task) => task.duration),
    );
    const scripts = loaded.scripts.filter((script) => script.start < loadEnd);
    const longestScript = scripts.reduce(
      (longest, script) => (script.duration > longest.duration ? script : longest),
      { duration: 0, source: '' },
    );
    log(`  longest script: ${Math.round(longestScript.duration)} ms (${longestScript.source})`);

    await page.evaluate('window.__quoteBench.armFilter()');
    await page.locator('nav[aria-label="Filter by speaker"] a').nth(1).click();
    await page.evaluate('window.__quoteBench.filterChanged');
    const { filter } = await readProbe(page);
    if (filter?.clickAt == null || filter.changedAt == null) throw new Error('No filter timing');
    log(`  filter: "${filter.before}" → "${filter.after}"`);

    return {
      firstCards: loaded.firstCardsAt!,
      initialCards: loaded.initialCards!,
      interactive: loaded.readyAt!,
      longestTask,
      longestScript: longestScript.duration,
      filter: filter.changedAt - filter.clickAt,
    };
  } finally {
    await context.close();
  }
}

async function measureScroll(browser: Browser, url: string, viewport: Viewport, cpu: number) {
  const { context, page } = await openGallery(browser, url, viewport, cpu);
  try {
    return await page.evaluate<{ cards: number; ms: number }>(SCROLL_TO_ALL);
  } finally {
    await context.close();
  }
}

async function measureWithoutInspector(
  executablePath: string,
  url: string,
  viewport: Viewport,
  cpu: number,
) {
  const report = (await loadWithoutInspector({
    url,
    viewport,
    cpuSlowdown: cpu,
    probe: BARE_PROBE,
    marker: BARE_MARKER,
    timeoutMs: PAGE_TIMEOUT_MS,
    executablePath,
  })) as { longestTask: number; longestScript: { duration: number; source: string } };
  log(
    `  without an inspector: longest task ${Math.round(report.longestTask)} ms, longest script ${Math.round(report.longestScript.duration)} ms (${report.longestScript.source})`,
  );
  return {
    longestTaskNoInspector: report.longestTask,
    longestScriptNoInspector: report.longestScript.duration,
  };
}

async function measureRun(
  browser: Browser,
  url: string,
  viewport: Viewport,
  executablePath: string,
  cpu: number,
): Promise<RunMetrics> {
  const load = await measureLoadAndFilter(browser, url, viewport, cpu);
  const scroll = await measureScroll(browser, url, viewport, cpu);
  const bare = await measureWithoutInspector(executablePath, url, viewport, cpu);
  return { ...load, ...bare, allCards: scroll.cards, allCardsMs: scroll.ms };
}

// --- summary ------------------------------------------------------------------------------------

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid]!;
  return sorted.length % 2 ? upper : (sorted[mid - 1]! + upper) / 2;
}

const round = (value: number | null, digits = 1): number | null =>
  value === null ? null : Number(value.toFixed(digits));

function summarize(viewport: Viewport, runs: RunMetrics[], cpu: number) {
  const pick = (get: (run: RunMetrics) => number, digits?: number) =>
    round(median(runs.map(get)), digits);
  return {
    case: `quote-gallery-${QUOTE_COUNT}`,
    viewport: `${viewport.width}x${viewport.height}`,
    runs: runs.length,
    first_cards_ms: pick((r) => r.firstCards),
    initial_cards: pick((r) => r.initialCards, 0),
    interactive_ms: pick((r) => r.interactive),
    filter_ms: pick((r) => r.filter),
    all_cards_ms: pick((r) => r.allCardsMs),
    all_cards: pick((r) => r.allCards, 0),
    longest_task_ms: pick((r) => r.longestTask),
    longest_script_ms: pick((r) => r.longestScript),
    longest_task_no_inspector_ms: pick((r) => r.longestTaskNoInspector),
    longest_script_no_inspector_ms: pick((r) => r.longestScriptNoInspector),
    cpu_slowdown: cpu,
    date: new Date().toISOString(),
  };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { build, runs, cpu } = parseOptions();
  if (build) {
    log('building…');
    await runBuild();
  }
  const site = prepareSite();
  const origin = await startServer({
    distDir: site,
    readyPath: GALLERY_PATH,
    onCleanup: (stop) => cleanups.processes.add(stop),
    log,
  });
  const url = origin + GALLERY_PATH;

  const executablePath = systemChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_FLAGS,
    ...(executablePath ? { executablePath } : {}),
  });
  // The inspector-free load runs the same browser: Debian's, or else Playwright's own.
  const bareExecutable = executablePath ?? chromium.executablePath();
  const results = new Map<Viewport, RunMetrics[]>(VIEWPORTS.map((viewport) => [viewport, []]));
  try {
    // Round-robin over viewports, so drift in machine load spreads over both.
    for (let run = 1; run <= runs; run++) {
      for (const viewport of VIEWPORTS) {
        const name = `${viewport.width}x${viewport.height}`;
        log(`run ${run}/${runs} ${name} ${url}`);
        try {
          const metrics = await measureRun(browser, url, viewport, bareExecutable, cpu);
          log(
            `  ${JSON.stringify(metrics, (_, value) => (typeof value === 'number' ? Math.round(value) : value))}`,
          );
          results.get(viewport)?.push(metrics);
        } catch (error) {
          log(`run ${run} at ${name} failed:`, error instanceof Error ? error.message : error);
        }
      }
    }
  } finally {
    await browser.close();
  }

  const lines = VIEWPORTS.map((viewport) =>
    JSON.stringify(summarize(viewport, results.get(viewport) ?? [], cpu)),
  );
  for (const line of lines) process.stdout.write(`${line}\n`);
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  appendFileSync(OUT_FILE, lines.map((line) => `${line}\n`).join(''));
  log(`appended to ${OUT_FILE}`);

  // A viewport without a single successful run was not measured: that is a failure to run.
  const unmeasured = VIEWPORTS.filter((viewport) => (results.get(viewport) ?? []).length === 0);
  if (unmeasured.length > 0) log('no successful run at some viewport');
  return unmeasured.length > 0 ? 1 : 0;
}

await runMain(main);
