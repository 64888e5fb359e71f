import { ASSETS_PREFIX, CARDS_DIR } from '../../src/lib/site-files';
import {
  expect,
  expectNoHorizontalScroll,
  gotoReady,
  layoutShift,
  recordLayoutShifts,
  SEED_HEADLINE,
  SEED_SLUG,
  test,
} from './fixtures';

const articlePath = `/articles/${SEED_SLUG}`;
const galleryPath = `${articlePath}/quotes`;

test.describe('prerendered pages without JavaScript', { tag: ['@served', '@any-width'] }, () => {
  test.use({ javaScriptEnabled: false });

  test('the front page is finished HTML with its head tags, and its links work', async ({
    page,
  }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle('Dispatch');
    await expect(page.locator('meta[name="description"]')).toHaveAttribute(
      'content',
      /^Zelenskyy says he is ready/,
    );
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/$/);
    await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'website');
    await page.getByRole('link', { name: SEED_HEADLINE }).click();
    await expect(page).toHaveURL(articlePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
  });

  test('the article is finished HTML with its full text and share metadata', async ({ page }) => {
    await page.goto(articlePath);
    await expect(page.locator('.article-body p')).toHaveCount(13);
    await expect(page.locator('.article-body')).toContainText(
      '“The question of $500bn is no longer there,” he said.',
    );
    await expect(page).toHaveTitle(`${SEED_HEADLINE} · Dispatch`);
    const meta = (selector: string) => page.locator(selector).getAttribute('content');
    expect(await meta('meta[property="og:type"]')).toBe('article');
    expect(await meta('meta[property="og:title"]')).toBe(SEED_HEADLINE);
    expect(await meta('meta[property="og:description"]')).toMatch(
      /^Ukraine’s President Volodymyr Zelenskyy has said/,
    );
    expect(await meta('meta[property="og:url"]')).toMatch(new RegExp(`${articlePath}$`));
    expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image');
    expect(await meta('meta[property="og:image:alt"]')).toBe(`${SEED_HEADLINE} · Dispatch`);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
      'href',
      new RegExp(`${articlePath}$`),
    );
    const jsonLd = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
    );
    expect(jsonLd).toMatchObject({
      '@type': 'NewsArticle',
      headline: SEED_HEADLINE,
      inLanguage: 'en',
    });
    // The picture is the story's card; the publisher is the site, with its logo.
    expect(jsonLd.image).toEqual([await meta('meta[property="og:image"]')]);
    expect(jsonLd.publisher).toMatchObject({
      '@type': 'Organization',
      name: 'Dispatch',
      logo: { '@type': 'ImageObject', url: expect.stringMatching(/\/icons\/icon-512\.png$/) },
    });
    // Only facts the content holds: the seed has no date or byline.
    expect(jsonLd).not.toHaveProperty('datePublished');
    expect(jsonLd).not.toHaveProperty('author');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('the embedded cache is non-executable JSON', async ({ page }) => {
    await page.goto(articlePath);
    await expect(page.locator('#dispatch-state')).toHaveAttribute('type', 'application/json');
  });

  test('the first paint waits until the whole page is parsed', async ({ page }) => {
    // Chromium unblocks rendering at the expected element's start tag, so the element must
    // come after the page's markup: a paint of a half-parsed page moves what comes in later.
    for (const path of [articlePath, `${articlePath}/quotes`, `${articlePath}/sections/opening`]) {
      await page.goto(path);
      const expectLink = page.locator('head link[rel="expect"][blocking="render"]');
      await expect(expectLink).toHaveAttribute('href', '#dispatch-state');
      await expect(page.locator('#root:has(main#main) ~ script#dispatch-state')).toHaveCount(1);
    }
  });
});

test.describe('serving', { tag: ['@served', '@any-width'] }, () => {
  test('a clean URL works with and without a trailing slash', async ({ page }) => {
    for (const path of [articlePath, `${articlePath}/`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
    }
  });

  test('an unknown path answers 404 with the not-found page', async ({ page, consoleWatch }) => {
    consoleWatch.allow(/status of 404/);
    const response = await page.goto('/articles/no-such-story');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });

  test('robots.txt, the sitemap and the manifest are served', async ({ request }) => {
    expect(await (await request.get('/robots.txt')).text()).toContain('Sitemap:');
    expect(await (await request.get('/sitemap.xml')).text()).toContain(articlePath);
    const manifest = await request.get('/manifest.webmanifest');
    expect(manifest.ok()).toBe(true);
    expect(await manifest.json()).toMatchObject({ name: 'Dispatch' });
  });

  test('hashed assets are cached for a year and responses are compressed', async ({
    page,
    request,
  }) => {
    await gotoReady(page, articlePath);
    // The largest script is well over the compression threshold.
    const script = await page.evaluate(
      (assetsPrefix) =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes(assetsPrefix))
          .map((entry) => entry as PerformanceResourceTiming)
          .sort((a, b) => b.decodedBodySize - a.decodedBodySize)[0]?.name,
      ASSETS_PREFIX,
    );
    expect(script).toBeTruthy();
    const asset = await request.get(script!);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
    const html = await request.get(articlePath);
    expect(html.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
  });
});

test.describe('share cards', { tag: '@any-width' }, () => {
  test('the browser names the same picture as the build, after a client navigation', async ({
    page,
    request,
  }) => {
    const ogImage = (html: string) => /<meta property="og:image" content="([^"]*)"/.exec(html)?.[1];
    await gotoReady(page, galleryPath);
    // A quotation's page, reached by a client navigation: its head is written by the browser's
    // build (lib/share-card.ts as bundled), the HTML's by the build in Node.
    const quoteLink = page.getByRole('link', { name: /^Quote page/ }).first();
    const href = (await quoteLink.getAttribute('href'))!;
    await quoteLink.click();
    await expect(page).toHaveURL(href);
    const built = ogImage(await (await request.get(href)).text());
    expect(built).toMatch(new RegExp(`/${CARDS_DIR}/[0-9a-f]{16}\\.png$`));
    await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', built!);
    // And on to the story, by its headline: the story's own card.
    const storyBuilt = ogImage(await (await request.get(articlePath)).text());
    await page.getByRole('link', { name: SEED_HEADLINE }).click();
    await expect(page).toHaveURL(articlePath);
    await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', storyBuilt!);
    expect(storyBuilt).not.toBe(built);
  });

  test('every article, section and quotation page names a picture of its own words', async ({
    request,
  }) => {
    const sitemap = await (await request.get('/sitemap.xml')).text();
    const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
      .map((match) => new URL(match[1]!).pathname)
      .filter((path) => /^\/articles\/[^/]+(\/(sections|quotes)\/[^/]+)?$/.test(path));
    const attribute = (html: string, property: string) =>
      new RegExp(`<meta property="${property}" content="([^"]*)"`).exec(html)?.[1];
    const images = new Map<string, string>();
    let articles = 0;
    for (const path of pages) {
      const html = await (await request.get(path)).text();
      // A story known only by its title has no text to show.
      if (!html.includes('class="article-body"')) continue;
      if (!path.includes('/sections/') && !path.includes('/quotes/')) articles += 1;
      const image = attribute(html, 'og:image');
      expect(image, path).toMatch(new RegExp(`/${CARDS_DIR}/[0-9a-f]{16}\\.png$`));
      expect(attribute(html, 'og:image:width'), path).toBe('1200');
      expect(attribute(html, 'og:image:height'), path).toBe('630');
      expect(attribute(html, 'og:image:alt'), path).toMatch(/ · Dispatch$/);
      expect(html, path).toContain('<meta name="twitter:card" content="summary_large_image"');
      images.set(path, new URL(image!).pathname);
    }
    expect(articles).toBeGreaterThan(0);
    expect(images.size).toBeGreaterThan(articles);
    // One picture a page: only a story's untitled opening section shares the story's card.
    const byImage = new Map<string, string[]>();
    for (const [path, image] of images) byImage.set(image, [...(byImage.get(image) ?? []), path]);
    for (const sharing of byImage.values()) {
      if (sharing.length > 1) {
        expect(
          sharing.filter((path) => !path.includes('/sections/')),
          sharing.join(' '),
        ).toHaveLength(1);
      }
    }
    for (const image of new Set(images.values())) {
      const response = await request.get(image);
      expect(response.status(), image).toBe(200);
      expect(response.headers()['content-type'], image).toBe('image/png');
      expect(response.headers()['cache-control'], image).toBe(
        'public, max-age=31536000, immutable',
      );
      const png = await response.body();
      expect(png.subarray(1, 4).toString('latin1'), image).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], image).toEqual([1200, 630]);
    }
  });
});

test.describe('the app shell', () => {
  test('links its stylesheet, and renders styled, without shift or sideways scroll', async ({
    page,
  }) => {
    // An unknown speaker's gallery is served as the shell (nothing prerendered for it).
    const response = await page.goto(`${articlePath}/quotes?speaker=nobody`);
    const html = (await response?.text()) ?? '';
    // The shell paints nothing before its scripts, so its stylesheet is a request of its own,
    // parsed in a task of its own; only the noscript rule is inline.
    expect(html).toMatch(
      new RegExp(`<link rel="stylesheet" crossorigin href="${ASSETS_PREFIX}[^"]+\\.css">`),
    );
    expect([...html.matchAll(/<style>/g)]).toHaveLength(1);
    expect(html).not.toContain('<main');

    await recordLayoutShifts(page);
    await gotoReady(page, `${articlePath}/quotes?speaker=nobody`);
    await expect(page.getByRole('navigation', { name: 'Filter by speaker' })).toBeVisible();
    // Styled: the page's measure, not the browser's default 8 px body margin.
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    expect(await layoutShift(page)).toBe(0);
    await expectNoHorizontalScroll(page);
  });
});

test.describe('hydration', () => {
  test('hydrates without refetching the JSON it was built from, and without layout shift', async ({
    page,
  }) => {
    const contentRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/content/')) contentRequests.push(request.url());
    });
    await recordLayoutShifts(page);
    // Watches the document from before its first byte is parsed until the test ends: every node
    // added, and every text changed, is checked for a loading state.
    await page.addInitScript(() => {
      const w = window as unknown as { __loadingSeen: string[] };
      w.__loadingSeen = [];
      const check = (node: Node) => {
        const text = node.textContent ?? '';
        if (/Loading/.test(text)) w.__loadingSeen.push(text.slice(0, 80));
      };
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.type === 'characterData') check(record.target);
          record.addedNodes.forEach(check);
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await gotoReady(page, articlePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_HEADLINE);
    expect(contentRequests).toEqual([]);
    expect(await layoutShift(page)).toBe(0);
    // No loading state was ever shown, from the first parsed node to hydration and after.
    expect(
      await page.evaluate(() => (window as unknown as { __loadingSeen: string[] }).__loadingSeen),
    ).toEqual([]);
    await expect(page.getByText('Loading…')).toHaveCount(0);
  });

  test(
    'starts in its named steps, in order, then marks itself ready',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      const marks = await page.evaluate(() =>
        performance
          .getEntriesByType('mark')
          .filter((mark) => mark.name.startsWith('dispatch:'))
          .map((mark) => mark.name),
      );
      expect(marks).toEqual([
        'dispatch:start-up:state',
        'dispatch:start-up:routes',
        'dispatch:start-up:router',
        'dispatch:start-up:render',
        'dispatch:ready',
      ]);
    },
  );

  test(
    'evaluates React’s chunk as a module script of its own, then the entry',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      const scripts = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')].map(
          (script) => new URL(script.src).pathname,
        ),
      );
      const first = await page.locator('script[data-first]').getAttribute('data-first');
      expect(first).toMatch(/^\/assets\/react-[\w-]+\.js$/);
      expect(scripts).toHaveLength(2);
      expect(scripts[0]).toBe(first);
      expect(scripts[1]).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    },
  );

  test(
    'a client navigation fetches JSON and is not a full page load',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      await page.evaluate(() => Object.assign(window, { __samePage: true }));
      const documents: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'document') documents.push(request.url());
      });
      const editionRequest = page.waitForRequest((request) =>
        request.url().endsWith('/content/edition/1.json'),
      );
      await page.getByRole('banner').getByRole('link', { name: 'Dispatch' }).click();
      await editionRequest;
      await expect(page.getByRole('heading', { level: 1, name: 'Front page' })).toBeFocused();
      expect(
        await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage),
      ).toBe(true);
      expect(documents).toEqual([]);
    },
  );
});
