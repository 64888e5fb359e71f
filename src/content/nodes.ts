/**
 * The shapes of a story's body, and the walks over them that every part of the reader shares
 * (rendering, search, reading time, the gallery). Plain code, no schema library: the first load
 * imports it, while the schemas (`schema.ts`) load with the first fetch.
 *
 * Blocks and inline nodes nest, so these types are written out by hand; `schema.ts` checks its
 * schemas against them.
 */

// Inline (phrasing) nodes

export interface TextNode {
  type: 'text';
  text: string;
}

/** A line break inside a block (`<br>`). */
export interface BreakNode {
  type: 'break';
}

/** Code, shown as published: a leaf, because nothing inside code is formatted. */
export interface CodeNode {
  type: 'code';
  text: string;
}

export interface MarkNode {
  type: 'emphasis' | 'strong' | 'subscript' | 'superscript';
  content: InlineNode[];
}

export interface LinkNode {
  type: 'link';
  /** Absolute `http:`, `https:` or `mailto:` URL, as published (resolved against the page). */
  url: string;
  /** Editorial: the story of this edition the URL is, so the reader opens it here. */
  story?: string;
  content: InlineNode[];
}

/**
 * A quotation: what stands between its marks, which stay text around it. A quotation that runs
 * over several paragraphs is a node in each, with one id: the first holds the id's anchor, the
 * others say they are `continued`. A plain quotation has `text`; one with links or emphasis
 * inside it has `content` instead.
 */
export interface QuoteNode {
  type: 'quote';
  id: string;
  /** Editorial: who the text attributes the quotation to; absent when it names nobody. */
  speaker?: string;
  /** A full statement, or a single quoted word or phrase ("scare quotes"). */
  kind: 'statement' | 'word';
  /** A later paragraph of a quotation that opened in an earlier one. */
  continued?: true;
  text?: string;
  content?: InlineNode[];
}

export type InlineNode = TextNode | BreakNode | CodeNode | MarkNode | LinkNode | QuoteNode;

// Blocks

export interface Paragraph {
  type: 'paragraph';
  content: InlineNode[];
}

/** A heading inside a section (an h3): the section's own heading is its `heading`. */
export interface Subheading {
  type: 'subheading';
  text: string;
}

/** One item of a list: its blocks (a lone paragraph is shown as the item's text). */
export type ListItem = Block[];

export interface List {
  type: 'list';
  ordered: boolean;
  /** The first item's number, when an ordered list does not start at 1. */
  start?: number;
  items: ListItem[];
}

export interface Blockquote {
  type: 'blockquote';
  blocks: Block[];
  /** The line that says whose words they are, as the page gives it. */
  attribution?: InlineNode[];
}

export interface TableCell {
  /** A header cell (`th`), with what it heads. */
  header?: true;
  scope?: 'col' | 'row' | 'colgroup' | 'rowgroup';
  colspan?: number;
  rowspan?: number;
  content: InlineNode[];
}

export interface Table {
  type: 'table';
  caption?: InlineNode[];
  head: TableCell[][];
  body: TableCell[][];
  foot?: TableCell[][];
}

/** Text whose spacing and line breaks are part of it (`pre`). */
export interface Preformatted {
  type: 'preformatted';
  text: string;
}

/**
 * A picture the build made from a file in `content/images/`: its intrinsic size, the widths
 * its files were made at (each in AVIF, WebP and JPEG, named by `lib/pictures.ts`), a
 * placeholder small enough to inline, and the point a crop keeps (fractions of its width and
 * height; the centre when absent). All of it is editorial metadata, none of it published text.
 */
export interface Picture {
  id: string;
  width: number;
  height: number;
  widths: number[];
  placeholder: string;
  focus?: { x: number; y: number };
}

/**
 * A picture's place in the story, with what the page says of it: `image.url` is where it was
 * published (when the page said), `picture` the picture itself when it could be had (without
 * it, the alt text stands in its place). `decorative`: the page marks it so (an empty alt).
 * `lead`: the story's lead picture (editorial: the metadata file can name another, or none).
 */
export interface Figure {
  type: 'figure';
  image?: { url: string };
  picture?: Picture;
  lead?: true;
  decorative?: true;
  alt?: string;
  caption?: InlineNode[];
  credit?: string;
}

export type Block = Paragraph | Subheading | List | Blockquote | Table | Preformatted | Figure;

export type TextDirection = 'ltr' | 'rtl';

/**
 * Every run of inline nodes in the blocks, in reading order: paragraphs (in list items and
 * block quotes too), a block quote's attribution, a table's caption and cells, a caption.
 */
export function inlineRuns(blocks: readonly Block[], runs: InlineNode[][] = []): InlineNode[][] {
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
        runs.push(block.content);
        break;
      case 'list':
        for (const item of block.items) inlineRuns(item, runs);
        break;
      case 'blockquote':
        inlineRuns(block.blocks, runs);
        if (block.attribution) runs.push(block.attribution);
        break;
      case 'table':
        if (block.caption) runs.push(block.caption);
        for (const rows of [block.head, block.body, block.foot ?? []])
          for (const row of rows) for (const cell of row) runs.push(cell.content);
        break;
      case 'figure':
        if (block.caption) runs.push(block.caption);
        break;
      case 'subheading':
      case 'preformatted':
        break;
    }
  }
  return runs;
}

/** Every figure of the blocks, in reading order, in list items and block quotes too. */
export function figures(blocks: readonly Block[], found: Figure[] = []): Figure[] {
  for (const block of blocks) {
    if (block.type === 'figure') found.push(block);
    else if (block.type === 'list') for (const item of block.items) figures(item, found);
    else if (block.type === 'blockquote') figures(block.blocks, found);
  }
  return found;
}

/** Calls `visit` with every inline node of the blocks, in reading order, nested ones included. */
export function forEachInline(blocks: readonly Block[], visit: (node: InlineNode) => void): void {
  const walk = (nodes: readonly InlineNode[]) => {
    for (const node of nodes) {
      visit(node);
      if ('content' in node && node.content) walk(node.content);
    }
  };
  for (const run of inlineRuns(blocks)) walk(run);
}

/** A quotation's inline content, whichever of its two forms it is stored in. */
export function quoteContent(node: QuoteNode): InlineNode[] {
  return node.content ?? (node.text === undefined ? [] : [{ type: 'text', text: node.text }]);
}

/** The text of inline nodes as published; a line break reads as a newline. */
export function inlineText(nodes: readonly InlineNode[] | undefined): string {
  let text = '';
  for (const node of nodes ?? []) {
    switch (node.type) {
      case 'text':
      case 'code':
        text += node.text;
        break;
      case 'break':
        text += '\n';
        break;
      case 'quote':
        text += node.content ? inlineText(node.content) : (node.text ?? '');
        break;
      default:
        text += inlineText(node.content);
    }
  }
  return text;
}

const rowsText = (rows: readonly TableCell[][] | undefined) =>
  (rows ?? []).map((row) => row.map((cell) => inlineText(cell.content)).join(' ')).join('\n');

/**
 * A block's text as a reader reads it, its parts a newline apart: what reading time, search
 * descriptions and the fidelity tests count.
 */
export function blockText(block: Block): string {
  const parts = (texts: (string | undefined)[]) => texts.filter(Boolean).join('\n');
  switch (block.type) {
    case 'paragraph':
      return inlineText(block.content);
    case 'subheading':
    case 'preformatted':
      return block.text;
    case 'list':
      return parts(block.items.map((item) => parts(item.map(blockText))));
    case 'blockquote':
      return parts([...block.blocks.map(blockText), inlineText(block.attribution)]);
    case 'table':
      return parts([
        inlineText(block.caption),
        rowsText(block.head),
        rowsText(block.body),
        rowsText(block.foot),
      ]);
    case 'figure':
      return parts([block.alt, inlineText(block.caption), block.credit]);
  }
}
