/**
 * A story's source as the newsroom published it, before any editorial metadata: blocks of
 * published text in order, each with where it stands in the source file (for located errors
 * and warnings). Every source format (plain text, saved web pages, Markdown) comes to this
 * shape, and `build-story.ts` makes the content model from it.
 */

/** A 1-based position in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type MarkKind = 'emphasis' | 'strong' | 'subscript' | 'superscript' | 'code' | 'link';

/** Formatting over a range of a rich text's characters. Marks nest; they never cross. */
export interface Mark {
  kind: MarkKind;
  from: number;
  to: number;
  /** A link's absolute URL (`http:`, `https:` or `mailto:`). */
  url?: string;
}

/**
 * Published text with its formatting as ranges over it: the text is what a reader sees (a
 * web page's white space folded as a browser folds it), a line break is `\n`.
 */
export interface RichText {
  text: string;
  marks: Mark[];
  /** Where a character of the text stands in the source file. */
  at: (offset: number) => SourcePosition;
}

export interface SourceCell {
  header: boolean;
  scope?: 'col' | 'row' | 'colgroup' | 'rowgroup';
  colspan?: number;
  rowspan?: number;
  rich: RichText;
}

export type SourceBlock = SourcePosition &
  (
    | {
        kind: 'heading';
        /** 1 to 6, as in HTML: the story's top level becomes sections, deeper ones subheadings. */
        level: number;
        text: string;
      }
    | { kind: 'paragraph'; rich: RichText }
    | { kind: 'list'; ordered: boolean; start?: number; items: SourceBlock[][] }
    | { kind: 'blockquote'; blocks: SourceBlock[]; attribution?: RichText }
    | {
        kind: 'table';
        caption?: RichText;
        head: SourceCell[][];
        body: SourceCell[][];
        foot: SourceCell[][];
      }
    | { kind: 'preformatted'; text: string }
    | {
        kind: 'figure';
        /** Where the picture was published: an absolute http(s) address, when the source gives one. */
        imageUrl?: string;
        /** Where the picture itself may be had, when the source names it. */
        picture?: PictureReference;
        alt?: string;
        /** The source marks the picture decorative (an empty `alt`): it needs no alt text. */
        decorative?: boolean;
        caption?: RichText;
        credit?: string;
      }
  );

/**
 * A figure's picture as its source names it. `key` names it in the metadata file's `images`
 * (the address as the source gives it, resolved for a saved page); `candidates` are every
 * address the source gives for it, as written (a saved page's `src`, `srcset` and lazy-loading
 * attributes, a Markdown path), for `npm run ingest` to find the file: a local one relative to
 * the source file, else one to download.
 */
export interface PictureReference {
  key: string;
  candidates: string[];
}

/** What the source says of itself; the editorial metadata file wins where it says otherwise. */
export interface SourceFacts {
  /** The story's own headline (a web page's, never its `<title>` with the site's name). */
  headline?: string;
  byline?: string;
  published?: string;
  updated?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  siteName?: string;
  /** The story's own address, where it was published. */
  url?: string;
}

export interface SourceStory extends SourceFacts {
  blocks: SourceBlock[];
  /** The titles listed after "Related Stories", verbatim. */
  related: string[];
}

/** Rich text with no formatting, its characters at consecutive columns of one line. */
export function plainRich(text: string, start: SourcePosition): RichText {
  return {
    text,
    marks: [],
    at: (offset) => ({ line: start.line, column: start.column + offset }),
  };
}

/** A line that attributes a block quote: "— Name, role". */
const DASH_LEAD = /^[—–―]\s*/u;

/**
 * A block quote's last paragraph, taken out of its blocks when it is a "— Name" line that
 * attributes the rest.
 */
export function takeDashAttribution(blocks: SourceBlock[]): RichText | undefined {
  const last = blocks.at(-1);
  if (last?.kind !== 'paragraph' || blocks.length < 2 || !DASH_LEAD.test(last.rich.text)) {
    return undefined;
  }
  blocks.pop();
  return last.rich;
}
