import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { vi } from 'vitest';

const publicDir = resolve(import.meta.dirname, '../../public');

export type Override = (url: string) => Response | Promise<Response> | undefined;

export function readPublicJson(path: string): unknown {
  return JSON.parse(readFileSync(resolve(publicDir, path.replace(/^\//, '')), 'utf8'));
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A `fetch` that serves `public/` like the real server, 404 for missing files; an override can
 * answer first (to break a document, fail the network, or serve a fixture).
 */
export function stubContentFetch(override?: Override) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const answer = await override?.(url);
    if (answer) return answer;
    const path = new URL(url, 'http://localhost').pathname;
    try {
      return jsonResponse(readPublicJson(decodeURIComponent(path)));
    } catch {
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    }
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
