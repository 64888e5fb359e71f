import type { Page } from '@playwright/test';
import { expect, gotoReady, SEED_SLUG, test } from './fixtures';

/* What the highlights specs share: passages of the seed story, and marking them as a reader. */

export const articlePath = `/articles/${SEED_SLUG}`;
export const articleJson = `**/articles/${SEED_SLUG}.json`;

/** Passages of the seed story, each in a paragraph of its own (index among the body's `p`). */
export const PASSAGES = {
  partner: { paragraph: 3, text: 'act as a partner rather than just a mediator' },
  minerals: {
    paragraph: 4,
    text: 'linking its assistance to a deal involving Ukraine’s rare earth minerals',
  },
  grants: { paragraph: 5, text: 'past financial support came in the form of grants, not loans' },
  drones: { paragraph: 9, text: 'Russia launched 267 drones overnight' },
} as const;

export type Kind = 'Key point' | 'Question' | 'Evidence' | 'Disagree';

/** The bar that marks the selection, once the highlights' code has loaded. */
export const markBar = (page: Page) =>
  page.getByRole('group', { name: 'Highlight the selected text' });
export const highlightBar = (page: Page) => page.getByRole('group', { name: 'Your highlight' });
export const storyList = (page: Page) =>
  page.getByRole('complementary', { name: 'Your highlights in this story' });

/**
 * Selects words in the body as the reader's browser would (the phone's own long-press
 * selection cannot be driven from a test: it is set here, and the rest is the page's).
 */
export async function selectText(
  page: Page,
  paragraph: number,
  text: string,
  lastParagraph = paragraph,
) {
  await page.locator('.article-body p').nth(paragraph).scrollIntoViewIfNeeded();
  await page.evaluate(
    ({ paragraph, lastParagraph, text }) => {
      const paragraphs = document.querySelectorAll('.article-body p');
      const first = paragraphs[paragraph]!;
      const last = paragraphs[lastParagraph]!;
      const textOf = (element: Element) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        while (walker.nextNode()) nodes.push(walker.currentNode as Text);
        return nodes;
      };
      const locate = (nodes: Text[], offset: number) => {
        for (const node of nodes) {
          if (offset <= node.length) return { node, offset };
          offset -= node.length;
        }
        throw new Error('offset out of range');
      };
      const range = document.createRange();
      const firstNodes = textOf(first);
      const start = first.textContent!.indexOf(text.split('\n')[0]!);
      if (start < 0) throw new Error(`not in paragraph: ${text}`);
      const from = locate(firstNodes, start);
      range.setStart(from.node, from.offset);
      const lastText = text.split('\n').at(-1)!;
      const end =
        paragraph === lastParagraph
          ? start + text.length
          : last.textContent!.indexOf(lastText) + lastText.length;
      const to = locate(textOf(last), end);
      range.setEnd(to.node, to.offset);
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    { paragraph, lastParagraph, text },
  );
}

/** Presses a control as the project's reader would: a tap on the phone, a click elsewhere. */
export async function press(page: Page, name: Kind | string, within = markBar(page)) {
  const button = within.getByRole('button', { name, exact: true });
  if (test.info().project.name === 'phone') await button.tap();
  else await button.click();
}

export async function mark(page: Page, passage: { paragraph: number; text: string }, kind: Kind) {
  await selectText(page, passage.paragraph, passage.text);
  await press(page, kind);
  await expect(
    page.getByRole('status').filter({ hasText: `Highlighted as ${kind}.` }),
  ).toBeVisible();
}

/** What the page paints, by kind: the text of each painted range. */
export function painted(page: Page) {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      out[name] = [...highlight].map((range) => range.toString()).sort();
    }
    return out;
  });
}

export async function openArticle(page: Page, url = articlePath) {
  await gotoReady(page, url);
  // The highlights' code loads once the page is idle: the bar's region is its sign.
  await page.locator('.highlight-dock').waitFor({ state: 'attached' });
}

/** Closes the bar and the notice at the foot of the window, as a reader does before reading on. */
export async function clearDock(page: Page) {
  await press(page, 'Done', highlightBar(page));
  await press(page, 'Dismiss', page.locator('.highlight-undo'));
  await expect(page.locator('.highlight-dock > :not(:empty)')).toHaveCount(0);
}
