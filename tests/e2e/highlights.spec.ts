import { readFileSync } from 'node:fs';
import {
  blockLocalStorage,
  expect,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  gotoReady,
  SEED_HEADLINE,
  test,
} from './fixtures';
import {
  articleJson,
  clearDock,
  articlePath,
  highlightBar,
  mark,
  markBar,
  openArticle,
  painted,
  PASSAGES,
  press,
  selectText,
  storyList,
} from './highlight-helpers';

test.describe('highlights', () => {
  test('mark a passage with the pointer, add a note, reload: it is painted and listed', async ({
    page,
  }) => {
    // Three axe runs and a reload: about 25 s on a busy 2-core machine.
    test.setTimeout(60_000);
    await openArticle(page);
    await selectText(page, PASSAGES.partner.paragraph, PASSAGES.partner.text);
    await expect(markBar(page)).toBeVisible();
    await expectNoAxeViolations(page);
    await press(page, 'Question');
    await expect(
      page.getByRole('status').filter({ hasText: 'Highlighted as Question.' }),
    ).toBeVisible();
    // The bar now holds the new highlight, its kind pressed.
    await expect(
      highlightBar(page).getByRole('button', { name: 'Question', exact: true }),
    ).toHaveAttribute('aria-pressed', 'true');
    await press(page, 'Add note', highlightBar(page));
    const dialog = page.getByRole('dialog', { name: 'Add a note' });
    await dialog.getByLabel('Note').fill('Partner, not mediator: what would that change?');
    await dialog.getByRole('button', { name: 'Save note' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Note saved.' })).toBeVisible();
    expect((await painted(page))['dispatch-question']).toEqual([PASSAGES.partner.text]);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);

    await page.reload();
    await page.locator('html[data-app="ready"]').waitFor();
    const list = storyList(page);
    await expect(list.getByRole('blockquote')).toHaveText(PASSAGES.partner.text);
    await expect(list.getByText('Partner, not mediator: what would that change?')).toBeVisible();
    await expect(list.getByText('Question', { exact: true })).toBeVisible();
    expect((await painted(page))['dispatch-question']).toEqual([PASSAGES.partner.text]);
    await expectNoAxeViolations(page);
  });

  test(
    'a highlight may span a quotation and paragraphs within a section, not two sections',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      // From inside a quotation in the first paragraph to the third, all in the opening section.
      await selectText(page, 1, 'I am ready,” Zelenskyy said.\nTrump has criticized Zelenskyy', 2);
      await press(page, 'Evidence');
      await expect(
        page.getByRole('status').filter({ hasText: 'Highlighted as Evidence.' }),
      ).toBeVisible();
      const [range] = (await painted(page))['dispatch-evidence']!;
      expect(range).toMatch(
        /^I am ready,” Zelenskyy said\. “I can exchange[\s\S]*Trump has criticized Zelenskyy$/,
      );
      // The next section starts at paragraph 3: a selection into it makes no highlight.
      await selectText(page, 2, 'little public support.\nZelenskyy responded', 3);
      await expect(page.getByText('A highlight stays within one section.')).toBeVisible();
    },
  );

  test(
    'another tab sees a new highlight and a removal',
    { tag: '@any-width' },
    async ({ page, context }) => {
      await openArticle(page);
      const other = await context.newPage();
      await openArticle(other);
      await mark(page, PASSAGES.grants, 'Key point');
      await clearDock(page);
      await expect(storyList(other).getByRole('blockquote')).toHaveText(PASSAGES.grants.text);
      await expect
        .poll(async () => (await painted(other))['dispatch-key'])
        .toEqual([PASSAGES.grants.text]);
      await storyList(page)
        .getByRole('button', { name: /^Remove highlight/ })
        .click();
      await expect(storyList(other)).toHaveCount(0);
    },
  );

  test(
    'remove, then Undo, from the story’s list and from the bar',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      await mark(page, PASSAGES.minerals, 'Disagree');
      await clearDock(page);
      await storyList(page)
        .getByRole('button', { name: /^Remove highlight: linking its/ })
        .click();
      const undo = page.getByRole('button', { name: 'Undo' });
      await expect(undo).toBeFocused();
      await expect(storyList(page)).toHaveCount(0);
      expect((await painted(page))['dispatch-disagree']).toEqual([]);
      await page.keyboard.press('Enter');
      await expect(storyList(page).getByRole('blockquote')).toHaveText(PASSAGES.minerals.text);
      expect((await painted(page))['dispatch-disagree']).toEqual([PASSAGES.minerals.text]);
      // Focus is never lost to the page when Undo goes.
      await expect(page.getByRole('button', { name: 'Dismiss' })).toBeFocused();
    },
  );

  test('the highlights page lists them by story, filters by kind, and lands on a passage cold', async ({
    page,
  }) => {
    await openArticle(page);
    await mark(page, PASSAGES.partner, 'Key point');
    await mark(page, PASSAGES.drones, 'Evidence');
    await gotoReady(page, '/highlights');
    await expect(page.getByRole('heading', { level: 1, name: 'Highlights' })).toBeVisible();
    const story = page.getByRole('region', { name: SEED_HEADLINE });
    await expect(story.getByRole('blockquote')).toHaveText([
      PASSAGES.partner.text,
      PASSAGES.drones.text,
    ]);
    // The choice shows at once, in the same task as the click, not after a transition: a
    // controlled radio in a transition snaps back until the navigation commits.
    expect(
      await page
        .getByRole('radio', { name: 'Evidence (1)' })
        .evaluate((radio: HTMLInputElement) => (radio.click(), radio.checked)),
    ).toBe(true);
    await expect(page).toHaveURL(/\?kind=evidence$/);
    await expect(story.getByRole('blockquote')).toHaveText([PASSAGES.drones.text]);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);

    // A cold load of the passage's link lands on it: in view below the header, its paragraph
    // focused, emphasised for a moment.
    const href = await story.getByRole('link', { name: /^Go to the passage/ }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^${articlePath}#highlight-[0-9a-f-]+$`));
    await page.goto(href!);
    const paragraph = page.locator('.article-body p').nth(PASSAGES.drones.paragraph);
    await expect(paragraph).toBeFocused();
    await expect(paragraph).toBeInViewport();
    expect((await painted(page))['dispatch-landed']).toEqual([PASSAGES.drones.text]);
    await expect.poll(async () => (await painted(page))['dispatch-landed'] ?? []).toEqual([]);

    // Warm: from the page, by the link, in the app.
    await page.goBack();
    await page.locator('html[data-app="ready"]').waitFor();
    await page.getByRole('radio', { name: /^All/ }).check();
    await story.getByRole('link', { name: /^Go to the passage: act as a partner/ }).click();
    await expect(page.locator('.article-body p').nth(PASSAGES.partner.paragraph)).toBeFocused();
    await expect(page.locator('.article-body p').nth(PASSAGES.partner.paragraph)).toBeInViewport();
  });

  test(
    'a highlight this browser does not have says so, and the story opens',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page, `${articlePath}#highlight-00000000-0000-4000-8000-000000000000`);
      await expect(
        page.getByText('This highlight is not among the highlights kept in this browser'),
      ).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: SEED_HEADLINE })).toBeVisible();
    },
  );

  test(
    'exports Markdown with each passage, its note and a link to it',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      await mark(page, PASSAGES.grants, 'Evidence');
      await press(page, 'Add note', highlightBar(page));
      await page.getByRole('dialog').getByLabel('Note').fill('Grants *not* loans');
      await page.getByRole('dialog').getByRole('button', { name: 'Save note' }).click();
      await gotoReady(page, '/highlights');
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export as Markdown' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('dispatch-highlights.md');
      const markdown = readFileSync((await file.path())!, 'utf8');
      // Links are absolute, on the site's own origin (its canonical one, not this test server's).
      const origin = new URL((await page.locator('link[rel="canonical"]').getAttribute('href'))!)
        .origin;
      expect(markdown).toContain('# Highlights from Dispatch');
      expect(markdown).toContain(`## [${SEED_HEADLINE}](${origin}${articlePath})`);
      expect(markdown).toContain(`> ${PASSAGES.grants.text}`);
      expect(markdown).toContain('**Evidence**');
      expect(markdown).toContain('Grants \\*not\\* loans');
      const link = /\[Go to the passage\]\(([^)]+)\)/.exec(markdown)?.[1];
      expect(link).toMatch(
        new RegExp(`^${origin}${articlePath}#growing-tensions-with-the-us:~:text=`),
      );
      // The link works for anyone: it opens the story at the passage's section.
      await page.goto(link!.replace(origin, new URL(page.url()).origin));
      await expect(page.locator('#growing-tensions-with-the-us')).toBeInViewport();
    },
  );

  test(
    'exports JSON, and after storage is cleared imports it back, once',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      await mark(page, PASSAGES.partner, 'Question');
      await mark(page, PASSAGES.drones, 'Disagree');
      await gotoReady(page, '/highlights');
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export for import (JSON)' }).click();
      const path = (await (await download).path())!;
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.locator('html[data-app="ready"]').waitFor();
      await expect(page.getByText('No highlights yet.')).toBeVisible();
      const input = page.getByLabel('Import highlights from a file');
      await input.setInputFiles(path);
      await expect(
        page.getByRole('status').filter({ hasText: 'Imported 2 highlights.' }),
      ).toBeVisible();
      const story = page.getByRole('region', { name: SEED_HEADLINE });
      await expect(story.getByRole('blockquote')).toHaveText([
        PASSAGES.partner.text,
        PASSAGES.drones.text,
      ]);
      await input.setInputFiles(path);
      await expect(
        page.getByRole('status').filter({ hasText: 'Nothing new to import' }),
      ).toBeVisible();
      await expect(story.getByRole('blockquote')).toHaveCount(2);
      // A file that is not an export is refused, and nothing changes.
      await input.setInputFiles({
        name: 'notes.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"hello":1}'),
      });
      await expect(page.getByRole('alert')).toHaveText(
        'This file is not a Dispatch highlights export.',
      );
      await expect(story.getByRole('blockquote')).toHaveCount(2);
      // And in the story, they are painted where they were.
      await story.getByRole('link', { name: SEED_HEADLINE }).click();
      await page.locator('.highlight-dock').waitFor({ state: 'attached' });
      await expect
        .poll(() => painted(page))
        .toMatchObject({
          'dispatch-question': [PASSAGES.partner.text],
          'dispatch-disagree': [PASSAGES.drones.text],
        });
    },
  );

  test(
    'after the story changes, the others re-attach and the changed one “could not be placed”',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      await mark(page, PASSAGES.partner, 'Key point');
      await mark(page, PASSAGES.minerals, 'Question');
      await mark(page, PASSAGES.drones, 'Evidence');
      // The story as a re-ingest of a corrected text gives it: one paragraph reworded, and a new
      // paragraph before the others, so every offset moves.
      await page.route(articleJson, async (route) => {
        const response = await route.fetch();
        const story = await response.json();
        const sections = story.sections as {
          blocks: { type: string; content: { type: string; text?: string }[] }[];
        }[];
        const minerals = sections[1]!.blocks[1]!.content[0]!;
        minerals.text = minerals.text!.replace('rare earth minerals', 'critical minerals');
        sections[0]!.blocks.unshift({
          type: 'paragraph',
          content: [{ type: 'text', text: 'Correction appended.' }],
        });
        await route.fulfill({ response, json: story });
      });
      await page.goto('/highlights');
      await page.locator('html[data-app="ready"]').waitFor();
      const story = page.getByRole('region', { name: SEED_HEADLINE });
      const changed = story.getByRole('listitem').filter({ hasText: 'linking its assistance' });
      await expect(changed.getByText('Could not be placed')).toBeVisible();
      await expect(changed.getByRole('link')).toHaveCount(0);
      await expect(story.getByText('Could not be placed')).toHaveCount(1);
      await story.getByRole('link', { name: SEED_HEADLINE }).click();
      await page.locator('.highlight-dock').waitFor({ state: 'attached' });
      await expect
        .poll(() => painted(page))
        .toMatchObject({
          'dispatch-key': [PASSAGES.partner.text],
          'dispatch-question': [],
          'dispatch-evidence': [PASSAGES.drones.text],
        });
      const list = storyList(page);
      await expect(list.getByRole('heading', { name: 'Could not be placed' })).toBeVisible();
      await expect(
        list.getByRole('listitem').filter({ hasText: 'Could not be placed' }),
      ).toContainText(PASSAGES.minerals.text);
    },
  );

  test(
    'prints with the story’s highlights listed, and no controls',
    { tag: '@any-width' },
    async ({ page }) => {
      await openArticle(page);
      await mark(page, PASSAGES.partner, 'Key point');
      await page.emulateMedia({ media: 'print' });
      await expect(storyList(page)).toBeVisible();
      await expect(storyList(page).getByRole('blockquote')).toHaveText(PASSAGES.partner.text);
      await expect(page.locator('.highlight-dock')).toBeHidden();
    },
  );

  test(
    'when storage is blocked, highlights work for the visit and the reader is told',
    { tag: '@any-width' },
    async ({ page }) => {
      await blockLocalStorage(page);
      await openArticle(page);
      await selectText(page, PASSAGES.partner.paragraph, PASSAGES.partner.text);
      await press(page, 'Key point');
      await expect(
        page
          .getByRole('status')
          .filter({ hasText: 'highlights last only until you close this tab' }),
      ).toBeVisible();
      await expect(storyList(page).getByRole('blockquote')).toHaveText(PASSAGES.partner.text);
    },
  );

  test(
    'when storage is full, the highlight is kept for the visit and the reader is told',
    { tag: '@any-width' },
    async ({ page }) => {
      await page.addInitScript(() => {
        Storage.prototype.setItem = () => {
          throw new DOMException('Quota exceeded', 'QuotaExceededError');
        };
      });
      await openArticle(page);
      await selectText(page, PASSAGES.grants.paragraph, PASSAGES.grants.text);
      await press(page, 'Evidence');
      await expect(
        page
          .getByRole('status')
          .filter({ hasText: 'highlights last only until you close this tab' }),
      ).toBeVisible();
      expect((await painted(page))['dispatch-evidence']).toEqual([PASSAGES.grants.text]);
      await storyList(page).getByRole('link', { name: 'All your highlights' }).click();
      await expect(
        page.getByText('highlights will last only until you close this tab'),
      ).toBeVisible();
      await expect(page.getByRole('blockquote')).toHaveText(PASSAGES.grants.text);
    },
  );
});
