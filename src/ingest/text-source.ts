import { IngestError } from './errors.ts';
import { RELATED_MARKER } from './related.ts';
import { plainRich, type SourceBlock, type SourceStory } from './source.ts';

const MAX_HEADING_WORDS = 12;
const MAX_HEADING_LENGTH = 120;

/**
 * A line that could be a heading: short, not closed like a sentence or a clause, and holding no
 * quotation. Only a question mark may end one ("What Happens Next?").
 */
function headingLike(text: string): boolean {
  return (
    text.length <= MAX_HEADING_LENGTH &&
    text.split(/\s+/).length <= MAX_HEADING_WORDS &&
    !/[.,;:!…"“”«»’')\]]$/u.test(text) &&
    !/[“”«»„]/u.test(text)
  );
}

interface Line {
  text: string;
  line: number;
  column: number;
}

function nonEmptyLines(source: string): Line[] {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, index) => {
    const withoutBom = index === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    const text = withoutBom.trim();
    if (text === '') return;
    lines.push({ text, line: index + 1, column: withoutBom.indexOf(text) + 1 });
  });
  return lines;
}

/**
 * The seed's plain-text format: one paragraph a line, short heading lines, then an optional
 * "Related Stories:" line and one related title a line. Blank lines separate nothing.
 * A heading-like line is a heading only when a paragraph follows it; a short line followed by
 * another short line, or ending the body, stays a paragraph, so every section has text.
 */
export function parseTextSource(source: string, file: string): SourceStory {
  const lines = nonEmptyLines(source);
  const marker = lines.findIndex((line) => RELATED_MARKER.test(line.text));
  const body = marker === -1 ? lines : lines.slice(0, marker);
  const related = marker === -1 ? [] : lines.slice(marker + 1).map((line) => line.text);

  if (lines.length === 0) throw new IngestError(file, 1, 1, 'empty file: there is no story text');
  if (body.length === 0) {
    const at = lines[marker]!;
    throw new IngestError(file, at.line, at.column, 'no story text before “Related Stories:”');
  }

  const blocks: SourceBlock[] = body.map(({ text, line, column }, index) => {
    const next = body[index + 1];
    const heading = headingLike(text) && next !== undefined && !headingLike(next.text);
    return heading
      ? { kind: 'heading', level: 2, text, line, column }
      : { kind: 'paragraph', rich: plainRich(text, { line, column }), line, column };
  });
  return { blocks, related };
}
