import type { InlineNode, QuoteNode } from '../content/nodes.ts';
import type { Mark, RichText } from './source.ts';

/** A quotation's words, [from, to) in its text, and what the node says of them. */
export interface QuoteRange {
  from: number;
  to: number;
  quote: Omit<QuoteNode, 'type' | 'text' | 'content'>;
}

interface Range {
  from: number;
  to: number;
  /** Lower is outer: where two ranges cross, the lower keeps its whole and the other splits. */
  rank: number;
  mark?: Mark;
  quote?: QuoteRange['quote'];
}

/**
 * A quotation must be one node with its id, and a link may not be cut by a mark around it, so
 * where ranges cross, the one ranked later is split at the other's edge.
 */
const RANK: Record<Mark['kind'], number> = {
  link: 1,
  strong: 2,
  emphasis: 3,
  subscript: 4,
  superscript: 4,
  code: 5,
};

interface Tree {
  range: Range;
  children: Tree[];
}

function crossAt(piece: Range, other: Range): number | undefined {
  if (piece.from < other.from && other.from < piece.to && piece.to < other.to) return other.from;
  if (other.from < piece.from && piece.from < other.to && other.to < piece.to) return other.to;
  return undefined;
}

function splitCrossing(ranges: Range[]): Range[] {
  const placed: Range[] = [];
  for (const range of [...ranges].sort((a, b) => a.rank - b.rank)) {
    let pieces = [range];
    for (const other of placed) {
      pieces = pieces.flatMap((piece) => {
        const at = crossAt(piece, other);
        return at === undefined
          ? [piece]
          : [
              { ...piece, to: at },
              { ...piece, from: at },
            ];
      });
    }
    placed.push(...pieces);
  }
  return placed;
}

function nest(ranges: Range[]): Tree[] {
  const sorted = ranges.sort((a, b) => a.from - b.from || b.to - a.to || a.rank - b.rank);
  const roots: Tree[] = [];
  const stack: Tree[] = [];
  for (const range of sorted) {
    while (stack.length > 0 && stack.at(-1)!.range.to <= range.from) stack.pop();
    const tree = { range, children: [] };
    (stack.at(-1)?.children ?? roots).push(tree);
    stack.push(tree);
  }
  return roots;
}

/** Text, with each line break a node of its own; inside code, the words are code. */
function leaves(text: string, code: boolean): InlineNode[] {
  const nodes: InlineNode[] = [];
  text.split('\n').forEach((line, index) => {
    if (index > 0) nodes.push({ type: 'break' });
    if (line !== '') nodes.push(code ? { type: 'code', text: line } : { type: 'text', text: line });
  });
  return nodes;
}

function emit(text: string, from: number, to: number, trees: Tree[], code: boolean): InlineNode[] {
  const nodes: InlineNode[] = [];
  let at = from;
  for (const { range, children } of trees) {
    nodes.push(...leaves(text.slice(at, range.from), code));
    const inner = emit(text, range.from, range.to, children, code || range.mark?.kind === 'code');
    at = range.to;
    if (inner.length === 0) continue;
    if (range.quote) {
      const only = inner.length === 1 && inner[0]!.type === 'text' ? inner[0]!.text : undefined;
      nodes.push({
        type: 'quote',
        ...range.quote,
        ...(only ? { text: only } : { content: inner }),
      });
    } else if (range.mark?.kind === 'link') {
      nodes.push({ type: 'link', url: range.mark.url!, content: inner });
    } else if (range.mark?.kind === 'code') {
      nodes.push(...inner);
    } else if (range.mark) {
      nodes.push({ type: range.mark.kind, content: inner });
    }
  }
  nodes.push(...leaves(text.slice(at, to), code));
  return nodes;
}

/** The inline nodes of a rich text, with its quotations made quote nodes. */
export function inlineNodes(
  rich: Pick<RichText, 'text' | 'marks'>,
  quotes: readonly QuoteRange[] = [],
): InlineNode[] {
  const ranges: Range[] = [
    ...quotes.map(({ from, to, quote }) => ({ from, to, rank: 0, quote })),
    ...rich.marks.map((mark) => ({ from: mark.from, to: mark.to, rank: RANK[mark.kind], mark })),
  ].filter((range) => range.to > range.from);
  return emit(rich.text, 0, rich.text.length, nest(splitCrossing(ranges)), false);
}
