/**
 * Build step, after the pages are written: the Content Security Policy of this build (hashes of
 * the inline scripts and styles it wrote, so they can never drift) and the files each kind of
 * server reads it from. All derived from site-rules.ts:
 * - `_server/headers.json`: `npm start`'s server (site-server.ts);
 * - `_server/headers.nginx`: `add_header` lines that deploy/nginx.conf includes;
 * - `_headers` and `_redirects`: static hosts that read them (Netlify, Cloudflare Pages).
 * No server answers a request for any of them.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  cacheControl,
  contentSecurityPolicy,
  HEADERS_JSON,
  HEADERS_NGINX,
  IMMUTABLE,
  inlineHashes,
  mergeHashes,
  securityHeaders,
  SERVER_DIR,
  VARIANT_PARAMS,
} from './site-rules.ts';
import { VARIANTS_DIR } from './variants.ts';

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** A path in the build as a URL path: `/`-separated, each segment percent-encoded. */
function urlPath(distDir: string, file: string): string {
  return `/${relative(distDir, file).split(sep).map(encodeURIComponent).join('/')}`;
}

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

export async function writeDeployFiles(distDir: string): Promise<DeployFiles> {
  const hashes = [];
  const variants: string[] = [];
  const notFoundDirs: string[] = [];
  let pages = 0;
  for await (const file of walk(distDir)) {
    if (!file.endsWith('.html') || file.startsWith(join(distDir, SERVER_DIR) + sep)) continue;
    pages += 1;
    hashes.push(inlineHashes(await readFile(file, 'utf8')));
    const path = urlPath(distDir, file);
    if (path.includes(`/${VARIANTS_DIR}/`)) variants.push(path);
    if (path.endsWith('/404.html') && path !== '/404.html') notFoundDirs.push(dirname(path));
  }
  const csp = contentSecurityPolicy(mergeHashes(hashes));
  const headers = securityHeaders(csp).map(([name, value]) => [name, checkValue(value)] as const);

  await mkdir(join(distDir, SERVER_DIR), { recursive: true });
  await writeFile(join(distDir, HEADERS_JSON), `${JSON.stringify({ headers }, null, 2)}\n`);
  await writeFile(
    join(distDir, HEADERS_NGINX),
    [
      '# Written by the build (src/server/deploy-files.ts) for this build: its CSP holds the',
      '# hashes of the inline scripts and styles it wrote. Included by deploy/nginx.conf.',
      ...headers.map(([name, value]) => `add_header ${name} "${value}" always;`),
      '',
    ].join('\n'),
  );

  // Static hosts: every path gets the security headers; hashed assets are immutable and the
  // service worker is always revalidated. (A host's own default for the rest revalidates.)
  await writeFile(
    join(distDir, '_headers'),
    [
      '/*',
      ...headers.map(([name, value]) => `  ${name}: ${value}`),
      '/assets/*',
      `  Cache-Control: ${IMMUTABLE}`,
      '/sw.js',
      `  Cache-Control: ${cacheControl('/sw.js')}`,
      '',
    ].join('\n'),
  );

  // Query-string variants, one rule each (a host cannot test that a file exists); then any
  // other value gets the app shell. Unknown paths in a route family get its own 404 page.
  const variantRules = variants.map((path) => {
    const match = new RegExp(`^(.*)/${VARIANTS_DIR}/([^/]+)/([^/]+)\\.html$`).exec(path);
    const [, page = '', param = '', value = ''] = match ?? [];
    return `${page || '/'} ${param}=${value} ${path} 200!`;
  });
  const pagesWithVariants = [
    ...new Set(variants.map((path) => path.slice(0, path.indexOf(`/${VARIANTS_DIR}/`)))),
  ];
  await writeFile(
    join(distDir, '_redirects'),
    [
      ...variantRules,
      ...pagesWithVariants.flatMap((page) =>
        VARIANT_PARAMS.map((param) => `${page} ${param}=:value /shell.html 200!`),
      ),
      ...notFoundDirs.map((dir) => `${dir}/* ${dir}/404.html 404`),
      '',
    ].join('\n'),
  );
  return { csp, pages };
}
