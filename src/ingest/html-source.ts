/**
 * A saved web page as a story. Readability (the library behind Firefox Reader View) finds the
 * article; this module reads what it keeps into the source model, element by element: headings,
 * paragraphs, lists, block quotes, tables, preformatted text and figures, with links, emphasis,
 * code, subscripts and superscripts inside them. What the page says of itself (byline, dates,
 * language…) is read first, by `page-facts.ts`.
 *
 * Links are resolved against the page's own address (its `<base>`, canonical URL or `og:url`)
 * before Readability runs. Only `http:`, `https:` and `mailto:` links are kept; any other link
 * keeps its words and loses its target, with a located warning.
 */
import type { Readability } from '@mozilla/readability';
import type { JSDOM } from 'jsdom';
import { createRequire } from 'node:module';
import { Diagnostics, IngestError, locator } from './errors.ts';
import { bylineLine, readPageFacts } from './page-facts.ts';
import { takeRelated } from './related.ts';
import { RichTextBuilder } from './rich-text.ts';
import {
  takeDashAttribution,
  type MarkKind,
  type PictureReference,
  type RichText,
  type SourceBlock,
  type SourceCell,
  type SourcePosition,
  type SourceStory,
} from './source.ts';

/** Where the page's links were resolved, or why they could not be. */
const LINK = 'data-dispatch-link';
const DROPPED = 'data-dispatch-dropped';
const IMAGE = 'data-dispatch-src';
const PICTURE_KEY = 'data-dispatch-picture';
const PICTURE_CANDIDATES = 'data-dispatch-candidates';
const ATTRIBUTION = 'data-dispatch-attribution';

const MARKS: Record<string, MarkKind> = {
  em: 'emphasis',
  i: 'emphasis',
  cite: 'emphasis',
  dfn: 'emphasis',
  var: 'emphasis',
  strong: 'strong',
  b: 'strong',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  tt: 'code',
  sub: 'subscript',
  sup: 'superscript',
};

/** Elements with nothing a reader reads, or only the site's navigation. */
const SKIPPED = new Set(
  `script style noscript template svg math canvas iframe video audio object embed button input
  select textarea option datalist meter progress head title meta link map area track source
  dialog rp nav`.split(/\s+/),
);

/** Elements that start a block of their own; inside a line of text they break it. */
const BLOCKS = new Set(
  `address article aside blockquote center details dialog dd div dl dt fieldset figcaption
  figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary
  table tbody td tfoot th thead tr ul caption menu`.split(/\s+/),
);

const CREDIT_CLASS = /credit|copyright|byline|photographer|attribution|source/i;
/** A credit written at the end of a caption: "… Photograph: Name/Agency". */
const CREDIT_TAIL =
  /(?:^|\s)\(?((?:photograph|photo|picture|image|illustration|video|graphic|credit|foto|bild|crédit|photographie|صورة|צילום)s?\s*(?:by)?\s*:\s*[^\n]+?)\)?$/iu;

function resolveLinks(document: Document, base: string | undefined): void {
  for (const anchor of document.querySelectorAll('a[href]')) {
    const raw = anchor.getAttribute('href')!.trim();
    anchor.removeAttribute('href');
    if (raw === '') continue;
    let resolved: URL | undefined;
    try {
      resolved = new URL(raw, base);
    } catch {
      resolved = undefined;
    }
    if (resolved && /^(?:https?|mailto):$/i.test(resolved.protocol) && resolved.href.length > 0) {
      anchor.setAttribute(LINK, resolved.href);
    } else {
      anchor.setAttribute(DROPPED, raw);
    }
  }
}

/**
 * Readability drops every `footer`, a block quote's attribution line with them: it is kept as
 * a paragraph that says what it is.
 */
function keepQuoteAttributions(document: Document): void {
  for (const footer of document.querySelectorAll('blockquote > footer, figure > footer')) {
    const line = document.createElement('p');
    line.setAttribute(ATTRIBUTION, '');
    line.append(...footer.childNodes);
    footer.replaceWith(line);
  }
}

/** A `srcset`'s addresses, as written, largest first: by width, else by density. */
function srcsetCandidates(srcset: string): string[] {
  const candidates = srcset.split(/,\s+(?=\S)/).flatMap((candidate, index) => {
    const [url, descriptor = '1x'] = candidate.trim().split(/\s+/);
    if (!url) return [];
    const size = Number.parseFloat(descriptor) * (descriptor.endsWith('w') ? 1 : 10_000);
    return [{ url, size: Number.isFinite(size) ? size : 0, index }];
  });
  // Equal sizes keep the later one first, as the largest was taken before.
  candidates.sort((a, b) => b.size - a.size || b.index - a.index);
  return candidates.map((candidate) => candidate.url);
}

/**
 * A "Save page, complete" copy (Chrome, Firefox, Safari) keeps its pictures in a folder beside
 * it, `<name>_files/`, and rewrites `src` to point there. Such a path is a file on the editor's
 * disk, not where the picture was published. Any `…_files/` folder counts, not only the page's
 * own name: the page is stored as `<slug>.html`, and the build must read it as ingest did.
 */
const SAVED_FILES = /^(?:\.\/)?[^/?#:]+_files\//;

/** The page's addresses for a picture, as written: lazy-loading ones first, `src` last. */
function pictureAddresses(image: Element): string[] {
  const picture = image.closest('picture');
  const sources = picture
    ? [...picture.querySelectorAll('source')].flatMap((source) => [
        source.getAttribute('srcset'),
        source.getAttribute('data-srcset'),
      ])
    : [];
  const addresses = [
    image.getAttribute('data-src'),
    image.getAttribute('data-lazy-src'),
    image.getAttribute('data-original'),
    image.getAttribute('data-url'),
    ...[image.getAttribute('data-srcset'), image.getAttribute('srcset'), ...sources].flatMap(
      (srcset) => (srcset ? srcsetCandidates(srcset) : []),
    ),
    image.getAttribute('src'),
  ]
    .map((address) => address?.trim() ?? '')
    .filter((address) => address !== '' && !/^data:/i.test(address));
  return [...new Set(addresses)];
}

/** Where a picture was published: the first address that resolves to http(s) and is no saved copy. */
function publishedAddress(addresses: readonly string[], base: string | undefined) {
  for (const address of addresses) {
    if (SAVED_FILES.test(address)) continue;
    try {
      const url = new URL(address, base);
      if (/^https?:$/.test(url.protocol)) return url.href;
    } catch {
      // The next address may be readable.
    }
  }
  return undefined;
}

/**
 * Each picture's published address and every address the page gives for it, from the
 * lazy-loading attributes saved pages hide them in, noted on the `img` before Readability
 * rewrites its attributes.
 */
function resolveImages(document: Document, base: string | undefined): void {
  for (const image of document.querySelectorAll('img')) {
    // Only this function writes these: a page's own copies of them are not believed.
    for (const name of [IMAGE, PICTURE_KEY, PICTURE_CANDIDATES]) image.removeAttribute(name);
    const addresses = pictureAddresses(image);
    const published = publishedAddress(addresses, base);
    if (published) image.setAttribute(IMAGE, published);
    const src = image.getAttribute('src')?.trim();
    const key = published ?? (src && addresses.includes(src) ? src : addresses[0]);
    if (key) {
      image.setAttribute(PICTURE_KEY, key);
      image.setAttribute(PICTURE_CANDIDATES, JSON.stringify(addresses));
    }
  }
}

/** A picture's reference, as `resolveImages` noted it. */
function pictureReference(image: Element | undefined): PictureReference | undefined {
  const key = image?.getAttribute(PICTURE_KEY);
  const candidates: unknown = JSON.parse(image?.getAttribute(PICTURE_CANDIDATES) ?? '[]');
  if (!key || !Array.isArray(candidates)) return undefined;
  return { key, candidates: candidates.filter((item) => typeof item === 'string') };
}

/**
 * jsdom and Readability load with the first saved page read, not with this module: every build
 * imports it, jsdom alone takes one to two seconds to load, and a build whose stories are text
 * or Markdown, or unchanged since the last build (the story cache), never needs them.
 */
const require = createRequire(import.meta.url);
let pageLibraries: { JSDOM: typeof JSDOM; Readability: typeof Readability } | undefined;
const libraries = () =>
  (pageLibraries ??= {
    JSDOM: (require('jsdom') as { JSDOM: typeof JSDOM }).JSDOM,
    Readability: (require('@mozilla/readability') as { Readability: typeof Readability })
      .Readability,
  });

const visible = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

class PageReader {
  private readonly locate: (offset: number) => SourcePosition;

  constructor(
    private readonly html: string,
    private readonly dom: JSDOM,
    private readonly diagnostics: Diagnostics,
  ) {
    this.locate = locator(html);
  }

  /** Where a node stands in the saved page: its own location, or its text's first match. */
  positionOf(node: Node): SourcePosition {
    const location = this.offsetOf(node);
    if (location >= 0) return this.locate(location);
    for (const child of node.childNodes) {
      const inner = this.offsetOf(child);
      if (inner >= 0) return this.locate(inner);
    }
    const words = (node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    const at = words ? this.html.indexOf(words) : -1;
    return at >= 0 ? this.locate(at) : { line: 1, column: 1 };
  }

  private offsetOf(node: Node): number {
    try {
      return this.dom.nodeLocation(node)?.startOffset ?? -1;
    } catch {
      return -1;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Inline content

  rich(nodes: Iterable<Node>, at: SourcePosition): RichText {
    const builder = new RichTextBuilder();
    for (const node of nodes) this.inline(node, builder);
    return builder.finish({ locate: this.locate, fallback: at });
  }

  private inline(node: Node, builder: RichTextBuilder): void {
    if (node.nodeType === node.TEXT_NODE) {
      builder.append((node as Text).data, this.offsetOf(node));
      return;
    }
    if (node.nodeType !== node.ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.localName;
    if (SKIPPED.has(tag)) return;
    if (tag === 'br') return builder.lineBreak(this.offsetOf(element));
    if (tag === 'img') return this.inlinePicture(element);
    if (tag === 'a') return this.link(element, builder);
    const mark = MARKS[tag];
    if (mark) {
      const close = builder.open(mark);
      this.children(element, builder);
      return close();
    }
    if (tag === 'td' || tag === 'th') {
      builder.append(' ');
      this.children(element, builder);
      return builder.append(' ');
    }
    if (BLOCKS.has(tag)) {
      builder.lineBreak();
      this.children(element, builder);
      return builder.lineBreak();
    }
    this.children(element, builder);
  }

  private children(element: Element, builder: RichTextBuilder): void {
    for (const child of element.childNodes) this.inline(child, builder);
  }

  private link(element: Element, builder: RichTextBuilder): void {
    const url = element.getAttribute(LINK);
    const dropped = element.getAttribute(DROPPED);
    if (url) {
      const close = builder.open('link', url);
      this.children(element, builder);
      return close();
    }
    if (dropped !== null && visible(element) !== '') {
      const target = dropped.length > 60 ? `${dropped.slice(0, 57)}…` : dropped;
      this.diagnostics.warn(
        this.positionOf(element),
        /^[a-z][a-z0-9+.-]*:/i.test(dropped)
          ? `link to “${target}” kept as text: only http:, https: and mailto: links are kept`
          : `link to “${target}” kept as text: the page gives no address to resolve it against (no <base>, canonical or og:url)`,
      );
    }
    this.children(element, builder);
  }

  private inlinePicture(element: Element): void {
    const alt = element.getAttribute('alt')?.trim();
    if (alt && alt.length > 2)
      this.diagnostics.warn(
        this.positionOf(element),
        `a picture inside a line of text is left out (alt text “${alt}”)`,
      );
  }

  // -------------------------------------------------------------------------------------------
  // Blocks

  blocks(container: Element): SourceBlock[] {
    return this.blocksOf(container.childNodes);
  }

  /** Blocks of a run of sibling nodes: inline content between blocks makes paragraphs. */
  blocksOf(nodes: Iterable<Node>): SourceBlock[] {
    const blocks: SourceBlock[] = [];
    let run: Node[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const paragraph = this.paragraph(run);
      if (paragraph) blocks.push(paragraph);
      run = [];
    };
    for (const child of nodes) {
      if (child.nodeType === child.TEXT_NODE) {
        run.push(child);
        continue;
      }
      if (child.nodeType !== child.ELEMENT_NODE) continue;
      const element = child as Element;
      const tag = element.localName;
      if (SKIPPED.has(tag)) continue;
      const isBlock = BLOCKS.has(tag) || tag === 'img' || tag === 'picture';
      if (!isBlock && !this.holdsBlocks(element)) {
        run.push(element);
        continue;
      }
      flush();
      blocks.push(...this.block(element));
    }
    flush();
    return blocks;
  }

  private holdsBlocks(element: Element): boolean {
    for (const descendant of element.querySelectorAll('*')) {
      if (BLOCKS.has(descendant.localName)) return true;
    }
    return false;
  }

  private paragraph(nodes: Node[]): SourceBlock | undefined {
    const first = nodes[0];
    if (!first) return undefined;
    const at = this.positionOf(nodes.length === 1 ? first : (first.parentNode ?? first));
    // A line holding only a picture (perhaps inside its link) is the picture's place.
    const elements = nodes.filter((node) => node.nodeType === node.ELEMENT_NODE) as Element[];
    const textless = nodes.every(
      (node) => node.nodeType !== node.TEXT_NODE || (node as Text).data.trim() === '',
    );
    if (textless && elements.length === 1 && visible(elements[0]!) === '') {
      const image = elements[0]!.matches('img') ? elements[0]! : elements[0]!.querySelector('img');
      if (image) return this.figure(image, undefined);
    }
    const rich = this.rich(nodes, at);
    return rich.text === '' ? undefined : { kind: 'paragraph', rich, ...rich.at(0) };
  }

  private block(element: Element): SourceBlock[] {
    const at = this.positionOf(element);
    const tag = element.localName;
    switch (tag) {
      case 'p':
      case 'dt':
      case 'dd':
      case 'summary':
      case 'address':
        if (!this.holdsBlocks(element)) {
          const paragraph = this.paragraph([...element.childNodes]);
          return paragraph ? [paragraph] : [];
        }
        return this.blocks(element);
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const text = visible(element);
        return text ? [{ kind: 'heading', level: Number(tag[1]), text, ...at }] : [];
      }
      case 'ul':
      case 'ol':
      case 'menu':
        return this.list(element, at);
      case 'blockquote':
        return this.blockquote(element, undefined, at);
      case 'table':
        return this.table(element, undefined, at);
      case 'pre': {
        const text = (element.textContent ?? '').replace(/^\r?\n/, '').trimEnd();
        return text.trim() ? [{ kind: 'preformatted', text, ...at }] : [];
      }
      case 'figure':
        return this.figureElement(element, at);
      case 'img':
        return [this.figure(element, undefined)].filter((block) => block !== undefined);
      case 'picture': {
        const image = element.querySelector('img');
        return image ? [this.figure(image, undefined)].filter((block) => block !== undefined) : [];
      }
      case 'hr':
        return [];
      default:
        return this.blocks(element);
    }
  }

  private list(element: Element, at: SourcePosition): SourceBlock[] {
    const items = [...element.children]
      .filter((child) => child.localName === 'li')
      .map((item) => this.blocks(item))
      .filter((item) => item.length > 0);
    if (items.length === 0) return [];
    const start = Number.parseInt(element.getAttribute('start') ?? '', 10);
    return [
      {
        kind: 'list',
        ordered: element.localName === 'ol',
        ...(Number.isSafeInteger(start) ? { start } : {}),
        items,
        ...at,
      },
    ];
  }

  private blockquote(
    element: Element,
    caption: Element | undefined,
    at: SourcePosition,
  ): SourceBlock[] {
    // Its attribution: a caption around it, else a last `cite` or `figcaption`, or the
    // `footer` kept from Readability (keepQuoteAttributions).
    const last = element.lastElementChild;
    const credit =
      caption ??
      (last && (last.hasAttribute(ATTRIBUTION) || ['cite', 'figcaption'].includes(last.localName))
        ? last
        : undefined);
    const blocks = this.blocksOf([...element.childNodes].filter((node) => node !== credit));
    const attribution = credit
      ? this.rich(credit.childNodes, this.positionOf(credit))
      : takeDashAttribution(blocks);
    if (blocks.length === 0) {
      return attribution?.text ? [{ kind: 'paragraph', rich: attribution, ...at }] : [];
    }
    return [{ kind: 'blockquote', blocks, ...(attribution?.text ? { attribution } : {}), ...at }];
  }

  private table(
    element: Element,
    figcaption: Element | undefined,
    at: SourcePosition,
  ): SourceBlock[] {
    // A table laid out with tables, or marked as layout, is read for its text.
    if (element.querySelector('table') || element.getAttribute('role') === 'presentation') {
      return [...element.querySelectorAll('td, th')].flatMap((cell) =>
        cell.querySelector('table') ? [] : this.blocks(cell),
      );
    }
    const rows = (section: Element | null | undefined): Element[] =>
      section ? [...section.children].filter((child) => child.localName === 'tr') : [];
    const bodies = [...element.children].filter((child) => child.localName === 'tbody');
    let head = rows(element.querySelector(':scope > thead'));
    let body = [...rows(element), ...bodies.flatMap((tbody) => rows(tbody))];
    const foot = rows(element.querySelector(':scope > tfoot'));
    if (
      head.length === 0 &&
      body[0] &&
      [...body[0].children].every((cell) => cell.localName === 'th')
    ) {
      head = [body[0]];
      body = body.slice(1);
    }
    const cells = (list: Element[]): SourceCell[][] =>
      list
        .map((row) =>
          [...row.children]
            .filter((cell) => cell.localName === 'td' || cell.localName === 'th')
            .map((cell) => this.cell(cell)),
        )
        // A row of empty cells (a spacer) says nothing.
        .filter((row) => row.some((cell) => cell.rich.text !== ''));
    const table = { head: cells(head), body: cells(body), foot: cells(foot) };
    if (table.head.length + table.body.length + table.foot.length === 0) return [];
    const captionElement = element.querySelector(':scope > caption') ?? figcaption;
    const caption = captionElement
      ? this.rich(captionElement.childNodes, this.positionOf(captionElement))
      : undefined;
    return [{ kind: 'table', ...(caption?.text ? { caption } : {}), ...table, ...at }];
  }

  private cell(cell: Element): SourceCell {
    const scope = cell.getAttribute('scope')?.toLowerCase();
    const span = (name: string) => {
      const value = Number.parseInt(cell.getAttribute(name) ?? '', 10);
      return Number.isSafeInteger(value) && value > 1 ? Math.min(value, 1000) : undefined;
    };
    const colspan = span('colspan');
    const rowspan = span('rowspan');
    return {
      header: cell.localName === 'th',
      ...(scope === 'col' || scope === 'row' || scope === 'colgroup' || scope === 'rowgroup'
        ? { scope }
        : {}),
      ...(colspan ? { colspan } : {}),
      ...(rowspan ? { rowspan } : {}),
      rich: this.rich(cell.childNodes, this.positionOf(cell)),
    };
  }

  private figureElement(element: Element, at: SourcePosition): SourceBlock[] {
    const caption = element.querySelector('figcaption') ?? undefined;
    const quote = element.querySelector('blockquote');
    if (quote) return this.blockquote(quote, caption, at);
    const table = element.querySelector('table');
    if (table) return this.table(table, caption, at);
    const image = element.querySelector('img');
    if (image || !element.querySelector('p, ul, ol, h2, h3, h4, pre')) {
      const figure = this.figure(image ?? undefined, caption, at);
      return figure ? [figure] : [];
    }
    return this.blocks(element);
  }

  /** A picture's place: its address (kept for later), alt text, caption and credit. */
  private figure(
    image: Element | undefined,
    caption: Element | undefined,
    at?: SourcePosition,
  ): SourceBlock | undefined {
    const position = at ?? this.positionOf(image ?? caption!);
    const imageUrl = image?.getAttribute(IMAGE) ?? undefined;
    const picture = pictureReference(image);
    const altAttribute = image?.getAttribute('alt')?.replace(/\s+/g, ' ').trim();
    const alt = altAttribute || undefined;
    // An empty alt is the page saying the picture is decoration; no alt at all says nothing.
    const decorative = altAttribute === '';
    let credit: string | undefined;
    let captionText: RichText | undefined;
    if (caption) {
      const creditElement = [...caption.querySelectorAll('*')].find((child) =>
        CREDIT_CLASS.test(child.getAttribute('class') ?? ''),
      );
      credit = creditElement ? visible(creditElement) || undefined : undefined;
      const nodes = creditElement
        ? [...caption.childNodes].flatMap((node) => without(node, creditElement))
        : caption.childNodes;
      captionText = this.rich(nodes, this.positionOf(caption));
      if (!credit) {
        const tail = CREDIT_TAIL.exec(captionText.text);
        if (
          tail?.[1] &&
          captionText.marks.every(
            (mark) => mark.to <= tail.index || mark.from >= captionText!.text.length,
          )
        ) {
          credit = tail[1];
          captionText = truncate(captionText, tail.index);
        }
      }
    }
    if (!imageUrl && !picture && !alt && !captionText?.text && !credit) return undefined;
    if (image && altAttribute === undefined && !captionText?.text) {
      const address = picture?.key ?? imageUrl ?? 'no address';
      this.diagnostics.warn(
        this.positionOf(image),
        `a picture with neither alt text nor a caption (${address}): a reader who cannot see it is told nothing`,
      );
    }
    return {
      kind: 'figure',
      ...(imageUrl ? { imageUrl } : {}),
      ...(picture ? { picture } : {}),
      ...(alt ? { alt } : {}),
      ...(decorative ? { decorative: true } : {}),
      ...(captionText?.text ? { caption: captionText } : {}),
      ...(credit ? { credit } : {}),
      ...position,
    };
  }
}

/** A node, or its descendants but for one element inside it (a caption without its credit). */
function without(node: Node, excluded: Element): Node[] {
  if (node === excluded) return [];
  if (!node.contains(excluded)) return [node];
  return [...node.childNodes].flatMap((child) => without(child, excluded));
}

/** A rich text cut at an offset, trailing space dropped. */
function truncate(rich: RichText, to: number): RichText {
  const text = rich.text.slice(0, to).trimEnd();
  return {
    text,
    marks: rich.marks
      .map((mark) => ({ ...mark, to: Math.min(mark.to, text.length) }))
      .filter((mark) => mark.to > mark.from),
    at: rich.at,
  };
}

/**
 * A first paragraph that is only the byline ("By Mira Santos, Communications Office"), in any
 * of the languages `cleanByline` knows. One that says more (a dateline, a date) stays text.
 */
function takeBylineParagraph(blocks: SourceBlock[], known: string | undefined): string | undefined {
  const first = blocks[0];
  if (first?.kind !== 'paragraph') return undefined;
  const text = first.rich.text;
  const byline = bylineLine(text);
  if (!byline || text.split(/\s+/).length > 12 || /[“”«»„"\n]/u.test(text)) return undefined;
  if (known && known.toLowerCase() !== byline.toLowerCase()) return undefined;
  blocks.shift();
  return byline;
}

/**
 * The page, with where each node stands in it. jsdom cannot record that for some malformed
 * tables (text the parser moves out of a table): such a page is read without, and located by
 * its words.
 */
function parsePage(html: string): JSDOM {
  const { JSDOM } = libraries();
  const url = 'https://dispatch.invalid/';
  try {
    return new JSDOM(html, { url, includeNodeLocations: true });
  } catch {
    return new JSDOM(html, { url });
  }
}

/**
 * A saved web page as a story: Readability finds the article, and its elements map onto the
 * source model. Positions point at each block's first words in the saved page.
 */
export function parseHtmlSource(
  html: string,
  file: string,
  diagnostics = new Diagnostics(file),
): SourceStory {
  const dom = parsePage(html);
  try {
    const document = dom.window.document;
    const { base, ...facts } = readPageFacts(document);
    resolveLinks(document, base);
    resolveImages(document, base);
    keepQuoteAttributions(document);
    const { Readability } = libraries();
    const article = new Readability<Node>(document, {
      keepClasses: true,
      serializer: (node) => node,
    }).parse();
    const content = article?.content;
    if (!content || content.nodeType !== content.ELEMENT_NODE)
      throw new IngestError(file, 1, 1, 'no article found in this page');

    const reader = new PageReader(html, dom, diagnostics);
    const blocks = reader.blocks(content as Element);
    const related = takeRelated(blocks);
    // The page's own title repeated as its first heading is the headline, not a section.
    const first = blocks[0];
    if (first?.kind === 'heading' && facts.headline && first.text === facts.headline)
      blocks.shift();
    const byline = takeBylineParagraph(blocks, facts.byline) ?? facts.byline;
    if (blocks.length === 0) throw new IngestError(file, 1, 1, 'no article found in this page');
    return { ...facts, ...(byline ? { byline } : {}), blocks, related };
  } finally {
    dom.window.close();
  }
}
