// @vitest-environment node
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PICTURE_SETTINGS,
  PLACEHOLDER_MAX_BYTES,
  linkPictures,
  makePlaceholder,
  pictureFiles,
  pictureId,
  preparePictures,
  type PictureRequest,
} from '../../../src/build/pictures';
import { pictureSchema } from '../../../src/content/schema';
import { pictureFile, sharePictureFile } from '../../../src/lib/pictures';

let work: string;
let images: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'dispatch-pictures-'));
  images = join(work, 'images');
  await mkdir(images);
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A fresh cache for one test. */
let caches = 0;
const freshCache = () => join(work, `cache-${(caches += 1)}`);

/** Noise over a gradient: hard to compress, as a photograph's grain is. */
function noisy(width: number, height: number, seed: number): Sharp {
  const data = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let index = 0; index < data.length; index += 1) {
    state = (state * 1664525 + 1013904223) >>> 0;
    data[index] = ((index / 3) % width) * (200 / width) + (state >>> 24) / 4;
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

async function saveImage(name: string, image: Sharp): Promise<string> {
  await writeFile(join(images, name), await image.toBuffer());
  return name;
}

const request = (file: string, extra: Partial<PictureRequest> = {}): PictureRequest => ({
  file,
  metaFile: '/content/stories/a-story.meta.json',
  key: `${file}-key`,
  ...extra,
});

async function prepare(requests: PictureRequest[], cacheDir = freshCache()) {
  return { cacheDir, ...(await preparePictures({ imagesDir: images, cacheDir, requests })) };
}

describe('a picture id', () => {
  it('is the same for the same file, settings and focus, and changes with either', () => {
    const id = pictureId('0123456789abcdef.jpg');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(pictureId('0123456789abcdef.jpg')).toBe(id);
    expect(pictureId('0123456789abcdef.jpg', undefined, PICTURE_SETTINGS)).toBe(id);
    expect(pictureId('fedcba9876543210.jpg')).not.toBe(id);
    expect(pictureId('0123456789abcdef.jpg', { x: 0.2, y: 0.5 })).not.toBe(id);
    expect(pictureId('0123456789abcdef.jpg', { x: 0.2, y: 0.5 })).not.toBe(
      pictureId('0123456789abcdef.jpg', { x: 0.3, y: 0.5 }),
    );
    expect(pictureId('0123456789abcdef.jpg', undefined, `${PICTURE_SETTINGS} avif q60`)).not.toBe(
      id,
    );
  });
});

// Encoding is CPU work: on a busy two-core machine one test can take several seconds.
describe('making pictures', { timeout: 60_000 }, () => {
  it('describes a picture turned upright by its EXIF orientation', async () => {
    // Stored 300×200, to be shown turned a quarter: 200 wide, 300 high.
    const file = await saveImage(
      'aaaaaaaaaaaaaaaa.jpg',
      noisy(300, 200, 1).jpeg().withMetadata({ orientation: 6 }),
    );
    const { lookup } = await prepare([request(file)]);
    const picture = lookup(file)!;
    expect(picture).toMatchObject({ width: 200, height: 300, widths: [200] });
    expect(v.is(pictureSchema, picture)).toBe(true);
  });

  it('makes every width below the original in AVIF, WebP and JPEG, none wider, each decoding to its size', async () => {
    const file = await saveImage('bbbbbbbbbbbbbbbb.png', noisy(1000, 500, 2).png());
    const { lookup, cacheDir } = await prepare([request(file)]);
    const picture = lookup(file)!;
    expect(picture.widths).toEqual([360, 560, 840, 1000]);
    for (const width of picture.widths) {
      for (const format of ['avif', 'webp', 'jpg'] as const) {
        const name = pictureFile(picture.id, width, format).split('/').pop()!;
        const meta = await sharp(join(cacheDir, name)).metadata();
        expect({ name, format: meta.format, width: meta.width, height: meta.height }).toEqual({
          name,
          format: format === 'jpg' ? 'jpeg' : format === 'avif' ? 'heif' : 'webp',
          width,
          height: Math.round((width * 500) / 1000),
        });
      }
    }
    const share = await sharp(
      join(cacheDir, sharePictureFile(picture.id).split('/').pop()!),
    ).metadata();
    expect([share.width, share.height]).toEqual([1200, 630]);
  });

  it('makes a large original at the standard widths only', async () => {
    const file = await saveImage('cccccccccccccccc.jpg', noisy(2400, 300, 3).jpeg());
    const { lookup } = await prepare([request(file)]);
    expect(lookup(file)!.widths).toEqual([360, 560, 840, 1120, 1680]);
  });

  it('sets a transparent picture on white in every file, so no placeholder shows through', async () => {
    // A dark square on clear ground, as a diagram or a logo is drawn.
    const file = await saveImage(
      'dddddddddddddddd.png',
      sharp({
        create: {
          width: 400,
          height: 400,
          channels: 4,
          background: { r: 0, g: 0, b: 0, alpha: 0 },
        },
      })
        .composite([
          {
            input: { create: { width: 200, height: 200, channels: 3, background: '#202020' } },
            left: 100,
            top: 100,
          },
        ])
        .png(),
    );
    const { lookup, cacheDir } = await prepare([request(file)]);
    const picture = lookup(file)!;
    const files = [
      ...picture.widths.flatMap((width) =>
        (['avif', 'webp', 'jpg'] as const).map((format) => pictureFile(picture.id, width, format)),
      ),
      sharePictureFile(picture.id),
    ].map((path): [string, string | Buffer] => {
      const name = path.split('/').pop()!;
      return [name, join(cacheDir, name)];
    });
    files.push(['placeholder', Buffer.from(picture.placeholder.split(',')[1]!, 'base64')]);
    for (const [name, input] of files) {
      const image = sharp(input);
      const { hasAlpha } = await image.metadata();
      // The corner was clear: it is white now (within the lossy codecs' error), in every file.
      const corner = await image.extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer();
      expect({ name, hasAlpha, white: [...corner].every((value) => value >= 248) }).toEqual({
        name,
        hasAlpha: false,
        white: true,
      });
    }
  });

  it('crops the share picture around the focus', async () => {
    // Red on the left half, blue on the right: a crop near either edge holds one colour.
    const halves = await sharp({
      create: { width: 4000, height: 600, channels: 3, background: '#ff0000' },
    })
      .composite([
        {
          input: { create: { width: 2000, height: 600, channels: 3, background: '#0000ff' } },
          left: 2000,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    await writeFile(join(images, 'dddddddddddddddd.png'), halves);
    const file = 'dddddddddddddddd.png';
    const { lookup, cacheDir } = await prepare([
      request(file, { focus: { x: 0.1, y: 0.5 } }),
      request(file, { focus: { x: 0.9, y: 0.5 } }),
    ]);
    const colours = async (focus: { x: number; y: number }) => {
      const id = lookup(file, focus)!.id;
      const { channels } = await sharp(
        join(cacheDir, sharePictureFile(id).split('/').pop()!),
      ).stats();
      return channels.map((channel) => [channel.min, channel.max]);
    };
    // JPEG keeps a flat colour within a few levels.
    const [red, green, blue] = await colours({ x: 0.1, y: 0.5 });
    expect(red![0]).toBeGreaterThan(240);
    expect(green![1]).toBeLessThan(15);
    expect(blue![1]).toBeLessThan(15);
    const [red2, , blue2] = await colours({ x: 0.9, y: 0.5 });
    expect(red2![1]).toBeLessThan(15);
    expect(blue2![0]).toBeGreaterThan(240);
  });

  it(`keeps every placeholder within ${PLACEHOLDER_MAX_BYTES} bytes, noisy ones too`, async () => {
    const shapes = [
      [800, 600],
      [1600, 100],
      [100, 1600],
      [64, 64],
      [3000, 2000],
    ] as const;
    for (const [index, [width, height]] of shapes.entries()) {
      const pixels = await noisy(width, height, index + 10)
        .raw()
        .toBuffer({ resolveWithObject: true });
      const url = await makePlaceholder(pixels);
      expect(url).toMatch(/^data:image\/webp;base64,/);
      expect(url.length).toBeLessThanOrEqual(PLACEHOLDER_MAX_BYTES);
      const decoded = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata();
      expect(Math.max(decoded.width, decoded.height)).toBeLessThanOrEqual(16);
    }
  });

  it('reuses the cache: a second build makes nothing and gives the same pictures', async () => {
    const files = [
      await saveImage('eeeeeeeeeeeeeeee.jpg', noisy(500, 400, 4).jpeg()),
      await saveImage('ffffffffffffffff.jpg', noisy(400, 500, 5).jpeg()),
    ];
    const cacheDir = freshCache();
    const first = await prepare(
      files.map((file) => request(file)),
      cacheDir,
    );
    expect(first.stats).toMatchObject({ pictures: 2, made: 2, fromCache: 0 });
    const before = (await readdir(cacheDir)).sort();
    const second = await prepare(
      files.map((file) => request(file)),
      cacheDir,
    );
    expect(second.stats).toMatchObject({ pictures: 2, made: 0, fromCache: 2 });
    expect(second.stats.bytes).toBe(first.stats.bytes);
    expect(second.lookup(files[0]!)).toEqual(first.lookup(files[0]!));
    expect((await readdir(cacheDir)).sort()).toEqual(before);
    // Another focus is another picture.
    const third = await prepare([request(files[0]!, { focus: { x: 0, y: 0 } })], cacheDir);
    expect(third.stats).toMatchObject({ made: 1 });
  });

  it('links the made files into the build, and removes those no story shows any more', async () => {
    const file = await saveImage('1111111111111111.jpg', noisy(400, 300, 6).jpeg());
    const other = await saveImage('2222222222222222.jpg', noisy(300, 200, 7).jpeg());
    const { lookup, cacheDir } = await prepare([request(file), request(other)]);
    const distDir = join(work, 'dist');
    const names = (path: string) =>
      pictureFiles(lookup(path)!).map((name) => name.split('/').pop());
    const both = await linkPictures({
      distDir,
      cacheDir,
      pictures: [lookup(file)!, lookup(other)!],
    });
    const count = names(file).length + names(other).length;
    expect(both).toEqual({ files: count, added: count, removed: 0 });
    // The next build shows one of them: the other's files go, the shown one's stay as they are.
    const again = await linkPictures({ distDir, cacheDir, pictures: [lookup(file)!] });
    expect(again).toEqual({ files: names(file).length, added: 0, removed: names(other).length });
    expect((await readdir(join(distDir, 'assets/pictures'))).sort()).toEqual(names(file).sort());
  });

  it('warns at the metadata file for a missing or unreadable file, and gives no picture', async () => {
    await writeFile(join(images, '2222222222222222.jpg'), 'not a picture at all');
    const { lookup, warnings, stats } = await prepare([
      request('3333333333333333.jpg', { key: 'photo.jpg' }),
      request('2222222222222222.jpg', { key: 'broken.jpg' }),
    ]);
    expect(lookup('3333333333333333.jpg')).toBeUndefined();
    expect(lookup('2222222222222222.jpg')).toBeUndefined();
    expect(stats.pictures).toBe(0);
    expect(warnings).toEqual([
      expect.objectContaining({
        file: '/content/stories/a-story.meta.json',
        line: 1,
        column: 1,
        message: expect.stringMatching(/^images\.photo\.jpg: .*3333333333333333\.jpg is not in/),
      }),
      expect.objectContaining({
        message: expect.stringMatching(/^images\.broken\.jpg: .*cannot be read/),
      }),
    ]);
  });
});

/** Whether a JPEG's segments before the image data hold an APP1 Exif segment. */
function jpegHasExif(data: Buffer): boolean {
  let at = 2;
  while (at + 4 <= data.length && data[at] === 0xff) {
    const marker = data[at + 1]!;
    if (marker === 0xda) return false;
    const length = data.readUInt16BE(at + 2);
    if (marker === 0xe1 && data.subarray(at + 4, at + 10).toString('latin1') === 'Exif\0\0')
      return true;
    at += 2 + length;
  }
  return false;
}

describe('privacy', { timeout: 60_000 }, () => {
  it('writes no EXIF, so a camera’s GPS position never reaches the build', async () => {
    const source = await noisy(900, 600, 7)
      .jpeg()
      .withExif({
        IFD0: { Make: 'Camera' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 30/1 0/1',
          GPSLongitudeRef: 'W',
          GPSLongitude: '0/1 7/1 0/1',
        },
      })
      .toBuffer();
    // The fixture does hold a GPS IFD (tag 0x8825, little-endian).
    const exif = (await sharp(source).metadata()).exif!;
    expect(exif.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(jpegHasExif(source)).toBe(true);

    await writeFile(join(images, '4444444444444444.jpg'), source);
    const { lookup, cacheDir } = await prepare([request('4444444444444444.jpg')]);
    const names = pictureFiles(lookup('4444444444444444.jpg')!).map((path) =>
      path.split('/').pop()!,
    );
    expect(names).toHaveLength(4 * 3 + 1); // 360, 560, 840 and 900 wide, and the share crop
    for (const name of names) {
      const data = await readFile(join(cacheDir, name));
      expect({ name, exif: (await sharp(data).metadata()).exif }).toEqual({
        name,
        exif: undefined,
      });
      if (name.endsWith('.jpg')) expect(jpegHasExif(data)).toBe(false);
    }
  });
});
