import type { Page } from '@playwright/test';
import {
  blockLocalStorage,
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

const articlePath = `/articles/${SEED_SLUG}`;
const RELATED = [
  {
    slug: 'russia-and-ukraine-engage-in-major-prisoner-exchange',
    title: 'Russia and Ukraine Engage in Major Prisoner Exchange',
  },
  { slug: 'russia-ukraine-war-marking-700-day', title: 'Russia Ukraine War: Marking 700 Day' },
  {
    slug: 'ukraine-launches-us-supplied-long-range-missiles-into-russia-for-first-time',
    title: 'Ukraine Launches U.S.-Supplied Long-Range Missiles into Russia for First Time',
  },
];

const saveButton = (page: Page, title: string) =>
  page.getByRole('button', { name: `Save “${title}” for later` });
const removeButton = (page: Page, title: string) =>
  page.getByRole('button', { name: `Remove “${title}” from saved` });

test.describe('related-story pages', () => {
  for (const story of RELATED) {
    test(`${story.slug} loads cold and says plainly what the edition knows`, async ({ page }) => {
      await recordLayoutShifts(page);
      const response = await gotoReady(page, `/articles/${story.slug}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(story.title);
      await expect(
        page.getByText('The full text of this story is not part of this edition.'),
      ).toBeVisible();
      const relatedTo = page.getByRole('region', { name: 'Related to' });
      await expect(relatedTo.getByRole('link', { name: SEED_HEADLINE })).toHaveAttribute(
        'href',
        articlePath,
      );
      const others = page.getByRole('region', { name: 'Other related stories' }).getByRole('link');
      await expect(others).toHaveText(
        RELATED.filter((other) => other !== story).map((other) => other.title),
      );
      await expect(saveButton(page, story.title)).toBeEnabled();
      await expect(page).toHaveTitle(`${story.title} · Dispatch`);
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page);
      expect(await layoutShift(page)).toBe(0);
    });
  }

  test(
    'are finished HTML without JavaScript, without a dead bookmark control',
    { tag: '@any-width' },
    async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`/articles/${RELATED[1]!.slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(RELATED[1]!.title);
      await expect(page.locator('.bookmark-button').first()).toBeHidden();
      await page.getByRole('link', { name: SEED_HEADLINE }).click();
      await expect(page).toHaveURL(articlePath);
      await context.close();
    },
  );

  test('a related link prefetches its story, so opening it makes no request', async ({
    page,
  }, testInfo) => {
    await gotoReady(page, articlePath);
    const story = RELATED[0]!;
    const link = page
      .getByRole('complementary', { name: 'Related Stories' })
      .getByRole('link', { name: story.title });
    const prefetched = page.waitForResponse((response) =>
      response.url().endsWith(`/content/articles/${story.slug}.json`),
    );
    if (testInfo.project.name === 'phone') await link.focus();
    else await link.hover();
    await prefetched;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    // A full page load would make no request for the JSON either (a prerendered page carries
    // its data): the navigation must stay in this document.
    await page.evaluate(() => Object.assign(window, { __samePage: true }));
    // A phone's tap leaves no pointer hovering where the link was, over the new page's own
    // related links (which prefetch on hover, as they should).
    if (testInfo.project.name === 'phone') await link.tap();
    else await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(story.title);
    expect(await page.evaluate(() => (window as { __samePage?: boolean }).__samePage)).toBe(true);
    expect(requests.filter((url) => new URL(url).pathname.startsWith('/articles/'))).toEqual([]);
    // The new page prefetches its own related stories as they scroll into view, as it should;
    // the story that opened needed no request.
    expect(requests.filter((url) => url.includes(`/content/articles/${story.slug}.json`))).toEqual(
      [],
    );
  });
});

test.describe('bookmarks', () => {
  test('save a related story, reload, find it in Saved, open it, remove it, undo', async ({
    page,
  }) => {
    const story = RELATED[2]!;
    await gotoReady(page, articlePath);
    await saveButton(page, story.title).click();
    await expect(removeButton(page, story.title)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('link', { name: 'Saved stories, 1' })).toBeVisible();

    await page.reload();
    await page.locator('html[data-app="ready"]').waitFor();
    await expect(removeButton(page, story.title)).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('link', { name: 'Saved stories, 1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Saved stories' })).toBeFocused();
    const item = page.getByRole('listitem').filter({ hasText: story.title });
    await expect(item.locator('time')).toBeVisible();
    await expectNoAxeViolations(page);

    await item.getByRole('link', { name: story.title }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(story.title);
    await page.goBack();
    // The story's own page has a button of the same name: wait until the list is back.
    await expect(page.getByRole('heading', { level: 1, name: 'Saved stories' })).toBeVisible();

    await removeButton(page, story.title).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Removed “${story.title}”.` }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Undo' })).toBeFocused();
    await expect(page.getByText('Use the Save button beside a story')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByRole('link', { name: story.title })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Saved stories, 1' })).toBeVisible();
  });

  test('two pages in one browser stay in sync', { tag: '@any-width' }, async ({ context }) => {
    const first = await context.newPage();
    const second = await context.newPage();
    await gotoReady(first, articlePath);
    await gotoReady(second, '/saved');
    await expect(second.getByText('Use the Save button beside a story')).toBeVisible();
    await saveButton(first, RELATED[0]!.title).click();
    await expect(second.getByRole('link', { name: RELATED[0]!.title })).toBeVisible();
    await expect(second.getByRole('link', { name: 'Saved stories, 1' })).toBeVisible();
    await removeButton(second, RELATED[0]!.title).click();
    await expect(saveButton(first, RELATED[0]!.title)).toHaveAttribute('aria-pressed', 'false');
  });

  test(
    'export, clear, import restores the list exactly',
    { tag: '@any-width' },
    async ({ page }, testInfo) => {
      await gotoReady(page, articlePath);
      for (const story of RELATED) await saveButton(page, story.title).click();
      await page.getByRole('link', { name: 'Saved stories, 3' }).click();
      const titles = page.locator('.saved-item-title');
      await expect(titles).toHaveText([...RELATED].reverse().map((story) => story.title));
      const before = await page
        .locator('.saved-item time')
        .evaluateAll((times) => times.map((time) => time.getAttribute('datetime')));

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export saved stories' }).click();
      const file = testInfo.outputPath('saved.json');
      await (await download).saveAs(file);

      for (const story of RELATED) await removeButton(page, story.title).click();
      await expect(page.getByText('Use the Save button beside a story')).toBeVisible();

      await page.getByLabel('Import saved stories from a file').setInputFiles(file);
      await expect(
        page.getByRole('status').filter({ hasText: 'Imported 3 stories.' }),
      ).toBeVisible();
      await expect(titles).toHaveText([...RELATED].reverse().map((story) => story.title));
      expect(
        await page
          .locator('.saved-item time')
          .evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))),
      ).toEqual(before);
    },
  );

  test(
    'a bad import file is refused with a clear message and changes nothing',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      await saveButton(page, RELATED[0]!.title).click();
      await page.getByRole('link', { name: 'Saved stories, 1' }).click();
      await page.getByLabel('Import saved stories from a file').setInputFiles({
        name: 'not-an-export.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"hello": "world"}'),
      });
      await expect(page.getByRole('alert')).toContainText('not a Dispatch saved-stories export');
      await expect(page.locator('.saved-item-title')).toHaveText([RELATED[0]!.title]);
    },
  );

  test(
    'when storage is blocked, saving still works for the visit and the reader is told',
    { tag: '@any-width' },
    async ({ page }) => {
      await blockLocalStorage(page);
      await gotoReady(page, articlePath);
      await saveButton(page, RELATED[1]!.title).click();
      await expect(removeButton(page, RELATED[1]!.title)).toBeVisible();
      await page.getByRole('link', { name: 'Saved stories, 1' }).click();
      await expect(
        page.getByText('saved stories will last only until you close this tab'),
      ).toBeVisible();
      await expect(page.getByRole('link', { name: RELATED[1]!.title })).toBeVisible();
    },
  );

  test(
    'when storage is full, saving still works for the visit and the reader is told',
    { tag: '@any-width' },
    async ({ page }) => {
      await page.addInitScript(() => {
        Storage.prototype.setItem = () => {
          throw new DOMException('Quota exceeded', 'QuotaExceededError');
        };
      });
      const story = RELATED[2]!;
      await gotoReady(page, articlePath);
      await saveButton(page, story.title).click();
      await expect(removeButton(page, story.title)).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('link', { name: 'Saved stories, 1' })).toBeVisible();
      // Saved for the visit: the Saved page, reached within it, lists the story, and says why it
      // will not last.
      await page.getByRole('link', { name: 'Saved stories, 1' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Saved stories' })).toBeFocused();
      await expect(page.getByRole('listitem').filter({ hasText: story.title })).toBeVisible();
      await expect(
        page.getByText('saved stories will last only until you close this tab'),
      ).toBeVisible();
    },
  );

  test(
    'a corrupt record is set aside and reported, and the rest load',
    { tag: '@any-width' },
    async ({ page }) => {
      await page.addInitScript(() => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('dispatch:bookmark:broken-story', '{not json');
        localStorage.setItem(
          'dispatch:bookmark:russia-ukraine-war-marking-700-day',
          JSON.stringify({
            slug: 'russia-ukraine-war-marking-700-day',
            title: 'Russia Ukraine War: Marking 700 Day',
            savedAt: '2026-11-20T10:00:00.000Z',
          }),
        );
      });
      await gotoReady(page, '/saved');
      await expect(
        page.getByText('1 saved story could not be read. It has been set aside, not deleted.'),
      ).toBeVisible();
      await expect(
        page.getByRole('link', { name: 'Russia Ukraine War: Marking 700 Day' }),
      ).toBeVisible();
      expect(
        await page.evaluate(() =>
          Object.keys(localStorage).filter((key) => key.includes('corrupt')),
        ),
      ).toHaveLength(1);
    },
  );

  test('the saved page loads cold, says how to save, and passes axe', async ({ page }) => {
    await gotoReady(page, '/saved');
    await expect(page.getByRole('heading', { level: 1, name: 'Saved stories' })).toBeVisible();
    await expect(
      page.getByText('Use the Save button beside a story to keep it here for later.'),
    ).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
  });
});
