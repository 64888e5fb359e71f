/**
 * What a page's `<picture>` needs of a story picture's files: their formats, names, `srcset`
 * and `sizes`. Apart from the rest of `lib/pictures.ts` because the article view renders
 * pictures on the first load, and only this part is needed there.
 */
import type { Picture } from '../content/nodes';
import { PICTURES_DIR } from './site-files.ts';

/** The formats, best first: a browser takes the first it can show. JPEG is every browser's. */
export const PICTURE_FORMATS = [
  { extension: 'avif', type: 'image/avif' },
  { extension: 'webp', type: 'image/webp' },
  { extension: 'jpg', type: 'image/jpeg' },
] as const;

export type PictureFormat = (typeof PICTURE_FORMATS)[number]['extension'];

/** The URL path (below the site's base) of one of a picture's files. */
export function pictureFile(id: string, width: number, format: PictureFormat): string {
  return `${PICTURES_DIR}/${id}-${width}.${format}`;
}

/** A `srcset` of every width of one format, for URLs under `base` (the site's base path). */
export function pictureSrcset(picture: Picture, format: PictureFormat, base = '/'): string {
  return picture.widths
    .map((width) => `${base}${pictureFile(picture.id, width, format)} ${width}w`)
    .join(', ');
}

/**
 * How wide the story column shows a picture (`sizes`): the article's measure is 28em of the
 * body text, 18 px below 48rem (504 px) and 20 px from it (560 px), inside the main column's
 * 1rem padding either side. Kept in step with `styles/global.css` and `article.css`; the
 * e2e test checks the rendered width against it at both test widths.
 */
export const PICTURE_SIZES = '(min-width: 48rem) 560px, min(calc(100vw - 2rem), 504px)';
