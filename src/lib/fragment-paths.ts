import { paths } from './paths';

/*
 * Links into an article's text: a quotation in context, a passage, a reader's highlight. Beside
 * `paths` (which builds every other URL), because only on-demand code makes them (the gallery,
 * the quotation pages, the highlights), and `paths` is part of every first load.
 */

/** Encoded for a text directive, whose syntax gives `-`, `,` and `&` meanings of their own. */
function directiveText(words: string): string {
  return encodeURIComponent(words).replace(/-/g, '%2D');
}

/**
 * A quotation in its article. The text fragment (`:~:text=`, the quotation's first words: a few
 * are enough to find it) makes browsers that support it highlight the words on a cold load;
 * others ignore it, and the app lands on the element.
 */
export function quoteInContextPath(slug: string, quoteId: string, text?: string): string {
  const fragment = text ? `:~:text=${directiveText(text.split(/\s+/).slice(0, 8).join(' '))}` : '';
  return `${paths.article.build(slug)}#${paths.quoteInContext.elementId(encodeURIComponent(quoteId))}${fragment}`;
}

/**
 * A highlight in its article: it lives in this browser only, so the link is for the reader who
 * made it (the highlights page, the story's list). A link for anyone is `passagePath`.
 */
export function highlightPath(slug: string, highlightId: string): string {
  return `${paths.article.build(slug)}#${paths.highlightInArticle.prefix}${encodeURIComponent(highlightId)}`;
}

/**
 * A text directive for a passage: the text itself when short, else its first and last words
 * (`start,end`), which the browser matches as the range between them. A directive cannot cross
 * a block's edge, so a passage over paragraphs names its first paragraph's words only.
 */
function passageDirective(text: string): string {
  const first = text.trim().split('\n')[0]!.trim();
  const words = first.split(/\s+/);
  if (words.length <= 10) return directiveText(first);
  return `${directiveText(words.slice(0, 5).join(' '))},${directiveText(words.slice(-5).join(' '))}`;
}

/**
 * A passage of an article, for anyone: it lands on the passage's section, and the text
 * fragment makes browsers that support it scroll to the words and mark them.
 */
export function passagePath(slug: string, sectionId: string, text: string): string {
  return `${paths.articleSection.build(slug, sectionId)}:~:text=${passageDirective(text)}`;
}
