/**
 * Build step, after the pages are written: the Content Security Policy of this build (with the
 * hashes of the inline scripts and styles the prerender step wrote, so they can never drift)
 * and the files each kind of server reads it from. All derived from site-rules.ts, and
 * `_redirects` from page-rules.ts:
 * - `_server/headers.json`: `npm start`'s server (site-server.ts);
 * - `_server/headers.nginx`: `add_header` lines that deploy/nginx.conf includes;
 * - `_headers` and `_redirects`: static hosts that read them (Netlify, Cloudflare Pages).
 * No server answers a request for any of them.
 */
import { dirname, join } from 'node:path';
import { writeIfChanged } from './files.ts';
import { notFoundFile, pageFile, variantParamOf } from '../server/page-rules.ts';
import {
  ASSETS_PREFIX,
  HEADERS_JSON,
  HEADERS_NGINX,
  SERVICE_WORKER_FILE,
  SHELL_FILE,
  STATIC_HOST_HEADERS,
  STATIC_HOST_REDIRECTS,
} from '../lib/site-files.ts';
import {
  cacheControl,
  contentSecurityPolicy,
  contentType,
  FEED_FILES,
  IMMUTABLE,
  securityHeaders,
  type InlineHashes,
} from '../server/site-rules.ts';

/** nginx and `_headers` values are written in double quotes or bare: neither may hold one. */
function checkValue(value: string): string {
  if (/["\n\r]/.test(value))
    throw new Error(`A header value cannot hold quotes or newlines: ${value}`);
  return value;
}

export interface DeployFiles {
  csp: string;
  pages: number;
  /** The files that changed, written. */
  written: string[];
}

export interface BuiltPages {
  /** The hashes of every inline script and style of the pages (prerender.ts, templateInlineHashes). */
  hashes: InlineHashes;
  /** Every prerendered URL, query-string variants (`?speaker=`) included. */
  pages: readonly string[];
  /** URLs whose folder has a 404 page of its own (a route family's). */
  notFound: readonly string[];
}

/** Written from what the prerender step reports, not by reading thousands of pages back. */
export async function writeDeployFiles(
  distDir: string,
  { hashes, pages, notFound }: BuiltPages,
): Promise<DeployFiles> {
  const csp = contentSecurityPolicy(hashes);
  const written: string[] = [];
  const write = async (file: string, contents: string) => {
    if (await writeIfChanged(join(distDir, file), contents)) written.push(file);
  };
  const headers = securityHeaders(csp).map(([name, value]) => [name, checkValue(value)] as const);

  await write(HEADERS_JSON, `${JSON.stringify({ headers }, null, 2)}\n`);
  await write(
    HEADERS_NGINX,
    [
      '# Written by the build (src/build/deploy-files.ts) for this build: its CSP holds the',
      '# hashes of the inline scripts and styles it wrote. Included by deploy/nginx.conf.',
      ...headers.map(([name, value]) => `add_header ${name} "${value}" always;`),
      '',
    ].join('\n'),
  );

  // Static hosts: every path gets the security headers; hashed assets are immutable and the
  // service worker is always revalidated. (A host's own default for the rest revalidates.)
  // The feeds name their type: a host may know neither `.atom` nor the JSON Feed's.
  await write(
    STATIC_HOST_HEADERS,
    [
      '/*',
      ...headers.map(([name, value]) => `  ${name}: ${value}`),
      `${ASSETS_PREFIX}*`,
      `  Cache-Control: ${IMMUTABLE}`,
      `/${SERVICE_WORKER_FILE}`,
      `  Cache-Control: ${cacheControl(`/${SERVICE_WORKER_FILE}`)}`,
      ...FEED_FILES.flatMap((path) => [path, `  Content-Type: ${contentType(path)}`]),
      '',
    ].join('\n'),
  );

  await write(STATIC_HOST_REDIRECTS, redirects(pages, notFound));
  return { csp, pages: pages.length, written };
}

/** A file's URL path: its decoded path from the build's root, each segment encoded. */
const urlOf = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/**
 * `_redirects`: server/page-rules.ts written out for the files of this build, since a static
 * host cannot test that a file exists. First each variant (the value as its URL carries it),
 * then the app shell for any other value of a page with variants; then each route family's
 * not-found page, for its folder and everything in it. A host applies a rule without `!` only
 * where no file has the path; the site's own `404.html` answers the rest.
 */
export function redirects(pages: readonly string[], notFound: readonly string[]): string {
  const variants: string[] = [];
  const shells: string[] = [];
  for (const url of pages) {
    const { pathname, search, searchParams } = new URL(url, 'http://dispatch');
    const param = variantParamOf(decodeURIComponent(pathname));
    if (param === null) continue;
    const value = searchParams.get(param);
    const file = search === '' ? null : pageFile(url);
    if (search === '') shells.push(`${pathname} ${param}=:value /${SHELL_FILE} 200!`);
    else if (value && file !== null) {
      variants.push(`${pathname} ${param}=${encodeURIComponent(value)} ${urlOf(file)} 200!`);
    }
  }
  const folders = [
    ...new Set(notFound.map((url) => dirname(new URL(url, 'http://dispatch').pathname))),
  ];
  const notFoundRules = folders.flatMap((folder) => {
    const page = urlOf(notFoundFile(decodeURIComponent(folder)));
    return [`${folder} ${page} 404`, `${folder}/* ${page} 404`];
  });
  return [...variants, ...shells, ...notFoundRules, ''].join('\n');
}
