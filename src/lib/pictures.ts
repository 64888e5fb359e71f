/**
 * A story picture's files and how a page asks for them: the one place that knows the widths
 * the build makes, the file names, and the column a picture fills at each screen width. The
 * build (`build/pictures.ts`) writes what these name; the article's `<picture>`, the share
 * tags and the offline copies ask for them. Plain arithmetic, shared by the browser and Node.
 */
import type { Picture } from '../content/nodes';
import { pictureFile, type PictureFormat } from './picture-srcset.ts';
import { PICTURES_DIR } from './site-files.ts';

export * from './picture-srcset.ts';

/**
 * The widths the build makes, in pixels, and never wider than the original: the column's
 * width on a 360 px phone at 1×, the desktop column at 1× and 2×, and the phone's column at
 * 2× and 3× (see `PICTURE_SIZES`).
 */
export const PICTURE_WIDTHS = [360, 560, 840, 1120, 1680] as const;
const LARGEST_WIDTH = 1680;

/** The share picture's size: what Open Graph and X show a story's picture at. */
export const SHARE_PICTURE = { width: 1200, height: 630 } as const;

/**
 * The widths to make of a picture `original` pixels wide: the standard ones narrower than it,
 * then the original itself when the largest standard width would enlarge it.
 */
export function pictureWidths(original: number): number[] {
  const largest = Math.min(original, LARGEST_WIDTH);
  return [...PICTURE_WIDTHS.filter((width) => width < largest), largest];
}

/** The cropped share picture's file (1200×630 around the focal point). */
export function sharePictureFile(id: string): string {
  return `${PICTURES_DIR}/${id}-share.jpg`;
}

/** The CSS pixels a picture is shown at in a viewport `viewport` CSS pixels wide. */
export function shownWidth(viewport: number): number {
  return viewport >= 768 ? 560 : Math.min(viewport - 32, 504);
}

/**
 * The width a browser picks from the `srcset` for a slot `slot` CSS pixels wide at a device
 * pixel ratio `density`: the narrowest candidate at least as wide as the pixels needed, else
 * the widest. (Browsers may pick a narrower one they already hold; never a wider one.)
 */
export function chosenWidth(widths: readonly number[], slot: number, density: number): number {
  const needed = slot * density;
  const sorted = [...widths].sort((a, b) => a - b);
  return sorted.find((width) => width >= needed) ?? sorted[sorted.length - 1]!;
}

/** The picture id a file of `pictureFile` belongs to, from its URL path; else null. */
export function pictureIdOf(path: string): string | null {
  const match = /\/([0-9a-f]{16})-(?:\d+\.(?:avif|webp|jpg)|share\.jpg)$/.exec(path);
  return match ? match[1]! : null;
}

/**
 * The files a device shows pictures with, in the story column: for each, the width its
 * `srcset` gives at this viewport and pixel ratio, in the format the device takes first.
 */
export function picturesForDevice(
  pictures: readonly Picture[],
  device: { viewport: number; density: number; format: PictureFormat },
): string[] {
  const slot = shownWidth(device.viewport);
  return [
    ...new Set(
      pictures.map((picture) =>
        pictureFile(picture.id, chosenWidth(picture.widths, slot, device.density), device.format),
      ),
    ),
  ];
}

export interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The largest region of a `width`×`height` picture with the aspect ratio of `target`, placed so
 * that the focal point (fractions of the width and height) sits as near its middle as the
 * picture allows. Whole pixels, always inside the picture.
 */
export function focalCrop(
  width: number,
  height: number,
  target: { width: number; height: number },
  focus: { x: number; y: number } = { x: 0.5, y: 0.5 },
): Crop {
  const ratio = target.width / target.height;
  const cropWidth = Math.max(1, Math.min(width, Math.round(height * ratio)));
  const cropHeight = Math.max(1, Math.min(height, Math.round(cropWidth / ratio)));
  const place = (size: number, crop: number, at: number) =>
    Math.min(size - crop, Math.max(0, Math.round(at * size - crop / 2)));
  return {
    left: place(width, cropWidth, focus.x),
    top: place(height, cropHeight, focus.y),
    width: cropWidth,
    height: cropHeight,
  };
}
