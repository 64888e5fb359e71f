import type { Mark, MarkKind, RichText, SourcePosition } from './source.ts';

/** Where a source offset stands, and where to point when a character's offset is unknown. */
export interface Positions {
  locate: (offset: number) => SourcePosition;
  fallback: SourcePosition;
}

/** HTML's white space: what a browser folds into one space (a no-break space is not one). */
const FOLDED = /[ \t\n\r\f]/;

/**
 * Builds a rich text from a source's pieces in reading order, as a browser shows them: runs of
 * white space fold into one space, none at the start or end or around a line break. Marks open
 * and close around the pieces they format; a space before a mark stays outside it.
 */
export class RichTextBuilder {
  private text = '';
  /** The source offset of each character of `text`, or -1 where it has none. */
  private offsets: number[] = [];
  private space = -2;
  private readonly marks: Mark[] = [];

  /** Adds text; `sourceOffset` is where its first character stands in the source, if known. */
  append(data: string, sourceOffset = -1): void {
    for (let i = 0; i < data.length; i++) {
      const char = data.charAt(i);
      const offset = sourceOffset < 0 ? -1 : sourceOffset + i;
      if (FOLDED.test(char)) {
        if (this.space === -2) this.space = offset;
        continue;
      }
      this.flushSpace();
      this.text += char;
      this.offsets.push(offset);
    }
  }

  lineBreak(sourceOffset = -1): void {
    this.space = -2;
    if (this.text === '' || this.text.endsWith('\n')) return;
    this.text += '\n';
    this.offsets.push(sourceOffset);
  }

  get length(): number {
    return this.text.length;
  }

  /** Starts a mark at the current end; returns what closes it. */
  open(kind: MarkKind, url?: string): () => void {
    this.flushSpace();
    const from = this.text.length;
    return () => {
      if (this.text.length > from)
        this.marks.push({ kind, from, to: this.text.length, ...(url ? { url } : {}) });
    };
  }

  /** A pending space is written only once something follows it. */
  private flushSpace(): void {
    if (this.space === -2) return;
    if (this.text !== '' && !this.text.endsWith('\n')) {
      this.text += ' ';
      this.offsets.push(this.space);
    }
    this.space = -2;
  }

  finish(positions: Positions): RichText {
    let { text } = this;
    while (text.endsWith('\n')) text = text.slice(0, -1);
    const offsets = this.offsets.slice(0, text.length);
    const marks = this.marks
      .map((mark) => ({ ...mark, to: Math.min(mark.to, text.length) }))
      .filter((mark) => mark.to > mark.from);
    return {
      text,
      marks,
      at: (offset) => {
        for (let i = Math.min(offset, offsets.length - 1); i >= 0; i--) {
          if (offsets[i]! >= 0) return positions.locate(offsets[i]!);
        }
        return positions.fallback;
      },
    };
  }
}
