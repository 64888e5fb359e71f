import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { READING_SETTINGS_KEY } from '../../src/lib/reading-settings';
import { ASSETS_PREFIX } from '../../src/lib/site-files';
import { SEED_HEADINGS } from '../helpers/seed';
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

/**
 * Reader comfort: reading settings applied before the first paint, progress and resume, the
 * keyboard, and print.
 */
const articlePath = `/articles/${SEED_SLUG}`;
const POSITION_KEY = `dispatch:reading:${SEED_SLUG}`;
const run = promisify(execFile);

function settingsPanel(page: Page) {
  return page.getByRole('region', { name: 'Reading settings' });
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Reading settings' }).click();
  await expect(settingsPanel(page)).toBeVisible();
}

/** Stores settings before any page script runs, as a returning reader's browser would hold. */
async function withSettings(page: Page, settings: Record<string, string>) {
  await page.addInitScript(
    ([key, value]) => localStorage.setItem(key!, value!),
    [READING_SETTINGS_KEY, JSON.stringify(settings)],
  );
}

const paragraphFontSize = (page: Page) =>
  page
    .locator('.article-body p')
    .first()
    .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));

test.describe('reading settings', () => {
  test('apply at once, and before the first paint on the next cold load, with nothing moving', async ({
    page,
  }) => {
    await gotoReady(page, articlePath);
    const standardSize = await paragraphFontSize(page);
    await openSettings(page);
    await settingsPanel(page).getByRole('radio', { name: 'Dark' }).check();
    await settingsPanel(page).getByRole('radio', { name: 'Largest' }).check();
    const darkBackground = 'rgb(20, 20, 20)';
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      darkBackground,
    );
    expect(await paragraphFontSize(page)).toBeCloseTo(standardSize * 1.3125, 1);
    // Kept for the next visit: the theme and the text size the reader chose.
    expect(
      await page.evaluate(
        (key) => JSON.parse(localStorage.getItem(key) ?? 'null') as unknown,
        READING_SETTINGS_KEY,
      ),
    ).toMatchObject({ theme: 'dark', size: '5' });

    // What the page looks like in its first frame, long before the app hydrates: the first
    // animation frame's callbacks run just before the first paint (the settings' script may
    // run after DOMContentLoaded, but holds the first paint until it has).
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        const paragraph = document.querySelector('.article-body p')!;
        (window as unknown as { __atLoad: unknown }).__atLoad = {
          background: getComputedStyle(document.body).backgroundColor,
          size: parseFloat(getComputedStyle(paragraph).fontSize),
          hydrated: document.documentElement.dataset.app ?? null,
        };
      });
    });
    await recordLayoutShifts(page);
    await gotoReady(page, articlePath);
    const atLoad = await page.evaluate(() => (window as unknown as { __atLoad: unknown }).__atLoad);
    expect(atLoad).toEqual({
      background: darkBackground,
      size: expect.closeTo(standardSize * 1.3125, 1),
      hydrated: null,
    });
    expect(await layoutShift(page)).toBe(0);
    await expectNoHorizontalScroll(page);
  });

  test(
    'apply from the inline script alone, with the app’s JavaScript blocked',
    { tag: '@any-width' },
    async ({ page, consoleWatch }) => {
      consoleWatch.allow(/Failed to load resource/);
      await withSettings(page, { theme: 'sepia', size: '5', font: 'sans', spacing: 'roomy' });
      await page.route(`**${ASSETS_PREFIX}*.js`, (route) => route.abort());
      await page.goto(articlePath);
      const styles = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        return {
          background: body.backgroundColor,
          family: body.fontFamily,
          leading: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
          hydrated: document.documentElement.dataset.app ?? null,
        };
      });
      expect(styles).toMatchObject({ background: 'rgb(244, 236, 216)', hydrated: null });
      expect(styles.family).toMatch(/^system-ui/);
      expect(styles.leading).toBeCloseTo(1.95, 2);
    },
  );

  test(
    'nothing stored means nothing applied: no attribute, the stylesheet’s defaults',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      const attributes = await page.evaluate(() =>
        document.documentElement
          .getAttributeNames()
          .filter((name) => name.startsWith('data-reading')),
      );
      expect(attributes).toEqual([]);
    },
  );

  for (const theme of ['system', 'light', 'sepia', 'dark'] as const) {
    // Contrast is the same at any width: the phone checks the panel in the system theme.
    const details = theme === 'system' ? {} : { tag: '@any-width' };
    test(`pass axe in the ${theme} theme, with the panel open`, details, async ({ page }) => {
      await withSettings(page, { theme });
      await gotoReady(page, articlePath);
      await expectNoAxeViolations(page);
      await openSettings(page);
      await expectNoAxeViolations(page);
    });
  }

  test(
    'work by keyboard: Escape closes the panel and focus returns to its button',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      const toggle = page.getByRole('button', { name: 'Reading settings' });
      await toggle.focus();
      await page.keyboard.press('Enter');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expect(settingsPanel(page)).toBeVisible();
      await page.keyboard.press('Tab');
      await expect(settingsPanel(page).getByRole('radio', { name: 'Standard' })).toBeFocused();
      await page.keyboard.press('ArrowRight');
      await expect(settingsPanel(page).getByRole('radio', { name: 'Larger' })).toBeChecked();
      await expect(page.locator('html')).toHaveAttribute('data-reading-size', '4');
      await page.keyboard.press('Escape');
      await expect(settingsPanel(page)).toHaveCount(0);
      await expect(toggle).toBeFocused();
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    },
  );

  test('keep every control visible and focusable in forced colours', async ({ page }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await gotoReady(page, articlePath);
    const toggle = page.getByRole('button', { name: 'Reading settings' });
    await toggle.focus();
    await expect(toggle).toBeFocused();
    await expect(toggle).toBeVisible();
    await page.keyboard.press('Enter');
    for (const name of ['Dark', 'Sepia', 'Largest', 'Sans serif', 'Roomy']) {
      await expect(settingsPanel(page).getByRole('radio', { name })).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });
});

/** Puts a paragraph at the top of the view, as a reader scrolling there would. */
async function readTo(page: Page, index: number): Promise<string> {
  const paragraph = page.locator('.article-body p').nth(index);
  await paragraph.evaluate((p) => p.scrollIntoView({ block: 'start' }));
  const anchor = (await paragraph.getAttribute('data-anchor'))!;
  await expect
    .poll(() =>
      page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').anchor, POSITION_KEY),
    )
    .toBe(anchor);
  return anchor;
}

async function expectAtTop(page: Page, anchor: string) {
  const paragraph = page.locator(`.article-body p[data-anchor="${anchor}"]`);
  await expect(paragraph).toBeFocused();
  await expect
    .poll(() =>
      paragraph.evaluate((p) => {
        const headerBottom = document.querySelector('.site-header')!.getBoundingClientRect().bottom;
        const { top } = p.getBoundingClientRect();
        return top >= headerBottom && top <= headerBottom + 40;
      }),
    )
    .toBe(true);
}

test.describe('progress and resume', () => {
  test('the progress bar is decorative, and minutes left follow the reader', async ({ page }) => {
    await gotoReady(page, articlePath);
    await expect(page.locator('.reading-progress')).toHaveAttribute('aria-hidden', 'true');
    const left = page.locator('.minutes-left');
    await expect(left).toHaveText('');
    await readTo(page, 9);
    await expect(left).toHaveText(/^\d+ min left$/);
    const readMinutes = Number(
      /(\d+) min read/.exec((await page.locator('.article-meta').textContent()) ?? '')?.[1],
    );
    const leftMinutes = Number(/(\d+)/.exec((await left.textContent()) ?? '')?.[1]);
    expect(leftMinutes).toBeGreaterThan(0);
    expect(leftMinutes).toBeLessThan(readMinutes);
  });

  test('coming back offers to continue, and lands on the paragraph after the text size changed', async ({
    page,
  }) => {
    await gotoReady(page, articlePath);
    const anchor = await readTo(page, 8);

    await openSettings(page);
    await settingsPanel(page).getByRole('radio', { name: 'Largest' }).check();
    await page.keyboard.press('Escape');

    // The front page lists the unfinished story; /saved shows how far it got.
    await gotoReady(page, '/');
    const row = page.getByRole('region', { name: 'Continue reading' });
    await expect(row.getByRole('link', { name: SEED_HEADLINE })).toBeVisible();
    await expect(row).toContainText(/\d+% read/);
    await expectNoHorizontalScroll(page);

    await row.getByRole('link', { name: SEED_HEADLINE }).click();
    const offer = page.getByRole('button', { name: 'Continue where you left off' });
    await expect(offer).toBeVisible();
    await expectNoAxeViolations(page);
    await offer.click();
    await expectAtTop(page, anchor);
    await expect(offer).toHaveCount(0);

    // And from a cold load.
    await page.evaluate(() => window.scrollTo(0, 0));
    await gotoReady(page, '/saved');
    await gotoReady(page, articlePath);
    await page.getByRole('button', { name: 'Continue where you left off' }).click();
    await expectAtTop(page, anchor);
    await expectNoHorizontalScroll(page);
  });

  test('a deep link wins over the resume offer', { tag: '@any-width' }, async ({ page }) => {
    await gotoReady(page, articlePath);
    await readTo(page, 8);
    for (const link of [
      '/sections/growing-tensions-with-the-us',
      '#growing-tensions-with-the-us',
    ]) {
      await gotoReady(page, '/saved');
      await gotoReady(page, `${articlePath}${link}`);
      await expect(page.getByRole('heading', { level: 2, name: SEED_HEADINGS[0] })).toBeFocused();
      // Once the tracker has run (it keeps the landed-on position), an offer would be showing.
      await expect
        .poll(() =>
          page.evaluate(
            (key) => JSON.parse(localStorage.getItem(key) ?? '{}').anchor,
            POSITION_KEY,
          ),
        )
        .toMatch(/^growing-tensions-with-the-us\//);
      await expect(page.getByRole('button', { name: 'Continue where you left off' })).toHaveCount(
        0,
      );
      // Back where the reader was, for the next form of the link.
      await gotoReady(page, articlePath);
      await page.getByRole('button', { name: 'Continue where you left off' }).waitFor();
      await readTo(page, 8);
    }
  });

  test(
    'the saved list shows how far each story was read',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      await page.getByRole('button', { name: `Save “${SEED_HEADLINE}” for later` }).click();
      await readTo(page, 5);
      await page.getByRole('link', { name: /^Saved/ }).click();
      await expect(page.locator(`.saved-item[data-slug="${SEED_SLUG}"]`)).toContainText(
        /\d+% read/,
      );
    },
  );
});

test.describe('keyboard', () => {
  test(
    'j and k move between sections, s saves and unsaves, ? lists the keys',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      const heading = (index: number) =>
        page.getByRole('heading', { level: 2, name: SEED_HEADINGS[index] });
      // The keys' code loads once the page is idle: until then a key does nothing, so the first
      // is pressed again until it lands (never once it has).
      await expect(async () => {
        const landed = await heading(0).evaluate((h) => h === document.activeElement);
        if (!landed) await page.keyboard.press('j');
        await expect(heading(0)).toBeFocused({ timeout: 1_000 });
      }).toPass();
      await page.keyboard.press('j');
      await expect(heading(1)).toBeFocused();
      await expect
        .poll(() => heading(1).evaluate((h) => Math.round(h.getBoundingClientRect().top)))
        .toBeLessThan(200);
      await page.keyboard.press('k');
      await expect(heading(0)).toBeFocused();

      const toggle = page.locator('.story-actions .bookmark-button');
      await page.keyboard.press('s');
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await expect(
        page.getByRole('status').filter({ hasText: `Saved “${SEED_HEADLINE}”.` }),
      ).toHaveCount(1);
      await page.keyboard.press('s');
      await expect(toggle).toHaveAttribute('aria-pressed', 'false');

      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('Next section');
      await expectNoAxeViolations(page);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(heading(0)).toBeFocused();
    },
  );

  test(
    'no key acts while typing in a field or with a modifier held',
    { tag: '@any-width' },
    async ({ page }) => {
      await gotoReady(page, articlePath);
      const search = page.getByRole('searchbox', { name: 'Search stories' });
      // `/` focuses the field (on a phone, opening it first: the narrow header hides it).
      await page.keyboard.press('/');
      await expect(search).toBeFocused();
      await page.keyboard.type('jks?');
      await expect(search).toHaveValue('jks?');
      await expect(search).toBeFocused();
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await expect(page.locator('.story-actions .bookmark-button')).toHaveAttribute(
        'aria-pressed',
        'false',
      );
      await search.blur();
      await page.keyboard.press('Control+j');
      await page.keyboard.press('Alt+s');
      await expect(
        page.getByRole('heading', { level: 2, name: SEED_HEADINGS[0] }),
      ).not.toBeFocused();
      await expect(page.locator('.story-actions .bookmark-button')).toHaveAttribute(
        'aria-pressed',
        'false',
      );
    },
  );
});

test(
  'printing an article gives the headline, its text and headings, and its address only',
  { tag: '@any-width' },
  async ({ page }) => {
    await withSettings(page, { theme: 'dark', size: '5' });
    await gotoReady(page, articlePath);
    const work = await mkdtemp(join(tmpdir(), 'dispatch-e2e-print-'));
    try {
      const file = join(work, 'article.pdf');
      await page.pdf({ path: file, format: 'A4' });
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      const text = stdout.replace(/\s+/g, ' ');
      expect(text).toContain(SEED_HEADLINE);
      for (const heading of SEED_HEADINGS) expect(text).toContain(heading);
      expect(text).toContain('The question of $500bn is no longer there');
      const address = await page.locator('link[rel="canonical"]').getAttribute('href');
      expect(address).toMatch(new RegExp(`${articlePath}$`));
      expect(stdout.replace(/\s+/g, '')).toContain(address);
      for (const left of ['Skip to content', 'Related Stories', 'Jump to', 'Contents']) {
        expect(text).not.toContain(left);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
);
