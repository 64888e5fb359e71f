/**
 * Interaction latency: how long the reader waits for the next paint after each of nine common
 * interactions, in headless Chromium with 4× CPU slowdown (`--cpu`), at a phone (360×740) and a
 * desktop (1440×900) viewport, on the served production build. The figure is the one INP is made
 * of: the longest Event Timing `duration` (input to the next paint after its handlers, in 8 ms
 * steps) among the events of the interaction, i.e. those that started between the interaction's
 * first input and the moment its result was visible. 0 means every event took under 16 ms, the
 * smallest threshold Event Timing reports. That window also holds the hover and boundary events
 * a page fires when it moves under a still pointer (a new page, a smooth scroll), which INP
 * leaves out; `input_events` is the same figure among the events INP counts alone.
 *
 * Each run is a fresh context (no cache, no saved state) with a cold load of the lead article,
 * which waits until the app has hydrated (`performance.mark('dispatch:ready')`; in a build without
 * it, until the save toggle is enabled). Then, in this order: open the reading settings, choose
 * the dark theme, save the story, highlight a passage of its first paragraph (the words selected
 * by script, as a reader's drag would leave them; the click on "Key point" is measured), jump to a section from the contents, open a related story (and
 * go back, not measured), open the quote gallery, filter it by a speaker, and type a search in
 * the header's field, key by key, then Enter, until the results show. Controls are found by
 * role and name, so the script follows a redesign that keeps them. A click is plain mouse input:
 * the pointer comes to rest on the control's centre (its hover painted before the window opens),
 * then presses for 80 ms (Playwright's own click would add its hit-target check to the event's
 * handlers). Playwright looks for a result only two frames after the input, so its queries, which
 * walk the whole page, do not delay the paint being timed.
 *
 * Prints one JSON line per viewport (per interaction: the median of the runs' worst durations,
 * the max, and how many runs measured it) to stdout, appends them to
 * bench-results/interactions.jsonl, and prints a table to stderr.
 *
 * A benchmark, not a test: slow numbers never fail it; only a failure to measure does, and a
 * control it cannot find stops it at once, naming the interaction.
 *
 *   npx tsx tests/bench/interactions.ts [--no-build] [--runs N] [--cpu N]   (or BENCH_RUNS=N)
 *   DIST_DIR=/some/dist npx tsx tests/bench/interactions.ts --no-build
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, expect, type Browser, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, createCleanups, runBuild, startServer, systemChromium } from './support';

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1440, height: 900 },
] as const;
const DEFAULT_CPU_SLOWDOWN = 4;
const DEFAULT_RUNS = 5;
/** Found in the seed edition ("tariffs" is not: it would measure "No stories match" only). */
const SEARCH_QUERY = 'minerals';
/** Between keystrokes: a steady typist, about 100 words a minute. */
const KEY_DELAY_MS = 120;
/**
 * How long a click holds the button: a person's click is not instant, and with none the
 * pointerdown's next paint waits for the click's own work, which it is then charged with too.
 */
const CLICK_HOLD_MS = 80;
const PAGE_TIMEOUT_MS = 60_000;
/** How long a control may take to appear (or a result to show) before the run fails. */
const WAIT_TIMEOUT_MS = 30_000;
/** Event Timing's smallest threshold: shorter events are not reported. */
const DURATION_THRESHOLD_MS = 16;

const OUT_FILE = resolve('bench-results/interactions.jsonl');

const log = (...args: unknown[]): void => console.error('[bench:interactions]', ...args);

const INTERACTIONS = [
  { key: 'open_settings', label: 'open reading settings' },
  { key: 'choose_theme', label: 'choose a theme' },
  { key: 'save_story', label: 'save the story' },
  { key: 'apply_highlight', label: 'apply a highlight' },
  { key: 'open_related', label: 'open a related story' },
  { key: 'open_gallery', label: 'open the quote gallery' },
  { key: 'filter_gallery', label: 'filter the gallery' },
  { key: 'jump_to_section', label: 'jump to a section' },
  { key: 'type_search', label: 'type a search' },
] as const;
type InteractionKey = (typeof INTERACTIONS)[number]['key'];
const labelOf = (key: InteractionKey) => INTERACTIONS.find((i) => i.key === key)!.label;

// --- cleanup ------------------------------------------------------------------------------------

const { cleanups, runMain } = createCleanups(log);

// --- options ------------------------------------------------------------------------------------

function parseOptions(): { build: boolean; runs: number; cpu: number; distDir: string } {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      cpu: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rawCpu = values.cpu ?? String(DEFAULT_CPU_SLOWDOWN);
  const cpu = Number(rawCpu);
  if (!(cpu >= 1)) throw new Error(`Invalid CPU slowdown: ${rawCpu}`);
  const rawRuns = values.runs ?? process.env.BENCH_RUNS ?? String(DEFAULT_RUNS);
  const runs = Number(rawRuns);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Invalid run count: ${rawRuns}`);
  return {
    build: !values['no-build'],
    runs,
    cpu,
    distDir: resolve(process.env.DIST_DIR ?? 'dist'),
  };
}

// --- the build ----------------------------------------------------------------------------------

interface Lead {
  slug: string;
  headline: string;
  /** Whether the app marks its hydration (`dispatch:ready`); else the save toggle tells. */
  readyMark: boolean;
}

/** The lead story of the first edition page, as the build wrote it. */
function readLead(distDir: string): Lead {
  const editionFile = join(distDir, 'content/edition/1.json');
  if (!existsSync(editionFile)) {
    throw new Error(`No build in ${distDir}: run without --no-build (or npm run build)`);
  }
  const edition = JSON.parse(readFileSync(editionFile, 'utf8')) as { lead?: { slug?: unknown } };
  const slug = edition.lead?.slug;
  if (typeof slug !== 'string' || slug === '') throw new Error(`${editionFile} names no lead`);
  const article = JSON.parse(
    readFileSync(join(distDir, 'content/articles', `${slug}.json`), 'utf8'),
  ) as { headline?: { text?: unknown } };
  const headline = article.headline?.text;
  if (typeof headline !== 'string') throw new Error(`The lead story ${slug} has no headline`);
  const assets = join(distDir, 'assets');
  const readyMark = readdirSync(assets).some(
    (file) =>
      file.endsWith('.js') && readFileSync(join(assets, file), 'utf8').includes('dispatch:ready'),
  );
  return { slug, headline, readyMark };
}

// --- in-page probe ------------------------------------------------------------------------------

/*
 * Plain JavaScript in a string: tsx compiles functions with esbuild's keepNames, whose `__name`
 * helper does not exist in the page. Times are performance.now(), ms since navigation start.
 *
 * Every event entry of the document is kept; the interactions' windows are applied once all are
 * in (an entry arrives a frame or more after the paint that ends it). `doc` tells a full load,
 * which would start a new document with a new clock, from the same page.
 */
const PROBE = `(() => {
  const bench = { doc: String(Math.random()).slice(2), entries: [] };
  window.__interactionBench = bench;
  const keep = (entries) => {
    for (const entry of entries) {
      bench.entries.push({ name: entry.name, type: entry.entryType, start: entry.startTime, duration: entry.duration, interactionId: entry.interactionId ?? 0 });
    }
  };
  const events = new PerformanceObserver((list) => keep(list.getEntries()));
  events.observe({ type: 'event', durationThreshold: ${DURATION_THRESHOLD_MS}, buffered: true });
  const first = new PerformanceObserver((list) => keep(list.getEntries()));
  first.observe({ type: 'first-input', buffered: true });
  // Resolves when the app marks itself hydrated; awaited from outside, no polling.
  bench.ready = new Promise((resolve) => {
    const found = () => performance.getEntriesByName('dispatch:ready', 'mark')[0];
    new PerformanceObserver((list, observer) => {
      const mark = found();
      if (mark) { observer.disconnect(); resolve(mark.startTime); }
    }).observe({ type: 'mark', buffered: true });
  });
  // Entries are queued once the frame after the event is presented: a few frames, then what
  // the observers hold but have not delivered yet.
  bench.flush = async (frames) => {
    for (let i = 0; i < frames; i++) await new Promise((done) => requestAnimationFrame(() => done()));
    await new Promise((done) => setTimeout(done, 0));
    keep(events.takeRecords());
    keep(first.takeRecords());
    return bench.entries;
  };
})();`;

interface EventEntry {
  name: string;
  type: string;
  start: number;
  duration: number;
  /** Non-zero for the events INP counts (pointerdown/up, click, keydown/up), not hover. */
  interactionId: number;
}

/** A moment in the page: its clock, and which document it was (a full load would start anew). */
interface Moment {
  doc: string;
  at: number;
}

const now = (page: Page) =>
  page.evaluate<Moment>('({ doc: window.__interactionBench.doc, at: performance.now() })');

// --- controls -----------------------------------------------------------------------------------

/** A control the page should have and has not: the bench cannot measure, and stops. */
class MissingControl extends Error {}

/** An interaction's failure, named. */
class InteractionError extends Error {}

/** Waits for the control to be visible; if it never is, a MissingControl naming the interaction. */
async function control(
  locator: Locator,
  interaction: InteractionKey,
  what: string,
): Promise<Locator> {
  const first = locator.first();
  try {
    await first.waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS });
  } catch {
    throw new MissingControl(`${labelOf(interaction)}: no ${what} on the page`);
  }
  return first;
}

/**
 * Where a plain click lands on the control: the centre of its first box, once the control is
 * enabled, in view, still for two frames (a smooth scroll has ended) and not covered.
 * Playwright's `click({ trial: true })` would check the same by sending real input that its
 * listeners then block: events the page times, and a hover moved out of the reader's order.
 */
async function aim(page: Page, target: Locator, interaction: InteractionKey, what: string) {
  try {
    await expect(target).toBeEnabled({ timeout: WAIT_TIMEOUT_MS });
  } catch {
    throw new InteractionError(`${labelOf(interaction)}: the ${what} never became enabled`);
  }
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    await target.scrollIntoViewIfNeeded();
    const before = await centreOf(target);
    await afterInput(page);
    const after = await centreOf(target);
    if (after.hits && after.x === before.x && after.y === before.y) return after;
    if (Date.now() > deadline) {
      throw new InteractionError(
        `${labelOf(interaction)}: the ${what} ${after.hits ? 'kept moving' : 'is covered'}`,
      );
    }
  }
}

const centreOf = (target: Locator) =>
  target.evaluate((element) => {
    const rects = Array.from(element.getClientRects());
    const box =
      rects.find((rect) => rect.width > 0 && rect.height > 0) ?? element.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return { x, y, hits: hit !== null && (hit === element || element.contains(hit)) };
  });

/**
 * Two frames after an input, before Playwright looks for its result: its role queries walk the
 * whole page, tens of ms at 4× on an article, and in a task before the input's next paint they
 * would lengthen the very duration being measured.
 */
const afterInput = (page: Page) =>
  page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))',
  );

/** Waits until the interaction's result shows; its failure names the interaction. */
async function result(interaction: InteractionKey, what: string, wait: () => Promise<unknown>) {
  try {
    await wait();
  } catch (error) {
    throw new InteractionError(
      `${labelOf(interaction)}: ${what} did not show within ${WAIT_TIMEOUT_MS} ms (${firstLine(error)})`,
    );
  }
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// --- one run ------------------------------------------------------------------------------------

interface Span {
  key: InteractionKey;
  start: Moment;
  end: Moment;
}

interface Measured {
  duration: number;
  /** The slowest entry's event, for the log ("" when none reached the threshold). */
  event: string;
  /**
   * The same among the events with an interactionId, as INP counts them: without the hover and
   * boundary events (pointerover, pointerout…) a page moving under a still pointer fires.
   */
  inputDuration: number;
}

type RunResult = Partial<Record<InteractionKey, Measured>>;

type Viewport = (typeof VIEWPORTS)[number];

/**
 * One fresh context, one cold load of the lead article, the eight interactions. What was
 * measured before a failure is kept, and the failure returned with it.
 */
async function measureRun(
  browser: Browser,
  origin: string,
  lead: Lead,
  viewport: Viewport,
  cpu: number,
): Promise<{ measured: RunResult; error?: unknown }> {
  const context = await browser.newContext({ viewport });
  const windows: Span[] = [];
  let failure: unknown;
  let page: Page | undefined;
  try {
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_TIMEOUT_MS);
    page.on('pageerror', (error) => log('page error:', error.message));
    await page.addInitScript(PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await page.goto(`${origin}/articles/${lead.slug}`, { timeout: PAGE_TIMEOUT_MS });
    await waitUntilHydrated(page, lead);
    await interact(page, lead, windows);
  } catch (error) {
    failure = error;
  }
  try {
    const measured = page && windows.length > 0 ? await attribute(page, windows) : {};
    return failure === undefined ? { measured } : { measured, error: failure };
  } catch (error) {
    // A page too broken to read back (it crashed, say): the first failure is the one to tell.
    return { measured: {}, error: failure ?? error };
  } finally {
    await context.close();
  }
}

async function waitUntilHydrated(page: Page, lead: Lead): Promise<void> {
  if (lead.readyMark) {
    // Bounded: an app that never marks itself ready fails the run instead of hanging it.
    await page.evaluate(
      `Promise.race([window.__interactionBench.ready, new Promise((_, fail) => setTimeout(() => fail(new Error('no dispatch:ready mark within ${PAGE_TIMEOUT_MS} ms')), ${PAGE_TIMEOUT_MS}))])`,
    );
  } else {
    await expect(saveToggle(page, lead)).toBeEnabled({ timeout: PAGE_TIMEOUT_MS });
  }
}

const saveToggle = (page: Page, lead: Lead) =>
  page
    .getByRole('button', {
      name: new RegExp(`\\bsave\\b.*${escapeRegExp(lead.headline)}`, 'i'),
      pressed: false,
    })
    .first();

/** The nine interactions, in an order that needs one unmeasured step back. */
async function interact(page: Page, lead: Lead, windows: Span[]): Promise<void> {
  /** Clicks the control with a plain mouse click; returns the window's start. */
  const click = async (target: Locator, key: InteractionKey, what: string) => {
    const { x, y } = await aim(page, target, key, what);
    // The pointer arrives first (hovering is no interaction): its hover is painted before the
    // press, as when a person points, then clicks.
    await page.mouse.move(x, y);
    await afterInput(page);
    const start = await now(page);
    await page.mouse.click(x, y, { delay: CLICK_HOLD_MS });
    await afterInput(page);
    return start;
  };
  const done = async (key: InteractionKey, start: Moment) => {
    const end = await now(page);
    if (end.doc !== start.doc) {
      throw new InteractionError(
        `${labelOf(key)}: the page loaded anew; Event Timing does not follow a full navigation`,
      );
    }
    windows.push({ key, start, end });
  };
  const headline = lead.headline;

  // 1. The header's reading settings ("Aa"): the panel's choices show.
  const settings = await control(
    page.getByRole('button', { name: /reading settings/i }),
    'open_settings',
    '"Reading settings" button',
  );
  let start = await click(settings, 'open_settings', 'reading settings button');
  const dark = page.getByRole('radio', { name: /^dark$/i });
  await result('open_settings', 'the "Dark" choice', () =>
    dark.waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS }),
  );
  await done('open_settings', start);

  // 2. Dark: the choice is checked (it applies in its own handler).
  start = await click(
    await control(dark, 'choose_theme', '"Dark" radio button'),
    'choose_theme',
    '"Dark" choice',
  );
  await result('choose_theme', 'the checked "Dark" choice', () =>
    expect(dark).toBeChecked({ timeout: WAIT_TIMEOUT_MS }),
  );
  await done('choose_theme', start);
  // Closed with its Done button (not measured), so it covers nothing that follows.
  await page.getByRole('button', { name: /^done$/i }).click();
  await dark.waitFor({ state: 'hidden' });

  // 3. The story's save toggle, once the saved list is known (it is disabled until then).
  const save = await control(saveToggle(page, lead), 'save_story', `save toggle for “${headline}”`);
  start = await click(save, 'save_story', 'save toggle');
  await result('save_story', 'the pressed save toggle', () =>
    page
      .getByRole('button', { name: new RegExp(escapeRegExp(headline)), pressed: true })
      .first()
      .waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS }),
  );
  await done('save_story', start);

  // 3b. A highlight: the first paragraph's opening words are selected (not measured: the
  //     reader's drag), then "Key point" in the bar that shows, until the highlight is told.
  await page.evaluate(() => {
    const paragraph = document.querySelector('.article-body p');
    const text = paragraph?.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, Math.min(60, (text as Text).length));
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
  });
  const keyPoint = await control(
    page.getByRole('group', { name: /highlight the selected text/i }).getByRole('button', {
      name: /^key point$/i,
    }),
    'apply_highlight',
    '"Key point" button of the highlight bar',
  );
  start = await click(keyPoint, 'apply_highlight', '"Key point" button');
  await result('apply_highlight', 'the "Highlighted as Key point." notice', () =>
    page
      .getByRole('status')
      .filter({ hasText: /highlighted as key point/i })
      .waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS }),
  );
  await done('apply_highlight', start);
  // Closed (not measured), so the bar covers nothing that follows.
  await page
    .getByRole('group', { name: /your highlight/i })
    .getByRole('button', { name: /^done$/i })
    .click();

  // 7. The contents' last section: a side column on a wide screen; on a phone, a collapsed
  //    "Jump to", opened first (not measured).
  const contents = page.getByRole('navigation', { name: /^(contents|jump to)$/i });
  const toc = contents.filter({ visible: true });
  if ((await toc.count()) === 0) {
    const disclosure = page
      .getByRole('button', { name: /^(contents|jump to)$/i })
      .or(page.locator('summary').filter({ hasText: /^\s*(contents|jump to)\s*$/i }));
    await (
      await control(disclosure, 'jump_to_section', 'contents or "Jump to" disclosure')
    ).click();
  }
  const sectionLink = await control(
    toc.first().getByRole('link').last(),
    'jump_to_section',
    'link in the contents',
  );
  const sectionName = (await sectionLink.innerText()).trim();
  const sectionHash = new URL(await sectionLink.evaluate((a) => (a as HTMLAnchorElement).href))
    .hash;
  start = await click(sectionLink, 'jump_to_section', `contents link "${sectionName}"`);
  await result('jump_to_section', `the section "${sectionName}" in view`, async () => {
    await page.waitForURL((url) => url.hash === sectionHash, { timeout: WAIT_TIMEOUT_MS });
    await expect(
      page.getByRole('heading', { name: sectionName, exact: true }).first(),
    ).toBeInViewport({ timeout: WAIT_TIMEOUT_MS });
  });
  await done('jump_to_section', start);

  // 4. The first related story: its page's headline shows.
  const related = await control(
    page.getByRole('complementary', { name: /related/i }).getByRole('link'),
    'open_related',
    'link among the related stories',
  );
  const relatedTitle = (await related.innerText()).trim();
  start = await click(related, 'open_related', `related story link "${relatedTitle}"`);
  await result('open_related', `the heading "${relatedTitle}"`, () =>
    page
      .getByRole('heading', { level: 1, name: relatedTitle, exact: true })
      .waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS }),
  );
  await done('open_related', start);
  // Back to the article (not measured).
  await page.goBack();
  await page
    .getByRole('heading', { level: 1, name: headline, exact: true })
    .waitFor({ state: 'visible' });

  // 5. The article's link to its quote gallery: the gallery's heading and first card show.
  const galleryLink = await control(
    page.getByRole('main').getByRole('link', { name: /\bquot(e|es|ation|ations)\b/i }),
    'open_gallery',
    'link to the quote gallery',
  );
  start = await click(galleryLink, 'open_gallery', 'quote gallery link');
  await result('open_gallery', 'the gallery with its cards', async () => {
    await page
      .getByRole('heading', { level: 1, name: /quot/i })
      .waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS });
    await page.getByRole('figure').first().waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS });
  });
  await done('open_gallery', start);

  // 6. The filter's first speaker (the first link is everyone): it becomes the current one.
  const speaker = await control(
    page
      .getByRole('navigation', { name: /speaker/i })
      .getByRole('link')
      .nth(1),
    'filter_gallery',
    'speaker in the gallery filter',
  );
  const speakerName = (await speaker.innerText()).replace(/\s*\(\d+\)\s*$/, '').trim();
  start = await click(speaker, 'filter_gallery', `speaker "${speakerName}"`);
  await result('filter_gallery', `the gallery filtered to ${speakerName}`, () =>
    expect(speaker).toHaveAttribute('aria-current', 'page', { timeout: WAIT_TIMEOUT_MS }),
  );
  await done('filter_gallery', start);

  // 8. The header's search: the field, or (a narrow header) the button that opens it; then the
  //    query key by key and Enter, until the search page answers.
  const field = page.getByRole('searchbox', { name: /search/i }).first();
  if (await field.isVisible()) {
    start = await click(field, 'type_search', 'search field');
  } else {
    const opener = await control(
      page.getByRole('button', { name: /search/i }),
      'type_search',
      'visible search field or "Search" button',
    );
    start = await click(opener, 'type_search', 'search button');
    const opened = await control(field, 'type_search', 'search field (after its button)');
    // Within the same window: the button's start stands.
    if (!(await opened.evaluate((input) => input === document.activeElement))) {
      await click(opened, 'type_search', 'search field');
    }
  }
  await page.keyboard.type(SEARCH_QUERY, { delay: KEY_DELAY_MS });
  await page.keyboard.press('Enter');
  await afterInput(page);
  await result('type_search', `results for "${SEARCH_QUERY}"`, async () => {
    await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/search', {
      timeout: WAIT_TIMEOUT_MS,
    });
    await page
      .getByRole('status')
      .filter({ hasText: SEARCH_QUERY })
      .waitFor({ state: 'visible', timeout: WAIT_TIMEOUT_MS });
  });
  await done('type_search', start);
}

/** Each interaction's worst event: the longest entry that started within its window. */
async function attribute(page: Page, windows: Span[]): Promise<RunResult> {
  // More frames than after each interaction: the last paint's entries arrive last.
  const entries = await page.evaluate<EventEntry[]>('window.__interactionBench.flush(5)');
  const measured: RunResult = {};
  for (const { key, start, end } of windows) {
    const own = entries.filter((entry) => entry.start >= start.at && entry.start <= end.at);
    const worst = own.reduce<EventEntry | undefined>(
      (longest, entry) => (longest && longest.duration >= entry.duration ? longest : entry),
      undefined,
    );
    const inputs = own.filter((entry) => entry.interactionId > 0);
    measured[key] = {
      duration: worst?.duration ?? 0,
      event: worst?.name ?? '',
      inputDuration: Math.max(0, ...inputs.map((entry) => entry.duration)),
    };
  }
  return measured;
}

// --- summary ------------------------------------------------------------------------------------

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid]!;
  return sorted.length % 2 ? upper : (sorted[mid - 1]! + upper) / 2;
}

const round = (value: number | null): number | null =>
  value === null ? null : Number(value.toFixed(1));

interface Summary {
  median_ms: number | null;
  max_ms: number | null;
  runs: number;
  /** Median and max among the events INP counts alone (see Measured). */
  input_events: { median_ms: number | null; max_ms: number | null };
}

function summarize(viewport: Viewport, runs: RunResult[], requested: number, cpu: number) {
  const interactions = Object.fromEntries(
    INTERACTIONS.map(({ key }): [InteractionKey, Summary] => {
      const measured = runs.flatMap((run) => (run[key] ? [run[key]] : []));
      const stats = (durations: number[]) => ({
        median_ms: round(median(durations)),
        max_ms: durations.length ? round(Math.max(...durations)) : null,
      });
      return [
        key,
        {
          ...stats(measured.map((m) => m.duration)),
          runs: measured.length,
          input_events: stats(measured.map((m) => m.inputDuration)),
        },
      ];
    }),
  ) as Record<InteractionKey, Summary>;
  return {
    case: 'interactions',
    viewport: `${viewport.width}x${viewport.height}`,
    runs: requested,
    metric: 'worst Event Timing duration (ms) per interaction; 0 = every event under 16 ms',
    interactions,
    search_query: SEARCH_QUERY,
    cpu_slowdown: cpu,
    date: new Date().toISOString(),
  };
}

/** One run for the log: each worst duration, its event, and the inputs' own when less. */
function describe(measured: RunResult): string {
  return Object.entries(measured)
    .map(([key, m]) => {
      const inputs = m.inputDuration < m.duration ? `; inputs ${m.inputDuration}` : '';
      return `${key} ${m.duration}${m.event ? ` (${m.event}${inputs})` : ''}`;
    })
    .join(', ');
}

/** A compact table for people: median / max (runs), one column per viewport. */
function table(summaries: ReturnType<typeof summarize>[]): string {
  const cell = (s: Summary) =>
    s.runs === 0 ? 'not measured' : `${s.median_ms} / ${s.max_ms} (${s.runs})`;
  const rows = [
    ['interaction (ms: median / max (runs))', ...summaries.map((s) => s.viewport)],
    ...INTERACTIONS.map(({ key, label }) => [
      label,
      ...summaries.map((s) => cell(s.interactions[key])),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((text, column) => text.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { build, runs, cpu, distDir } = parseOptions();
  if (build) {
    log('building…');
    await runBuild();
  }
  const lead = readLead(distDir);
  log(
    `lead story ${lead.slug}; hydration from ${lead.readyMark ? 'the dispatch:ready mark' : 'the save toggle (no dispatch:ready mark in this build)'}`,
  );
  const origin = await startServer({
    distDir,
    readyPath: `/articles/${lead.slug}`,
    onCleanup: (stop) => cleanups.processes.add(stop),
    log,
  });

  const executablePath = systemChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_FLAGS,
    ...(executablePath ? { executablePath } : {}),
  });
  const results = new Map<Viewport, RunResult[]>(VIEWPORTS.map((viewport) => [viewport, []]));
  try {
    // Round-robin over viewports, so drift in machine load spreads over both.
    for (let run = 1; run <= runs; run++) {
      for (const viewport of VIEWPORTS) {
        const name = `${viewport.width}x${viewport.height}`;
        log(`run ${run}/${runs} ${name}`);
        const { measured, error } = await measureRun(browser, origin, lead, viewport, cpu);
        results.get(viewport)?.push(measured);
        if (Object.keys(measured).length > 0) log(`  ${describe(measured)}`);
        if (error instanceof MissingControl) throw new Error(`${error.message} (at ${name})`);
        if (error) log(`run ${run} at ${name} failed:`, firstLine(error));
      }
    }
  } finally {
    await browser.close();
  }

  const summaries = VIEWPORTS.map((viewport) =>
    summarize(viewport, results.get(viewport) ?? [], runs, cpu),
  );
  const lines = summaries.map((summary) => JSON.stringify(summary));
  for (const line of lines) process.stdout.write(`${line}\n`);
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  appendFileSync(OUT_FILE, lines.map((line) => `${line}\n`).join(''));
  log(`appended to ${OUT_FILE}`);
  log(`at ${cpu}× CPU slowdown:\n${table(summaries)}`);

  // An interaction without a single measurement at some viewport was not measured: a failure.
  const unmeasured = summaries.flatMap((summary) =>
    INTERACTIONS.filter(({ key }) => summary.interactions[key].runs === 0).map(
      ({ label }) => `${label} at ${summary.viewport}`,
    ),
  );
  if (unmeasured.length > 0) log(`not measured: ${unmeasured.join(', ')}`);
  return unmeasured.length > 0 ? 1 : 0;
}

await runMain(main);
