/**
 * The prerender step (build time, Node): writes finished HTML for every route known at build
 * time, a static 404 page, and the app shell for routes that only exist in the browser. Each
 * page is a whole document (page-document.ts); the front page's replaces the `index.html` Vite
 * wrote, which nothing reads.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as v from 'valibot';
import type { Manifest } from 'vite';
import { STATE_ELEMENT_ID } from '../app/prerender-state.ts';
import { toArticle } from '../content/article.ts';
import { CONTENT_DIR, contentPaths } from '../content/content-paths.ts';
import { storyPageUrls } from '../content/story-urls.ts';
import { editionSchema } from '../content/edition.ts';
import type { ArticleDocument } from '../content/schema.ts';
import { jsonForScript, renderHead } from '../lib/head-tags.ts';
import { paths } from '../lib/paths.ts';
import { cardImage, shareCardPath, type ShareCard } from '../lib/share-card.ts';
import { absoluteUrl, SITE_NAME, SITE_ORIGIN } from '../lib/site.ts';
import {
  FEED_ATOM,
  FEED_JSON,
  NOT_FOUND_FILE,
  SHELL_FILE,
  SHELL_ROUTES_FILE,
} from '../lib/site-files.ts';
import { renderPage } from '../entry-server.tsx';
import { pageFileOf, pageKey, type BuildState, type PageRecord } from './build-state.ts';
import { feedStories, makeFeeds } from './feeds.ts';
import { digest, removeFiles, writeIfChanged, writeWhole } from './files.ts';
import { pageCss } from './page-css.ts';
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
import { fillRoute, NOT_FOUND_FOLDERS, SHELL_ROUTE_PATTERNS } from '../server/page-rules.ts';
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
    site: siteHead(icon, import.meta.env.BASE_URL),
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
  // A page with text inlines the rules of the stylesheet its markup can use (page-css.ts): a
  // request for it would come before the text's first paint. The app loads the whole sheet
  // before it hydrates. The shell has nothing to paint before its scripts run, so it links the
  // sheet, and the browser parses it in a task of its own rather than in the document's first.
  const inline = page.scripts !== 'render';
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
        ...(hydrate
          ? { 'data-css': JSON.stringify(template.stylesheets.map(({ href }) => href)) }
          : { 'data-now': true as const }),
      },
      children: bootstrapScript(template.entrySrc),
    });
  }
  const parts = {
    site: template.site,
    head: page.head,
    expect,
    html: page.html,
    // Lands a share page on its section as it loads, long before the app hydrates. The script
    // is the same on every page (the target is an attribute), so the CSP allows it by one hash.
    afterRoot: page.scrollTarget
      ? [{ tag: 'script', attrs: { 'data-land': page.scrollTarget }, children: LAND_SCRIPT }]
      : [],
    // Only the shell needs JavaScript to show anything.
    noscript: page.scripts === 'render' ? NOSCRIPT_MESSAGE : undefined,
    scripts,
  };
  // The rules are chosen by the whole document's markup (the root element is the site's).
  const bare = inline ? renderDocument({ ...parts, styles: [] }) : '';
  const styles: Tag[] = template.stylesheets.map(({ href, css }) =>
    inline
      ? { tag: 'style', children: pageCss(css, bare) }
      : { tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href } },
  );
  return renderDocument({ ...parts, styles });
}

/**
 * The CSP hashes of every inline script and style every page has: the site's head scripts and
 * noscript style, the bootstrap and the landing script. Computed from pages written as pageHtml
 * writes every page, so they are the very text the build writes. The inlined rules of the
 * stylesheet differ from page to page: each page's hash is its own (`pageStyleHash`).
 */
export function templateInlineHashes(template: Template): InlineHashes {
  const bare = { ...template, stylesheets: [] };
  const pages = (['hydrate', 'render', 'none'] as const).map((scripts) =>
    inlineHashes(pageHtml(bare, { head: '', html: '', scripts, scrollTarget: 'x' })),
  );
  return mergeHashes(pages);
}

/** The content files (paths below `/content/`) read by the page rendering now. */
let reading: Set<string> | undefined;

/**
 * Serves `/content/...` from the build so the fetchers run unchanged at build time, and notes
 * each file a page reads as it renders: what the page is made from (renderJobs).
 */
export function serveContentFromDist(distDir: string) {
  // An article's every page reads its JSON: each file is read from disk once.
  const files = new Map<string, Promise<string>>();
  const contentRoot = `${import.meta.env.BASE_URL}${CONTENT_DIR}/`;
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://prerender',
    );
    const pathname = decodeURIComponent(url.pathname);
    if (pathname.startsWith(contentRoot)) reading?.add(pathname.slice(contentRoot.length));
    const path = join(distDir, pathname);
    try {
      if (!files.has(path)) files.set(path, readFile(path, 'utf8'));
      const body = await files.get(path)!;
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

/** A site path (`/assets/cards/…`) as a path within the build's folder. */
const withinBuild = (path: string) => path.replace(/^\/+/, '');

/** A path segment no route matches, to render the not-found page of a route family. */
const UNKNOWN_SEGMENT = '__unknown__';

/** The content document at a path below `/content/`, from the edition being built. */
type ContentSource = (path: string) => unknown;

/**
 * Every URL known at build time: the front page and the edition's other pages, each story of
 * the edition, and each section's share page, gallery and quotation. Also the paths that get
 * their own not-found page. Read from the content the build has in hand, not from disk.
 */
function knownUrls(content: ContentSource): { pages: string[]; notFound: string[] } {
  const readPage = (page: number) =>
    v.parse(editionSchema, content(contentPaths.editionPage(page)));
  const first = readPage(1);
  const editions = [first];
  for (let page = 2; page <= first.pageCount; page += 1) editions.push(readPage(page));

  const pages = [
    paths.home.build(),
    paths.saved.build(),
    paths.highlights.build(),
    paths.search.build(),
  ];
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
    // Not validated here: the build made it, and every page that renders it reads it through
    // the fetchers, which validate what they read (an unchanged story's pages did, before).
    const article = toArticle(content(contentPaths.article(story.slug)) as ArticleDocument);
    pages.push(...storyPageUrls(article));
    for (const folder of NOT_FOUND_FOLDERS) {
      notFound.push(`${fillRoute(folder, { slug: story.slug })}/${UNKNOWN_SEGMENT}`);
    }
  }
  return { pages, notFound };
}

export interface Job {
  /** The page's key in the build state: its URL, or `404 <url>` for a not-found page. */
  key: string;
  url: string;
  /** Its file, relative to the build's folder. */
  file: string;
  /** A route family's own not-found page, written as the nearest 404.html. */
  notFound?: boolean;
}

/** A page written, and what it was made from (build-state.ts's PageRecord, before hashing). */
export interface RenderedJob {
  key: string;
  file: string;
  /** The content files it read, below `/content/`, sorted. */
  reads: string[];
  /** The CSP hashes of its inline styles that not every page has: its stylesheet rules. */
  styles: string[];
  /** The share card it names, if it has one of its own. */
  card?: ShareCard;
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
): Promise<RenderedJob[]> {
  const done: RenderedJob[] = [];
  const siteStyles = new Set(templateInlineHashes(template).styles);
  for (const { key, url, file, notFound } of jobs) {
    const reads = new Set<string>();
    reading = reads;
    const page = await renderPage(url).finally(() => (reading = undefined));
    const expected = notFound ? 404 : 200;
    if (page.status !== expected) {
      throw new Error(`${url} answered ${page.status} at build time, not ${expected}`);
    }
    const html = notFound
      ? pageHtml(template, { head: renderHead(page.head), html: page.html, scripts: 'none' })
      : pageHtml(template, {
          head: renderHead(page.head),
          html: page.html,
          state: page.state,
          scripts: 'hydrate',
          scrollTarget: page.head.scrollTarget,
          modules: page.modules,
        });
    await writeWhole(join(distDir, file), html);
    const styles = inlineHashes(html).styles.filter((hash) => !siteStyles.has(hash));
    const record = { key, file, reads: [...reads].sort(), styles };
    // A page that shares its story's picture needs no card.
    const card =
      !notFound && page.head.card && !page.head.photo ? cardImage(page.head.card).card : undefined;
    done.push(card ? { ...record, card } : record);
  }
  return done;
}

/** Below this many pages, starting workers costs more than it saves. */
const PARALLEL_FROM = 400;
/** What a worker (`prerender-worker.ts`) is given to render. */
export interface WorkerJob {
  distDir: string;
  template: Template;
  jobs: Job[];
}

/** Rendering is CPU-bound: many pages are split across worker threads, one a core. */
async function renderInParallel(
  distDir: string,
  template: Template,
  jobs: readonly Job[],
  workerEntry: string | undefined,
): Promise<RenderedJob[]> {
  const count = Math.min(availableParallelism(), 4);
  if (!workerEntry || jobs.length < PARALLEL_FROM || count < 2) {
    return renderJobs(distDir, template, jobs);
  }
  const shares = Array.from({ length: count }, (_, index) =>
    jobs.filter((_, jobIndex) => jobIndex % count === index),
  );
  const rendered = await Promise.all(
    shares.map(
      (share) =>
        new Promise<RenderedJob[]>((done, fail) => {
          const data: WorkerJob = { distDir, template, jobs: share };
          const worker = new Worker(workerEntry, { workerData: data });
          let found: RenderedJob[] = [];
          worker.once('message', (message: RenderedJob[]) => (found = message));
          worker.once('error', fail);
          worker.once('exit', (code) =>
            code === 0 ? done(found) : fail(new Error(`a prerender worker exited with ${code}`)),
          );
        }),
    ),
  );
  return rendered.flat();
}

/** Why a page is rendered again: new, or which of what it read changed since. */
function whyRendered(
  previous: PageRecord | undefined,
  hashes: ReadonlyMap<string, string>,
  hashesBefore: Readonly<Record<string, string>>,
): string {
  if (!previous) return 'new pages';
  const changed = previous.reads.filter((path) => hashes.get(path) !== hashesBefore[path]);
  const story = changed.find((path) => path.startsWith('articles/'));
  if (story) return `story changed: ${story.slice('articles/'.length, -'.json'.length)}`;
  if (changed.some((path) => path.startsWith('edition/'))) return 'edition pages changed';
  return 'its content changed';
}

/** A hash of the content a page read, as it stands: equal means the page would not change. */
export function inputsOf(reads: readonly string[], hashes: ReadonlyMap<string, string>): string {
  return digest(reads.map((path) => `${path}\0${hashes.get(path) ?? 'missing'}`).join('\n'));
}

export interface PrerenderResult {
  urls: string[];
  notFoundUrls: string[];
  /** Every page of the edition, as the build state records it. */
  pages: Record<string, PageRecord>;
  /** The cards of the pages rendered now: the others' are in the build already. */
  cards: ShareCard[];
  /** The pages rendered, counted by why. */
  rendered: Map<string, number>;
  /** Files of pages the edition no longer has, removed. */
  removed: string[];
  /**
   * The site's other files (the 404 page, the shell, the sitemap, the feeds…) that changed,
   * written.
   */
  written: string[];
  inlineHashes: InlineHashes;
  /** What the build should warn of: the feeds' (characters removed, a story with no date). */
  warnings: string[];
}

/**
 * Writes every page of the edition whose inputs changed since `previous` (every page, without
 * it) and removes those of pages the edition no longer has. `content` is the edition's content
 * as the build wrote it below `dist/content/`, and `hashes` the hash of each file.
 */
export async function prerenderSite({
  distDir,
  workerEntry,
  content,
  hashes,
  previous,
}: {
  distDir: string;
  /** The built `prerender-worker.js`, for editions large enough to render in parallel. */
  workerEntry?: string;
  content: ReadonlyMap<string, unknown>;
  hashes: ReadonlyMap<string, string>;
  /** The last build's pages and content hashes; null for a full build. */
  previous: Pick<BuildState, 'pages' | 'content'> | null;
}): Promise<PrerenderResult> {
  distDir = resolve(distDir);
  serveContentFromDist(distDir);
  const template = await readTemplate(distDir);
  const { pages: urls, notFound: notFoundUrls } = knownUrls((path) => {
    if (!content.has(path)) throw new Error(`the edition has no content file ${path}`);
    return content.get(path);
  });

  const written: string[] = [];
  const writeSiteFile = async (file: string, contents: string) => {
    if (await writeIfChanged(join(distDir, file), contents)) written.push(file);
  };
  const notFound = await renderPage('/__dispatch-not-found__');
  const notFoundHtml = pageHtml(template, {
    head: renderHead(notFound.head),
    html: notFound.html,
    scripts: 'none',
  });
  await writeSiteFile(NOT_FOUND_FILE, notFoundHtml);
  await writeSiteFile(
    SHELL_FILE,
    pageHtml(template, { head: '<title>Dispatch</title>', html: '', scripts: 'render' }),
  );

  const all: Job[] = [
    ...notFoundUrls.map((url) => ({ key: pageKey(url, true), url, notFound: true })),
    ...urls.map((url) => ({ key: pageKey(url), url })),
  ].flatMap((job) => {
    const file = pageFileOf(job.key);
    return file === null ? [] : [{ ...job, file }];
  });
  const pages: Record<string, PageRecord> = {};
  const rendered = new Map<string, number>();
  const jobs: Job[] = [];
  for (const job of all) {
    const before = previous?.pages[job.key];
    if (before && before.file === job.file && inputsOf(before.reads, hashes) === before.inputs) {
      pages[job.key] = before;
      continue;
    }
    const why = previous ? whyRendered(before, hashes, previous.content) : 'all pages';
    rendered.set(why, (rendered.get(why) ?? 0) + 1);
    jobs.push(job);
  }
  const cards: ShareCard[] = [];
  for (const { key, file, reads, styles, card } of await renderInParallel(
    distDir,
    template,
    jobs,
    workerEntry,
  )) {
    pages[key] = { file, reads, inputs: inputsOf(reads, hashes), styles };
    if (card) {
      pages[key].card = withinBuild(shareCardPath(card));
      cards.push(card);
    }
  }
  // What an earlier build wrote for pages the edition no longer has.
  const current = new Set(Object.values(pages).map((page) => page.file));
  const removed = Object.entries(previous?.pages ?? {})
    .filter(([key, page]) => !(key in pages) && !current.has(page.file))
    .map(([, page]) => page.file);
  await removeFiles(distDir, removed);

  await writeSiteFile(SHELL_ROUTES_FILE, `${JSON.stringify(SHELL_ROUTE_PATTERNS)}\n`);
  await writeSiteFile(
    'sitemap.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
      .map((url) => `  <url><loc>${absoluteUrl(url)}</loc></url>`)
      .join('\n')}\n</urlset>\n`,
  );
  await writeSiteFile(
    'robots.txt',
    `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl('/sitemap.xml')}\n`,
  );
  // From the content in hand, as the sitemap: a clean build writes the same bytes.
  const feeds = makeFeeds(feedStories(content), { origin: SITE_ORIGIN, title: SITE_NAME });
  await writeSiteFile(FEED_ATOM, feeds.atom);
  await writeSiteFile(FEED_JSON, feeds.json);
  return {
    urls,
    notFoundUrls,
    pages,
    cards,
    rendered,
    removed,
    written,
    inlineHashes: mergeHashes([
      templateInlineHashes(template),
      inlineHashes(notFoundHtml),
      { scripts: [], styles: Object.values(pages).flatMap((page) => page.styles) },
    ]),
    warnings: feeds.warnings,
  };
}
