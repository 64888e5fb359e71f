/**
 * What the page and the service worker agree on about saved stories' offline copies: one cache
 * holds every saved story's pages and JSON, keyed by URL, so the worker finds a copy by the
 * request alone and the page releases a story by its URLs.
 */
import { PICTURES_DIR } from './site-files';

export const SAVED_CACHE = 'dispatch-saved-v1';

/** The key a URL's copy is stored under: no fragment, and no trailing slash but the root's. */
export function savedCopyKey(url: string | URL, base?: string): string {
  const parsed = new URL(url, base);
  parsed.hash = '';
  if (parsed.pathname.length > 1) parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  return parsed.href;
}

/**
 * A saved story's picture is kept under its file's URL with the story's slug as `?story=`, so
 * releasing a story releases its pictures; the service worker finds it ignoring the query.
 */
export function pictureCopyKey(url: string | URL, slug: string, base?: string): string {
  const parsed = new URL(url, base);
  parsed.hash = '';
  parsed.search = `?story=${encodeURIComponent(slug)}`;
  return parsed.href;
}

const STORY_PAGE = /^\/articles\/([^/]+)/;
const STORY_JSON = /^\/content\/articles\/([^/]+)\.json$/;

/**
 * The story a saved copy belongs to: its pages live below `/articles/<slug>`, its JSON at
 * `/content/articles/<slug>.json`. `basePath` is the site's base URL path (`/` at the root).
 */
export function storySlugOf(url: string | URL, basePath = '/'): string | null {
  const { pathname } = new URL(url, 'http://localhost');
  if (!pathname.startsWith(basePath)) return null;
  const path = `/${pathname.slice(basePath.length)}`;
  if (path.startsWith(`/${PICTURES_DIR}/`)) {
    return new URL(url, 'http://localhost').searchParams.get('story') || null;
  }
  const match = STORY_PAGE.exec(path) ?? STORY_JSON.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
