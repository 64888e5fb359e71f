/**
 * The build's layout, named once: the files and folders that one part of Dispatch writes and
 * another finds by name. The build writes them (Vite's `assetsDir`, the prerender step, the
 * share cards, the service worker's build, the servers' files), the servers answer with them,
 * and the page and the service worker ask for them, all by these names. Plain constants, so
 * the browser, the service worker and Node can each import them.
 *
 * Names are relative to the build's root (`dist/`); a `_PREFIX` is the URL path at the site's
 * root, for the servers' rules (the browser adds the site's base URL itself).
 */

/** Vite's `build.assetsDir`: the content-hashed assets, cached for good by every server. */
export const ASSETS_DIR = 'assets';
export const ASSETS_PREFIX = `/${ASSETS_DIR}/`;

/** The share cards: hashed by what they show, so they live with the hashed assets. */
export const CARDS_DIR = `${ASSETS_DIR}/cards`;

/**
 * The story pictures the build makes from `content/images/` (lib/pictures.ts names each file):
 * hashed by their source and settings, so they live with the hashed assets too.
 */
export const PICTURES_DIR = `${ASSETS_DIR}/pictures`;

/**
 * The app shell: the page with no content of its own, which renders in the browser. Servers
 * answer with it what only the browser can render (an unknown `?speaker=`, say); the service
 * worker precaches it and answers with it offline.
 */
export const SHELL_FILE = 'shell.html';

/** A not-found page: the site's at the root, and a route family's own in its folder. */
export const NOT_FOUND_FILE = '404.html';

/**
 * The service worker's script. Its URL is also a contract with every browser that installed
 * it (a browser looks for updates at the URL it registered), so it never changes.
 */
export const SERVICE_WORKER_FILE = 'sw.js';

/** Folder, beside a prerendered page, that holds its query-string variants. */
export const VARIANTS_DIR = '_variants';

/** The routes only the browser renders, as patterns: the prerender step writes it for servers. */
export const SHELL_ROUTES_FILE = 'shell-routes.json';

/** What the build writes for servers, not readers: no server answers a request for any of it. */
export const SERVER_DIR = '_server';
export const HEADERS_JSON = `${SERVER_DIR}/headers.json`;
export const HEADERS_NGINX = `${SERVER_DIR}/headers.nginx`;
/** Static hosts' own files (Netlify, Cloudflare Pages): headers, and rewrites and 404s. */
export const STATIC_HOST_HEADERS = '_headers';
export const STATIC_HOST_REDIRECTS = '_redirects';

/**
 * The edition's feeds, for feed readers (build/feeds.ts): Atom 1.0 and JSON Feed 1.1, the
 * newest stories in full. Their URLs are a public contract with every reader subscribed.
 */
export const FEED_ATOM = 'feed.atom';
export const FEED_JSON = 'feed.json';
