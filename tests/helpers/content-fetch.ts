import { resolve } from 'node:path';
import { vi } from 'vitest';
import { generateContent } from '../../src/build/content-plugin';

/** The edition's JSON as the build makes it from `content/`. */
const generated = await generateContent(resolve(import.meta.dirname, '../../content'));

export type Override = (url: string) => Response | Promise<Response> | undefined;

/** A generated content document by its path (`content/articles/<slug>.json`), as parsed JSON. */
export function readPublicJson(path: string): unknown {
  const document = generated.get(path.replace(/^\/?content\//, ''));
  if (document === undefined) throw new Error(`no content at ${path}`);
  return structuredClone(document);
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A `fetch` that serves the generated content like the real server, 404 for missing files; an
 * override can answer first (to break a document, fail the network, or serve a fixture).
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
