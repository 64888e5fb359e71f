import { CHROMIUM_FLAGS, DEBIAN_CHROMIUM, systemChromium } from '../bench/support';
import { expect, test } from './fixtures';
import { highlightBar, openArticle, painted, PASSAGES } from './highlight-helpers';

// Selecting static text with Shift and the arrow keys is the browser's caret browsing (F7):
// on here, as a keyboard reader has it. (A launch option: a file of its own.)
const executablePath = systemChromium(DEBIAN_CHROMIUM);
test.use({
  launchOptions: {
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_FLAGS, '--enable-caret-browsing'],
  },
});

test.describe('highlights by keyboard', () => {
  test(
    'Shift and the arrows select, h marks, the bar takes focus, Escape gives it back',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      const paragraph = page.locator('.article-body p').nth(PASSAGES.grants.paragraph);
      await paragraph.scrollIntoViewIfNeeded();
      // The caret at the paragraph's start, as the arrow keys would bring it there.
      await paragraph.evaluate((element) => {
        const range = document.createRange();
        range.setStart(element.firstChild!, 0);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
      });
      for (let word = 0; word < 3; word += 1) await page.keyboard.press('Control+Shift+ArrowRight');
      const selected = (await page.evaluate(() => document.getSelection()!.toString())).trim();
      expect(selected).toBe('Zelenskyy has rejected');
      await page.keyboard.press('h');
      await expect(
        page.getByRole('status').filter({ hasText: 'Highlighted as Key point.' }),
      ).toBeVisible();
      const kind = highlightBar(page).getByRole('button', { name: 'Key point', exact: true });
      await expect(kind).toBeFocused();
      // Change the kind from the keyboard, then undo the change.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(
        page.getByRole('status').filter({ hasText: 'Changed to Question.' }),
      ).toBeVisible();
      expect((await painted(page))['dispatch-question']).toEqual([selected]);
      await page.keyboard.press('Escape');
      await expect(paragraph).toBeFocused();
      await expect(highlightBar(page)).toHaveCount(0);
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(async () => (await painted(page))['dispatch-key']).toEqual([selected]);
    },
  );
});
