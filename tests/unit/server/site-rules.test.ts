// @vitest-environment node
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDeployFiles } from '../../../src/build/deploy-files';
import { NGINX_CONFIG_FILE, renderNginxConfig } from '../../../src/server/nginx-config';
import {
  ASSETS_PREFIX,
  FEED_ATOM,
  FEED_JSON,
  HEADERS_JSON,
  HEADERS_NGINX,
  NOT_FOUND_FILE,
  SHELL_FILE,
  STATIC_HOST_HEADERS,
  STATIC_HOST_REDIRECTS,
  VARIANTS_DIR,
} from '../../../src/lib/site-files';
import {
  contentSecurityPolicy,
  contentType,
  inlineHashes,
  mergeHashes,
} from '../../../src/server/site-rules';

const hash = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('inline hashes', () => {
  it('hashes the exact text of inline scripts and styles, and nothing else', () => {
    const html = `<head><style>body{color:red}</style><script>alert(1)</script>
      <script type="module">import "x"</script>
      <script type="application/json" id="state">{"a":"<\\u002fscript>"}</script>
      <script type="application/ld+json">{}</script>
      <script type="module" crossorigin src="/assets/x.js"></script>
      <script data-land="a&amp;b">go()</script></head>`;
    expect(inlineHashes(html)).toEqual({
      scripts: [hash('alert(1)'), hash('import "x"'), hash('go()')],
      styles: [hash('body{color:red}')],
    });
    // The well-known hash of alert(1), so the encoding is the browser's.
    expect(hash('alert(1)')).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  });

  it('merges the pages of a build into one sorted, duplicate-free set', () => {
    const merged = mergeHashes([
      { scripts: ['b', 'a'], styles: ['s'] },
      { scripts: ['a'], styles: ['s', 'r'] },
    ]);
    expect(merged).toEqual({ scripts: ['a', 'b'], styles: ['r', 's'] });
  });
});

describe('the Content Security Policy', () => {
  const csp = contentSecurityPolicy({ scripts: ["'sha256-x'"], styles: ["'sha256-y'"] });
  const directive = (name: string) =>
    csp
      .split('; ')
      .find((part) => part.startsWith(`${name} `))
      ?.split(' ')
      .slice(1);

  it('allows inline code only by hash, and no eval', () => {
    expect(directive('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'sha256-x'"]);
    expect(directive('style-src')).toEqual(["'self'", "'sha256-y'"]);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  });

  it('locks down what Dispatch does not use, and enforces Trusted Types', () => {
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
    expect(directive('form-action')).toEqual(["'self'"]);
    expect(directive('require-trusted-types-for')).toEqual(["'script'"]);
    expect(directive('trusted-types')).toEqual(['default']);
  });
});

describe('media types', () => {
  it('names the feeds’ own types, and every other file’s by its extension', () => {
    expect(contentType(`/${FEED_ATOM}`)).toBe('application/atom+xml');
    expect(contentType(`/${FEED_JSON}`)).toBe('application/feed+json');
    expect(contentType('/content/articles/a.json')).toBe('application/json');
    expect(contentType('/articles/feed.json')).toBe('application/json');
    expect(contentType('/pagefind/x.pf_meta')).toBe('application/octet-stream');
  });
});

describe('deploy/nginx.conf', () => {
  it('is what the rules make (run `npm run deploy:nginx` after changing them)', () => {
    expect(readFileSync(NGINX_CONFIG_FILE, 'utf8')).toBe(renderNginxConfig());
  });
});

describe('the files a build writes for servers', () => {
  it('derives every server’s headers and a static host’s rules from the build', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'dispatch-deploy-'));
    try {
      const { csp, pages } = await writeDeployFiles(dist, {
        hashes: { scripts: [hash('one()'), hash('two()')].sort(), styles: [hash('a{}')] },
        pages: [
          '/',
          '/articles/a',
          '/articles/a/quotes',
          '/articles/a/quotes?speaker=jane-doe',
          `/articles/a/quotes?speaker=${encodeURIComponent('мария')}`,
        ],
        notFound: ['/articles/a/sections/__unknown__', '/articles/a/quotes/__unknown__'],
      });
      expect(pages).toBe(5);
      expect(csp).toContain(
        `script-src 'self' 'wasm-unsafe-eval' ${[hash('one()'), hash('two()')].sort().join(' ')};`,
      );
      expect(csp).toContain(`style-src 'self' ${hash('a{}')};`);

      const json = JSON.parse(readFileSync(join(dist, HEADERS_JSON), 'utf8'));
      expect(json.headers).toContainEqual(['Content-Security-Policy', csp]);
      const nginx = readFileSync(join(dist, HEADERS_NGINX), 'utf8');
      expect(nginx).toContain(`add_header Content-Security-Policy "${csp}" always;`);
      expect(nginx).toContain('add_header X-Content-Type-Options "nosniff" always;');

      const headers = readFileSync(join(dist, STATIC_HOST_HEADERS), 'utf8');
      expect(headers).toContain(`/*\n  Content-Security-Policy: ${csp}\n`);
      expect(headers).toContain(
        `${ASSETS_PREFIX}*\n  Cache-Control: public, max-age=31536000, immutable`,
      );
      // The feeds name their types: a static host may know neither.
      expect(headers).toContain(`/${FEED_ATOM}\n  Content-Type: application/atom+xml\n`);
      expect(headers).toContain(`/${FEED_JSON}\n  Content-Type: application/feed+json\n`);
      const redirects = readFileSync(join(dist, STATIC_HOST_REDIRECTS), 'utf8').split('\n');
      const variants = `/articles/a/quotes/${VARIANTS_DIR}/speaker`;
      expect(redirects).toContain(
        `/articles/a/quotes speaker=jane-doe ${variants}/jane-doe.html 200!`,
      );
      // The variant's file is named by the value as its URL carries it; the rule names its URL.
      const maria = encodeURIComponent('мария');
      expect(redirects).toContain(
        `/articles/a/quotes speaker=${maria} ${variants}/${encodeURIComponent(maria)}.html 200!`,
      );
      expect(redirects).toContain(`/articles/a/quotes speaker=:value /${SHELL_FILE} 200!`);
      expect(redirects).toContain(
        `/articles/a/sections /articles/a/sections/${NOT_FOUND_FILE} 404`,
      );
      expect(redirects).toContain(
        `/articles/a/sections/* /articles/a/sections/${NOT_FOUND_FILE} 404`,
      );
      expect(redirects).toContain(`/articles/a/quotes/* /articles/a/quotes/${NOT_FOUND_FILE} 404`);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
