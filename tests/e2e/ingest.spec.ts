import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { freePort } from '../bench/support';
import { buildSite, serveSite } from '../support/site';
import {
  articleBodyLines,
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
/** A story with what newsrooms publish: links, lists, a table, a block quote, emphasis. */
const RICH = join(root, 'tests/fixtures/stories/river-budget.md');
const RICH_HEADLINE = 'Port Avalon council sets out how it will pay for the river walls';
const RICH_SLUG = 'port-avalon-council-sets-out-how-it-will-pay-for-the-river-walls';
/** Saved pages: a right-to-left story, and the story the rich one links to by its address. */
const RTL = join(root, 'tests/fixtures/pages/arabic-rtl.html');
const RTL_HEADLINE = 'تأخر تشغيل محطة تحلية «رأس الغدير» يفاقم أزمة المياه في المدن الساحلية';
const RTL_SLUG = 'تأخر-تشغيل-محطة-تحلية-رأس-الغدير-يفاقم-أزمة-المياه-في-المدن-الساحلية';
const LINKED = join(root, 'tests/fixtures/pages/longform-news.html');
const LINKED_SLUG = 'inside-port-calloways-sea-wall-the-warnings-nobody-wanted-to-hear';
/** A results page whose table is far wider than a phone. */
const WIDE = join(root, 'tests/fixtures/pages/wide-table.html');
const WIDE_SLUG = 'harrowfield-assembly-election-2026-full-results';
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
  const rich = await run(
    'npm',
    ['run', '--silent', 'ingest', '--', RICH, '--published', '2026-11-19T09:00:00Z'],
    { cwd: root, env },
  );
  expect(rich.stdout).toBe(`${RICH_SLUG}\t/articles/${RICH_SLUG}\n`);
  // Saved pages state their own dates.
  const pages = await run('npm', ['run', '--silent', 'ingest', '--', RTL, LINKED, WIDE], {
    cwd: root,
    env,
  });
  expect(pages.stdout.split('\n').map((line) => line.split('\t')[0])).toEqual([
    RTL_SLUG,
    LINKED_SLUG,
    WIDE_SLUG,
    '',
  ]);
  await buildSite(env);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await serveSite(distDir, port, env);
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

    test('a story as newsrooms publish it: links, lists, a table, a block quote, emphasis', async ({
      page,
    }) => {
      await recordLayoutShifts(page);
      const response = await gotoReady(page, `${origin}/articles/${RICH_SLUG}`);
      expect(response?.status()).toBe(200);
      // Prerendered: the page is whole before any script runs, and nothing moves as it hydrates.
      const html = await (await fetch(`${origin}/articles/${RICH_SLUG}`)).text();
      for (const element of [
        '<ol',
        '<ul',
        '<table',
        '<th scope="col"',
        '<blockquote',
        '<em>',
        'href="https://www.portavalon.gov.example/reports/flood-2026.pdf"',
      ])
        expect(html).toContain(element);
      expect(await layoutShift(page)).toBe(0);
      const body = page.getByRole('article', { name: RICH_HEADLINE }).locator('.article-body');
      // Links keep their words and their address; one to another site says so.
      const report = body.getByRole('link', { name: 'flood report' });
      await expect(report).toHaveAttribute(
        'href',
        'https://www.portavalon.gov.example/reports/flood-2026.pdf',
      );
      await expect(report).toHaveAccessibleDescription('Opens another website');
      await expect(body.getByRole('link', { name: 'the flood team' })).toHaveAttribute(
        'href',
        'mailto:floods@portavalon.gov.example',
      );
      await expect(
        body.locator('em', { hasText: 'would not survive another winter' }),
      ).toBeVisible();
      await expect(body.locator('strong', { hasText: '£41 million' })).toBeVisible();
      // An ordered list whose first item holds a list of its own.
      const list = body.getByRole('list').first();
      await expect(list.locator(':scope > li')).toHaveCount(3);
      await expect(list.locator(':scope > li').first().getByRole('listitem')).toHaveText([
        'new sheet piling along 300 metres',
        'a raised footpath, open to bicycles',
      ]);
      // A table with its header cells, in a region of its own the keyboard can reach.
      const table = body.getByRole('table');
      await expect(table.getByRole('columnheader')).toHaveText([
        'Stretch',
        'Length (m)',
        'Cost (£m)',
        'Start',
      ]);
      await expect(table.getByRole('row')).toHaveCount(4);
      const region = body.locator('.story-table');
      await expect(region).toHaveAttribute('tabindex', '0');
      // A block quote, with the line that says whose words they are beside it.
      const quote = body.locator('figure.story-quote');
      await expect(quote.locator('blockquote')).toContainText('Half my morning trade');
      await expect(quote.locator('figcaption')).toHaveText(
        '— Tomas Lindqvist, owner of the Quayside Café',
      );
      // A quotation over three paragraphs: one quotation, its id on the first part.
      await expect(body.locator('q.inline-quote[id]')).toHaveCount(3);
      await expect(body.locator('q.inline-quote:not([id])')).toHaveCount(2);
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page);
      // A link to a story of the edition, by the address it was first published at, opens here.
      await body.getByRole('link', { name: 'The Harbour Times reported' }).click();
      await expect(page).toHaveURL(`${origin}/articles/${LINKED_SLUG}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    });

    test('its gallery shows the quotation over three paragraphs once, with its speaker', async ({
      page,
    }) => {
      await gotoReady(page, `${origin}/articles/${RICH_SLUG}/quotes`);
      const cards = page.locator('.quote-card');
      await expect(cards).toHaveCount(3);
      const long = cards.filter({ hasText: 'The walls were built for a river' });
      await expect(long).toHaveCount(1);
      await expect(long.locator('blockquote p')).toHaveText([
        'The walls were built for a river that no longer exists.',
        'Every year we put this off, the bill grows and the risk grows with it.',
        'So we are starting with the three stretches the engineers named, and we are starting in March.',
      ]);
      await expect(long.locator('cite')).toHaveText('Ada Okafor');
      await long.getByRole('link', { name: /^Read in context/ }).click();
      const first = page.locator('q.inline-quote[id]', { hasText: 'The walls were built' });
      await expect(first).toBeFocused();
      await expect(first).toBeInViewport();
      await expectNoHorizontalScroll(page);
    });

    test('a right-to-left story is laid out right to left, and says its language', async ({
      page,
    }) => {
      const response = await gotoReady(page, `${origin}/articles/${encodeURIComponent(RTL_SLUG)}`);
      expect(response?.status()).toBe(200);
      const article = page.getByRole('article', { name: RTL_HEADLINE });
      await expect(page.locator('.article-layout')).toHaveAttribute('dir', 'rtl');
      await expect(article.locator('.article-body')).toHaveAttribute('lang', 'ar');
      await expect(article.getByRole('heading', { level: 1 })).toHaveAttribute('lang', 'ar');
      // Text starts on the right: the first paragraph's right edge is the body's.
      const body = await article.locator('.article-body').boundingBox();
      const first = await article.locator('.article-body p').first().boundingBox();
      expect(Math.abs(first!.x + first!.width - (body!.x + body!.width))).toBeLessThan(2);
      if (viewport.width > 1000) {
        // The contents column stands on the right of the text.
        const contents = await page.getByRole('navigation', { name: 'Contents' }).boundingBox();
        expect(contents!.x).toBeGreaterThan(body!.x + body!.width);
      }
      // Its byline, date and site, as the page states them.
      await expect(article.locator('.article-meta time').first()).toHaveAttribute(
        'datetime',
        '2026-01-18T10:45:00+03:00',
      );
      await expect(article.locator('.first-published')).toContainText('صحيفة الأفق');
      // The share card's type cannot draw Arabic: the page names the site's own card.
      await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute(
        'content',
        'Dispatch',
      );
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page);

      await gotoReady(page, `${origin}/articles/${encodeURIComponent(RTL_SLUG)}/quotes`);
      await expect(page.locator('.quote-gallery')).toHaveAttribute('dir', 'rtl');
      await expect(page.locator('.quote-card blockquote').first()).toHaveAttribute('lang', 'ar');
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page);
    });

    test('a wide table scrolls inside its own region, by keyboard too, and the page never sideways', async ({
      page,
    }) => {
      await gotoReady(page, `${origin}/articles/${WIDE_SLUG}`);
      const region = page.getByRole('region', { name: /results/i });
      await expect(region.getByRole('table')).toBeVisible();
      await expectNoHorizontalScroll(page);
      const wider = await region.evaluate((element) => element.scrollWidth > element.clientWidth);
      // On a phone it is far wider than the screen; on a desktop, wider than the text's measure.
      expect(wider).toBe(true);
      {
        await region.focus();
        await expect(region).toBeFocused();
        await page.keyboard.press('ArrowRight');
        await expect
          .poll(() => region.evaluate((element) => element.scrollLeft))
          .toBeGreaterThan(0);
      }
      await expectNoAxeViolations(page);
    });

    test('search finds a story in its own language, stemmed as that language', async ({ page }) => {
      // "التحلية" (the desalination) is in the story only as "تحلية" and with other prefixes.
      await gotoReady(page, `${origin}/search?q=${encodeURIComponent('التحلية')}`);
      await expect(page.getByRole('status')).toHaveText('1 story matches “التحلية”.');
      const result = page.locator('.search-result');
      await expect(result).toHaveAttribute('lang', 'ar');
      await result.getByRole('link', { name: RTL_HEADLINE }).click();
      await expect(page.getByRole('heading', { level: 1, name: RTL_HEADLINE })).toBeFocused();
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

test('printing a story keeps the addresses of its links', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await gotoReady(page, `${origin}/articles/${RICH_SLUG}`);
  const folder = await mkdtemp(join(tmpdir(), 'dispatch-e2e-print-'));
  try {
    const file = join(folder, 'story.pdf');
    await page.pdf({ path: file, format: 'A4' });
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    const text = stdout.replace(/\s+/g, '');
    for (const address of [
      'https://www.portavalon.gov.example/reports/flood-2026.pdf',
      'https://water.example.org/grants',
      'mailto:floods@portavalon.gov.example',
      // The link to a story of the edition prints the address it opens here.
      `/articles/${LINKED_SLUG}`,
    ]) {
      expect(text).toContain(address);
    }
    expect(stdout.replace(/\s+/g, ' ')).toContain('Half my morning trade comes along that path.');
  } finally {
    await rm(folder, { recursive: true, force: true });
    await page.close();
  }
});
