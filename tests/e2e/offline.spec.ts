import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { slugForTitle } from '../../src/content/slug';
import { SAVED_CACHE } from '../../src/lib/offline-cache';
import { seedBodyLines, seedRelatedTitles } from '../helpers/seed';
import {
  articleBodyLines,
  expect,
  expectLandedOn,
  expectNoAxeViolations,
  type ConsoleWatch,
  expectNoHorizontalScroll,
  gotoReady,
  SEED_HEADLINE,
  SEED_SLUG,
  test,
} from './fixtures';
import { mark, openArticle, painted, PASSAGES, storyList } from './highlight-helpers';

/**
 * Offline reading, in Chromium with the service worker running: a saved story opens with no
 * connection, a page that was not saved says so, a removed story is released, and storage that
 * the browser refuses leaves the bookmark working.
 */
test.use({ serviceWorkers: 'allow' });

const articlePath = `/articles/${SEED_SLUG}`;
const SECTION = { id: 'growing-tensions-with-the-us', heading: 'Growing Tensions with the US' };
const UNSAVED_TITLE = seedRelatedTitles[0]!;
const UNSAVED_PATH = `/articles/${slugForTitle(UNSAVED_TITLE)}`;
const AVAILABLE = 'Available offline';

/** Resolves once a service worker controls the page (its precache is complete by then). */
async function workerControls(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
}

function savedItem(page: Page, slug = SEED_SLUG) {
  return page.locator(`.saved-item[data-slug="${slug}"]`);
}

/** Saves the seed story from its page, then waits for /saved to call it available offline. */
async function saveSeedForOffline(page: Page) {
  await gotoReady(page, articlePath);
  await page.getByRole('button', { name: `Save “${SEED_HEADLINE}” for later` }).click();
  await workerControls(page);
  await page.getByRole('link', { name: /^Saved/ }).click();
  await expect(savedItem(page).locator('.offline-status')).toHaveText(AVAILABLE);
}

/** Cuts the connection; the requests that then fail are expected, and logged by Chromium. */
async function goOffline(context: BrowserContext, page: Page, consoleWatch?: ConsoleWatch) {
  consoleWatch?.allow(/Failed to load resource|ERR_INTERNET_DISCONNECTED/);
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
}

/**
 * Bytes held for one story: every response in the saved-copy cache. An entry the app deletes
 * between `keys()` and `match()` (a removal still under way) is not counted.
 */
function savedBytes(page: Page): Promise<{ entries: number; bytes: number }> {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    let entries = 0;
    let bytes = 0;
    for (const key of await cache.keys()) {
      const response = await cache.match(key);
      if (!response) continue;
      entries += 1;
      bytes += (await response.blob()).size;
    }
    return { entries, bytes };
  }, SAVED_CACHE);
}

test.describe('a saved story offline', () => {
  test('opens from a cold load, word for word, with its sections, gallery and quotations', async ({
    page,
    context,
    consoleWatch,
  }, testInfo) => {
    await saveSeedForOffline(page);
    const stored = await savedBytes(page);
    testInfo.annotations.push({
      type: 'offline copy of the seed story',
      description: `${stored.bytes} bytes in ${stored.entries} responses`,
    });
    await goOffline(context, page, consoleWatch);

    const response = await gotoReady(page, articlePath);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
    expect(await articleBodyLines(page.locator('.article-body'))).toEqual(seedBodyLines);
    await expect(page.getByRole('status').filter({ hasText: 'You’re offline.' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);

    // A section's share page, then its fragment link, each from a cold load.
    await gotoReady(page, `${articlePath}/sections/${SECTION.id}`);
    await expectLandedOn(page, SECTION.heading);
    await gotoReady(page, '/saved');
    await gotoReady(page, `${articlePath}#${SECTION.id}`);
    await expectLandedOn(page, SECTION.heading);

    await gotoReady(page, `${articlePath}/quotes?speaker=donald-trump`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quotes');
    await expect(page.locator('.quote-card[data-speaker="donald-trump"]').first()).toBeVisible();
    const quoteHref = await page
      .getByRole('link', { name: /^Quote page/ })
      .first()
      .getAttribute('href');
    await gotoReady(page, quoteHref!);
    await expect(page.locator('#quote-page-heading')).toBeVisible();
  });

  test(
    'opens from /saved, and client-side navigation moves between its pages',
    { tag: '@any-width' },
    async ({ page, context, consoleWatch }) => {
      await saveSeedForOffline(page);
      await goOffline(context, page, consoleWatch);

      // A cold load of /saved (the app shell), then links only.
      await gotoReady(page, '/saved');
      await expect(savedItem(page).locator('.offline-status')).toHaveText(AVAILABLE);
      await savedItem(page).getByRole('link', { name: SEED_HEADLINE }).click();
      await expect(page.getByRole('heading', { level: 1, name: SEED_HEADLINE })).toBeFocused();
      expect(await articleBodyLines(page.locator('.article-body'))).toEqual(seedBodyLines);
      await page.getByRole('link', { name: /quotations from this story/ }).click();
      await expect(page).toHaveURL(new RegExp(`${articlePath}/quotes$`));
      await expect(page.locator('.quote-card').first()).toBeVisible();
    },
  );
});

test(
  'highlights in a saved story offline: painted, listed, marked, and on /highlights',
  { tag: '@any-width' },
  async ({ page, context, consoleWatch }) => {
    await saveSeedForOffline(page);
    await openArticle(page);
    await mark(page, PASSAGES.partner, 'Evidence');
    await goOffline(context, page, consoleWatch);

    // A cold load of the saved story: its highlights' code comes from the precache.
    await openArticle(page);
    await expect(storyList(page).getByRole('blockquote')).toHaveText(PASSAGES.partner.text);
    await expect
      .poll(async () => (await painted(page))['dispatch-evidence'])
      .toEqual([PASSAGES.partner.text]);
    // Marking works offline too, and /highlights (the app shell) lists both, and leads back.
    await mark(page, PASSAGES.drones, 'Key point');
    await gotoReady(page, '/highlights');
    const story = page.getByRole('region', { name: SEED_HEADLINE });
    await expect(story.getByRole('blockquote')).toHaveText([
      PASSAGES.partner.text,
      PASSAGES.drones.text,
    ]);
    await story.getByRole('link', { name: /^Go to the passage: Russia launched/ }).click();
    await expect(page.locator('.article-body p').nth(PASSAGES.drones.paragraph)).toBeFocused();
  },
);

test('offline, a page that was not saved says so and lists what can be read; online again, it loads', async ({
  page,
  context,
  consoleWatch,
}) => {
  await saveSeedForOffline(page);
  await goOffline(context, page, consoleWatch);

  await gotoReady(page, UNSAVED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You’re offline');
  await expect(page.getByText('was not saved for reading offline')).toBeVisible();
  const readable = page.getByRole('region', { name: 'Saved stories you can read now' });
  await expect(readable.getByRole('link')).toHaveText([SEED_HEADLINE]);
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);

  // Back online: the banner says so, and a reload shows the real page.
  await context.setOffline(false);
  await expect(page.getByRole('status').filter({ hasText: 'You’re back online.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(UNSAVED_TITLE);

  // And the saved story, from the offline page's list, opens offline.
  await goOffline(context, page);
  await gotoReady(page, UNSAVED_PATH);
  await readable.getByRole('link', { name: SEED_HEADLINE }).click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_HEADLINE })).toBeFocused();
});

test(
  'a story removed while online no longer opens offline, and the page says so',
  { tag: '@any-width' },
  async ({ page, context, consoleWatch }) => {
    await saveSeedForOffline(page);
    await savedItem(page)
      .getByRole('button', { name: `Remove “${SEED_HEADLINE}” from saved` })
      .click();
    await expect(savedItem(page)).toHaveCount(0);
    await expect.poll(async () => (await savedBytes(page)).entries).toBe(0);

    await goOffline(context, page, consoleWatch);
    await gotoReady(page, articlePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You’re offline');
    await expect(page.getByText('This article was not saved for reading offline.')).toBeVisible();
    await expect(page.getByText('No saved stories are available offline.')).toBeVisible();
  },
);

test(
  'storage the browser refuses: the story is still saved, and /saved says it is not offline',
  { tag: '@any-width' },
  async ({ page }) => {
    await page.addInitScript(() => {
      CacheStorage.prototype.open = () =>
        Promise.reject(new DOMException('The operation is insecure.', 'SecurityError'));
    });
    await gotoReady(page, articlePath);
    const save = page.getByRole('button', { name: `Save “${SEED_HEADLINE}” for later` });
    await save.click();
    await expect(
      page.getByRole('button', { name: `Remove “${SEED_HEADLINE}” from saved` }),
    ).toHaveAttribute('aria-pressed', 'true');
    await gotoReady(page, '/saved');
    await expect(savedItem(page).getByRole('link', { name: SEED_HEADLINE })).toBeVisible();
    await expect(savedItem(page).locator('.offline-status')).toHaveText(
      'Not available offline: your browser is not letting Dispatch store it.',
    );
    await expectNoAxeViolations(page);
  },
);

test(
  'the app is installable: Chromium reports no installability errors',
  { tag: '@any-width' },
  async ({ playwright, baseURL }, testInfo) => {
    // Incognito contexts (Playwright's default) are never installable: this one has a profile.
    const profile = await mkdtemp(join(tmpdir(), 'dispatch-e2e-install-'));
    const context = await playwright.chromium.launchPersistentContext(profile, {
      ...testInfo.project.use.launchOptions,
      ...(testInfo.project.use.viewport ? { viewport: testInfo.project.use.viewport } : {}),
      baseURL,
      serviceWorkers: 'allow',
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await gotoReady(page, '/');
      await workerControls(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      const manifest = await (await page.request.get('/manifest.webmanifest')).json();
      expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' });
      for (const icon of manifest.icons as { src: string; type: string }[]) {
        const response = await page.request.get(icon.src);
        expect(response.status(), icon.src).toBe(200);
        expect(response.headers()['content-type']).toContain(icon.type);
      }
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  },
);

test(
  'the service worker script is never cached by HTTP',
  { tag: '@any-width' },
  async ({ page }) => {
    // The worker's URL as written: browsers that installed it look for updates at this URL, so
    // it is a contract of its own, not just the build's layout (lib/site-files.ts).
    const response = await page.request.get('/sw.js');
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-cache');
  },
);
