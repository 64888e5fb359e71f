/**
 * The prerender step (build time, Node): writes finished HTML for every route known at build
 * time, a static 404 page, and the app shell for routes that only exist in the browser. Each
 * page is a whole document (page-document.ts); the front page's replaces the `index.html` Vite
 * wrote, which nothing reads.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as v from 'valibot';
import type { Manifest } from 'vite';
import { STATE_ELEMENT_ID } from '../app/prerender-state.ts';
import { toArticle } from '../content/article.ts';
import { contentUrls } from '../content/fetchers.ts';
import { storyPageUrls } from '../content/story-urls.ts';
import { editionSchema } from '../content/edition.ts';
import { articleSchema } from '../content/schema.ts';
import { jsonForScript, renderHead } from '../lib/head-tags.ts';
import { paths } from '../lib/paths.ts';
import { cardImage, type ShareCard } from '../lib/share-card.ts';
import { absoluteUrl } from '../lib/site.ts';
import { NOT_FOUND_FILE, SHELL_FILE, SHELL_ROUTES_FILE } from '../lib/site-files.ts';
import { renderPage } from '../entry-server.tsx';
import { bootstrapScript, firstChunk, pageChunks } from './bootstrap-script.ts';
import {
  entryFiles,
  iconDataUrl,
  NOSCRIPT_MESSAGE,
  renderDocument,
  siteHead,
  type SiteHead,
  type Tag,
} from './page-document.ts';
import {
  fillRoute,
  NOT_FOUND_FOLDERS,
  notFoundFile,
  pageFile,
  SHELL_ROUTE_PATTERNS,
} from '../server/page-rules.ts';
import { inlineHashes, mergeHashes, type InlineHashes } from '../server/site-rules.ts';

export { writeShareCards } from './share-cards.ts';

/** What every page is made with: the build's files, from Vite's manifest, and the site's head. */
export interface Template {
  /** The entry's module script, as a URL. */
  entrySrc: string;
  /** The Vite manifest: which chunks a page preloads when the entry loads (pageChunks). */
  manifest: Manifest;
  /** The entry's stylesheets: URLs, for the shell's links, and text, for the other pages. */
  stylesheets: { href: string; css: string }[];
  /** The site's part of every page's head. */
  site: SiteHead;
}

/**
 * Reads what the pages are made with from the build: the entry's script and stylesheets from
 * Vite's manifest (never from the `index.html` Vite wrote), the icon from `favicon.svg`, which
 * the build copied from `public/`.
 */
async function readTemplate(distDir: string): Promise<Template> {
  const manifest = JSON.parse(
    await readFile(join(distDir, '.vite/manifest.json'), 'utf8'),
  ) as Manifest;
  const entry = entryFiles(manifest);
  if (entry.css.length === 0) throw new Error("Vite's manifest lists no stylesheet for the entry");
  const stylesheets = await Promise.all(
    entry.css.map(async (file) => ({
      href: `${import.meta.env.BASE_URL}${file}`,
      css: await readFile(join(distDir, file), 'utf8'),
    })),
  );
  const icon = iconDataUrl(await readFile(join(distDir, 'favicon.svg'), 'utf8'));
  return {
    entrySrc: `${import.meta.env.BASE_URL}${entry.script}`,
    manifest,
    stylesheets,
    site: siteHead(icon),
  };
}

/** What the page loads: the app after first paint, the app at once (the shell), or nothing. */
type Scripts = 'hydrate' | 'render' | 'none';

const LAND_SCRIPT = `(function(s){var t=s&&document.getElementById(s.getAttribute('data-land'));if(t)t.scrollIntoView()})(document.currentScript)`;

/**
 * A page's HTML. The stylesheet is inlined (it is small, and a request before first paint delays
 * LCP), except in the shell; there are no modulepreload links (they put all the JS in front of
 * LCP). How the entry loads depends on the page: after first paint for prerendered pages, at
 * once with its chunks preloaded for the shell, not at all for the static 404 pages.
 */
export function pageHtml(
  template: Template,
  page: {
    head: string;
    html: string;
    state?: unknown;
    scripts: Scripts;
    scrollTarget?: string;
    /** The on-demand route modules the page matched, whose chunks load with the entry. */
    modules?: readonly string[];
  },
): string {
  // The app's markup never holds a script or a stylesheet: every inline one a page has comes
  // from here, which is what lets the CSP's hashes be computed once (templateInlineHashes).
  if (/<(script|style)\b/i.test(page.html)) {
    throw new Error(
      'The rendered app holds an inline <script> or <style>, which the CSP would block',
    );
  }
  // No first paint before the page is whole. Chromium unblocks rendering when the expected
  // element's start tag is parsed, not its end (web-platform-tests element-render-blocking-040),
  // so the target is the first element after the app's markup: the state script where the
  // page has one, else `main`. A paint of half a header moved the search field as the links
  // after it came in; a paint of half a gallery grew a card's action row as its Share button
  // came in. Only where the HTML has the page's `main` (the shell renders it in the browser).
  const expectTarget = page.state === undefined ? 'main' : STATE_ELEMENT_ID;
  const expect = page.html.includes('<main id="main"') ? expectTarget : undefined;
  // A page with text inlines the stylesheet: a request for it would come before the text's
  // first paint. The shell has nothing to paint before its scripts run, so it links it, and
  // the browser parses it in a task of its own rather than in the document's first task.
  const styles: Tag[] = template.stylesheets.map(({ href, css }) =>
    page.scripts === 'render'
      ? { tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href } }
      : { tag: 'style', children: css },
  );
  const scripts: Tag[] = [];
  if (page.state !== undefined) {
    scripts.push({
      tag: 'script',
      attrs: { type: 'application/json', id: STATE_ELEMENT_ID },
      children: jsonForScript(page.state),
    });
  }
  if (page.scripts !== 'none') {
    // One loader for both: React's chunk, then the entry (bootstrap-script.ts). A prerendered
    // page waits until it has painted and the browser is idle, and preloads the on-demand route
    // it hydrates too; the shell paints nothing without the app, so it loads it at once.
    const hydrate = page.scripts === 'hydrate';
    scripts.push({
      tag: 'script',
      attrs: {
        'data-preload': JSON.stringify(
          pageChunks(template.manifest, import.meta.env.BASE_URL, hydrate ? page.modules : []),
        ),
        'data-first': firstChunk(template.manifest, import.meta.env.BASE_URL),
        ...(hydrate ? {} : { 'data-now': true as const }),
      },
      children: bootstrapScript(template.entrySrc),
    });
  }
  return renderDocument({
    site: template.site,
    head: page.head,
    expect,
    styles,
    html: page.html,
    // Lands a share page on its section as it loads, long before the app hydrates. The script
    // is the same on every page (the target is an attribute), so the CSP allows it by one hash.
    afterRoot: page.scrollTarget
      ? [{ tag: 'script', attrs: { 'data-land': page.scrollTarget }, children: LAND_SCRIPT }]
      : [],
    // Only the shell needs JavaScript to show anything.
    noscript: page.scripts === 'render' ? NOSCRIPT_MESSAGE : undefined,
    scripts,
  });
}

/**
 * The CSP hashes of every inline script and style a page can have: the site's head scripts and
 * noscript style, the inlined stylesheet, the bootstrap and the landing script. Computed from
 * pages written as pageHtml writes every page, so they are the very text the build writes.
 */
export function templateInlineHashes(template: Template): InlineHashes {
  const pages = (['hydrate', 'render', 'none'] as const).map((scripts) =>
    inlineHashes(pageHtml(template, { head: '', html: '', scripts, scrollTarget: 'x' })),
  );
  return mergeHashes(pages);
}

/** Serves `/content/...` from the build so the fetchers run unchanged at build time. */
export function serveContentFromDist(distDir: string) {
  // An article's every page reads its JSON: each file is read from disk once.
  const files = new Map<string, Promise<string>>();
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://prerender',
    );
    const path = join(distDir, decodeURIComponent(url.pathname));
    try {
      if (!files.has(path)) files.set(path, readFile(path, 'utf8'));
      const body = await files.get(path)!;
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

/**
 * Where a URL's HTML goes: its folder's `index.html`, or for a query-string variant (the quote
 * gallery's `?speaker=`) the file the servers answer the query with (server/page-rules.ts).
 * Null for a variant the servers answer with the app shell.
 */
export function outputFile(distDir: string, url: string): string | null {
  const file = pageFile(url);
  return file === null ? null : join(distDir, file);
}

async function write(file: string, contents: string) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, contents);
}

async function readJson(distDir: string, path: string): Promise<unknown> {
  return JSON.parse(await readFile(join(distDir, path), 'utf8'));
}

/** A path segment no route matches, to render the not-found page of a route family. */
const UNKNOWN_SEGMENT = '__unknown__';

/** The file a content URL is served from: the URL's path, decoded (slugs of any script). */
function contentPath(url: string): string {
  return decodeURIComponent(url.slice(import.meta.env.BASE_URL.length));
}

/**
 * Every URL known at build time: the front page and the edition's other pages, each story of
 * the edition, and each section's share page, gallery and quotation. Also the paths that get
 * their own not-found page.
 */
async function knownUrls(distDir: string): Promise<{ pages: string[]; notFound: string[] }> {
  const readPage = async (page: number) =>
    v.parse(editionSchema, await readJson(distDir, contentPath(contentUrls.editionPage(page))));
  const first = await readPage(1);
  const editions = [first];
  for (let page = 2; page <= first.pageCount; page += 1) editions.push(await readPage(page));

  const pages = [paths.home.build(), paths.saved.build(), paths.search.build()];
  for (let page = 1; page <= first.pageCount; page += 1) {
    pages.push(paths.editionPage.pattern.replace(':page', String(page)));
  }
  const notFound: string[] = [];
  const stories = [
    { slug: first.lead.slug, availability: 'full' },
    ...editions.flatMap((edition) => edition.stories),
  ];
  for (const story of stories) {
    if (story.availability !== 'full') {
      pages.push(paths.article.build(story.slug));
      continue;
    }
    const article = toArticle(
      v.parse(articleSchema, await readJson(distDir, contentPath(contentUrls.article(story.slug)))),
    );
    pages.push(...storyPageUrls(article));
    for (const folder of NOT_FOUND_FOLDERS) {
      notFound.push(`${fillRoute(folder, { slug: story.slug })}/${UNKNOWN_SEGMENT}`);
    }
  }
  return { pages, notFound };
}

export interface Job {
  url: string;
  /** A route family's own not-found page, written as the nearest 404.html. */
  notFound?: boolean;
}

/**
 * Renders and writes pages one at a time, so an edition of thousands of pages never holds
 * them all in memory. A family of routes (an article's sections) gets a 404 page of its own,
 * linking back to the article; the server answers an unknown path with the nearest 404.html.
 */
export async function renderJobs(
  distDir: string,
  template: Template,
  jobs: readonly Job[],
): Promise<ShareCard[]> {
  const cards: ShareCard[] = [];
  for (const { url, notFound } of jobs) {
    const file = notFound ? null : outputFile(distDir, url);
    if (!notFound && file === null) continue;
    const page = await renderPage(url);
    if (notFound) {
      if (page.status !== 404) throw new Error(`${url} should be a 404, answered ${page.status}`);
      await write(
        join(distDir, notFoundFile(decodeURIComponent(dirname(url)))),
        pageHtml(template, { head: renderHead(page.head), html: page.html, scripts: 'none' }),
      );
      continue;
    }
    if (page.status !== 200) throw new Error(`${url} answered ${page.status} at build time`);
    // A page that shares its story's picture needs no card.
    if (page.head.card && !page.head.photo) cards.push(cardImage(page.head.card).card);
    await write(
      file!,
      pageHtml(template, {
        head: renderHead(page.head),
        html: page.html,
        state: page.state,
        scripts: 'hydrate',
        scrollTarget: page.head.scrollTarget,
        modules: page.modules,
      }),
    );
  }
  return cards;
}

/** Below this many pages, starting workers costs more than it saves. */
const PARALLEL_FROM = 400;
/** What a worker (`prerender-worker.ts`) is given to render. */
export interface WorkerJob {
  distDir: string;
  template: Template;
  jobs: Job[];
}

/** Rendering is CPU-bound: a large edition is split across worker threads, one a core. */
async function renderInParallel(
  distDir: string,
  template: Template,
  jobs: readonly Job[],
  workerEntry: string | undefined,
) {
  const count = Math.min(availableParallelism(), 4);
  if (!workerEntry || jobs.length < PARALLEL_FROM || count < 2) {
    return renderJobs(distDir, template, jobs);
  }
  const shares = Array.from({ length: count }, (_, index) =>
    jobs.filter((_, jobIndex) => jobIndex % count === index),
  );
  const cards = await Promise.all(
    shares.map(
      (share) =>
        new Promise<ShareCard[]>((done, fail) => {
          const data: WorkerJob = { distDir, template, jobs: share };
          const worker = new Worker(workerEntry, { workerData: data });
          let found: ShareCard[] = [];
          worker.once('message', (message: ShareCard[]) => (found = message));
          worker.once('error', fail);
          worker.once('exit', (code) =>
            code === 0 ? done(found) : fail(new Error(`a prerender worker exited with ${code}`)),
          );
        }),
    ),
  );
  return cards.flat();
}

export async function prerenderSite({
  distDir,
  workerEntry,
}: {
  distDir: string;
  /** The built `prerender-worker.js`, for editions large enough to render in parallel. */
  workerEntry?: string;
}): Promise<{
  urls: string[];
  notFoundUrls: string[];
  cards: ShareCard[];
  inlineHashes: InlineHashes;
}> {
  distDir = resolve(distDir);
  serveContentFromDist(distDir);
  const template = await readTemplate(distDir);
  const { pages: urls, notFound: notFoundUrls } = await knownUrls(distDir);

  const notFound = await renderPage('/__dispatch-not-found__');
  await write(
    join(distDir, NOT_FOUND_FILE),
    pageHtml(template, {
      head: renderHead(notFound.head),
      html: notFound.html,
      scripts: 'none',
    }),
  );
  await write(
    join(distDir, SHELL_FILE),
    pageHtml(template, { head: '<title>Dispatch</title>', html: '', scripts: 'render' }),
  );

  const jobs: Job[] = [
    ...notFoundUrls.map((url) => ({ url, notFound: true })),
    ...urls.map((url) => ({ url })),
  ];
  const cards = await renderInParallel(distDir, template, jobs, workerEntry);

  await write(join(distDir, SHELL_ROUTES_FILE), `${JSON.stringify(SHELL_ROUTE_PATTERNS)}\n`);
  await write(
    join(distDir, 'sitemap.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
      .map((url) => `  <url><loc>${absoluteUrl(url)}</loc></url>`)
      .join('\n')}\n</urlset>\n`,
  );
  await write(
    join(distDir, 'robots.txt'),
    `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl('/sitemap.xml')}\n`,
  );
  return { urls, notFoundUrls, cards, inlineHashes: templateInlineHashes(template) };
}
