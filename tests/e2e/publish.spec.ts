import type { ChildProcess } from 'node:child_process';
import type { Request } from '@playwright/test';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { toArticle } from '../../src/content/article';
import type { ArticleDocument } from '../../src/content/schema';
import { quoteSelector, storyText } from '../../src/content/text-quote';
import type { Highlight, HighlightColour } from '../../src/features/highlights/highlight-store';
import { freePort } from '../bench/support';
import { buildSite, serveSite } from '../support/site';
import {
  expect,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  gotoReady,
  layoutShift,
  recordLayoutShifts,
  SEED_HEADLINE,
  SEED_SLUG,
  test,
} from './fixtures';

/**
 * The publishing path at the size of a test: an edition is built, then changed the ways a
 * newsroom changes one (a story edited, one added with `npm run ingest`, one removed, the lead
 * re-ordered, a related title changed), and built again after each change, incrementally. After
 * each step the build's folder must hold exactly what a clean build of the same content holds,
 * file for file and byte for byte; then Chromium reads the last incremental build. Runs in one
 * worker (its own project): the builds are made once.
 */
const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Stories enough for two edition pages (20 a page, title-only stories counted). */
const STORIES = 9;
const slugOf = (index: number) => `council-story-${index}`;
const headlineOf = (index: number) => `Council story ${index}`;

/** A story in Markdown, with sections, attributed quotations and related titles. */
function story(index: number, extra = ''): string {
  return [
    `The council met on Monday about plan ${index} (file Q${index}X). ${extra}`.trim(),
    `“We will look at plan ${index} again before the winter,” said Ada Okafor. “Nothing is settled.”`,
    '## What Happens Next',
    `A vote on plan ${index} is due in March, the clerk said.`,
    '## Reaction',
    `Residents called plan ${index} “a start”.`,
    '## Related Stories',
    `- ${headlineOf((index + 1) % STORIES)}`,
    `- A title nobody wrote number ${index}`,
    `- Another title nobody wrote number ${index}`,
    '',
  ].join('\n\n');
}

let work: string;
let contentDir: string;
let distDir: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
let origin: string;

const sourceOf = (index: number) => join(contentDir, 'stories', `${slugOf(index)}.md`);

async function ingest(file: string, headline: string, published: string) {
  const { stdout } = await run(
    'npm',
    ['run', '--silent', 'ingest', '--', file, '--headline', headline, '--published', published],
    { cwd: root, env },
  );
  return stdout;
}

async function filesOf(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true, recursive: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Every file the same, and no other: the names that differ, then the first bytes that do. */
async function expectSameBuild(incremental: string, clean: string) {
  const [ours, theirs] = await Promise.all([filesOf(incremental), filesOf(clean)]);
  expect(ours).toEqual(theirs);
  const different: string[] = [];
  for (const file of ours) {
    const [a, b] = await Promise.all([
      readFile(join(incremental, file)),
      readFile(join(clean, file)),
    ]);
    if (!a.equals(b)) different.push(file);
  }
  expect(different).toEqual([]);
}

/** What a build said it rendered: `[rendered, of all]` pages. */
function pagesRendered(log: string): [number, number] {
  const match = /pages: ([\d,]+) of ([\d,]+) pages? rendered/.exec(log);
  if (!match) throw new Error(`the build did not say what it rendered:\n${log}`);
  return [Number(match[1]!.replace(/,/g, '')), Number(match[2]!.replace(/,/g, ''))];
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(join(tmpdir(), 'dispatch-e2e-publish-'));
  contentDir = join(work, 'content');
  distDir = join(work, 'dist');
  await cp(join(root, 'content'), contentDir, { recursive: true });
  env = {
    ...process.env,
    DISPATCH_CONTENT_DIR: contentDir,
    DISPATCH_DIST_DIR: distDir,
    // One cache for both folders' cards: each is drawn once.
    DISPATCH_CARD_CACHE: join(work, 'cards'),
    // The search index in parts of about four stories, as a large edition's is in parts of
    // thousands: a change makes only its parts again, and the reader searches them all.
    DISPATCH_SEARCH_PART_SIZE: '4',
  };
  const sources = join(work, 'sources');
  await mkdir(sources);
  for (let index = 0; index < STORIES; index += 1) {
    await writeFile(join(sources, `${slugOf(index)}.md`), story(index));
    await ingest(
      join(sources, `${slugOf(index)}.md`),
      headlineOf(index),
      `2026-11-${String(10 + index).padStart(2, '0')}T09:00:00Z`,
    );
  }
  const log = await buildSite(env, { logLevel: 'info' });
  expect(log).toContain('full build: no build state');
  highlightsBeforeCorrection = await highlightsOf(3, [
    ['council met on Monday about plan 3', 'key'],
    ['A vote on plan 3 is due in March', 'question'],
    ['Residents called plan 3', 'evidence'],
  ]);
});

/** Highlights a reader made in a story of the first build, as the app records them. */
let highlightsBeforeCorrection: Highlight[];

async function highlightsOf(index: number, passages: [string, HighlightColour][]) {
  const file = join(distDir, 'content', 'articles', `${slugOf(index)}.json`);
  const article = toArticle(JSON.parse(await readFile(file, 'utf8')) as ArticleDocument);
  const text = storyText(article);
  const at = '2026-12-01T09:00:00.000Z';
  return passages.map(([words, colour], n): Highlight => {
    const start = text.text.indexOf(words);
    const quote = quoteSelector(text, start, start + words.length);
    if (start < 0 || !quote) throw new Error(`no passage “${words}” in ${slugOf(index)}`);
    const id = `00000000-0000-4000-8000-00000000000${n}`;
    return {
      id,
      slug: slugOf(index),
      title: headlineOf(index),
      quote,
      colour,
      note: '',
      createdAt: at,
      updatedAt: at,
    };
  });
}

test.afterAll(async () => {
  server?.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

const STEPS: { name: string; change: () => Promise<void>; expected: RegExp[] }[] = [
  {
    name: 'a story’s text is corrected',
    change: async () => {
      const file = sourceOf(3);
      await writeFile(file, (await readFile(file, 'utf8')).replace('in March', 'in April'));
    },
    expected: [/pages: story changed: council-story-3/, /search index: [12] of \d+ bundles made/],
  },
  {
    name: 'a story is added with npm run ingest',
    change: async () => {
      const file = join(work, 'sources', 'late.md');
      await writeFile(file, story(STORIES, 'The meeting ran late.'));
      expect(await ingest(file, 'A late council story', '2026-11-30T09:00:00Z')).toBe(
        `a-late-council-story\t/articles/a-late-council-story\n`,
      );
    },
    expected: [/pages: new pages/, /pages: edition pages changed/],
  },
  {
    name: 'a story is removed',
    change: async () => {
      await rm(sourceOf(5));
      await rm(join(contentDir, 'stories', `${slugOf(5)}.meta.json`));
    },
    expected: [/pages: edition pages changed/, /[1-9]\d* removed/],
  },
  {
    name: 'another story leads the edition',
    change: async () => {
      await writeFile(join(contentDir, 'edition.json'), `${JSON.stringify({ lead: slugOf(2) })}\n`);
    },
    expected: [/pages: edition pages changed/],
  },
  {
    name: 'a related title changes',
    change: async () => {
      const file = sourceOf(7);
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('A title nobody wrote number 7', headlineOf(1)),
      );
    },
    expected: [/pages: story changed: council-story-7/],
  },
];

test('each change, built incrementally, makes the files a clean build makes', async () => {
  // Ten builds, each now compressing what it wrote (brotli 11): about 3 minutes on a quiet
  // 2-core machine, far more on a busy one.
  test.setTimeout(600_000);
  const cleanDir = join(work, 'clean');
  for (const [index, step] of STEPS.entries()) {
    await test.step(step.name, async () => {
      await step.change();
      const log = await buildSite(env, { logLevel: 'info' });
      expect(log).toContain('incremental build');
      const [rendered, total] = pagesRendered(log);
      expect(rendered).toBeGreaterThan(0);
      expect(rendered).toBeLessThan(total / 2);
      for (const pattern of step.expected) expect(log).toMatch(pattern);

      // The full build to compare with: `--clean`, except after the last change, where the
      // clean folder's build state is damaged instead, and the build must notice and start over.
      const last = index === STEPS.length - 1;
      if (last) await writeFile(`${cleanDir}.build-state.json`, '{"format": 1, "pages": ');
      const cleanLog = await buildSite(
        { ...env, DISPATCH_DIST_DIR: cleanDir },
        { logLevel: 'info', args: last ? [] : ['--clean'] },
      );
      expect(cleanLog).toContain(
        last ? 'full build: the build state is damaged (not JSON)' : 'full build: --clean',
      );
      const [cleanRendered, cleanTotal] = pagesRendered(cleanLog);
      expect(cleanRendered).toBe(cleanTotal);
      await expectSameBuild(distDir, cleanDir);
    });
  }
});

test.describe('the reader, on the last incremental build', () => {
  test.beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = await serveSite(distDir, port, env);
  });

  test('shows the corrected text, the new story and the new lead', async ({ page }) => {
    await gotoReady(page, `${origin}/articles/${slugOf(3)}`);
    await expect(page.getByText('A vote on plan 3 is due in April, the clerk said.')).toBeVisible();
    await expect(page.getByText('in March')).toHaveCount(0);

    await gotoReady(page, `${origin}/`);
    // The lead, then the newest first: the story added last.
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: headlineOf(2) }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'A late council story' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'A late council story' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'A late council story' }),
    ).toBeFocused();
    await expect(page.getByText('The meeting ran late.')).toBeVisible();
  });

  test('highlights made before the correction: the others re-attach, the changed one could not be placed', async ({
    page,
  }) => {
    await page.addInitScript((highlights) => {
      for (const highlight of highlights) {
        localStorage.setItem(`dispatch:highlight:${highlight.id}`, JSON.stringify(highlight));
      }
    }, highlightsBeforeCorrection);
    await gotoReady(page, `${origin}/articles/${slugOf(3)}`);
    const list = page.getByRole('complementary', { name: 'Your highlights in this story' });
    await expect(list.getByRole('heading', { name: 'Could not be placed' })).toBeVisible();
    const unplaced = list.getByRole('listitem').filter({ hasText: 'Could not be placed' });
    await expect(unplaced).toHaveCount(1);
    await expect(unplaced.getByRole('blockquote')).toHaveText('A vote on plan 3 is due in March');
    const painted = () =>
      page.evaluate(() =>
        Object.fromEntries([...CSS.highlights].map(([name, h]) => [name, [...h].map(String)])),
      );
    await expect.poll(painted).toMatchObject({
      'dispatch-key': ['council met on Monday about plan 3'],
      'dispatch-question': [],
      'dispatch-evidence': ['Residents called plan 3'],
    });
  });

  test('answers a removed story’s pages with “not found”, never a stale page', async ({
    page,
    consoleWatch,
  }) => {
    // The 404 responses themselves.
    consoleWatch.allow(/status of 404/);
    for (const path of [
      `/articles/${slugOf(5)}/sections/what-happens-next`,
      `/articles/${slugOf(5)}/quotes`,
      `/articles/${slugOf(5)}/quotes/we-will-look-at-plan-5-again`,
    ]) {
      const response = await page.goto(`${origin}${path}`);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByText('plan 5')).toHaveCount(0);
    }
    // Story 4 still lists its title among its related stories: the title alone, with a page
    // that says only that, as for any title the edition has no story for.
    await gotoReady(page, `${origin}/articles/${slugOf(4)}`);
    await page.getByRole('link', { name: headlineOf(5) }).click();
    await expect(page).toHaveURL(`${origin}/articles/${slugOf(5)}`);
    await expect(page.getByRole('heading', { level: 1, name: headlineOf(5) })).toBeFocused();
    await expect(page.getByText('plan 5')).toHaveCount(0);
    const response = await page.goto(`${origin}/articles/${slugOf(5)}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByText('plan 5')).toHaveCount(0);
  });

  test('finds stories in every part of the search index', async ({ page }) => {
    const parts = (await (await fetch(`${origin}/pagefind/parts.json`)).json()) as string[];
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const [query, headline] of [
      ['April', headlineOf(3)],
      ['late', 'A late council story'],
      ['Q8X', headlineOf(8)],
      ['Q0X', headlineOf(0)],
      ['intercepted', SEED_HEADLINE],
    ]) {
      await gotoReady(page, `${origin}/search?q=${encodeURIComponent(query!)}`);
      await expect(page.getByRole('link', { name: headline! }).first()).toBeVisible();
    }
    // The removed story is gone from the index.
    await gotoReady(page, `${origin}/search?q=Q5X`);
    await expect(page.getByRole('status')).toHaveText('No stories match “Q5X”.');
  });

  test('still has the seed story, whose pages nothing changed', async ({ page }) => {
    const response = await gotoReady(page, `${origin}/articles/${SEED_SLUG}`);
    expect(response?.status()).toBe(200);
  });
});

test.describe('the live front page', () => {
  const READERS = [
    { name: 'desktop', viewport: { width: 1440, height: 900 } },
    {
      name: 'phone',
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    },
  ];
  const BREAKING = 'A council story that breaks while you read';

  test('a story published while the front page is open: counted, moving nothing, shown on request', async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const readers = [];
    for (const { name, ...options } of READERS) {
      const context = await browser.newContext({ ...options, serviceWorkers: 'block' });
      const page = await context.newPage();
      // Timers that run as usual, and that the test can move a few minutes on.
      await context.clock.install();
      await recordLayoutShifts(page);
      const checks: Request[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/content/edition/1.json')) checks.push(request);
      });
      const problems: string[] = [];
      page.on('console', (message) => {
        // As fixtures.ts's consoleWatch: what blocking service workers, and Chromium on Linux
        // not knowing Web Share, always say.
        if (
          ['error', 'warning'].includes(message.type()) &&
          !/Service Worker registration blocked|Unrecognized feature: 'web-share'/.test(
            message.text(),
          )
        ) {
          problems.push(message.text());
        }
      });
      // The reader opened story 3 before it was updated.
      await gotoReady(page, `${origin}/articles/${slugOf(3)}`);
      await expect
        .poll(() => page.evaluate(() => localStorage.getItem('dispatch:opened') ?? ''))
        .toContain(slugOf(3));
      await gotoReady(page, `${origin}/`);
      readers.push({ name, context, page, checks, problems });
    }

    // The newsroom publishes: a new story, and an update to story 3.
    const file = join(work, 'sources', 'breaking.md');
    await writeFile(file, `${story(42, 'The meeting was called at an hour’s notice.')}`);
    await ingest(file, BREAKING, '2026-12-01T09:00:00Z');
    const metaFile = join(contentDir, 'stories', `${slugOf(3)}.meta.json`);
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    await writeFile(metaFile, JSON.stringify({ ...meta, updated: new Date().toISOString() }));
    expect(await buildSite(env, { logLevel: 'info' })).toContain('incremental build');

    for (const { name, context, page, checks } of readers) {
      await test.step(name, async () => {
        expect(checks, 'no check before the first minute').toHaveLength(0);
        await context.clock.fastForward('01:01');
        const notice = page.getByRole('status').filter({ hasText: 'new stor' });
        await expect(notice.getByText('1 new story', { exact: true })).toBeVisible();
        await expect(page).toHaveTitle('(1) Dispatch');
        // The page the reader is looking at has not changed under them.
        await expect(page.getByRole('link', { name: BREAKING })).toHaveCount(0);
        expect(await layoutShift(page)).toBe(0);
        await expectNoHorizontalScroll(page);
        await expectNoAxeViolations(page);

        await notice.getByRole('button', { name: 'Show it' }).click();
        const link = page.getByRole('link', { name: BREAKING });
        await expect(link).toBeFocused();
        await expect(page.locator(`li:has(> a:text-is("${BREAKING}")) .story-new`)).toHaveText(
          'New',
        );
        await expect(page).toHaveTitle('Dispatch');
        // Story 3 was updated after the reader opened it, and says when.
        await expect(page.locator(`[data-story="${slugOf(3)}"] .story-updated`)).toHaveText(
          /^Updated \d\d:\d\d, \d{1,2} \w+ \d{4}$/,
        );
        await expect(page.locator(`[data-story="${slugOf(4)}"] .story-updated`)).toHaveCount(0);
        await expectNoHorizontalScroll(page);
        await expectNoAxeViolations(page);

        // The next check asks whether the copy the browser holds is still current.
        const before = checks.length;
        await context.clock.fastForward('01:01');
        await expect.poll(() => checks.length).toBe(before + 1);
        expect(await checks.at(-1)!.headerValue('if-none-match')).toBeTruthy();
      });
    }

    const { context, page, checks, problems } = readers[0]!;
    await test.step('hidden, then offline: no requests, no errors', async () => {
      const hide = (hidden: boolean) =>
        page.evaluate((value) => {
          Object.defineProperty(document, 'visibilityState', {
            configurable: true,
            get: () => (value ? 'hidden' : 'visible'),
          });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      const before = checks.length;
      await hide(true);
      for (let minute = 0; minute < 4; minute += 1) await context.clock.fastForward('16:00');
      expect(checks).toHaveLength(before);

      await hide(false);
      await context.setOffline(true);
      await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
      for (let minute = 0; minute < 4; minute += 1) await context.clock.fastForward('16:00');
      expect(checks).toHaveLength(before);
      expect(problems).toEqual([]);
    });
    for (const reader of readers) await reader.context.close();
  });
});
