import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { IngestError, locate } from './errors.ts';
import type { SourceBlock, SourceStory } from './source.ts';

const RELATED_MARKER = /^related stories:?$/i;
const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre';

/** HTML white space is not significant: what a browser shows is the text with runs folded. */
function visibleText(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A saved web page: Readability (the library behind Firefox Reader View) finds the article,
 * and its cleaned HTML maps onto the same blocks as the plain-text format. Headings are
 * headings, paragraphs and list items are paragraphs, a "Related Stories" heading starts the
 * related titles. Positions point at the block's first words in the saved page, where found.
 */
export function parseHtmlSource(html: string, file: string): SourceStory {
  const page = new JSDOM(html, { url: 'https://ingest.invalid/' });
  const article = new Readability(page.window.document).parse();
  page.window.close();
  if (!article?.content) throw new IngestError(file, 1, 1, 'no article found in this page');

  const content = new JSDOM(`<body>${article.content}</body>`);
  const headline = article.title?.replace(/\s+/g, ' ').trim() || undefined;
  const blocks: SourceBlock[] = [];
  const related: string[] = [];
  let inRelated = false;
  for (const element of content.window.document.body.querySelectorAll(BLOCKS)) {
    // A block inside another block (a p in a blockquote or li) is read with its parent.
    if (element.parentElement?.closest(BLOCKS)) continue;
    const text = visibleText(element);
    if (text === '') continue;
    const heading = /^H[1-6]$/.test(element.tagName);
    if (heading && RELATED_MARKER.test(text)) {
      inRelated = true;
      continue;
    }
    if (inRelated) {
      if (heading) inRelated = false;
      else {
        related.push(text);
        continue;
      }
    }
    // The page's own title repeated as its first heading is the headline, not a section.
    if (heading && blocks.length === 0 && text === headline) continue;
    const at = html.indexOf(text.slice(0, 40));
    blocks.push({
      kind: heading ? 'heading' : 'paragraph',
      text,
      ...locate(html, Math.max(at, 0)),
    });
  }
  content.window.close();

  if (blocks.length === 0) throw new IngestError(file, 1, 1, 'no article found in this page');
  return { headline, blocks, related };
}
