import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toArticle, type Article } from '../../../src/content/article';
import type { Block, InlineNode } from '../../../src/content/nodes';
import { quoteSelector, storyText } from '../../../src/content/text-quote';
import { ArticleView } from '../../../src/features/article/article-view';
import type { HighlightLayer } from '../../../src/features/highlights/highlight-layer';
import type {
  getHighlightStore,
  Highlight as StoredHighlight,
  HighlightColour,
} from '../../../src/features/highlights/highlight-store';

/*
 * The highlight layer beside the real article view, as the article route renders them, over
 * the app's own store. The store is a module singleton over `window.localStorage` (jsdom's, in
 * memory): each test clears it, then imports the layer afresh (`vi.resetModules`), so the
 * singleton is new and reads what the test stored. jsdom has no CSS Custom Highlight API: a
 * small registry stands in for `CSS.highlights`, so what is painted can be read back.
 */

const text = (value: string): InlineNode => ({ type: 'text', text: value });
const paragraph = (...content: (string | InlineNode)[]): Block => ({
  type: 'paragraph',
  content: content.map((node) => (typeof node === 'string' ? text(node) : node)),
});

const article: Article = toArticle({
  slug: 'harbour-wall',
  availability: 'full',
  headline: { text: 'The harbour wall is finished', origin: 'published' },
  standfirst: 'Three weeks early, and over budget.',
  sections: [
    {
      blocks: [
        paragraph(
          'The harbour wall was finished in spring, three weeks ahead of the council’s plan.',
        ),
        paragraph(
          'Engineers said the ',
          { type: 'emphasis', content: [text('new concrete')] },
          ' would outlast the old stone by a century.',
        ),
      ],
    },
    {
      heading: 'Costs',
      blocks: [paragraph('The final bill came to four million pounds, a fifth over the estimate.')],
    },
  ],
  related: [],
});

/** A stand-in for the CSS Custom Highlight API's `Highlight`: a set of ranges. */
class FakeHighlight extends Set<AbstractRange> {
  constructor(...ranges: AbstractRange[]) {
    super(ranges);
  }
}

/** `CSS.highlights`, as far as the layer uses it. */
let registry: Map<string, FakeHighlight>;

/** The words painted under a name (`question`, `landed`…), in the order they were given. */
function painted(name: string): string[] {
  return [...(registry.get(`dispatch-${name}`) ?? [])].map((range) => (range as Range).toString());
}

function allPainted(): string[] {
  return [...registry.values()].flatMap((highlight) =>
    [...highlight].map((range) => (range as Range).toString()),
  );
}

let Layer: typeof HighlightLayer;
let appStore: typeof getHighlightStore;

beforeAll(() => {
  // jsdom has no modal dialogs: enough of one for the note dialog.
  if (!HTMLDialogElement.prototype.showModal) {
    HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
      this.removeAttribute('open');
    };
  }
});

afterAll(() => {
  // Only what was stubbed above: own properties of the prototype.
  if (Object.hasOwn(HTMLDialogElement.prototype, 'showModal')) {
    Reflect.deleteProperty(HTMLDialogElement.prototype, 'showModal');
    Reflect.deleteProperty(HTMLDialogElement.prototype, 'close');
  }
});

beforeEach(async () => {
  localStorage.clear();
  // jsdom fires `selectionchange` a task after the selection changes: the event for the last
  // test's selection, cleared here, must not reach this test's layer (it would close its bar).
  document.getSelection()?.removeAllRanges();
  await new Promise((resolve) => setTimeout(resolve, 0));
  registry = new Map();
  vi.stubGlobal('Highlight', FakeHighlight);
  vi.stubGlobal('CSS', Object.assign(Object.create(CSS) as typeof CSS, { highlights: registry }));
  // A new module registry: a new app store, created on first use from what is stored now.
  vi.resetModules();
  ({ HighlightLayer: Layer } = await import('../../../src/features/highlights/highlight-layer'));
  ({ getHighlightStore: appStore } =
    await import('../../../src/features/highlights/highlight-store'));
});

afterEach(() => {
  appStore().dispose();
});

function renderArticle({ landOn }: { landOn?: string } = {}) {
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[`/articles/${article.slug}`]}>
      <ArticleView article={article} />
      <Layer article={article} landOn={landOn} />
    </MemoryRouter>,
  );
  return { user, ...view };
}

/** The body's text node that holds `words`, and where they start in it. */
function textAt(words: string): [Text, number] {
  const body = document.querySelector('.article-body')!;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.nodeValue!.indexOf(words);
    if (at >= 0) return [node as Text, at];
  }
  throw new Error(`no text node holds “${words}”`);
}

/** Waits for the next animation frame (the layer reads the selection a frame after it changes). */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Selects from the start of `from` to the end of `to` (both in the body's text), as a reader would. */
async function select(from: string, to: string = from) {
  const [startNode, startAt] = textAt(from);
  const [endNode, endAt] = textAt(to);
  const range = document.createRange();
  range.setStart(startNode, startAt);
  range.setEnd(endNode, endAt + to.length);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  await act(async () => {
    document.dispatchEvent(new Event('selectionchange'));
    await nextFrame();
  });
}

/** A highlight of `words` as the layer would have stored it, kept in localStorage. */
function storeHighlight(
  words: string,
  { id, colour = 'key', note = '' }: { id: string; colour?: HighlightColour; note?: string },
): StoredHighlight {
  const story = storyText(article);
  const start = story.text.indexOf(words);
  const quote = quoteSelector(story, start, start + words.length);
  if (start < 0 || !quote) throw new Error(`“${words}” is not in the story`);
  return keep({ id, slug: article.slug, title: article.headline.text, quote, colour, note });
}

function keep(highlight: Omit<StoredHighlight, 'createdAt' | 'updatedAt'>): StoredHighlight {
  const stored = {
    ...highlight,
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
  };
  localStorage.setItem(`dispatch:highlight:${stored.id}`, JSON.stringify(stored));
  return stored;
}

const storedItems = () => appStore().getSnapshot().items;
const storyList = () =>
  screen.getByRole('complementary', { name: 'Your highlights in this story' });
const undoNotice = () => document.querySelector<HTMLElement>('.highlight-undo')!;

describe('HighlightLayer', () => {
  it('offers the kinds of highlight for a selection in the body', async () => {
    renderArticle();
    expect(screen.queryByRole('group', { name: 'Highlight the selected text' })).toBeNull();

    await select('three weeks ahead', 'council’s plan');

    const bar = screen.getByRole('group', { name: 'Highlight the selected text' });
    const kinds = within(bar).getByRole('group', { name: 'Kind of highlight' });
    expect(
      within(kinds)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Key point', 'Question', 'Evidence', 'Disagree']);
    expect(bar).toHaveTextContent('or press h');
  });

  it('marks the selection as a Question: stored, painted, announced and listed', async () => {
    const { user } = renderArticle();
    // Across inline nodes: the selection starts before the emphasis and ends after it.
    await select('said the', 'would outlast');
    await user.click(screen.getByRole('button', { name: 'Question' }));

    await waitFor(() => expect(storedItems()).toHaveLength(1));
    const [highlight] = storedItems();
    expect(highlight).toMatchObject({
      slug: article.slug,
      title: 'The harbour wall is finished',
      colour: 'question',
      note: '',
      quote: {
        exact: 'said the new concrete would outlast',
        prefix: expect.stringMatching(/\nEngineers $/),
        suffix: ' the old stone by a century.\nThe',
        anchor: 'opening/1',
      },
    });
    expect(JSON.parse(localStorage.getItem(`dispatch:highlight:${highlight!.id}`)!)).toEqual(
      highlight,
    );

    expect(painted('question')).toEqual(['said the new concrete would outlast']);
    expect(painted('key')).toEqual([]);
    expect(undoNotice()).toHaveTextContent('Highlighted as Question.');
    expect(undoNotice()).toHaveAttribute('role', 'status');
    const entries = within(storyList()).getAllByRole('listitem');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toHaveTextContent('Question');
    expect(within(entries[0]!).getByRole('link', { name: /^Go to the passage/ })).toHaveAttribute(
      'href',
      `/articles/harbour-wall#highlight-${highlight!.id}`,
    );
    // The selection is used up, and the bar is now the new highlight's.
    expect(document.getSelection()!.rangeCount).toBe(0);
    const bar = screen.getByRole('group', { name: 'Your highlight' });
    expect(within(bar).getByRole('button', { name: 'Question' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('marks with `h` in the last kind, and moves focus into the bar', async () => {
    const { user } = renderArticle();
    await select('The final bill');
    await user.keyboard('h');

    await waitFor(() => expect(storedItems()).toHaveLength(1));
    expect(storedItems()[0]).toMatchObject({ colour: 'key', quote: { exact: 'The final bill' } });
    expect(painted('key')).toEqual(['The final bill']);
    expect(undoNotice()).toHaveTextContent('Highlighted as Key point.');
    const bar = screen.getByRole('group', { name: 'Your highlight' });
    await waitFor(() =>
      expect(within(bar).getByRole('button', { name: 'Key point' })).toHaveFocus(),
    );
  });

  it('refuses a selection from one section into the next, and stores nothing', async () => {
    const { user } = renderArticle();
    await select('by a century', 'The final bill');

    const bar = screen.getByRole('group', { name: 'Highlight the selected text' });
    expect(bar).toHaveTextContent('A highlight stays within one section.');
    expect(within(bar).queryByRole('button')).toBeNull();

    await user.keyboard('h');
    expect(screen.getByText('A highlight stays within one section.')).toBeInTheDocument();
    expect(storedItems()).toEqual([]);
    expect(Object.keys(localStorage).filter((key) => key.startsWith('dispatch:highlight'))).toEqual(
      [],
    );
    expect(allPainted()).toEqual([]);
  });

  it('tells how to select when `h` is pressed with nothing selected', async () => {
    const { user } = renderArticle();
    await user.keyboard('h');

    const bar = await screen.findByRole('group', { name: 'Highlight the selected text' });
    expect(bar).toHaveTextContent(
      'Select words in the story first, then press h. From the keyboard, turn on caret browsing (F7) and select with Shift and the arrow keys.',
    );
    expect(storedItems()).toEqual([]);
  });

  it('lists stored highlights in reading order and paints each in its kind', async () => {
    storeHighlight('The final bill', { id: 'highlight-3', colour: 'evidence' });
    storeHighlight('three weeks ahead', { id: 'highlight-1', colour: 'disagree', note: 'Early?' });
    storeHighlight('the old stone', { id: 'highlight-2', colour: 'disagree' });
    renderArticle();

    const entries = await within(await screen.findByRole('complementary')).findAllByRole(
      'listitem',
    );
    expect(entries.map((entry) => entry.querySelector('blockquote')!.textContent)).toEqual([
      'three weeks ahead',
      'the old stone',
      'The final bill',
    ]);
    expect(entries[0]).toHaveTextContent('Early?');
    expect(painted('disagree')).toEqual(['three weeks ahead', 'the old stone']);
    expect(painted('evidence')).toEqual(['The final bill']);
    expect(within(storyList()).getByRole('link', { name: 'All your highlights' })).toHaveAttribute(
      'href',
      '/highlights',
    );
  });

  it('removes a highlight from the list, focuses Undo, and Undo puts it back', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1', colour: 'evidence' });
    const { user } = renderArticle();
    await user.click(
      await screen.findByRole('button', { name: 'Remove highlight: three weeks ahead' }),
    );

    expect(storedItems()).toEqual([]);
    expect(painted('evidence')).toEqual([]);
    expect(
      screen.queryByRole('complementary', { name: 'Your highlights in this story' }),
    ).toBeNull();
    expect(undoNotice()).toHaveTextContent('Highlight removed.');
    const undo = within(undoNotice()).getByRole('button', { name: 'Undo' });
    await waitFor(() => expect(undo).toHaveFocus());

    await user.click(undo);

    await waitFor(() => expect(storedItems()).toHaveLength(1));
    expect(storedItems()[0]).toMatchObject({ id: 'highlight-1', colour: 'evidence' });
    expect(painted('evidence')).toEqual(['three weeks ahead']);
    expect(within(storyList()).getByRole('listitem')).toHaveTextContent('three weeks ahead');
    expect(undoNotice()).toHaveTextContent('Undone.');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('adds a note in a dialog, and says so', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    const { user } = renderArticle();
    await user.click(await screen.findByRole('button', { name: 'Add note: three weeks ahead' }));

    const dialog = screen.getByRole('dialog', { name: 'Add a note' });
    expect(within(dialog).getByText('three weeks ahead')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Note' }), '  Was it really?  ');
    await user.click(within(dialog).getByRole('button', { name: 'Save note' }));

    await waitFor(() => expect(storedItems()[0]?.note).toBe('Was it really?'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(undoNotice()).toHaveTextContent('Note saved.');
    expect(within(storyList()).getByRole('listitem')).toHaveTextContent('Was it really?');
    expect(screen.getByRole('button', { name: 'Edit note: three weeks ahead' })).toBeVisible();
  });

  it('lists a highlight whose words are gone under "Could not be placed", unpainted', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    const gone = keep({
      id: 'highlight-gone',
      slug: article.slug,
      title: article.headline.text,
      quote: {
        exact: 'a sea wall of granite blocks',
        prefix: 'The council chose ',
        suffix: ' from the quarry.',
        position: 90,
        anchor: 'opening/1',
      },
      colour: 'question',
      note: 'Which quarry?',
    });
    renderArticle();

    const list = await screen.findByRole('complementary', {
      name: 'Your highlights in this story',
    });
    await waitFor(() => expect(painted('key')).toEqual(['three weeks ahead']));
    expect(painted('question')).toEqual([]);
    expect(allPainted()).not.toContain(gone.quote.exact);

    const heading = within(list).getByRole('heading', { name: 'Could not be placed' });
    const unplaced = heading.nextElementSibling as HTMLElement;
    const entry = within(unplaced).getByRole('listitem');
    expect(entry).toHaveTextContent(gone.quote.exact);
    expect(entry).toHaveTextContent('Which quarry?');
    expect(entry).toHaveTextContent(
      'Could not be placed: the story has changed, and these words are no longer in it.',
    );
    expect(within(entry).queryByRole('link')).toBeNull();
    // The placed one is in the list above, not under this heading.
    expect(within(unplaced).queryByText('three weeks ahead')).toBeNull();
  });

  it('lands on a highlight: the passage is emphasised and its paragraph focused', async () => {
    storeHighlight('new concrete would outlast', { id: 'highlight-1' });
    // jsdom has no layout: a range has no box, and scrolling is only recorded.
    Range.prototype.getBoundingClientRect = () => new DOMRect(0, 900, 200, 20);
    const scrollBy = vi.spyOn(window, 'scrollBy').mockImplementation(() => {});
    try {
      renderArticle({ landOn: 'highlight-1' });

      await waitFor(() => expect(painted('landed')).toEqual(['new concrete would outlast']));
      expect(scrollBy).toHaveBeenCalledTimes(1);
      const paragraph = document.querySelector<HTMLElement>('[data-anchor="opening/1"]')!;
      expect(paragraph).toHaveFocus();
      expect(screen.queryByText(/not among the highlights kept in this browser/)).toBeNull();
    } finally {
      Reflect.deleteProperty(Range.prototype, 'getBoundingClientRect');
    }
  });

  it('says when the highlight a link asks for is not kept in this browser', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    const { user } = renderArticle({ landOn: 'no-such-highlight' });

    const message = await screen.findByText(
      'This highlight is not among the highlights kept in this browser, so the story opens at the top.',
    );
    expect(message.closest('[role="status"]')).not.toBeNull();
    await user.click(within(message.parentElement!).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/not among the highlights kept in this browser/)).toBeNull();
  });

  it('says when the highlight a link asks for can no longer be placed', async () => {
    keep({
      id: 'highlight-gone',
      slug: article.slug,
      title: article.headline.text,
      quote: { exact: 'granite blocks', prefix: '', suffix: '', position: 0, anchor: 'opening/0' },
      colour: 'key',
      note: '',
    });
    renderArticle({ landOn: 'highlight-gone' });

    expect(
      await screen.findByText(
        'The story has changed, and the words of this highlight are no longer in it. It is listed below the story.',
      ),
    ).toBeInTheDocument();
  });

  it('still marks when storage is blocked, and says highlights last only for this tab', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const { user } = renderArticle();
    await select('four million pounds');
    await user.click(screen.getByRole('button', { name: 'Evidence' }));

    await waitFor(() => expect(storedItems()).toHaveLength(1));
    expect(appStore().getSnapshot().persistence).toBe('session-only');
    expect(painted('evidence')).toEqual(['four million pounds']);
    expect(undoNotice()).toHaveTextContent(
      'Highlighted as Evidence. This browser is not letting Dispatch store data, so highlights last only until you close this tab.',
    );
    expect(within(storyList()).getByRole('listitem')).toHaveTextContent('four million pounds');
  });

  it('takes a new highlight back with Undo', async () => {
    const { user } = renderArticle();
    await select('The final bill');
    await user.click(screen.getByRole('button', { name: 'Disagree' }));
    await waitFor(() => expect(storedItems()).toHaveLength(1));

    await user.click(within(undoNotice()).getByRole('button', { name: 'Undo' }));

    await waitFor(() => expect(storedItems()).toEqual([]));
    expect(allPainted()).toEqual([]);
    expect(screen.queryByRole('group', { name: 'Your highlight' })).toBeNull();
    expect(
      screen.queryByRole('complementary', { name: 'Your highlights in this story' }),
    ).toBeNull();
    expect(undoNotice()).toHaveTextContent('Undone.');
    // Undo's button is gone: focus stays in the notice.
    await waitFor(() =>
      expect(within(undoNotice()).getByRole('button', { name: 'Dismiss' })).toHaveFocus(),
    );
  });

  it('opens a highlight that is clicked; a new kind is kept, Undo puts the old one back', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    const { user } = renderArticle();
    await waitFor(() => expect(painted('key')).toEqual(['three weeks ahead']));

    // A click in painted text leaves a caret there.
    const [node, at] = textAt('weeks');
    const caret = document.createRange();
    caret.setStart(node, at + 2);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(caret);
    await act(async () => {
      node.parentElement!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });

    const bar = screen.getByRole('group', { name: 'Your highlight' });
    expect(within(bar).getByRole('button', { name: 'Key point' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(within(bar).getByRole('button', { name: 'Question' }));

    await waitFor(() => expect(storedItems()[0]?.colour).toBe('question'));
    expect(painted('question')).toEqual(['three weeks ahead']);
    expect(painted('key')).toEqual([]);
    expect(undoNotice()).toHaveTextContent('Changed to Question.');

    await user.click(within(undoNotice()).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(storedItems()[0]?.colour).toBe('key'));
    expect(painted('key')).toEqual(['three weeks ahead']);
  });

  it('closes the bar with Escape, and focus goes back to the passage’s paragraph', async () => {
    const { user } = renderArticle();
    await select('three weeks ahead');
    await user.keyboard('h');
    const bar = await screen.findByRole('group', { name: 'Your highlight' });
    await waitFor(() =>
      expect(within(bar).getByRole('button', { name: 'Key point' })).toHaveFocus(),
    );

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('group', { name: 'Your highlight' })).toBeNull();
    expect(document.querySelector('[data-anchor="opening/0"]')).toHaveFocus();
    expect(storedItems()).toHaveLength(1);
  });

  it('removes a highlight from its bar, and focuses Undo', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    const { user } = renderArticle();
    await select('The final bill');
    await user.keyboard('h');
    await waitFor(() => expect(storedItems()).toHaveLength(2));

    await user.click(
      within(screen.getByRole('group', { name: 'Your highlight' })).getByRole('button', {
        name: 'Remove',
      }),
    );

    await waitFor(() => expect(storedItems().map((item) => item.id)).toEqual(['highlight-1']));
    expect(painted('key')).toEqual(['three weeks ahead']);
    expect(screen.queryByRole('group', { name: 'Your highlight' })).toBeNull();
    expect(undoNotice()).toHaveTextContent('Highlight removed.');
    await waitFor(() =>
      expect(within(undoNotice()).getByRole('button', { name: 'Undo' })).toHaveFocus(),
    );
  });

  it('cancels a note without saving it; an emptied note is removed', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1', note: 'Early?' });
    const { user } = renderArticle();
    const edit = await screen.findByRole('button', { name: 'Edit note: three weeks ahead' });
    await user.click(edit);
    let dialog = screen.getByRole('dialog', { name: 'Edit note' });
    await user.clear(within(dialog).getByRole('textbox', { name: 'Note' }));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(storedItems()[0]?.note).toBe('Early?');
    expect(edit).toHaveFocus();

    await user.click(edit);
    dialog = screen.getByRole('dialog', { name: 'Edit note' });
    await user.clear(within(dialog).getByRole('textbox', { name: 'Note' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save note' }));

    await waitFor(() => expect(storedItems()[0]?.note).toBe(''));
    expect(undoNotice()).toHaveTextContent('Note removed.');
    expect(screen.getByRole('button', { name: 'Add note: three weeks ahead' })).toBeInTheDocument();
  });

  it('follows another tab: a highlight it adds is painted and listed', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    renderArticle();
    await waitFor(() => expect(painted('key')).toEqual(['three weeks ahead']));

    const added = storeHighlight('The final bill', { id: 'highlight-2', colour: 'evidence' });
    await act(async () => {
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: `dispatch:highlight:${added.id}`,
          newValue: JSON.stringify(added),
          storageArea: localStorage,
        }),
      );
    });

    expect(painted('evidence')).toEqual(['The final bill']);
    expect(within(storyList()).getAllByRole('listitem')).toHaveLength(2);
  });

  it('still marks when storage is full, and says highlights last only for this tab', async () => {
    const setItem = Storage.prototype.setItem;
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function full(
      this: Storage,
      key: string,
      value: string,
    ) {
      if (key.startsWith('dispatch:highlight:'))
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      setItem.call(this, key, value);
    });
    const { user } = renderArticle();
    await select('The final bill');
    await user.keyboard('h');

    await waitFor(() => expect(storedItems()).toHaveLength(1));
    expect(appStore().getSnapshot().persistence).toBe('session-only');
    expect(painted('key')).toEqual(['The final bill']);
    expect(undoNotice()).toHaveTextContent(
      'Highlighted as Key point. This browser is not letting Dispatch store data, so highlights last only until you close this tab.',
    );
  });

  // Bug: highlight-layer.tsx useBodyText keeps the old text after a newer copy of the story
  // renders (the new subscription misses the commit's mutations): it paints the old offsets on
  // the new words and never lists the changed highlight as "Could not be placed".
  it('re-reads a newer copy of the story: a changed passage is no longer placed', async () => {
    storeHighlight('three weeks ahead', { id: 'highlight-1' });
    storeHighlight('The final bill', { id: 'highlight-2', colour: 'evidence' });
    const { rerender } = renderArticle();
    await waitFor(() => expect(painted('key')).toEqual(['three weeks ahead']));

    // The opening paragraph was corrected; the rest of the story is as it was.
    const corrected: Article = {
      ...article,
      sections: [
        {
          ...article.sections[0]!,
          blocks: [
            paragraph('The harbour wall was finished in summer, on the day the council planned.'),
            article.sections[0]!.blocks[1]!,
          ],
        },
        article.sections[1]!,
      ],
    };
    rerender(
      <MemoryRouter initialEntries={[`/articles/${article.slug}`]}>
        <ArticleView article={corrected} />
        <Layer article={corrected} />
      </MemoryRouter>,
    );

    const list = storyList();
    await waitFor(() =>
      expect(within(list).getByRole('heading', { name: 'Could not be placed' })).toBeVisible(),
    );
    expect(painted('key')).toEqual([]);
    expect(painted('evidence')).toEqual(['The final bill']);
  });
});
