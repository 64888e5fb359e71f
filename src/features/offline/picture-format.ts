import type { PictureFormat } from '../../lib/pictures';

/**
 * One-pixel pictures a browser either decodes or refuses: AVIF (281 B) and WebP (lossless).
 * Made with sharp; any valid file of the format would do.
 */
const PROBES: readonly { format: PictureFormat; type: string; base64: string }[] = [
  {
    format: 'avif',
    type: 'image/avif',
    base64:
      'AAAAHGZ0eXBhdmlmAAAAAG1pZjFhdmlmbWlhZgAAANZtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAACJpbG9jAAAAAERAAAEAAQAAAAAA+gABAAAAAAAAAB8AAAAjaWluZgAAAAAAAQAAABVpbmZlAgAAAAABAABhdjAxAAAAAA5waXRtAAAAAAABAAAAVmlwcnAAAAA4aXBjbwAAAAxhdjFDgSACAAAAABRpc3BlAAAAAAAAAAEAAAABAAAAEHBpeGkAAAAAAwgICAAAABZpcG1hAAAAAAAAAAEAAQOBAgMAAAAnbWRhdBIACgc4AAaQENBpMhIewmKk7///8WfgAJA2IJvX7LA=',
  },
  {
    format: 'webp',
    type: 'image/webp',
    base64: 'UklGRhoAAABXRUJQVlA4TA4AAAAvAAAAAAcQEf0PRET/Aw==',
  },
];

let best: Promise<PictureFormat> | undefined;

/**
 * The format this browser's `<picture>` takes first (the build's order: AVIF, WebP, JPEG), so a
 * saved story keeps the very files the page would ask for.
 */
export function bestPictureFormat(): Promise<PictureFormat> {
  best ??= (async () => {
    if (typeof createImageBitmap !== 'function') return 'jpg';
    for (const probe of PROBES) {
      const bytes = Uint8Array.from(atob(probe.base64), (char) => char.charCodeAt(0));
      try {
        (await createImageBitmap(new Blob([bytes], { type: probe.type }))).close();
        return probe.format;
      } catch {
        // Not this one: the next format may be.
      }
    }
    return 'jpg';
  })();
  return best;
}
