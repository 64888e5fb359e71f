import type { Locator, Page } from '@playwright/test';
import { READING_SETTINGS_KEY } from '../../src/lib/reading-settings';
import {
  expect,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  gotoReady,
  SEED_SLUG,
  test,
} from './fixtures';

/**
 * The header's search field on every page, at both widths (the `phone` project is 360×740, the
 * `desktop` one 1440×900): its submit button, the narrow header's "Search" button that opens
 * it, and both without JavaScript and before the app has loaded.
 */
const articlePath = `/articles/${SEED_SLUG}`;

/** Below this width the header shows a "Search" button instead of the field (search-field.css). */
const isNarrow = (page: Page) => page.viewportSize()!.width < 480;

const field = (page: Page) => page.getByRole('searchbox', { name: 'Search stories' });
const submit = (page: Page) =>
  page.getByRole('search').getByRole('button', { name: 'Search', exact: true });
/** The narrow header's button; it names the form it opens. */
const toggle = (page: Page) => page.locator('button[aria-controls="site-search-form"]');

/** Whether the whole placeholder fits: the same words as a value would not scroll the field. */
function placeholderFits(input: Locator): Promise<boolean> {
  return input.evaluate((element: HTMLInputElement) => {
    const typed = element.value;
    element.value = element.placeholder;
    const fits = element.scrollWidth <= element.clientWidth;
    element.value = typed;
    return fits;
  });
}

/** Where the page under the header is, to see that opening the field moves none of it. */
function pageLayout(page: Page) {
  return page.evaluate(() => ({
    header: document.querySelector('.site-header')!.getBoundingClientRect().height,
    h1: document.querySelector('main h1')!.getBoundingClientRect().top,
    height: document.documentElement.scrollHeight,
  }));
}

/** Shows the field: in the narrow header, by its "Search" button; the wide one always shows it. */
async function openField(page: Page) {
  if (isNarrow(page)) await toggle(page).click();
  await expect(field(page)).toBeVisible();
}

test.describe('header search field', () => {
  test('has a named submit button, reached by Tab from the field, that submits with Enter', async ({
    page,
  }) => {
    await gotoReady(page, articlePath);
    await openField(page);
    await expect(submit(page)).toBeVisible();
    await expect(submit(page)).toHaveAttribute('type', 'submit');
    // A target of 24 px at least (WCAG 2.5.8), in the header's own px.
    const box = (await submit(page).boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);

    await field(page).fill('Bessent');
    await field(page).press('Tab');
    await expect(submit(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL('/search?q=Bessent');
    await expect(page.getByRole('status')).toHaveText('1 story matches “Bessent”.');
  });

  test('fits the header, whole, with nothing scrolling sideways; axe finds nothing in it', async ({
    page,
  }) => {
    await gotoReady(page, articlePath);
    if (isNarrow(page)) {
      await expect(toggle(page)).toBeVisible();
      await expect(field(page)).toBeHidden();
    } else {
      // The wide header has room: the field is in its row, and there is no button to open it.
      await expect(toggle(page)).toBeHidden();
    }
    await openField(page);
    expect(await placeholderFits(field(page))).toBe(true);
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
  });

  test('keeps its size at the largest text size, and still fits', async ({ page }) => {
    await gotoReady(page, articlePath);
    await openField(page);
    const size = async () => {
      const { width, height } = (await field(page).boundingBox())!;
      return { width, height };
    };
    const standard = await size();
    const headerHeight = (await pageLayout(page)).header;

    await page.addInitScript(
      ([key, value]) => localStorage.setItem(key!, value!),
      [READING_SETTINGS_KEY, JSON.stringify({ size: '5' })],
    );
    await gotoReady(page, articlePath);
    await expect(page.locator('html')).toHaveAttribute('data-reading-size', '5');
    await openField(page);
    // The same size (the header's row is as wide as the page's measure, which grows with the
    // text: on a wide screen the field moves with it).
    expect(await size()).toEqual(standard);
    expect((await pageLayout(page)).header).toBe(headerHeight);
    expect(await placeholderFits(field(page))).toBe(true);
    await expectNoHorizontalScroll(page);
  });

  test('a phone’s Search button opens the field over the page; Escape closes it and returns focus', async ({
    page,
  }) => {
    test.skip(!isNarrow(page), 'the narrow header only');
    await gotoReady(page, articlePath);
    const button = toggle(page);
    await expect(button).toHaveAccessibleName('Search');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    const before = await pageLayout(page);

    // By keyboard: Tab from the wordmark reaches the button; Enter opens the field, focus in it.
    await page.getByRole('banner').getByRole('link', { name: 'Dispatch' }).focus();
    await page.keyboard.press('Tab');
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(field(page)).toBeFocused();
    // Drawn over the page, under the header: nothing below it moved.
    expect(await pageLayout(page)).toEqual(before);
    const headerBottom = await page
      .locator('.site-header')
      .evaluate((header) => header.getBoundingClientRect().bottom);
    expect((await page.getByRole('search').boundingBox())!.y).toBeGreaterThanOrEqual(
      headerBottom - 1,
    );
    await expectNoHorizontalScroll(page);

    await page.keyboard.type('drone');
    await page.keyboard.press('Escape');
    await expect(field(page)).toBeHidden();
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    // Escape closed the field without clearing it.
    await button.click();
    await expect(field(page)).toBeFocused();
    await expect(field(page)).toHaveValue('drone');

    // A tap elsewhere closes it too; the button again shows it, and closes it.
    await page.locator('main h1').click();
    await expect(field(page)).toBeHidden();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await button.click();
    await expect(field(page)).toBeVisible();
    await button.click();
    await expect(field(page)).toBeHidden();

    // `/` opens it and puts focus in it; Escape returns focus to the button.
    await page.keyboard.press('/');
    await expect(field(page)).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Escape');
    await expect(button).toBeFocused();
    expect(await pageLayout(page)).toEqual(before);
  });

  test('the search page shows its field at once, above the page, with no button to open it', async ({
    page,
  }) => {
    await gotoReady(page, '/search?q=drone');
    await expect(field(page)).toBeVisible();
    await expect(field(page)).toHaveValue('drone');
    await expect(toggle(page)).toHaveCount(0);
    const formBottom = await page
      .getByRole('search')
      .evaluate((form) => form.getBoundingClientRect().bottom);
    const h1Top = await page
      .getByRole('heading', { level: 1, name: 'Search' })
      .evaluate((h1) => h1.getBoundingClientRect().top);
    expect(h1Top).toBeGreaterThanOrEqual(formBottom);
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
  });

  test('hydrates the prerendered field as it is: used before the app loaded, it is kept', async ({
    page,
  }) => {
    // The app's scripts wait until the reader has used the prerendered field.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(articlePath);
    if (isNarrow(page)) {
      // The button opens the field before any of the app's code has run.
      await toggle(page).click();
      await expect(field(page)).toBeVisible();
    }
    await field(page).fill('drone');
    await field(page).evaluate((input) => Object.assign(input, { __prerendered: true }));
    release();
    await page.locator('html[data-app="ready"]').waitFor();
    // The same element (hydration reused it rather than rendering anew), still holding the words.
    expect(
      await field(page).evaluate((input) => (input as { __prerendered?: boolean }).__prerendered),
    ).toBe(true);
    await expect(field(page)).toHaveValue('drone');
    if (isNarrow(page)) await expect(toggle(page)).toHaveAttribute('aria-expanded', 'true');
    await field(page).press('Enter');
    await expect(page).toHaveURL('/search?q=drone');
  });
});

test.describe('header search field without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('opens on a phone, fits, and submits to the search page', async ({ page }) => {
    await page.goto(articlePath);
    if (isNarrow(page)) {
      await expect(field(page)).toBeHidden();
      await toggle(page).focus();
      await page.keyboard.press('Enter');
      await expect(field(page)).toBeVisible();
      // The browser's own popover: Escape closes it, focus back on the button.
      await page.keyboard.press('Escape');
      await expect(field(page)).toBeHidden();
      await expect(toggle(page)).toBeFocused();
      await page.keyboard.press('Enter');
      // Next in the tab order after its button.
      await page.keyboard.press('Tab');
      await expect(field(page)).toBeFocused();
    }
    await expect(field(page)).toBeVisible();
    expect(await placeholderFits(field(page))).toBe(true);
    await expectNoHorizontalScroll(page);
    await field(page).fill('drone');
    await submit(page).click();
    await expect(page).toHaveURL('/search?q=drone');
    await expect(page.getByText('Search needs JavaScript.', { exact: false })).toBeVisible();
    await expect(field(page)).toBeVisible();
  });
});

test.describe('header search field before the app loads', () => {
  test('opens from the prerendered page alone, and axe finds nothing', async ({
    page,
    consoleWatch,
  }) => {
    // axe needs JavaScript in the page, so the app's scripts are blocked rather than all of it:
    // the same HTML and CSS, as a reader has it until the app loads.
    consoleWatch.allow(/Failed to load resource/);
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto(articlePath);
    await openField(page);
    await expect(submit(page)).toBeVisible();
    await expectNoAxeViolations(page);
    expect(await page.locator('html').getAttribute('data-app')).toBeNull();
  });
});
