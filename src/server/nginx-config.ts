/**
 * deploy/nginx.conf, written from site-rules.ts (headers, caching) and page-rules.ts (which page
 * answers a path with no file of its own): `npm run deploy:nginx` writes it, and a unit test
 * fails when the committed file differs from what this renders. The per-build part (the
 * CSP, whose hashes change with every build) is not in it: the build writes it as
 * `_server/headers.nginx`, which the config includes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HEADERS_NGINX,
  NOT_FOUND_FILE,
  SERVER_DIR,
  SHELL_FILE,
  STATIC_HOST_HEADERS,
  STATIC_HOST_REDIRECTS,
  VARIANTS_DIR,
} from '../lib/site-files.ts';
import {
  ENCODED_SLUG,
  FILE_EXTENSION,
  NOT_FOUND_FOLDERS,
  notFoundFile,
  pageIndex,
  routeRegExp,
  SHELL_ROUTE_PATTERNS,
  shellRouteRegExp,
  SITE_NOT_FOUND,
  VARIANT_PAGES,
  variantPath,
} from './page-rules.ts';
import {
  ALLOWED_METHODS,
  CONTENT_TYPES,
  DEFAULT_CONTENT_TYPE,
  FILE_CONTENT_TYPES,
  IMMUTABLE,
  IMMUTABLE_PREFIX,
  PRECOMPRESSED,
  REVALIDATE,
} from './site-rules.ts';

/** Where the config expects the build; a deployment (or a test) puts its own path here. */
export const NGINX_ROOT = '/srv/dispatch/dist';
export const NGINX_PORT = 8080;
export const NGINX_CONFIG_FILE = 'deploy/nginx.conf';

/**
 * Debian's brotli_static module (`libnginx-mod-http-brotli-static`), which sends the build's
 * `.br` copies. nginx refuses a directive no loaded module knows, and has no way to test for a
 * module: the lines that need it end with BROTLI_MARK, and a setup without the module drops
 * them (`withoutBrotli`; tests/support/nginx.ts does where the module is not installed).
 */
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
export const BROTLI_MARK = '# needs the brotli module';

/** The config without the lines that need the brotli module: brotli clients get gzip. */
export function withoutBrotli(config: string): string {
  return config
    .split('\n')
    .filter((line) => !line.endsWith(BROTLI_MARK))
    .join('\n');
}

function typesBlock(): string {
  const byType = new Map<string, string[]>();
  for (const [extension, type] of Object.entries(CONTENT_TYPES)) {
    const bare = type.replace(/;.*/, '');
    byType.set(bare, [...(byType.get(bare) ?? []), extension]);
  }
  return [...byType]
    .map(([type, extensions]) => `        ${type} ${extensions.join(' ')};`)
    .join('\n');
}

// text/html is one of nginx's own charset types already.
const charsetTypes = Object.values(CONTENT_TYPES)
  .filter((type) => type.includes('charset=utf-8'))
  .map((type) => type.replace(/;.*/, ''))
  .filter((type) => type !== 'text/html')
  .join(' ');

/** Files whose type is not their extension's (site-rules.ts), each in a location of its own. */
function fileTypeLocations(): string {
  return Object.entries(FILE_CONTENT_TYPES)
    .map(
      ([path, type]) => `
        # ${path}: ${type}, not its extension's type.
        location = ${path} {
            types {}
            default_type ${type};
            try_files $uri =404;
        }
`,
    )
    .join('');
}

/** A file name as it stands in an nginx regular expression. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * page-rules.ts's not-found rule as a map from the path: a missing file is a plain-text 404; a
 * path in a route family's folder gets its not-found page (the 404.html location hands on to
 * the site's when the build has none there); any other path the site's.
 */
function notFoundMap(): string {
  const families = NOT_FOUND_FOLDERS.map(
    (folder) => `        "~^(${routeRegExp(folder)})(?:/.*)?$" ${notFoundFile('$1')};`,
  );
  return `    map $uri $dispatch_missing {
        volatile;
        "~${FILE_EXTENSION}" @missing_file;
${families.join('\n')}
        default ${SITE_NOT_FOUND};
    }`;
}

/** The pages with variants, as the config can write them: one parameter a page, in a-z. */
function variantParams(): { pattern: string; param: string }[] {
  const patterns = new Set(VARIANT_PAGES.map(({ pattern }) => pattern));
  if (patterns.size !== VARIANT_PAGES.length) {
    throw new Error('nginx-config.ts writes one variant parameter per page');
  }
  for (const { param } of VARIANT_PAGES) {
    if (!/^[a-z]+$/.test(param)) throw new Error(`No nginx variable can be named for ${param}`);
  }
  return [...VARIANT_PAGES];
}

/**
 * page-rules.ts's variant rule as maps from the query string: its first value of the parameter,
 * as written (the page reads the first too); then what answers it, the variant when the value
 * is a slug as encodeURIComponent writes it (its file is named so: nginx does not decode a
 * query string), else the app shell; nothing for an empty value, which is the page itself.
 */
function variantMaps(): string {
  return variantParams()
    .map(
      ({ param }) => `    map $args $dispatch_arg_${param} {
        "~(?:^|&)${param}=([^&]*)" $1;
        default "";
    }

    map $dispatch_arg_${param} $dispatch_variant_${param} {
        "" "";
        "~${ENCODED_SLUG}" ${variantPath('$dispatch_page', param, `$dispatch_arg_${param}`)};
        default /${SHELL_FILE};
    }`,
    )
    .join('\n\n');
}

/** A page with variants: not found without its own page, else its variant, else the page. */
function variantLocations(): string {
  return variantParams()
    .map(
      ({ pattern, param }) => `        location ~ "^(?<dispatch_page>${routeRegExp(pattern)})/?$" {
            if (!-f $document_root${pageIndex('$dispatch_page')}) {
                return 404;
            }
            if ($dispatch_variant_${param}) {
                rewrite ^ $dispatch_variant_${param}? last;
            }
            try_files $uri $uri/index.html =404;
        }`,
    )
    .join('\n\n');
}

export function renderNginxConfig(): string {
  const methods = ALLOWED_METHODS.join('|');
  // The copies' names: asked for by name, a copy is a missing file.
  const copyName = `\\.(${PRECOMPRESSED.map(({ suffix }) => literal(suffix.slice(1))).join('|')})$`;
  const shellRoutes = SHELL_ROUTE_PATTERNS.map(
    (pattern) => `        location ~ "${shellRouteRegExp(pattern)}" {
            try_files /${SHELL_FILE} =404;
        }
`,
  ).join('');

  return `# Dispatch: nginx configuration for the production build.
#
# Written from src/server/site-rules.ts and src/server/page-rules.ts by \`npm run deploy:nginx\`:
# change the rules there, not here (a unit test fails when this file and the rules differ). The
# same rules make \`npm start\`'s server, and the ${STATIC_HOST_HEADERS} and ${STATIC_HOST_REDIRECTS} the build
# writes for static hosts.
#
# It serves the build (\`npm run build\`) from ${NGINX_ROOT}. The build writes
# ${HEADERS_NGINX} beside the pages: the security headers, with this build's Content
# Security Policy (it allows the build's inline scripts and styles by hash). Deploy the whole
# folder at once, then reload nginx.
#
#   nginx -t -c "$PWD/deploy/nginx.conf"
#
# With a distribution's nginx, take the maps and the server block into a file of
# /etc/nginx/conf.d/ instead (Debian's nginx.conf loads the modules installed).
#
# Brotli: Debian's libnginx-mod-http-brotli-static sends the build's .br copies. Where it is
# not installed, delete the lines that end "${BROTLI_MARK}" (nginx does not start
# with a directive no module knows): browsers that take brotli then get the gzip copies, about a
# sixth larger (React's chunk: 67.5 KB against 58.2 KB).
load_module ${BROTLI_MODULE}; ${BROTLI_MARK}

worker_processes auto;

events {
    worker_connections 1024;
}

http {
    types {
${typesBlock()}
    }
    default_type ${DEFAULT_CONTENT_TYPE};
    charset utf-8;
    charset_types ${charsetTypes};

    sendfile on;
    # nginx closes a keep-alive connection after 1,000 requests by default; under load a client
    # can have its next request on the wire as it closes, and sees a reset (bench:load did).
    keepalive_requests 100000;
    server_tokens off;
    absolute_redirect off;

    # Compressed once, by the build (src/build/precompress.ts): beside each text file of 256
    # bytes or more, its brotli copy (.br) and its gzip copy (.gz), each sent as it is, in place
    # of the file, to a request that takes its coding, with its own length and ETag. Nothing is
    # compressed on the fly: a file without a copy (a small one, or one that compression barely
    # shrinks, or a picture) is sent as it is. An encoded answer is sent whole, never a range.
    gzip_static on;
    gzip_vary on;
    brotli_static on; ${BROTLI_MARK}

    # Hashed build assets never change under their name; everything else is revalidated, and
    # so is any answer that is not the file itself.
    map "$status $uri" $dispatch_cache_control {
        volatile;
        "~^(200|206|304) ${IMMUTABLE_PREFIX}" "${IMMUTABLE}";
        default "${REVALIDATE}";
    }

    map $request_method $dispatch_allow {
${ALLOWED_METHODS.map((method) => `        ${method} "";`).join('\n')}
        default "${ALLOWED_METHODS.join(', ')}";
    }

    # What answers a path with no file of its own (src/server/page-rules.ts): a missing file is
    # a plain-text 404; a path in a route family's folder (an article's sections, its
    # quotations) gets the family's ${NOT_FOUND_FILE}; any other path the site's.
${notFoundMap()}

    # Query-string variants (src/server/page-rules.ts), read as the query string carries them.
${variantMaps()}

    server {
        listen ${NGINX_PORT};
        server_name _;
        root ${NGINX_ROOT};
        index index.html;
        recursive_error_pages on;
        error_page 404 $dispatch_missing;

        # Every response: the build's security headers (with its CSP), caching, and Allow on 405.
        # No location below adds a header of its own, so none of these is lost.
        include ${NGINX_ROOT}/${HEADERS_NGINX};
        add_header Cache-Control $dispatch_cache_control always;
        add_header Allow $dispatch_allow always;
        # Once the site is served over HTTPS only (listen 443 ssl, with certificates):
        # add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;

        if ($request_method !~ ^(${methods})$) {
            return 405;
        }

        # What the build writes for servers, not readers: not found. So are the precompressed
        # copies by their own name: a file is sent as its copy, a copy never as a file.
        location ~ ^/(${STATIC_HOST_HEADERS}|${STATIC_HOST_REDIRECTS}|${SERVER_DIR}(/.*)?)$ {
            return 404;
        }

        location ~ "${copyName}" {
            return 404;
        }

        # Pages with query-string variants, prerendered beside them: a known value gets its
        # variant, any other the app shell, which renders the page's "nothing matches" state.
${variantLocations()}

        # Stand-ins, answering only for other paths (missing by their own name): a variant, or
        # the app shell when there is none; a route family's ${NOT_FOUND_FILE}, or the site's.
        location ~ "/${literal(VARIANTS_DIR)}(?:/|$)" {
            internal;
            try_files $uri /${SHELL_FILE};
        }

        location ~ "/${literal(NOT_FOUND_FILE)}$" {
            internal;
            try_files $uri ${SITE_NOT_FOUND} =404;
        }
${shellRoutes}${fileTypeLocations()}
        # Files (hashed assets, JSON, icons, the search index): the file, or a plain-text 404.
        location ~ "${FILE_EXTENSION}" {
            try_files $uri =404;
        }

        # Pages: clean URLs, with or without a trailing slash; else the nearest ${NOT_FOUND_FILE}.
        location / {
            try_files $uri $uri/index.html $uri.html =404;
        }

        location @missing_file {
            types {}
            default_type text/plain;
            return 404 "Not found\\n";
        }
    }
}
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = resolve(NGINX_CONFIG_FILE);
  writeFileSync(file, renderNginxConfig());
  console.log(`wrote ${file}`);
}
