/**
 * A model of how a Netlify-style static host applies `_redirects`, for testing the file the
 * build writes against the rules it is written from (src/server/page-rules.ts). No such host
 * runs in the tests, so this is our reading of Netlify's documented rules, kept small:
 *
 * - rules apply in order, the first that matches wins;
 * - a path is matched as the client wrote it, without trailing slashes: literal segments,
 *   `:name` for one segment, a final `*` for any rest (none included);
 * - `param=value` matches the first value of the parameter as written; `param=:name` any value
 *   but an empty one;
 * - a rule without `!` applies only where no file has the path (a host's "shadowing"), a file
 *   being the path's own, its folder's `index.html` or the path with `.html` (pretty URLs);
 * - a rule's target is a file (`200`, `404`); no rule, no file: the site's `/404.html`, 404.
 *
 * What a static host cannot do at all (a plain-text 404, keeping a file from its own URL) the
 * tests say where they use it.
 */
import { SITE_NOT_FOUND, type Answer } from '../../src/server/page-rules';

interface Rule {
  from: string[];
  query: [name: string, value: string][];
  to: string;
  status: 200 | 404;
  force: boolean;
}

function parse(redirects: string): Rule[] {
  return redirects
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [from = '', ...rest] = line.trim().split(/\s+/);
      const status = rest.pop() ?? '';
      const to = rest.pop() ?? '';
      const code = Number(status.replace(/!$/, ''));
      if (code !== 200 && code !== 404) throw new Error(`A status the model lacks: ${line}`);
      return {
        from: from.replace(/\/+$/, '').split('/'),
        query: rest.map((condition) => {
          const at = condition.indexOf('=');
          return [condition.slice(0, at), condition.slice(at + 1)];
        }),
        to,
        status: code,
        force: status.endsWith('!'),
      };
    });
}

function matchesPath(from: readonly string[], path: string): boolean {
  const segments = path.replace(/\/+$/, '').split('/');
  for (const [index, want] of from.entries()) {
    if (want === '*' && index === from.length - 1) return true;
    const have = segments[index];
    if (have === undefined || (!want.startsWith(':') && want !== have)) return false;
  }
  return segments.length === from.length;
}

function firstValue(query: string, name: string): string | null {
  for (const part of query.split('&')) {
    if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
  }
  return null;
}

function matchesQuery(conditions: Rule['query'], query: string): boolean {
  return conditions.every(([name, want]) => {
    const have = firstValue(query, name);
    return want.startsWith(':') ? Boolean(have) : have === want;
  });
}

/**
 * What the modelled host answers a GET of `path` (as written, percent-encoded) and `query`
 * (without `?`), where `has` says which files (decoded paths from the root) it holds.
 */
export function staticHostAnswer(
  redirects: string,
  has: (file: string) => boolean,
  path: string,
  query: string,
): Answer {
  const decoded = decodeURIComponent(path);
  const trimmed = decoded.replace(/\/+$/, '');
  const own = [decoded, `${trimmed}/index.html`, `${trimmed}.html`].find(
    (file) => !file.endsWith('/') && has(file),
  );
  for (const rule of parse(redirects)) {
    if (!matchesPath(rule.from, path) || !matchesQuery(rule.query, query)) continue;
    if (own !== undefined && !rule.force) continue;
    const target = decodeURIComponent(rule.to);
    if (has(target)) return { file: target, status: rule.status };
    break;
  }
  if (own !== undefined) return { file: own, status: 200 };
  // A static host's own convention, which the site's not-found page is named for.
  return { file: SITE_NOT_FOUND, status: 404 };
}
