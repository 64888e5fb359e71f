/**
 * Build step, after the pages are written: the Content Security Policy of this build (with the
 * hashes of the inline scripts and styles the prerender step wrote, so they can never drift)
 * and the files each kind of server reads it from. All derived from site-rules.ts:
 * - `_server/headers.json`: `npm start`'s server (site-server.ts);
 * - `_server/headers.nginx`: `add_header` lines that deploy/nginx.conf includes;
 * - `_headers` and `_redirects`: static hosts that read them (Netlify, Cloudflare Pages).
 * No server answers a request for any of them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ASSETS_PREFIX,
  HEADERS_JSON,
  HEADERS_NGINX,
  NOT_FOUND_FILE,
  SERVER_DIR,
  SERVICE_WORKER_FILE,
  SHELL_FILE,
  STATIC_HOST_HEADERS,
  STATIC_HOST_REDIRECTS,
  VARIANTS_DIR,
} from '../lib/site-files.ts';
import {
  cacheControl,
  contentSecurityPolicy,
  IMMUTABLE,
  securityHeaders,
  type InlineHashes,
  VARIANT_PARAMS,
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
  const headers = securityHeaders(csp).map(([name, value]) => [name, checkValue(value)] as const);

  await mkdir(join(distDir, SERVER_DIR), { recursive: true });
  await writeFile(join(distDir, HEADERS_JSON), `${JSON.stringify({ headers }, null, 2)}\n`);
  await writeFile(
    join(distDir, HEADERS_NGINX),
    [
      '# Written by the build (src/build/deploy-files.ts) for this build: its CSP holds the',
      '# hashes of the inline scripts and styles it wrote. Included by deploy/nginx.conf.',
      ...headers.map(([name, value]) => `add_header ${name} "${value}" always;`),
      '',
    ].join('\n'),
  );

  // Static hosts: every path gets the security headers; hashed assets are immutable and the
  // service worker is always revalidated. (A host's own default for the rest revalidates.)
  await writeFile(
    join(distDir, STATIC_HOST_HEADERS),
    [
      '/*',
      ...headers.map(([name, value]) => `  ${name}: ${value}`),
      `${ASSETS_PREFIX}*`,
      `  Cache-Control: ${IMMUTABLE}`,
      `/${SERVICE_WORKER_FILE}`,
      `  Cache-Control: ${cacheControl(`/${SERVICE_WORKER_FILE}`)}`,
      '',
    ].join('\n'),
  );

  // Query-string variants, one rule each (a host cannot test that a file exists); then any
  // other value gets the app shell. Unknown paths in a route family get its own 404 page.
  const variants = pages.flatMap((url) => {
    const { pathname, searchParams } = new URL(url, 'http://dispatch');
    const [entry] = [...searchParams];
    if (!entry) return [];
    const [param, value] = entry.map(encodeURIComponent) as [string, string];
    return [
      { page: pathname, param, file: `${pathname}/${VARIANTS_DIR}/${param}/${value}.html`, value },
    ];
  });
  const variantRules = variants.map(
    ({ page, param, value, file }) => `${page} ${param}=${value} ${file} 200!`,
  );
  const pagesWithVariants = [...new Set(variants.map(({ page }) => page))];
  const notFoundDirs = [
    ...new Set(notFound.map((url) => dirname(new URL(url, 'http://dispatch').pathname))),
  ];
  await writeFile(
    join(distDir, STATIC_HOST_REDIRECTS),
    [
      ...variantRules,
      ...pagesWithVariants.flatMap((page) =>
        VARIANT_PARAMS.map((param) => `${page} ${param}=:value /${SHELL_FILE} 200!`),
      ),
      ...notFoundDirs.map((dir) => `${dir}/* ${dir}/${NOT_FOUND_FILE} 404`),
      '',
    ].join('\n'),
  );
  return { csp, pages: pages.length };
}
