/**
 * deploy/nginx.conf, written from site-rules.ts: `npm run deploy:nginx` writes it, and a unit
 * test fails when the committed file differs from what this renders. The per-build part (the
 * CSP, whose hashes change with every build) is not in it: the build writes it as
 * `_server/headers.nginx`, which the config includes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { paths } from '../lib/paths.ts';
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
  ALLOWED_METHODS,
  CONTENT_TYPES,
  DEFAULT_CONTENT_TYPE,
  IMMUTABLE,
  IMMUTABLE_PREFIX,
  REVALIDATE,
  SHELL_ROUTE_PATTERNS,
  shellRouteRegExp,
  VARIANT_PARAMS,
} from './site-rules.ts';

/** Where the config expects the build; a deployment (or a test) puts its own path here. */
export const NGINX_ROOT = '/srv/dispatch/dist';
export const NGINX_PORT = 8080;
export const NGINX_CONFIG_FILE = 'deploy/nginx.conf';

/** Compressed on the fly: every text type the build writes. */
const COMPRESSIBLE = [
  ...new Set(
    Object.values(CONTENT_TYPES)
      .filter((type) => /^(text\/|application\/(json|manifest\+json|xml)|image\/svg)/.test(type))
      .map((type) => type.replace(/;.*/, ''))
      .filter((type) => type !== 'text/html'), // nginx always compresses HTML when gzip is on.
  ),
].join(' ');

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

/** A file name as it stands in an nginx regular expression. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The gallery's route as an nginx regex with the page's path captured. */
function variantPageRegExp(): string {
  return `^(?<page>${paths.quotes.pattern.replace(/:[^/]+/g, '[^/]+')})/?$`;
}

export function renderNginxConfig(): string {
  const methods = ALLOWED_METHODS.join('|');
  const variantRules = VARIANT_PARAMS.map(
    (
      param,
    ) => `            # A value that is a slug, in ASCII or percent-encoded UTF-8 (no dot, slash or NUL).
            if ($arg_${param} ~ "^(?:[a-z0-9_-]|%[89A-Fa-f][0-9A-Fa-f])+$") {
                rewrite ^ $page/${VARIANTS_DIR}/${param}/$arg_${param}.html? last;
            }
            if ($args ~ "(^|&)${param}=") {
                rewrite ^ /${SHELL_FILE}? last;
            }`,
  ).join('\n');
  const shellRoutes = SHELL_ROUTE_PATTERNS.map(
    (pattern) => `        location ~ "${shellRouteRegExp(pattern)}" {
            try_files /${SHELL_FILE} =404;
        }
`,
  ).join('');

  return `# Dispatch: nginx configuration for the production build.
#
# Written from src/server/site-rules.ts by \`npm run deploy:nginx\`: change the rules there, not
# here (a unit test fails when this file and the rules differ). The same rules make
# \`npm start\`'s server and the static-host files (${STATIC_HOST_HEADERS}, ${STATIC_HOST_REDIRECTS}) the build writes.
#
# It serves the build (\`npm run build\`) from ${NGINX_ROOT}. The build writes
# ${HEADERS_NGINX} beside the pages: the security headers, with this build's Content
# Security Policy (it allows the build's inline scripts and styles by hash). Deploy the whole
# folder at once, then reload nginx.
#
#   nginx -t -c "$PWD/deploy/nginx.conf"
#
# With a distribution's nginx, take the maps and the server block into a file of
# /etc/nginx/conf.d/ instead.

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

    gzip on;
    gzip_vary on;
    gzip_min_length 256;
    gzip_types ${COMPRESSIBLE};
    # Brotli, where its module is installed (Debian: libnginx-mod-http-brotli-filter):
    # brotli on;
    # brotli_types ${COMPRESSIBLE};

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

    # The nearest ${NOT_FOUND_FILE} above a path: its route family's own (an article's sections, its
    # quotations), else the site's. A missing ${NOT_FOUND_FILE} hands on to the one above it.
    map $uri $dispatch_not_found {
        volatile;
        ~^(?<dir>.*)/[^/]+/${literal(NOT_FOUND_FILE)}$ $dir/${NOT_FOUND_FILE};
        ~^(?<dir>.*)/[^/]*$ $dir/${NOT_FOUND_FILE};
    }

    server {
        listen ${NGINX_PORT};
        server_name _;
        root ${NGINX_ROOT};
        index index.html;
        recursive_error_pages on;

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

        # What the build writes for servers, not readers.
        location ~ ^/(${STATIC_HOST_HEADERS}|${STATIC_HOST_REDIRECTS}|${SERVER_DIR}(/.*)?)$ {
            return 404;
        }

        # Query-string variants of a page, prerendered beside it; any other value gets the app
        # shell, which renders the page's "nothing matches" state.
        location ~ "${variantPageRegExp()}" {
${variantRules}
            try_files $uri $uri/index.html =404;
            error_page 404 $dispatch_not_found;
        }

        location ~ /${VARIANTS_DIR}/[^/]+/[^/]+\\.html$ {
            internal;
            try_files $uri /${SHELL_FILE};
        }
${shellRoutes}
        # Not-found pages, each handing on to the one above it.
        location ~ /${literal(NOT_FOUND_FILE)}$ {
            try_files $uri =404;
            error_page 404 $dispatch_not_found;
        }

        # Files (hashed assets, JSON, icons, the search index): the file, or a plain-text 404.
        location ~ "\\.[A-Za-z0-9]+$" {
            try_files $uri =404;
            error_page 404 @missing_file;
        }

        # Pages: clean URLs, with or without a trailing slash; else the nearest ${NOT_FOUND_FILE}.
        location / {
            try_files $uri $uri/index.html $uri.html =404;
            error_page 404 $dispatch_not_found;
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
