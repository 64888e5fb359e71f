import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { freePort } from '../bench/support';
import {
  articleBodyLines,
  expect,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  gotoReady,
  SEED_HEADLINE,
  SEED_SLUG,
  test,
} from './fixtures';

/**
 * The content pipeline end to end: a second story (a test fixture) is ingested into a copy of
 * the content, the edition is built from it, and Chromium reads the new story's pages. Runs in
 * one worker (its own project), because the build is done once for all its tests.
 */
const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'tests/fixtures/stories/harbour-bridge.txt');
const HEADLINE = 'Port Avalon to close harbour bridge to cars';
const SLUG = 'port-avalon-to-close-harbour-bridge-to-cars';
/** Text that would be code if anything treated it as HTML: it must stay words on a page. */
const HOSTILE = join(root, 'tests/fixtures/stories/hostile.txt');
const HOSTILE_HEADLINE = 'Council finds “<script>” and other hostile text in its comment forms';
const HOSTILE_SLUG = 'council-finds-script-and-other-hostile-text-in-its-comment-forms';
const run = promisify(execFile);

let work: string;
let server: ChildProcess | undefined;
let origin: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  work = await mkdtemp(join(tmpdir(), 'dispatch-e2e-ingest-'));
  const contentDir = join(work, 'content');
  const distDir = join(work, 'dist');
  await cp(join(root, 'content'), contentDir, { recursive: true });
  const env = { ...process.env, DISPATCH_CONTENT_DIR: contentDir, DISPATCH_DIST_DIR: distDir };
  const ingested = await run(
    'npm',
    [
      'run',
      '--silent',
      'ingest',
      '--',
      FIXTURE,
      '--headline',
      HEADLINE,
      '--published',
      '2026-11-20T09:00:00Z',
    ],
    { cwd: root, env },
  );
  expect(ingested.stdout).toBe(`${SLUG}\t/articles/${SLUG}\n`);
  const hostile = await run(
    'npm',
    ['run', '--silent', 'ingest', '--', HOSTILE, '--headline', HOSTILE_HEADLINE],
    { cwd: root, env },
  );
  expect(hostile.stdout).toBe(`${HOSTILE_SLUG}\t/articles/${HOSTILE_SLUG}\n`);
  await run(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/serve.ts')], {
    cwd: root,
    env: { ...env, PORT: String(port), DIST_DIR: distDir },
    stdio: 'ignore',
  });
  await expect
    .poll(
      () =>
        fetch(`${origin}/`).then(
          (response) => response.status,
          () => 0,
        ),
      { timeout: 20_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  server?.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

const sourceLines = async (file = FIXTURE) => {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n').filter(Boolean);
  return lines.slice(0, lines.indexOf('Related Stories:'));
};

for (const viewport of [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1440, height: 900 },
]) {
  test.describe(`an ingested story, ${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('its article shows the text as published, word for word', async ({ page }) => {
      const response = await gotoReady(page, `${origin}/articles/${SLUG}`);
      expect(response?.status()).toBe(200);
      const article = page.getByRole('article', { name: HEADLINE });
      await expect(article.getByRole('heading', { level: 1 })).toHaveText(HEADLINE);
      const rendered = await articleBodyLines(article.locator('.article-body'));
      expect(rendered).toEqual(await sourceLines());
      // A related title that is a story of the edition links to it.
      await article.getByRole('link', { name: SEED_HEADLINE }).click();
      await expect(page).toHaveURL(`${origin}/articles/${SEED_SLUG}`);
      await expect(page.getByRole('heading', { level: 1, name: SEED_HEADLINE })).toBeFocused();
    });

    test('its section share pages land, repeated headings and other scripts included', async ({
      page,
    }) => {
      for (const [id, heading] of [
        ['traffic-and-trade-2', 'Traffic and Trade'],
        ['голоса-горожан', 'Голоса горожан'],
      ] as const) {
        const response = await gotoReady(
          page,
          `${origin}/articles/${SLUG}/sections/${encodeURIComponent(id)}`,
        );
        expect(response?.status()).toBe(200);
        const section = page.locator(`section[id="${id}"]`);
        await expect(section.getByRole('heading', { level: 2, name: heading })).toBeFocused();
        await expect(section.getByRole('heading', { level: 2 })).toBeInViewport();
        await expect(section).toHaveAttribute('data-current', 'true');
        await expectNoHorizontalScroll(page);
      }
      await expectNoAxeViolations(page);
    });

    test('its gallery shows who said what, and what the text attributes to nobody', async ({
      page,
    }) => {
      const response = await gotoReady(page, `${origin}/articles/${SLUG}/quotes`);
      expect(response?.status()).toBe(200);
      const cards = page.locator('.quote-card');
      await expect(cards).toHaveCount(6);
      const filter = page.getByRole('navigation', { name: 'Filter by speaker' });
      await expect(filter.getByRole('link')).toHaveText([
        'Everyone (6)',
        'Ada Okafor (2)',
        'Tomas Lindqvist (1)',
      ]);
      await expect(cards.filter({ hasText: 'past its best' })).toContainText(
        'Not attributed in the text',
      );
      await expect(cards.filter({ hasText: 'сердце города' })).toContainText(
        'Not attributed in the text',
      );
      await filter.getByRole('link', { name: /Ada Okafor/ }).click();
      await expect(cards).toHaveCount(2);
      await expectNoAxeViolations(page);
      await expectNoHorizontalScroll(page);
    });

    test('search finds it, in other scripts too, down to the section', async ({ page }) => {
      await gotoReady(page, `${origin}/search?q=${encodeURIComponent('Zürich')}`);
      await expect(page.getByRole('status')).toHaveText('1 story matches “Zürich”.');
      await expect(page.getByRole('link', { name: HEADLINE })).toBeVisible();
      await gotoReady(page, `${origin}/search?q=${encodeURIComponent('сердце')}`);
      await expect(page.getByRole('status')).toHaveText('1 story matches “сердце”.');
      const section = page
        .getByRole('list', { name: `Matching sections of “${HEADLINE}”` })
        .getByRole('link', { name: 'Голоса горожан' });
      await section.click();
      await expect(page.getByRole('heading', { level: 2, name: 'Голоса горожан' })).toBeFocused();
      await expectNoHorizontalScroll(page);
    });

    test('hostile text is shown as the words it is, and keeps the layout', async ({ page }) => {
      // Anything that ran would set this, or call alert.
      await page.addInitScript(() => {
        window.alert = () => {
          (window as unknown as { __dispatchPwned: string }).__dispatchPwned = 'alert';
        };
      });
      const pwned = () =>
        page.evaluate(() => (window as unknown as { __dispatchPwned?: unknown }).__dispatchPwned);
      const response = await gotoReady(page, `${origin}/articles/${HOSTILE_SLUG}`);
      expect(response?.status()).toBe(200);
      const article = page.getByRole('article', { name: HOSTILE_HEADLINE });
      await expect(article.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_HEADLINE);
      const body = article.locator('.article-body');
      expect(await articleBodyLines(body)).toEqual(await sourceLines(HOSTILE));
      await expect(body.locator('script, img, iframe, h1, a[href^="javascript:"]')).toHaveCount(0);
      await expect(body).toContainText('"><img src=x onerror="window.__dispatchPwned = 1">');
      expect(await pwned()).toBeUndefined();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page);

      await gotoReady(page, `${origin}/articles/${HOSTILE_SLUG}/quotes`);
      const cards = page.locator('.quote-card');
      await expect(cards.filter({ hasText: '"><img src=x' })).toContainText('Mira Quell');
      await expect(page.locator('.quote-grid img, .quote-grid script')).toHaveCount(0);
      expect(await pwned()).toBeUndefined();
      await expectNoHorizontalScroll(page);
    });

    test('the front page lists it, newest first, and the sitemap has it', async ({ page }) => {
      await gotoReady(page, `${origin}/`);
      const more = page.getByRole('region', { name: 'More in this edition' });
      await expect(more.getByRole('link').first()).toHaveText(HEADLINE);
      const sitemap = await (await fetch(`${origin}/sitemap.xml`)).text();
      expect(sitemap).toContain(`/articles/${SLUG}</loc>`);
    });
  });
}
