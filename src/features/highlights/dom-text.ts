/**
 * The story's text read back from the rendered body: the string `storyText(article)` makes
 * from the content (content/text-quote.ts, whose comment says what counts), with the text node
 * (or `<br>`) each character came from, so a reader's selection becomes offsets in it and
 * offsets become a DOM Range again.
 *
 * It walks each top-level block (`section > [data-anchor]`) once, in document order. A run is
 * the text of one block-level box: each text node and `<br>` belongs to the nearest of its
 * ancestors that is one (`p`, `h3`, `li`, `figcaption`, `caption`, `td`, `th`, `pre`), else to
 * the block itself, and a new box after text starts a new run, a newline apart. Set aside: the
 * section headings and their controls (not blocks), anything `aria-hidden`, and the alt text that
 * stands in for a missing picture (`.story-figure-alt`).
 *
 * A Range's `toString()` has neither the newline between two runs nor a `<br>`'s (they are in no
 * text node), so compare offsets, not strings. A boundary on a separator moves to the text
 * beside it; a point in a skipped part, or between runs, reads as the end of the run whose box
 * holds it, else the start of the next run (whitespace either way, which `quoteSelector` trims).
 *
 * A block that renders nothing (a decorative figure whose picture could not be had) has no
 * element: one between two rendered blocks of its section is listed, empty, from the gap in the
 * anchors' indexes; one at the end of its section cannot be seen, and is not listed.
 */
import { blockAnchor } from '../../content/article';
import type { StoryText, StoryTextBlock } from '../../content/text-quote';

export interface DomStoryText extends StoryText {
  /** A DOM Range over [start,end) of text. */
  toRange(start: number, end: number): Range;
  /** The offset in text of a DOM boundary point (a Range's start or end), or null if outside the body's text. Points inside skipped parts (aria-hidden, alt stand-in, section headings) snap to the nearest counted text. */
  offsetOf(node: Node, offset: number): number | null;
}

/** The elements the body renders as a box of text of their own (see article-body.tsx). */
const RUN_ELEMENTS = new Set(['p', 'h3', 'li', 'figcaption', 'caption', 'td', 'th', 'pre']);

const isElement = (node: Node): node is Element => node.nodeType === Node.ELEMENT_NODE;
const isBreak = (node: Node) => isElement(node) && node.localName === 'br';

const skipped = (element: Element) =>
  element.getAttribute('aria-hidden') === 'true' || element.classList.contains('story-figure-alt');

/** The box whose run a text node or `<br>` belongs to. */
function runOwner(node: Node, block: Element): Element {
  for (
    let element = node.parentElement;
    element && element !== block;
    element = element.parentElement
  )
    if (RUN_ELEMENTS.has(element.localName)) return element;
  return block;
}

/** Reads the rendered `.article-body` element (see ArticleSectionView / ArticleView in src/features/article/). */
export function domStoryText(body: HTMLElement): DomStoryText {
  const document = body.ownerDocument;
  let text = '';
  const blocks: StoryTextBlock[] = [];
  // Each character's source: the text nodes and `<br>`s, where each begins in `text`.
  const nodes: Node[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  const owners: Element[] = [];
  const indexOfText = new Map<Node, number>();

  let owner: Element | null = null;
  let blockStart = -1;
  const add = (node: Node, data: string, by: Element) => {
    if (!data) return;
    if (by !== owner) {
      if (text) text += '\n';
      owner = by;
    }
    if (blockStart < 0) blockStart = text.length;
    indexOfText.set(node, nodes.length);
    nodes.push(node);
    starts.push(text.length);
    lengths.push(data.length);
    owners.push(by);
    text += data;
  };

  const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      isElement(node) && !isBreak(node)
        ? skipped(node)
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_SKIP
        : NodeFilter.FILTER_ACCEPT,
  });
  let sectionId: string | undefined;
  let nextIndex = 0;
  for (const block of body.querySelectorAll('section > [data-anchor]')) {
    const anchor = block.getAttribute('data-anchor')!;
    const id = block.parentElement!.id;
    if (id !== sectionId) {
      sectionId = id;
      nextIndex = 0;
    }
    // Blocks that rendered nothing leave a gap in the indexes: each is an empty block here.
    const index = Number(anchor.slice(anchor.lastIndexOf('/') + 1));
    for (; Number.isInteger(index) && nextIndex < index; nextIndex += 1) {
      blocks.push({
        anchor: blockAnchor(id, nextIndex),
        sectionId: id,
        start: text.length,
        end: text.length,
      });
    }
    nextIndex += 1;

    blockStart = -1;
    walker.currentNode = block;
    for (let node = walker.nextNode(); node && block.contains(node); node = walker.nextNode())
      add(node, isBreak(node) ? '\n' : (node.nodeValue ?? ''), runOwner(node, block));
    blocks.push({
      anchor,
      sectionId: id,
      start: blockStart < 0 ? text.length : blockStart,
      end: text.length,
    });
  }

  /** The first source whose text ends after `offset` (nodes.length if none). */
  const firstEndingAfter = (offset: number) => {
    let low = 0;
    let high = nodes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle]! + lengths[middle]! > offset) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  /** The last source whose text starts before `offset` (-1 if none). */
  const lastStartingBefore = (offset: number) => {
    let low = 0;
    let high = nodes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  };

  /** The boundary point just before (`at: 0`) or after (`at: length`) a source's text, or within it. */
  const pointIn = (index: number, at: number): [Node, number] => {
    const node = nodes[index]!;
    if (!isBreak(node)) return [node, at];
    const parent = node.parentNode!;
    const position = Array.prototype.indexOf.call(parent.childNodes, node) as number;
    return [parent, position + (at > 0 ? 1 : 0)];
  };

  const toRange = (start: number, end: number): Range => {
    const range = document.createRange();
    start = Math.min(Math.max(0, Math.trunc(start) || 0), text.length);
    end = Math.min(Math.max(start, Math.trunc(end) || 0), text.length);
    if (nodes.length === 0) {
      range.selectNodeContents(body);
      range.collapse(true);
      return range;
    }
    // The start before the first character it covers; the end after the last. Separators
    // between runs are in no node, so a boundary on one moves to the text beside it.
    const first = firstEndingAfter(start);
    const startPoint: [Node, number] =
      first < nodes.length
        ? pointIn(first, Math.max(0, start - starts[first]!))
        : pointIn(nodes.length - 1, lengths[nodes.length - 1]!);
    range.setStart(...startPoint);
    const last = lastStartingBefore(end);
    if (end === start || last < first) {
      range.collapse(true);
      return range;
    }
    range.setEnd(...pointIn(last, Math.min(lengths[last]!, end - starts[last]!)));
    return range;
  };

  const offsetOf = (node: Node, offset: number): number | null => {
    if (!body.contains(node)) return null;
    const known = indexOfText.get(node);
    if (known !== undefined) {
      return isBreak(node)
        ? starts[known]!
        : starts[known]! + Math.min(Math.max(0, offset), lengths[known]!);
    }
    // Elsewhere (between nodes, in a skipped part): where the nearest counted text begins.
    const point = document.createRange();
    const room =
      node.nodeType === Node.ELEMENT_NODE ? node.childNodes.length : (node.nodeValue ?? '').length;
    point.setStart(node, Math.min(Math.max(0, offset), room));
    let low = 0;
    let high = nodes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (point.comparePoint(nodes[middle]!, 0) >= 0) high = middle;
      else low = middle + 1;
    }
    // A point after a run's text but still in its box (the end of a paragraph a triple click
    // selected) is the run's end; one in no run's box, the next run's start.
    const previous = low - 1;
    if (previous >= 0 && owners[previous]!.contains(node))
      return starts[previous]! + lengths[previous]!;
    return low < nodes.length ? starts[low]! : text.length;
  };

  return { text, blocks, toRange, offsetOf };
}
