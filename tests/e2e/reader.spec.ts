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

const articlePath = `/articles/${SEED_SLUG}`;

test.describe('front page', () => {
  test('loads cold with the lead story and the edition’s other stories', async ({ page }) => {
    await recordLayoutShifts(page);
    await page.goto('/');
    const lead = page.getByRole('article', { name: SEED_HEADLINE });
    await expect(lead.getByRole('link', { name: SEED_HEADLINE })).toHaveAttribute(
      'href',
      articlePath,
    );
    await expect(lead).toContainText(
      'Ukraine’s President Volodymyr Zelenskyy has said he is willing to step down',
    );
    await expect(
      page.getByRole('region', { name: 'More in this edition' }).getByRole('link'),
    ).toHaveCount(3);
    await expect(page).toHaveTitle('Dispatch');
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
    expect(await layoutShift(page)).toBe(0);
  });
});

test.describe('article', () => {
  test('loads cold with headline, every section, and related stories', async ({ page }) => {
    await recordLayoutShifts(page);
    await page.goto(articlePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
    await expect(page).toHaveTitle(`${SEED_HEADLINE} · Dispatch`);
    const article = page.getByRole('article', { name: SEED_HEADLINE });
    await expect(article.locator('.article-body p')).toHaveCount(13);
    await expect(article.locator('.article-body h2, .related-stories h2')).toHaveText([
      'Growing Tensions with the US',
      'US-Ukraine Deal on Rare Earth Minerals',
      'Ukraine Excluded from US-Russia Talks',
      'Russia Launches Largest Drone Attack on Ukraine',
      'Related Stories',
    ]);
    await expect(article.getByText('2 min read')).toBeVisible();
    await expect(article.locator('q').first()).toHaveAccessibleDescription(
      'Quotation from Volodymyr Zelenskyy',
    );
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
    expect(await layoutShift(page)).toBe(0);
  });

  test('keeps a comfortable measure on desktop', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'the measure is a desktop concern');
    await page.goto(articlePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
    const charsPerLine = await page.locator('.article-body p').evaluateAll((paragraphs) => {
      const longest = paragraphs.reduce((a, b) =>
        (b.textContent ?? '').length > (a.textContent ?? '').length ? b : a,
      );
      const range = document.createRange();
      range.selectNodeContents(longest);
      // Width per line (inline quotes split a line into several rects); the last line is partial.
      const widths = new Map<number, number>();
      for (const rect of range.getClientRects()) {
        const top = Math.round(rect.top);
        widths.set(top, (widths.get(top) ?? 0) + rect.width);
      }
      const lineWidths = [...widths.values()];
      const full = Math.max(...lineWidths);
      const lines = lineWidths.length - 1 + lineWidths.at(-1)! / full;
      return (longest.textContent ?? '').length / lines;
    });
    testInfo.annotations.push({
      type: 'characters per line',
      description: charsPerLine.toFixed(1),
    });
    expect(charsPerLine).toBeGreaterThanOrEqual(60);
    expect(charsPerLine).toBeLessThanOrEqual(75);
  });

  test('is readable in the dark theme', { tag: '@any-width' }, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(articlePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
    await expectNoAxeViolations(page);
  });
});

test.describe('navigation', () => {
  test('goes from the front page to the article and back, moving focus to each h1', async ({
    page,
  }) => {
    await gotoReady(page, '/');
    await page.getByRole('link', { name: SEED_HEADLINE }).click();
    await expect(page).toHaveURL(articlePath);
    const headline = page.getByRole('heading', { level: 1, name: SEED_HEADLINE });
    await expect(headline).toBeFocused();
    await expect(page).toHaveTitle(`${SEED_HEADLINE} · Dispatch`);

    await page.getByRole('banner').getByRole('link', { name: 'Dispatch' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Front page' })).toBeFocused();

    await page.goBack();
    await expect(headline).toBeVisible();
  });

  test(
    'works by keyboard: the skip link, then a story link',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, '/');
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      await expect(skip).toBeFocused();
      await expect(skip).toBeInViewport();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Front page' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: SEED_HEADLINE })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: SEED_HEADLINE })).toBeFocused();
    },
  );
});

test.describe('bad input', () => {
  test('an unknown path gets a not-found page that links home', async ({ page, consoleWatch }) => {
    consoleWatch.allow(/status of 404/);
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveTitle('Page not found · Dispatch');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Go to the front page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Front page' })).toBeVisible();
  });

  test('a link to an unknown article gets the article not-found page', async ({
    page,
    consoleWatch,
  }) => {
    consoleWatch.allow(/status of 404/);
    await gotoReady(page, '/');
    await page.evaluate(() => {
      window.history.pushState({}, '', '/articles/no-such-story');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(page.getByRole('heading', { level: 1, name: 'Article not found' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test(
    'a network failure offers a retry that recovers',
    { tag: '@any-width' },
    async ({ page, consoleWatch }) => {
      consoleWatch.allow(/Failed to load resource: net::ERR_INTERNET_DISCONNECTED|status of 404/);
      await gotoReady(page, '/');
      await page.route('**/content/articles/*.json', (route) =>
        route.abort('internetdisconnected'),
      );
      // The front page already cached the lead; go to another story whose fetch fails.
      await page.evaluate(() => {
        window.history.pushState(
          {},
          '',
          '/articles/russia-and-ukraine-engage-in-major-prisoner-exchange',
        );
        window.dispatchEvent(new PopStateEvent('popstate'));
      });
      await expect(
        page.getByRole('heading', { level: 1, name: 'We could not load this article' }),
      ).toBeVisible();
      await expectNoAxeViolations(page);
      await page.unroute('**/content/articles/*.json');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(
        page.getByRole('heading', {
          level: 1,
          name: 'Russia and Ukraine Engage in Major Prisoner Exchange',
        }),
      ).toBeVisible();
    },
  );
});
