import type { Page } from '@playwright/test';
import {
  expect,
  expectNoAxeViolations,
  expectLandedOn,
  expectNoHorizontalScroll,
  gotoReady,
  SEED_SLUG,
  test,
} from './fixtures';

const articlePath = `/articles/${SEED_SLUG}`;
const SECTIONS = [
  { id: 'growing-tensions-with-the-us', heading: 'Growing Tensions with the US' },
  {
    id: 'us-ukraine-deal-on-rare-earth-minerals',
    heading: 'US-Ukraine Deal on Rare Earth Minerals',
  },
  { id: 'ukraine-excluded-from-us-russia-talks', heading: 'Ukraine Excluded from US-Russia Talks' },
  {
    id: 'russia-launches-largest-drone-attack-on-ukraine',
    heading: 'Russia Launches Largest Drone Attack on Ukraine',
  },
];

/**
 * Records how far the page moves after the load event. The browser's own landing may dispatch
 * its scroll event just after load, but the position must not change: no late jump.
 */
async function watchScrollAfterLoad(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __movedAfterLoad: number };
    w.__movedAfterLoad = 0;
    addEventListener('load', () => {
      const atLoad = window.scrollY;
      addEventListener(
        'scroll',
        () =>
          (w.__movedAfterLoad = Math.max(w.__movedAfterLoad, Math.abs(window.scrollY - atLoad))),
        { passive: true },
      );
    });
  });
}

async function settled(page: Page) {
  // Two frames after hydration: any late scroll would have been dispatched by then.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

test.describe('deep links land on their section after a cold load', { tag: '@served' }, () => {
  for (const section of SECTIONS) {
    for (const form of ['fragment', 'share page'] as const) {
      test(`${section.heading} (${form})`, async ({ page }) => {
        await watchScrollAfterLoad(page);
        const url =
          form === 'fragment'
            ? `${articlePath}#${section.id}`
            : `${articlePath}/sections/${section.id}`;
        const response = await gotoReady(page, url);
        expect(response?.status()).toBe(200);
        await expectLandedOn(page, section.heading);
        await expect(page.locator(`section#${section.id}`)).toHaveAttribute('data-current', 'true');
        await settled(page);
        const moved = await page.evaluate(
          () => (window as unknown as { __movedAfterLoad: number }).__movedAfterLoad,
        );
        expect(moved).toBeLessThanOrEqual(1);
        await expectNoHorizontalScroll(page);
      });
    }
  }
});

test(
  'a section share page carries the section’s head tags',
  { tag: ['@served', '@any-width'] },
  async ({ page }) => {
    const section = SECTIONS[0]!;
    await page.goto(`${articlePath}/sections/${section.id}`);
    const meta = (selector: string) => page.locator(selector).getAttribute('content');
    expect(await meta('meta[property="og:title"]')).toBe(
      `${section.heading} — Zelenskyy says he is ready to step down for peace and NATO membership`,
    );
    expect(await meta('meta[property="og:description"]')).toBe(
      'Zelenskyy responded to Trump’s criticism by stating that he wants the United States to act as a partner rather than just a mediator.',
    );
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
      'href',
      new RegExp(`${articlePath}#${section.id}$`),
    );
    await expectNoAxeViolations(page);
  },
);

test.describe('table of contents', () => {
  test('jumps to a section, marks it current, and moves focus to it', async ({
    page,
  }, testInfo) => {
    await gotoReady(page, articlePath);
    const section = SECTIONS[2]!;
    let contents = page.getByRole('navigation', { name: 'Contents' });
    if (testInfo.project.name === 'phone') {
      await page.getByText('Jump to').click();
      contents = page.getByRole('navigation', { name: 'Jump to' });
    }
    await contents.getByRole('link', { name: section.heading }).click();
    await expect(page).toHaveURL(`${articlePath}#${section.id}`);
    await expectLandedOn(page, section.heading);
    await expect(contents.getByRole('link', { name: section.heading })).toHaveAttribute(
      'aria-current',
      'location',
    );
    await expectNoAxeViolations(page);
  });

  test('is collapsed to one line on a phone and works by keyboard', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the collapsed form is the phone layout');
    await gotoReady(page, articlePath);
    const jumpTo = page.locator('details.toc-compact');
    await expect(jumpTo).not.toHaveAttribute('open');
    await expect(page.getByRole('navigation', { name: 'Contents' })).toBeHidden();
    await jumpTo.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(jumpTo).toHaveAttribute('open');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expectLandedOn(page, SECTIONS[0]!.heading);
  });

  test(
    'the front page links into the lead story’s sections',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, '/');
      const section = SECTIONS[1]!;
      await page
        .getByRole('navigation', { name: 'In this story' })
        .getByRole('link', { name: section.heading })
        .click();
      await expect(page).toHaveURL(`${articlePath}#${section.id}`);
      await expectLandedOn(page, section.heading);
    },
  );

  test('back and forward restore the earlier position', async ({ page }) => {
    await gotoReady(page, `${articlePath}#${SECTIONS[3]!.id}`);
    await expectLandedOn(page, SECTIONS[3]!.heading);
    const landedAt = await page.evaluate(() => window.scrollY);
    expect(landedAt).toBeGreaterThan(0);
    await page.getByRole('banner').getByRole('link', { name: 'Dispatch' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Front page' })).toBeFocused();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.goBack();
    await expect(page.getByRole('heading', { level: 2, name: SECTIONS[3]!.heading })).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(landedAt - 3);
    expect(await page.evaluate(() => window.scrollY)).toBeLessThan(landedAt + 3);
    await page.goForward();
    await expect(page.getByRole('heading', { level: 1, name: 'Front page' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  });
});

test.describe('sharing a section', () => {
  const section = SECTIONS[0]!;
  const shareButton = (page: Page) =>
    page.getByRole('button', { name: `Share section: ${section.heading}` });

  test('copies the share link and says so, returning focus', async ({
    page,
    context,
    baseURL,
  }, testInfo) => {
    test.skip(testInfo.project.name === 'phone', 'phones use the share sheet');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await gotoReady(page, articlePath);
    await page.evaluate(() => Object.defineProperty(navigator, 'share', { value: undefined }));
    await shareButton(page).click();
    await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    await expect(shareButton(page)).toBeFocused();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`${articlePath}/sections/${section.id}$`));
    await expectNoAxeViolations(page);
  });

  test('opens the share sheet where there is one', async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __shared: unknown[] };
      w.__shared = [];
      Object.defineProperty(navigator, 'share', {
        value: async (data: unknown) => void w.__shared.push(data),
      });
    });
    await gotoReady(page, articlePath);
    await shareButton(page).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __shared: unknown[] }).__shared))
      .toEqual([
        {
          url: expect.stringMatching(new RegExp(`${articlePath}/sections/${section.id}$`)),
          title: 'Zelenskyy says he is ready to step down for peace and NATO membership',
          text: section.heading,
        },
      ]);
    await expect(shareButton(page)).toBeFocused();
    await expect(page.getByText('Link copied')).toHaveCount(0);
  });

  test('a cancelled share says nothing', { tag: '@any-width' }, async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __asked: unknown[] };
      w.__asked = [];
      Object.defineProperty(navigator, 'share', {
        value: async (data: { url?: string }) => {
          w.__asked.push(data.url);
          throw new DOMException('Share canceled', 'AbortError');
        },
      });
    });
    await gotoReady(page, articlePath);
    await shareButton(page).click();
    // The share sheet was asked for, with the section's link, and the reader cancelled it.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __asked: unknown[] }).__asked))
      .toEqual([expect.stringMatching(new RegExp(`${articlePath}/sections/${section.id}$`))]);
    await expect(shareButton(page)).toBeFocused();
    await expect(page.getByText('Link copied')).toHaveCount(0);
    await expect(page.getByLabel('Copy this link')).toHaveCount(0);
  });

  test('shows the link selected in a field when the clipboard is refused', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'share', { value: undefined });
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) },
      });
    });
    await gotoReady(page, articlePath);
    await shareButton(page).click();
    const field = page.getByLabel('Copy this link');
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(new RegExp(`${articlePath}/sections/${section.id}$`));
    expect(
      await field.evaluate(
        (input: HTMLInputElement) => input.selectionEnd! - input.selectionStart!,
      ),
    ).toBe((await field.inputValue()).length);
    await expectNoHorizontalScroll(page);
    await page.keyboard.press('Escape');
    await expect(shareButton(page)).toBeFocused();
  });
});

test.describe('unknown sections', () => {
  test('an unknown fragment opens the article at the top with a polite notice', async ({
    page,
  }) => {
    await gotoReady(page, `${articlePath}#no-such-part`);
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'This article has no part called “no-such-part”' }),
    ).toBeVisible();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByText('This article has no part called')).toHaveCount(0);
  });

  test(
    'an unknown section page answers 404 and links to the article',
    { tag: '@served' },
    async ({ page, consoleWatch }) => {
      consoleWatch.allow(/status of 404/);
      const response = await page.goto(`${articlePath}/sections/no-such-part`);
      expect(response?.status()).toBe(404);
      await expect(
        page.getByRole('heading', { level: 1, name: 'Section not found' }),
      ).toBeVisible();
      await expect(page.getByRole('link', { name: 'Read the whole article' })).toHaveAttribute(
        'href',
        articlePath,
      );
      await expectNoAxeViolations(page);
    },
  );

  test(
    'a client navigation to an unknown section gets the same page',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      await page.evaluate((path) => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, `${articlePath}/sections/no-such-part`);
      await expect(
        page.getByRole('heading', { level: 1, name: 'Section not found' }),
      ).toBeVisible();
    },
  );
});
