/**
 * Build step: the story pictures. Each file of `content/images/` a story's metadata names
 * (`images`) is described (its size after EXIF orientation, a placeholder to inline) and made
 * into AVIF, WebP and JPEG at the widths `lib/pictures.ts` gives, plus a 1200×630 share crop
 * around its focal point. A picture's id is a hash of its source file's name (itself a content
 * hash), the settings below and the focus, so its files never change under one name: they are
 * made once into a cache (`node_modules/.cache/dispatch-pictures`, like the share cards'),
 * with the description beside them, and a rebuild with a warm cache decodes nothing. The build
 * links the files the edition uses into `dist/assets/pictures/`.
 *
 * sharp does its work on libuv's thread pool, off the JavaScript thread, so a few pictures
 * made at once use a core each without worker threads (which would need a TypeScript loader:
 * the content step runs inside the client build, before any Node bundle exists). libvips' own
 * threads are held to one a picture meanwhile, so the pictures, not one picture's threads,
 * share the cores.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import type { Picture } from '../content/nodes.ts';
import type { IngestWarning } from '../ingest/errors.ts';
import {
  PICTURE_FORMATS,
  PICTURE_WIDTHS,
  SHARE_PICTURE,
  focalCrop,
  pictureFile,
  pictureWidths,
  sharePictureFile,
  type PictureFormat,
} from '../lib/pictures.ts';
import { PICTURES_DIR } from '../lib/site-files.ts';
import { filesBelow, linkOrCopy, removeFiles, writeWhole } from './files.ts';
import { eachLimited } from '../lib/limit.ts';

export interface Focus {
  x: number;
  y: number;
}

/**
 * Encoder settings. AVIF effort 1 (libaom speed 8): on a 2-core build machine a 1600 px
 * picture's five AVIF widths took about 0.4 s at effort 0–1, 0.6 s at 2, 0.9 s at 3 and
 * 3–5 s at sharp's default 4, one core each. Effort 3 made files 12–16% smaller than effort 1
 * (effort 2 barely smaller), but doubled the time: 3,000 pictures (the 1,000-story bench) would
 * take over half an hour cold. Each picture is made once and cached, so a newsroom can raise
 * it later (which renames every file). WebP effort 2 is as small as the default 4 here at a
 * third of the time. JPEG, the fallback few browsers take, uses mozjpeg (trellis quantisation,
 * progressive scans).
 */
const AVIF = { quality: 50, effort: 1 } as const;
const WEBP = { quality: 72, effort: 2 } as const;
const JPEG = { quality: 75, mozjpeg: true } as const;
const SHARE_JPEG = { quality: 80, mozjpeg: true } as const;

/** The placeholder's bound: a data URL inlined into the JSON and every page that shows it. */
export const PLACEHOLDER_MAX_BYTES = 300;
/** Tries, largest first: long side in pixels and WebP quality, until the data URL fits. */
const PLACEHOLDER_TRIES = [
  { size: 16, quality: 30 },
  { size: 16, quality: 10 },
  { size: 12, quality: 10 },
  { size: 8, quality: 5 },
  { size: 4, quality: 1 },
] as const;

/**
 * Everything a picture's files depend on besides its source and focus: a change here gives
 * every picture a new id, so no file under an old name ever changes.
 */
export const PICTURE_SETTINGS = JSON.stringify({
  // 2: a picture with transparency is set on white in every format, placeholder included.
  version: 2,
  widths: PICTURE_WIDTHS,
  formats: PICTURE_FORMATS.map((format) => format.extension),
  avif: AVIF,
  webp: WEBP,
  jpeg: JPEG,
  share: { ...SHARE_PICTURE, ...SHARE_JPEG },
  placeholder: { max: PLACEHOLDER_MAX_BYTES, tries: PLACEHOLDER_TRIES },
});

/** The folder the pictures are kept in between builds. */
export function pictureCacheDir(): string {
  return process.env.DISPATCH_PICTURE_CACHE ?? 'node_modules/.cache/dispatch-pictures';
}

/** A content folder's pictures: files named by their content hash (`npm run ingest` writes them). */
export const imagesDirOf = (contentDir: string) => join(contentDir, 'images');

/** A picture's id: the first 16 hex digits of a hash over its source, the settings and the focus. */
export function pictureId(file: string, focus?: Focus, settings = PICTURE_SETTINGS): string {
  return createHash('sha256')
    .update(`${file}\n${settings}\n${focus ? `${focus.x},${focus.y}` : 'centre'}`)
    .digest('hex')
    .slice(0, 16);
}

/** Every file of a picture, relative to the build's root (`assets/pictures/…`). */
export function pictureFiles(picture: Pick<Picture, 'id' | 'widths'>): string[] {
  return [
    ...picture.widths.flatMap((width) =>
      PICTURE_FORMATS.map((format) => pictureFile(picture.id, width, format.extension)),
    ),
    sharePictureFile(picture.id),
  ];
}

/** A file's name in the cache (the same as in `assets/pictures/`). */
const cacheName = (path: string) => path.slice(PICTURES_DIR.length + 1);
const descriptionName = (id: string) => `${id}.json`;

/** A picture as described, with the bytes its files add to the build. */
interface Description extends Picture {
  bytes: number;
}

type Pixels = { data: Buffer; info: OutputInfo };
const fromPixels = ({ data, info }: Pixels) =>
  sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

function encode(image: Sharp, format: PictureFormat): Sharp {
  switch (format) {
    case 'avif':
      return image.avif(AVIF);
    case 'webp':
      return image.webp(WEBP);
    case 'jpg':
      return image.jpeg({ ...JPEG, progressive: true });
  }
}

/** Writes a file whole or not at all: a build stopped halfway leaves no half picture. */
/** The smallest-looking placeholder that fits the bound: a few pixels, blurred, as WebP. */
export async function makePlaceholder(pixels: Pixels): Promise<string> {
  let smallest = '';
  for (const { size, quality } of PLACEHOLDER_TRIES) {
    const data = await fromPixels(pixels)
      .resize(size, size, { fit: 'inside' })
      .blur(0.6)
      .webp({ quality, effort: 6, smartSubsample: true })
      .toBuffer();
    const url = `data:image/webp;base64,${data.toString('base64')}`;
    if (url.length <= PLACEHOLDER_MAX_BYTES) return url;
    smallest = url;
  }
  throw new Error(`no placeholder fits ${PLACEHOLDER_MAX_BYTES} B (${smallest.length} B)`);
}

/**
 * Makes one picture's files and description into the cache. The source is decoded once,
 * turned upright (EXIF orientation) and into sRGB (sharp converts an embedded ICC profile),
 * and every file is encoded from those pixels; no metadata is written (sharp strips EXIF,
 * GPS included, unless asked to keep it, and this never asks).
 *
 * What is transparent is set on white, once, for every file: JPEG (the fallback, and the share
 * picture) has no transparency, so a browser that takes it showed white there anyway; the
 * placeholder sits behind the picture until it paints, and showed through a transparent
 * picture's clear parts as a blurred halo; and a diagram's dark lines on clear ground would
 * vanish on the dark theme's page.
 */
export async function makePicture(
  source: string,
  id: string,
  cacheDir: string,
  focus?: Focus,
): Promise<Description> {
  const pixels = await sharp(source)
    .rotate()
    .toColourspace('srgb')
    .flatten({ background: '#ffffff' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height } = pixels.info;
  const widths = pictureWidths(width);
  let bytes = 0;
  const save = async (path: string, data: Buffer) => {
    bytes += data.length;
    await writeWhole(join(cacheDir, cacheName(path)), data);
  };
  for (const target of widths) {
    const resized: Pixels =
      target === width
        ? pixels
        : await fromPixels(pixels)
            .resize({ width: target })
            .raw()
            .toBuffer({ resolveWithObject: true });
    for (const { extension } of PICTURE_FORMATS) {
      await save(
        pictureFile(id, target, extension),
        await encode(fromPixels(resized), extension).toBuffer(),
      );
    }
  }
  // The share picture: the crop around the focus, then scaled (up, for a small original).
  const crop = focalCrop(width, height, SHARE_PICTURE, focus);
  await save(
    sharePictureFile(id),
    await fromPixels(pixels)
      .extract(crop)
      .resize(SHARE_PICTURE.width, SHARE_PICTURE.height, { fit: 'fill' })
      .jpeg({ ...SHARE_JPEG, progressive: true })
      .toBuffer(),
  );
  const description: Description = {
    id,
    width,
    height,
    widths,
    placeholder: await makePlaceholder(pixels),
    ...(focus ? { focus: { x: focus.x, y: focus.y } } : {}),
    bytes,
  };
  // Last: a description in the cache means every file beside it is whole.
  await writeWhole(
    join(cacheDir, descriptionName(id)),
    Buffer.from(`${JSON.stringify(description)}\n`),
  );
  return description;
}

/** One picture a story's metadata names, and where, for a located warning. */
export interface PictureRequest {
  /** A file name in `content/images/`. */
  file: string;
  focus?: Focus;
  /** The metadata file that names it, and its key there. */
  metaFile: string;
  key: string;
}

export interface PictureStats {
  /** Distinct pictures described (a file with two foci is two). */
  pictures: number;
  /** Of those, made by this build; the rest came from the cache. */
  made: number;
  fromCache: number;
  /** Bytes every picture's files add up to. */
  bytes: number;
  /** Milliseconds of CPU the step took, over all threads. */
  cpuMs: number;
}

export interface PreparedPictures {
  /** A described picture, by its source file and focus (what a metadata file's entry holds). */
  lookup: (file: string, focus?: Focus) => Picture | undefined;
  /** What the sources name that could not be had, located at the metadata file. */
  warnings: IngestWarning[];
  stats: PictureStats;
}

/** Below this many pictures to make, one at a time: sharp's own threads share the cores. */
const PARALLEL_FROM = 4;

async function readDescription(file: string): Promise<Description | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Description;
  } catch {
    return undefined;
  }
}

/**
 * Describes and makes every requested picture into the cache. A file missing from
 * `content/images/` or that cannot be read as a picture never fails the build: it is reported,
 * located at each metadata file that names it, and has no picture.
 */
export async function preparePictures({
  imagesDir,
  cacheDir,
  requests,
}: {
  imagesDir: string;
  cacheDir: string;
  requests: readonly PictureRequest[];
}): Promise<PreparedPictures> {
  const cpuBefore = process.cpuUsage();
  if (requests.length === 0) {
    const stats = { pictures: 0, made: 0, fromCache: 0, bytes: 0, cpuMs: 0 };
    return { lookup: () => undefined, warnings: [], stats };
  }
  await mkdir(cacheDir, { recursive: true });
  const cached = new Set(await readdir(cacheDir));
  const byId = new Map<string, { file: string; focus?: Focus; requests: PictureRequest[] }>();
  for (const request of requests) {
    const id = pictureId(request.file, request.focus);
    const entry = byId.get(id) ?? { file: request.file, focus: request.focus, requests: [] };
    entry.requests.push(request);
    byId.set(id, entry);
  }

  const described = new Map<string, Description>();
  const failed = new Map<string, string>();
  const toMake: string[] = [];
  await eachLimited([...byId.keys()], 64, async (id) => {
    if (!cached.has(descriptionName(id))) return void toMake.push(id);
    const description = await readDescription(join(cacheDir, descriptionName(id)));
    // A cached description whose files were cleared away is made again.
    if (description && pictureFiles(description).every((path) => cached.has(cacheName(path))))
      described.set(id, description);
    else toMake.push(id);
  });
  const fromCache = described.size;

  const lanes = Math.min(availableParallelism(), 4);
  const parallel = toMake.length >= PARALLEL_FROM && lanes > 1;
  const threads = sharp.concurrency();
  if (parallel) sharp.concurrency(1);
  // Each source is decoded once and worked on as pixels: libvips' operation cache would only
  // hold memory (about 40 MB less at the peak without it, measured over two lanes).
  sharp.cache(false);
  try {
    await eachLimited(toMake, parallel ? lanes : 1, async (id) => {
      const { file, focus } = byId.get(id)!;
      const source = join(imagesDir, file);
      try {
        await stat(source);
      } catch {
        failed.set(id, `the picture file ${file} is not in content/images`);
        return;
      }
      try {
        described.set(id, await makePicture(source, id, cacheDir, focus));
      } catch (error) {
        failed.set(id, `the picture file ${file} cannot be read (${(error as Error).message})`);
      }
    });
  } finally {
    if (parallel) sharp.concurrency(threads);
    sharp.cache(true);
  }

  const warnings: IngestWarning[] = [];
  for (const [id, reason] of failed) {
    for (const request of byId.get(id)!.requests) {
      warnings.push({
        file: request.metaFile,
        line: 1,
        column: 1,
        message: `images.${request.key}: ${reason}; the figure is shown without it`,
      });
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  const pictures = new Map<string, Picture>();
  let bytes = 0;
  for (const [id, { bytes: size, ...picture }] of described) {
    pictures.set(id, picture);
    bytes += size;
  }
  return {
    lookup: (file, focus) => pictures.get(pictureId(file, focus)),
    warnings,
    stats: {
      pictures: described.size,
      made: described.size - fromCache,
      fromCache,
      bytes,
      cpuMs: (cpu.user + cpu.system) / 1000,
    },
  };
}

/**
 * Puts the pictures' files into the build, `<distDir>/assets/pictures/`, and removes those no
 * story shows any more (an earlier build's); resolves with the files shown and those added.
 */
export async function linkPictures({
  distDir,
  cacheDir,
  pictures,
}: {
  distDir: string;
  cacheDir: string;
  pictures: Iterable<Picture>;
}): Promise<{ files: number; added: number; removed: number }> {
  const folder = join(distDir, PICTURES_DIR);
  await mkdir(folder, { recursive: true });
  const paths = [...new Set([...pictures].flatMap((picture) => pictureFiles(picture)))];
  const present = new Set((await filesBelow(folder)).map((name) => `${PICTURES_DIR}/${name}`));
  const added = paths.filter((path) => !present.has(path));
  await eachLimited(added, 64, (path) =>
    linkOrCopy(join(cacheDir, cacheName(path)), join(distDir, path)),
  );
  const shown = new Set(paths);
  const stale = [...present].filter((path) => !shown.has(path));
  await removeFiles(distDir, stale);
  return { files: paths.length, added: added.length, removed: stale.length };
}
