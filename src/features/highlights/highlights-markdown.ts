import { formatLongDate } from '../../lib/dates';
import { HIGHLIGHT_LABELS, highlightOrder, type Highlight } from './highlight-store';

/*
 * The reader's highlights as a Markdown file to keep or paste elsewhere: each story's headline
 * and link, then each passage as a block quotation, its colour's name, its note and a link to
 * it. CommonMark (and GFM) render every passage, note and headline as exactly the text it is:
 * whatever Markdown would read as markup is escaped, and each line break is a hard break. The
 * URLs come from the caller, so this module knows nothing of routes.
 */

export interface HighlightsMarkdownOptions {
  /** The site the highlights were exported from, named at the top. */
  origin: string;
  /** An absolute link that lands on the passage. */
  passageUrl: (highlight: Highlight) => string;
  /** An absolute link to the story. */
  storyUrl: (slug: string) => string;
  exportedAt: Date;
}

/**
 * Everywhere: the backslash; code, emphasis and strikethrough (`` ` `` `*` `_` `~`); links,
 * images, footnotes and definitions (`[` `]`); HTML and autolinks (`<` `>`); table cells (`|`);
 * and `&` where it would start a character reference.
 */
const INLINE_MARKUP = /[\\`*_~[\]<>|]|&(?=#?[A-Za-z0-9]+;)/g;

/**
 * At the start of a line: headings (`#`), list items and thematic breaks (`-` `+`), setext
 * underlines (`=` `-`) and ordered list items (`1.` `1)`). Every other line-start construct
 * begins with a character escaped everywhere (`>`, `*`, `_`, `` ` ``, `~`, `<`, `|`, `[`).
 */
const LINE_START_MARKUP = /^(?:[#+=-]|(\d{1,9})([.)]))/;

/** Spaces and tabs at a line's edges, which Markdown strips, kept as character references. */
const EDGE_SPACE = /^[ \t]+|[ \t]+$/g;

function escapeInline(text: string): string {
  return text.replace(INLINE_MARKUP, '\\$&');
}

function characterReferences(space: string): string {
  return [...space].map((character) => (character === '\t' ? '&#9;' : '&#32;')).join('');
}

/**
 * `text` as the lines of one paragraph that renders as exactly that text: markup escaped, a
 * line break a hard break (a backslash at the end of the line), spaces at the edges of a line
 * as character references. Line breaks at either end are dropped: a paragraph cannot show them.
 */
function escapeParagraph(text: string): string[] {
  const lines = text.replace(/^\n+|\n+$/g, '').split('\n');
  return lines.map((line, index) => {
    const last = index === lines.length - 1;
    const escaped = escapeInline(line)
      .replace(/\r/g, '&#13;')
      .replace(LINE_START_MARKUP, (start: string, digits?: string, mark?: string) =>
        digits === undefined ? `\\${start}` : `${digits}\\${mark}`,
      )
      .replace(EDGE_SPACE, (space, offset: number) =>
        offset === 0 || last ? characterReferences(space) : space,
      );
    return last ? escaped : `${escaped}\\`;
  });
}

/** A link destination as written: backslash escapes keep parentheses and angle brackets literal. */
function destination(url: string): string {
  return (
    url
      .replace(/[\\()<>]/g, '\\$&')
      // Spaces and control characters (anything not printable ASCII, and not beyond ASCII).
      .replace(/[^!-~\u0080-\uffff]/g, (character) => encodeURIComponent(character))
  );
}

function link(text: string, url: string): string {
  // Link text stays on one line, so that a heading's link never breaks the heading.
  return `[${escapeInline(text.replace(/\s+/g, ' ').trim())}](${destination(url)})`;
}

interface StoryHighlights {
  slug: string;
  /** The headline as of its latest highlight: a story may have been retitled since the first. */
  title: string;
  latest: number;
  items: Highlight[];
}

/** Stories with the newest highlight activity first; each story's passages in reading order. */
function byStory(items: readonly Highlight[]): StoryHighlights[] {
  const stories = new Map<string, StoryHighlights>();
  for (const highlight of items) {
    const updated = Date.parse(highlight.updatedAt);
    const story = stories.get(highlight.slug);
    if (!story) {
      stories.set(highlight.slug, {
        slug: highlight.slug,
        title: highlight.title,
        latest: updated,
        items: [highlight],
      });
      continue;
    }
    story.items.push(highlight);
    if (updated > story.latest) {
      story.latest = updated;
      story.title = highlight.title;
    }
  }
  return [...stories.values()]
    .sort((a, b) => b.latest - a.latest || (a.slug < b.slug ? -1 : 1))
    .map((story) => ({ ...story, items: story.items.sort(highlightOrder) }));
}

export function highlightsMarkdown(
  items: readonly Highlight[],
  options: HighlightsMarkdownOptions,
): string {
  const date = formatLongDate(options.exportedAt.toISOString(), 'local');
  const blocks = [
    '# Highlights from Dispatch',
    `Exported from ${link(options.origin, options.origin)} on ${date}.`,
  ];
  if (items.length === 0) blocks.push('No highlights yet.');
  for (const story of byStory(items)) {
    blocks.push(`## ${link(story.title, options.storyUrl(story.slug))}`);
    for (const highlight of story.items) {
      blocks.push(
        escapeParagraph(highlight.quote.exact)
          .map((line) => `> ${line}`)
          .join('\n'),
        `**${escapeInline(HIGHLIGHT_LABELS[highlight.colour])}**`,
      );
      if (highlight.note.trim()) blocks.push(escapeParagraph(highlight.note).join('\n'));
      blocks.push(link('Go to the passage', options.passageUrl(highlight)));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
