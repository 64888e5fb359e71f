// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Picture } from '../../src/content/nodes';
import {
  chosenWidth,
  focalCrop,
  PICTURE_SIZES,
  PICTURE_WIDTHS,
  pictureFile,
  pictureIdOf,
  picturesForDevice,
  pictureSrcset,
  pictureWidths,
  SHARE_PICTURE,
  sharePictureFile,
  shownWidth,
} from '../../src/lib/pictures';

const picture = (width: number, height = Math.round(width / 1.5)): Picture => ({
  id: '0123456789abcdef',
  width,
  height,
  widths: pictureWidths(width),
  placeholder: 'data:image/webp;base64,AAAA',
});

describe('the widths made of a picture', () => {
  it('are the standard widths below the original, then the original or the largest', () => {
    expect(pictureWidths(2400)).toEqual([360, 560, 840, 1120, 1680]);
    expect(pictureWidths(1680)).toEqual([360, 560, 840, 1120, 1680]);
    expect(pictureWidths(1000)).toEqual([360, 560, 840, 1000]);
    expect(pictureWidths(560)).toEqual([360, 560]);
    expect(pictureWidths(200)).toEqual([200]);
  });

  it('never enlarge, ascend strictly, and always include one width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (original) => {
        const widths = pictureWidths(original);
        expect(widths.length).toBeGreaterThan(0);
        expect(Math.max(...widths)).toBe(Math.min(original, 1680));
        for (let i = 1; i < widths.length; i += 1)
          expect(widths[i]!).toBeGreaterThan(widths[i - 1]!);
      }),
    );
  });
});

describe('srcset and sizes', () => {
  it('name every width of a format under the base path', () => {
    expect(pictureSrcset(picture(1000), 'avif', '/news/')).toBe(
      '/news/assets/pictures/0123456789abcdef-360.avif 360w, /news/assets/pictures/0123456789abcdef-560.avif 560w, /news/assets/pictures/0123456789abcdef-840.avif 840w, /news/assets/pictures/0123456789abcdef-1000.avif 1000w',
    );
  });

  it('say the column is 560 px from 48rem and the viewport less 2rem (at most 504 px) below', () => {
    expect(PICTURE_SIZES).toBe('(min-width: 48rem) 560px, min(calc(100vw - 2rem), 504px)');
    expect(shownWidth(360)).toBe(328);
    expect(shownWidth(767)).toBe(504);
    expect(shownWidth(768)).toBe(560);
    expect(shownWidth(1440)).toBe(560);
  });

  it('give a phone and a desktop the candidate their pixels need', () => {
    const widths = pictureWidths(2400);
    // 360 px phone: 328 CSS px; at 1× 360, at 2× 656 → 840, at 3× 984 → 1120.
    expect(chosenWidth(widths, shownWidth(360), 1)).toBe(360);
    expect(chosenWidth(widths, shownWidth(360), 2)).toBe(840);
    expect(chosenWidth(widths, shownWidth(360), 3)).toBe(1120);
    // 1440 px desktop: 560 CSS px; at 1× 560, at 2× 1120.
    expect(chosenWidth(widths, shownWidth(1440), 1)).toBe(560);
    expect(chosenWidth(widths, shownWidth(1440), 2)).toBe(1120);
  });

  it('choose the narrowest width that covers the slot, else the widest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 320, max: 4000 }),
        fc.constantFrom(1, 1.5, 2, 2.625, 3),
        (original, viewport, density) => {
          const widths = pictureWidths(original);
          const needed = shownWidth(viewport) * density;
          const chosen = chosenWidth(widths, shownWidth(viewport), density);
          expect(widths).toContain(chosen);
          if (chosen >= needed) {
            expect(widths.filter((width) => width >= needed && width < chosen)).toEqual([]);
          } else {
            expect(chosen).toBe(Math.max(...widths));
          }
        },
      ),
    );
  });

  it('give the files a saved story keeps on this device, once each', () => {
    const files = picturesForDevice([picture(2400), picture(2400), picture(300)], {
      viewport: 360,
      density: 2,
      format: 'webp',
    });
    expect(files).toEqual([
      'assets/pictures/0123456789abcdef-840.webp',
      'assets/pictures/0123456789abcdef-300.webp',
    ]);
  });

  it('name files whose picture can be read back from the path', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{16}$/),
        fc.constantFrom(...PICTURE_WIDTHS),
        fc.constantFrom('avif' as const, 'webp' as const, 'jpg' as const),
        (id, width, format) => {
          expect(pictureIdOf(`/base/${pictureFile(id, width, format)}`)).toBe(id);
          expect(pictureIdOf(`/${sharePictureFile(id)}`)).toBe(id);
        },
      ),
    );
    expect(pictureIdOf('/assets/cards/0123456789abcdef.png')).toBeNull();
    expect(pictureIdOf('/assets/pictures/0123456789abcdef-360.svg')).toBeNull();
  });
});

describe('the focal-point crop', () => {
  it('keeps the focus in the middle where the picture allows, and stays inside it', () => {
    // 2400×1600 to 1200:630: full width, 1260 high; focus at the top edge → top 0.
    expect(focalCrop(2400, 1600, SHARE_PICTURE, { x: 0.5, y: 0 })).toEqual({
      left: 0,
      top: 0,
      width: 2400,
      height: 1260,
    });
    expect(focalCrop(2400, 1600, SHARE_PICTURE, { x: 0.5, y: 0.5 })).toEqual({
      left: 0,
      top: 170,
      width: 2400,
      height: 1260,
    });
    // A tall picture: full height, width 1600 × 1200/630 capped… portrait 900×1200 → 900 wide.
    expect(focalCrop(900, 1200, SHARE_PICTURE, { x: 0.5, y: 0.9 })).toEqual({
      left: 0,
      top: 727,
      width: 900,
      height: 473,
    });
    // A wide panorama: full height, focus on the left.
    expect(focalCrop(4000, 1000, SHARE_PICTURE, { x: 0.1, y: 0.5 })).toEqual({
      left: 0,
      top: 0,
      width: 1905,
      height: 1000,
    });
  });

  it('for any size and focus: inside the picture, the target ratio, as large as fits, centred on the focus where it can be', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (width, height, x, y) => {
          const crop = focalCrop(width, height, SHARE_PICTURE, { x, y });
          expect(crop.left).toBeGreaterThanOrEqual(0);
          expect(crop.top).toBeGreaterThanOrEqual(0);
          expect(crop.left + crop.width).toBeLessThanOrEqual(width);
          expect(crop.top + crop.height).toBeLessThanOrEqual(height);
          expect(Number.isInteger(crop.left + crop.top + crop.width + crop.height)).toBe(true);
          // As large as fits: one side is the picture's whole side (rounding aside).
          expect(crop.width === width || crop.height === height).toBe(true);
          // The ratio, within a pixel of rounding on the shorter side.
          const ratio = SHARE_PICTURE.width / SHARE_PICTURE.height;
          if (crop.width > 2 && crop.height > 2) {
            expect(Math.abs(crop.width - crop.height * ratio)).toBeLessThanOrEqual(ratio + 1);
          }
          // The focus is inside the crop, and in its middle unless an edge stops it.
          const fx = x * width;
          const fy = y * height;
          const centreX = crop.left + crop.width / 2;
          const centreY = crop.top + crop.height / 2;
          if (crop.left > 0 && crop.left + crop.width < width) {
            expect(Math.abs(centreX - fx)).toBeLessThanOrEqual(1);
          }
          if (crop.top > 0 && crop.top + crop.height < height) {
            expect(Math.abs(centreY - fy)).toBeLessThanOrEqual(1);
          }
          expect(fx).toBeGreaterThanOrEqual(crop.left - 1);
          expect(fx).toBeLessThanOrEqual(crop.left + crop.width + 1);
          expect(fy).toBeGreaterThanOrEqual(crop.top - 1);
          expect(fy).toBeLessThanOrEqual(crop.top + crop.height + 1);
        },
      ),
    );
  });
});
