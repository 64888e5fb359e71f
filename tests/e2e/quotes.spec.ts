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
import { WORKER_PARSE_BYTES } from '../../src/content/validate';
import { ASSETS_PREFIX } from '../../src/lib/site-files';
import { longArticle } from '../helpers/long-article';

const articlePath = `/articles/${SEED_SLUG}`;
const galleryPath = `${articlePath}/quotes`;

const QUOTES = [
  {
    id: 'ready-to-leave-my-post',
    speaker: 'Volodymyr Zelenskyy',
    start: 'If [it means] peace for Ukraine',
  },
  {
    id: 'exchange-this-for-nato',
    speaker: 'Volodymyr Zelenskyy',
    start: 'I can exchange this for NATO',
  },
  { id: 'dictator', speaker: 'Donald Trump', start: 'dictator' },
  { id: 'question-of-500bn', speaker: 'Volodymyr Zelenskyy', start: 'The question of $500bn' },
  {
    id: 'not-in-the-final-format',
    speaker: 'Volodymyr Zelenskyy',
    start: 'It will not be in the final format',
  },
  { id: 'the-war-continues', speaker: 'Volodymyr Zelenskyy', start: 'The war continues.' },
];

test.describe('quote gallery', () => {
  test('lists every quotation of the story with its speaker, in article order', async ({
    page,
  }) => {
    await recordLayoutShifts(page);
    await gotoReady(page, galleryPath);
    await expect(page.getByRole('heading', { level: 1, name: 'Quotes' })).toBeVisible();
    const cards = page.locator('.quote-card');
    await expect(cards).toHaveCount(QUOTES.length);
    for (const [index, quote] of QUOTES.entries()) {
      const card = cards.nth(index);
      await expect(card.locator('blockquote')).toContainText(quote.start);
      await expect(card.locator('figcaption cite')).toHaveText(quote.speaker);
    }
    await expect(cards.nth(2)).toContainText('Quoted word');
    await expect(page.locator('.quote-mark').first()).toHaveAttribute('aria-hidden', 'true');
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
    expect(await layoutShift(page)).toBe(0);
  });

  test('the article links to its gallery', { tag: '@any-width' }, async ({ page }) => {
    await gotoReady(page, articlePath);
    await page.getByRole('link', { name: '6 quotations from this story' }).click();
    await expect(page).toHaveURL(galleryPath);
    await expect(page.getByRole('heading', { level: 1, name: 'Quotes' })).toBeFocused();
  });

  test(
    'filters by speaker on a cold load, with counts, and the URL stays shareable',
    { tag: '@served' },
    async ({ page }) => {
      await recordLayoutShifts(page);
      await gotoReady(page, `${galleryPath}?speaker=donald-trump`);
      const filter = page.getByRole('navigation', { name: 'Filter by speaker' });
      await expect(filter.getByRole('link', { name: 'Donald Trump (1)' })).toHaveAttribute(
        'aria-current',
        'page',
      );
      await expect(filter.getByRole('link', { name: 'Volodymyr Zelenskyy (5)' })).toBeVisible();
      await expect(filter.getByRole('link', { name: 'Everyone (6)' })).toBeVisible();
      await expect(page.locator('.quote-card')).toHaveCount(1);
      await expect(page.locator('.quote-card cite')).toHaveText('Donald Trump');
      expect(await layoutShift(page)).toBe(0);

      await filter.getByRole('link', { name: 'Volodymyr Zelenskyy (5)' }).click();
      await expect(page).toHaveURL(`${galleryPath}?speaker=volodymyr-zelenskyy`);
      await expect(page.locator('.quote-card')).toHaveCount(5);
      await expect(
        page.getByRole('status').filter({ hasText: '5 quotations by Volodymyr Zelenskyy' }),
      ).toBeVisible();
      await expectNoAxeViolations(page);
    },
  );

  test(
    'a speaker is chosen by keyboard too, and Back returns to the previous choice',
    { tag: '@any-width' },
    async ({ page }) => {
      // Also the gallery: its address with a trailing slash. Filtering it is not a new page.
      await gotoReady(page, `${galleryPath}/`);
      const filter = page.getByRole('navigation', { name: 'Filter by speaker' });
      await filter.getByRole('link', { name: 'Donald Trump (1)' }).focus();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(`${galleryPath}?speaker=donald-trump`);
      await expect(page.locator('.quote-card')).toHaveCount(1);
      await expect(filter.getByRole('link', { name: 'Donald Trump (1)' })).toBeFocused();

      await page.goBack();
      await expect(page).toHaveURL(`${galleryPath}/`);
      await expect(page.locator('.quote-card')).toHaveCount(6);
      await expect(filter.getByRole('link', { name: 'Everyone (6)' })).toHaveAttribute(
        'aria-current',
        'page',
      );
    },
  );

  test(
    'a long story is parsed in a worker, and its gallery and filter work',
    { tag: '@any-width' },
    async ({ page }) => {
      const slug = 'a-long-story';
      const body = JSON.stringify(
        longArticle(slug, 900, { lead: 'Negotiators met again after a long night. ' }),
      );
      expect(body.length).toBeGreaterThanOrEqual(WORKER_PARSE_BYTES);
      await gotoReady(page, '/');
      await page
        .context()
        .route(`**/content/articles/${slug}.json`, (route) =>
          route.fulfill({ body, contentType: 'application/json' }),
        );
      await page.evaluate((path) => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, `/articles/${slug}/quotes`);
      const status = page.getByRole('status').filter({ hasText: 'in the order they appear' });
      await expect(status).toHaveText('900 quotations, in the order they appear.');
      const workers = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((name) => /\/story-parts\.worker-[\w-]+\.js$/.test(name)),
      );
      expect(workers).toHaveLength(1);

      await page
        .getByRole('navigation', { name: 'Filter by speaker' })
        .getByRole('link', { name: 'Mira Quell (300)' })
        .click();
      await expect(status).toHaveText('300 quotations by Mira Quell, in the order they appear.');
      await expect(page.locator('.quote-card cite').first()).toHaveText('Mira Quell');
    },
  );

  test(
    'the filtered gallery is finished HTML too',
    { tag: ['@served', '@any-width'] },
    async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${galleryPath}?speaker=volodymyr-zelenskyy`);
      await expect(page.locator('.quote-card')).toHaveCount(5);
      await context.close();
    },
  );

  test(
    'an unknown speaker says so and offers to clear the filter',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, `${galleryPath}?speaker=nobody-at-all`);
      await expect(
        page.getByText('There are no quotes by “nobody-at-all” in this article.'),
      ).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: 'Show all quotes' }).click();
      await expect(page.locator('.quote-card')).toHaveCount(QUOTES.length);
    },
  );

  for (const quote of QUOTES) {
    test(`“Read in context” lands on and highlights ${quote.id}`, async ({ page }) => {
      await gotoReady(page, galleryPath);
      const card = page.locator('.quote-card').filter({ hasText: quote.start });
      await card.getByRole('link', { name: /^Read in context/ }).click();
      await expect(page).toHaveURL(
        new RegExp(`${articlePath}#quote-${quote.id.replace(/[$]/g, '\\$&')}`),
      );
      const target = page.locator(`q#quote-${quote.id}`);
      await expect(target).toBeFocused();
      await expect(target).toHaveClass(/is-highlighted/);
      await expect(target).toBeInViewport();
      const top = await target.evaluate((element) => element.getBoundingClientRect().top);
      const headerBottom = await page
        .locator('.site-header')
        .evaluate((element) => element.getBoundingClientRect().bottom);
      expect(top).toBeGreaterThanOrEqual(headerBottom - 1);
    });
  }

  test(
    'a shared “in context” link lands on its quotation after a cold load',
    { tag: '@served' },
    async ({ page }) => {
      await gotoReady(page, `${articlePath}#quote-the-war-continues:~:text=The%20war%20continues.`);
      const target = page.locator('q#quote-the-war-continues');
      await expect(target).toBeFocused();
      await expect(target).toHaveClass(/is-highlighted/);
      await expect(target).toBeInViewport();
    },
  );
});

test.describe('quote pages', () => {
  test(
    'load cold with their own head tags in the prerendered HTML',
    { tag: ['@served', '@any-width'] },
    async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const response = await page.goto(`${galleryPath}/question-of-500bn`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('blockquote')).toHaveText(
        /The question of \$500bn is no longer there,/,
      );
      const meta = (selector: string) => page.locator(selector).getAttribute('content');
      expect(await meta('meta[property="og:title"]')).toBe('Volodymyr Zelenskyy');
      expect(await meta('meta[property="og:description"]')).toBe(
        'The question of $500bn is no longer there,',
      );
      await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
        'href',
        new RegExp(`${galleryPath}/question-of-500bn$`),
      );
      await context.close();
    },
  );

  test('show the quotation large and link to the gallery and the context', async ({ page }) => {
    await gotoReady(page, `${galleryPath}/dictator`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'A word quoted from Donald Trump',
    );
    await expect(page.getByRole('region', { name: 'In context' })).toContainText(
      'Trump has criticized Zelenskyy, calling him a “dictator” with little public support.',
    );
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await page.getByRole('link', { name: 'All quotes from this story' }).click();
    await expect(page).toHaveURL(galleryPath);
    await page.goBack();
    // The gallery's own links are named "Read in context: …": wait until the quote page is back.
    await expect(page).toHaveURL(`${galleryPath}/dictator`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'A word quoted from Donald Trump',
    );
    await page.getByRole('link', { name: 'Read in context', exact: true }).click();
    await expect(page.locator('q#quote-dictator')).toBeFocused();
  });

  test(
    'an unknown quotation gets a not-found page linking to the gallery',
    { tag: '@served' },
    async ({ page, consoleWatch }) => {
      consoleWatch.allow(/status of 404/);
      const response = await page.goto(`${galleryPath}/no-such-quote`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Quote not found' })).toBeVisible();
      await expect(
        page.getByRole('link', { name: 'See all quotes from this story' }),
      ).toHaveAttribute('href', galleryPath);
      await expectNoAxeViolations(page);
    },
  );

  test(
    'a gallery whose code cannot load says so, and loads once it can',
    { tag: '@any-width' },
    async ({ page, consoleWatch }) => {
      consoleWatch.allow(/Failed to load resource|dynamically imported module/);
      let blocked = true;
      await page.route(`**${ASSETS_PREFIX}quotes-*.js`, (route) =>
        blocked ? route.abort('internetdisconnected') : route.continue(),
      );
      // An unknown speaker's page is the app shell: the gallery's code is loaded by the app, first
      // before the router starts and again by the router, and fails both times.
      await page.goto(`${galleryPath}?speaker=nobody`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'Part of Dispatch did not load',
      );
      await expect(page.getByRole('link', { name: 'Go to the front page' })).toBeVisible();

      blocked = false;
      await page.getByRole('button', { name: 'Reload the page' }).click();
      await expect(page.getByRole('navigation', { name: 'Filter by speaker' })).toBeVisible();
    },
  );

  test(
    'the headline of the source article is linked from each quote page',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, galleryPath);
      const quotePages = [
        ...new Set(
          await page
            .locator(`main a[href^="${galleryPath}/"]`)
            .evaluateAll((links) => links.map((link) => link.getAttribute('href')!)),
        ),
      ];
      expect(quotePages.length).toBeGreaterThanOrEqual(5);
      for (const quotePage of quotePages) {
        // Each as it is served: the link is in the prerendered page.
        await page.goto(quotePage);
        await expect(page.getByRole('link', { name: SEED_HEADLINE }), quotePage).toHaveAttribute(
          'href',
          articlePath,
        );
      }
    },
  );
});
