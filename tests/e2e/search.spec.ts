import {
  expect,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  gotoReady,
  SEED_HEADLINE,
  SEED_SLUG,
  test,
} from './fixtures';

const DRONE_SECTION = {
  id: 'russia-launches-largest-drone-attack-on-ukraine',
  heading: 'Russia Launches Largest Drone Attack on Ukraine',
};

test.describe('search', () => {
  test('finds the article and the section where the words are, and the section link lands', async ({
    page,
  }) => {
    await gotoReady(page, '/search?q=intercepted');
    await expect(page.getByRole('status')).toHaveText('1 story matches “intercepted”.');
    const results = page.getByRole('list').filter({ has: page.locator('.search-result') });
    const result = results.getByRole('listitem').filter({ hasText: SEED_HEADLINE }).first();
    await expect(result.getByRole('link', { name: SEED_HEADLINE })).toHaveAttribute(
      'href',
      `/articles/${SEED_SLUG}`,
    );
    await expect(result.locator('.search-excerpt mark').first()).toHaveText(/intercepted/i);
    const sections = result.getByRole('list', { name: `Matching sections of “${SEED_HEADLINE}”` });
    const sectionLink = sections.getByRole('link', { name: DRONE_SECTION.heading });
    await expect(sectionLink).toHaveAttribute('href', `/articles/${SEED_SLUG}#${DRONE_SECTION.id}`);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);

    await sectionLink.click();
    await expect(page).toHaveURL(`/articles/${SEED_SLUG}#${DRONE_SECTION.id}`);
    const heading = page.getByRole('heading', { level: 2, name: DRONE_SECTION.heading });
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    await expect(page.locator(`section#${DRONE_SECTION.id}`)).toHaveAttribute(
      'data-current',
      'true',
    );

    // Back returns to the search, query and results restored.
    await page.goBack();
    await expect(page).toHaveURL('/search?q=intercepted');
    await expect(page.getByRole('searchbox', { name: 'Search stories' })).toHaveValue(
      'intercepted',
    );
    await expect(page.getByRole('status')).toHaveText('1 story matches “intercepted”.');
    await page.goForward();
    await expect(page).toHaveURL(`/articles/${SEED_SLUG}#${DRONE_SECTION.id}`);
  });

  test(
    '`/` focuses the header field on any page, and results follow the typing',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, `/articles/${SEED_SLUG}`);
      await page.keyboard.press('/');
      const field = page.getByRole('searchbox', { name: 'Search stories' });
      await expect(field).toBeFocused();
      await field.pressSequentially('Bessent');
      await field.press('Enter');
      await expect(page).toHaveURL('/search?q=Bessent');
      await expect(page.getByRole('status')).toHaveText('1 story matches “Bessent”.');
      // On the search page every keystroke searches, and the URL keeps up (replacing its entry).
      await field.fill('Witkoff Rubio');
      await expect(page).toHaveURL('/search?q=Witkoff%20Rubio');
      await expect(page.getByRole('status')).toHaveText('1 story matches “Witkoff Rubio”.');
      await page.goBack();
      await expect(page).toHaveURL(`/articles/${SEED_SLUG}`);
    },
  );

  test(
    '`/` types a slash while the reader is typing in a field',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, '/search');
      const field = page.getByRole('searchbox', { name: 'Search stories' });
      await field.click();
      await page.keyboard.type('50/50');
      await expect(field).toHaveValue('50/50');
    },
  );

  test(
    'no results says so with the query, and a reload keeps the query',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, '/search?q=xylophone');
      const status = page.getByRole('status');
      await expect(status).toHaveText('No stories match “xylophone”.');
      await page.reload();
      await page.locator('html[data-app="ready"]').waitFor();
      await expect(status).toHaveText('No stories match “xylophone”.');
      await expect(page.getByRole('searchbox', { name: 'Search stories' })).toHaveValue(
        'xylophone',
      );
    },
  );

  test(
    'an index that fails to load says so, and Try again recovers',
    { tag: '@any-width' },
    async ({ page, consoleWatch }) => {
      consoleWatch.allow(/Failed to load resource|Failed to fetch dynamically imported module/);
      await page.route('**/pagefind/**', (route) => route.abort());
      await gotoReady(page, '/search?q=drone');
      await expect(page.getByRole('status')).toHaveText('The search index could not be loaded.');
      await page.unroute('**/pagefind/**');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(page.getByRole('status')).toHaveText(/stor(y|ies) match(es)? “drone”\./);
      await expectNoAxeViolations(page);
    },
  );

  test(
    'loads no search code or index until the reader searches',
    { tag: '@any-width' },
    async ({ page }) => {
      const requests: string[] = [];
      page.on('request', (request) => requests.push(new URL(request.url()).pathname));
      const searchRequests = () => requests.filter((path) => /pagefind|\/search-/.test(path));
      // The idle queue's last task (app/start-up.tsx) loads offline reading: once it has, and the
      // network is quiet, everything the page does by itself is done.
      const idleWorkDone = page.waitForResponse((response) =>
        /\/offline-sync-[\w-]+\.js$/.test(new URL(response.url()).pathname),
      );
      await gotoReady(page, `/articles/${SEED_SLUG}`);
      await idleWorkDone;
      await page.waitForLoadState('networkidle');
      expect(searchRequests()).toEqual([]);

      // The reader searches: now the search page's code and the index load.
      const search = page.getByRole('searchbox', { name: 'Search stories' });
      await page.keyboard.press('/');
      await expect(search).toBeFocused();
      await search.fill('intercepted');
      await search.press('Enter');
      // The article's own status regions stay until the search page has replaced it.
      await expect(page).toHaveURL('/search?q=intercepted');
      await expect(page.getByRole('status').filter({ hasText: 'intercepted' })).toHaveText(
        '1 story matches “intercepted”.',
      );
      expect(searchRequests()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\/assets\/search-[\w-]+\.js$/),
          expect.stringMatching(/^\/pagefind\//),
        ]),
      );
    },
  );
});

test.describe('search without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('says that search needs JavaScript, and lists the stories instead', async ({ page }) => {
    const response = await page.goto('/search?q=drone');
    expect(response?.status()).toBe(200);
    await expect(page.getByText('Search needs JavaScript.', { exact: false })).toBeVisible();
    await expect(page.getByRole('link', { name: SEED_HEADLINE }).last()).toHaveAttribute(
      'href',
      `/articles/${SEED_SLUG}`,
    );
    await expectNoHorizontalScroll(page);
  });
});
