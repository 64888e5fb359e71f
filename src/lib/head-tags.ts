/**
 * The page head as tags: written into the HTML by the prerender step, and kept current in the
 * browser after navigation. Loaded on demand there (the prerendered head is already right).
 */
import type { PageHead } from './head';
import { SHARE_PICTURE, sharePictureFile } from './pictures';
import { cardImage } from './share-card';
import { absoluteUrl, SITE_NAME } from './site';

export interface HeadTag {
  tag: 'meta' | 'link' | 'script';
  attributes: Record<string, string>;
  text?: string;
}

export function documentTitle(head: PageHead): string {
  const title = head.title ? `${head.title} · ${SITE_NAME}` : SITE_NAME;
  return head.unseen ? `(${head.unseen}) ${title}` : title;
}

/** The tags besides `<title>`; the prerender step writes them and the client keeps them current. */
export function headTags(head: PageHead): HeadTag[] {
  const tags: HeadTag[] = [];
  const meta = (key: 'name' | 'property', name: string, content: string | undefined) => {
    if (content !== undefined) tags.push({ tag: 'meta', attributes: { [key]: name, content } });
  };
  const socialTitle = head.socialTitle ?? head.title ?? SITE_NAME;
  const image = head.photo
    ? {
        path: `/${sharePictureFile(head.photo.id)}`,
        type: 'image/jpeg',
        ...SHARE_PICTURE,
        alt: head.photo.alt,
      }
    : head.card && { ...cardImage(head.card), type: 'image/png' };
  const url = head.canonicalPath === undefined ? undefined : absoluteUrl(head.canonicalPath);

  meta('name', 'description', head.description);
  if (head.noindex) meta('name', 'robots', 'noindex');
  if (url) tags.push({ tag: 'link', attributes: { rel: 'canonical', href: url } });
  meta('property', 'og:site_name', SITE_NAME);
  meta('property', 'og:type', head.type ?? 'website');
  meta('property', 'og:title', socialTitle);
  meta('property', 'og:description', head.description);
  meta('property', 'og:url', url);
  if (image) {
    meta('property', 'og:image', absoluteUrl(image.path));
    meta('property', 'og:image:type', image.type);
    meta('property', 'og:image:width', String(image.width));
    meta('property', 'og:image:height', String(image.height));
    meta('property', 'og:image:alt', image.alt);
  }
  meta('name', 'twitter:card', image ? 'summary_large_image' : 'summary');
  meta('name', 'twitter:title', socialTitle);
  meta('name', 'twitter:description', head.description);
  if (image) {
    meta('name', 'twitter:image', absoluteUrl(image.path));
    meta('name', 'twitter:image:alt', image.alt);
  }
  if (head.jsonLd) {
    const jsonLd = image ? { ...head.jsonLd, image: [absoluteUrl(image.path)] } : head.jsonLd;
    tags.push({
      tag: 'script',
      attributes: { type: 'application/ld+json' },
      text: jsonForScript(jsonLd),
    });
  }
  return tags;
}

const HEAD_MARK = 'data-page-head';

/** Whether a written element is the tag, attribute for attribute (besides the mark). */
function isTag(element: Element, { tag, attributes }: HeadTag): boolean {
  const names = Object.keys(attributes);
  return (
    element.localName === tag &&
    element.attributes.length === names.length + 1 &&
    names.every((name) => element.getAttribute(name) === attributes[name])
  );
}

/**
 * Client side: replaces the tags the last page wrote (prerendered or not) with this page's.
 * Structured data is left out: it is for crawlers, which load each URL itself, and a script's
 * text is a Trusted Types sink the site's policy keeps closed (no string becomes a script).
 * Where the head is already this page's (a prerendered page, as it hydrates), nothing is
 * written: each write is work in the browser process, and the page keeps its structured data.
 */
export function applyHead(head: PageHead): void {
  const title = documentTitle(head);
  if (document.title !== title) document.title = title;
  const wanted = headTags(head).filter(({ tag }) => tag !== 'script');
  const current = [...document.head.querySelectorAll(`[${HEAD_MARK}]`)];
  const written = current.filter((element) => element.localName !== 'script');
  if (written.length === wanted.length && wanted.every((tag, i) => isTag(written[i]!, tag))) {
    return;
  }
  for (const element of current) element.remove();
  for (const { tag, attributes } of wanted) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.setAttribute(HEAD_MARK, '');
    document.head.append(element);
  }
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** JSON inside a `<script>`: no `<` can close the element early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** Server side: the same head as HTML. */
export function renderHead(head: PageHead): string {
  const tags = headTags(head).map(({ tag, attributes, text }) => {
    const attrs = Object.entries(attributes)
      .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
      .join('');
    if (tag === 'script') return `<script${attrs} ${HEAD_MARK}>${text ?? ''}</script>`;
    return `<${tag}${attrs} ${HEAD_MARK}>`;
  });
  return [`<title>${escapeText(documentTitle(head))}</title>`, ...tags].join('\n    ');
}
