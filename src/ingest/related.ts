import type { SourceBlock } from './source.ts';

/** The heading (or line) that starts the list of related titles, as in the seed. */
export const RELATED_MARKER = /^related stories:?$/i;

function textOf(block: SourceBlock): string {
  switch (block.kind) {
    case 'heading':
    case 'preformatted':
      return block.text;
    case 'paragraph':
      return block.rich.text;
    case 'list':
      return block.items.map((item) => item.map(textOf).join(' ')).join(' ');
    default:
      return '';
  }
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Takes the related titles out of a story's blocks: after a "Related Stories" heading (or a
 * line saying just that), a list's items or one title a paragraph, up to the next heading.
 */
export function takeRelated(blocks: SourceBlock[]): string[] {
  const marker = blocks.findIndex(
    (block) =>
      (block.kind === 'heading' || block.kind === 'paragraph') &&
      RELATED_MARKER.test(clean(textOf(block))),
  );
  if (marker === -1) return [];
  let end = marker + 1;
  while (end < blocks.length && blocks[end]!.kind !== 'heading') end += 1;
  const titles = blocks
    .slice(marker + 1, end)
    .flatMap((block) =>
      block.kind === 'list'
        ? block.items.map((item) => clean(item.map(textOf).join(' ')))
        : [clean(textOf(block))],
    )
    .filter(Boolean);
  blocks.splice(marker, end - marker);
  return titles;
}
