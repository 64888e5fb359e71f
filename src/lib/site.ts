export const SITE_NAME = 'Dispatch';

/**
 * The public origin for absolute URLs (canonical, Open Graph, JSON-LD, sitemap). One setting:
 * `VITE_SITE_ORIGIN` at build time, defaulting to the local server.
 */
export const SITE_ORIGIN = (import.meta.env.VITE_SITE_ORIGIN ?? 'http://127.0.0.1:4173').replace(
  /\/+$/,
  '',
);

export function absoluteUrl(path: string): string {
  return new URL(path, `${SITE_ORIGIN}/`).href;
}
