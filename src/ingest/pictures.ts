/**
 * A story's pictures, had by `npm run ingest` (the build never downloads): a file beside the
 * source (a saved page's `<name>_files/`, a Markdown story's `images/`), else the address the
 * page published it at. The bytes themselves must be a JPEG, PNG, WebP, AVIF or GIF picture,
 * whatever the name or the server says: anything else served from our origin could be a page
 * or a script. Each is kept in `content/images/` under its content hash, so the same picture is
 * stored once and a file's name says what it holds.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { PictureReference } from './source.ts';

export type PictureExtension = 'jpg' | 'png' | 'webp' | 'avif' | 'gif';

/** What the bytes are: the format's file extension, and the size a reader sees (EXIF orientation applied). */
export interface SniffedPicture {
  extension: PictureExtension;
  width: number;
  height: number;
}

/** Why a picture could not be had, in words for the editor's warning. */
export class PictureUnavailable extends Error {
  override name = 'PictureUnavailable';
}

export const NOT_A_PICTURE = 'not a picture (the bytes are not JPEG, PNG, WebP, AVIF or GIF)';
export const SVG_REFUSED = 'an SVG picture is refused: served from our origin it could run script';

const startsWith = (bytes: Uint8Array, at: number, signature: string) =>
  bytes.length >= at + signature.length &&
  [...signature].every((char, index) => bytes[at + index] === char.charCodeAt(0));

/** An ISO BMFF file's brands (`ftyp`): AVIF is marked `avif` (a still) or `avis` (a sequence). */
function isAvifBox(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, 4, 'ftyp')) return false;
  const size = Math.min(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), bytes.length);
  for (let at = 8; at + 4 <= size; at += 4) {
    if (startsWith(bytes, at, 'avif') || startsWith(bytes, at, 'avis')) return true;
  }
  return false;
}

/** The format the first bytes announce; libvips sees only what passes this. */
function magicExtension(bytes: Uint8Array): PictureExtension | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (startsWith(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'webp';
  if (bytes.length >= 12 && isAvifBox(bytes)) return 'avif';
  return undefined;
}

/** An SVG document: XML whose first element is `<svg`, after any declaration, comment or doctype. */
function isSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^(?:\s|<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg[^>]*>)*<svg[\s>/]/i.test(head);
}

/** What libvips calls each accepted format (AVIF is HEIF compressed with AV1). */
const LIBVIPS_FORMATS: Record<PictureExtension, string> = {
  jpg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'heif',
};

/**
 * What each picture checked by this process was found to be, by its content hash: a newsroom's
 * agency pictures recur across stories, and an ingest of many stories decodes each once.
 */
const sniffed = new Map<string, Promise<SniffedPicture>>();

/**
 * Checks that bytes are a whole JPEG, PNG, WebP, AVIF or GIF picture, by the bytes alone: the
 * magic number first (so SVG, HTML and text never reach libvips), then libvips decodes every
 * pixel (a file cut short has a readable header). Throws `PictureUnavailable` otherwise.
 */
export function sniffPicture(bytes: Uint8Array): Promise<SniffedPicture> {
  const hash = createHash('sha256').update(bytes).digest('hex');
  let found = sniffed.get(hash);
  if (!found) sniffed.set(hash, (found = decodePicture(bytes)));
  return found;
}

async function decodePicture(bytes: Uint8Array): Promise<SniffedPicture> {
  const extension = magicExtension(bytes);
  if (!extension) throw new PictureUnavailable(isSvg(bytes) ? SVG_REFUSED : NOT_A_PICTURE);
  const image = sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const metadata = await image
    .metadata()
    .then(async (metadata) => {
      // Every pixel decoded: a file cut short can have a header that reads well.
      await image.stats();
      return metadata;
    })
    .catch((error: Error) => {
      const reason = error.message.split('\n')[0];
      throw new PictureUnavailable(`a damaged or incomplete picture (${reason})`);
    });
  const isAv1 = extension !== 'avif' || metadata.compression === 'av1';
  if (metadata.format !== LIBVIPS_FORMATS[extension] || !isAv1) {
    throw new PictureUnavailable(NOT_A_PICTURE);
  }
  const { width, height } = metadata.autoOrient;
  return { extension, width, height };
}

// ---------------------------------------------------------------------------------------------
// Downloading

export interface PictureLimits {
  /** The largest picture accepted, in bytes. */
  maxBytes: number;
  /** How long one download may take, from the request to the last byte. */
  timeoutMs: number;
}

export const DEFAULT_PICTURE_LIMITS: PictureLimits = { maxBytes: 25_000_000, timeoutMs: 20_000 };

/** The limits, from `DISPATCH_PICTURE_MAX_BYTES` and `DISPATCH_PICTURE_TIMEOUT_MS` where set. */
export function pictureLimits(env: NodeJS.ProcessEnv = process.env): PictureLimits {
  const read = (name: string, fallback: number) => {
    const value = env[name]?.trim();
    if (!value) return fallback;
    if (!/^[1-9]\d*$/.test(value)) throw new Error(`${name} must be a positive whole number`);
    return Number(value);
  };
  return {
    maxBytes: read('DISPATCH_PICTURE_MAX_BYTES', DEFAULT_PICTURE_LIMITS.maxBytes),
    timeoutMs: read('DISPATCH_PICTURE_TIMEOUT_MS', DEFAULT_PICTURE_LIMITS.timeoutMs),
  };
}

/** A size in the words an editor reads: "25 MB", "800 kB", "512 bytes". */
function sizeInWords(bytes: number): string {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
  if (bytes >= 1_000) return `${Number((bytes / 1_000).toFixed(1))} kB`;
  return `${bytes} bytes`;
}

const tooLarge = (limits: PictureLimits) =>
  new PictureUnavailable(`larger than the ${sizeInWords(limits.maxBytes)} limit`);

const MAX_REDIRECTS = 5;
const isHttp = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';

/** Requests the address, following redirects by hand, so that each must stay http(s). */
async function request(address: string, signal: AbortSignal): Promise<Response> {
  let url = new URL(address);
  for (let hops = 0; ; hops += 1) {
    if (!isHttp(url)) {
      throw new PictureUnavailable(`redirected to a ${url.protocol} address, not http(s)`);
    }
    const response = await fetch(url, {
      redirect: 'manual',
      signal,
      headers: { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1' },
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    if (hops === MAX_REDIRECTS) throw new PictureUnavailable('more than 5 redirects');
    url = new URL(location, url);
  }
}

/** The body, never more than the limit: the download stops as soon as it passes it. */
async function readLimited(response: Response, limits: PictureLimits): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    throw tooLarge(limits);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      // Leaving the loop cancels the stream, which closes the connection.
      if (total > limits.maxBytes) throw tooLarge(limits);
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}

/** Why a download failed, for the warning: the network's own code where there is one. */
function failure(error: unknown, limits: PictureLimits): PictureUnavailable {
  if (error instanceof PictureUnavailable) return error;
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new PictureUnavailable(`no whole answer within ${limits.timeoutMs / 1000} s`);
  }
  // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, a port fetch refuses).
  const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
  if (cause?.code) return new PictureUnavailable(`could not connect (${cause.code})`);
  return new PictureUnavailable(
    `the download failed (${cause?.message ?? (error as Error).message})`,
  );
}

/**
 * Downloads a picture's bytes from an http(s) address, within the size and time limits,
 * following redirects only to http(s). Throws `PictureUnavailable` with the reason. The
 * bytes are not checked here: `sniffPicture` does that.
 */
export async function fetchPicture(address: string, limits: PictureLimits): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await request(address, signal);
    if (!response.ok) {
      await response.body?.cancel();
      throw new PictureUnavailable(`the server answered ${response.status}`);
    }
    return await readLimited(response, limits);
  } catch (error) {
    throw failure(signal.aborted ? signal.reason : error, limits);
  }
}

// ---------------------------------------------------------------------------------------------
// Files beside the source

/** A picture's bytes, what they are, and where they came from. */
export interface HadPicture {
  bytes: Uint8Array;
  picture: SniffedPicture;
  from: string;
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The file a relative address names, from `baseDir`; none for an absolute or site-wide one. */
function localPath(candidate: string, baseDir: string): string | undefined {
  if (HAS_SCHEME.test(candidate) || candidate.startsWith('/')) return undefined;
  const path = candidate.replace(/[?#].*$/s, '');
  if (path === '') return undefined;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A stray % stays as written.
  }
  return resolve(baseDir, decoded);
}

/** A file's bytes, when it is a regular file within the size limit; else why not. */
async function readPictureFile(path: string, limits: PictureLimits): Promise<Uint8Array | string> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats?.isFile()) return 'no such file';
  if (stats.size > limits.maxBytes) return `larger than the ${sizeInWords(limits.maxBytes)} limit`;
  return readFile(path);
}

/**
 * The best picture among the relative candidates, as files beside the source (resolved from
 * `baseDir`, %-escapes decoded): the largest by pixels, then by bytes. `problems` says why
 * each other candidate could not serve.
 */
export async function findLocalPicture(
  candidates: readonly string[],
  baseDir: string,
  limits: PictureLimits = DEFAULT_PICTURE_LIMITS,
): Promise<{ found?: HadPicture; problems: string[] }> {
  let found: HadPicture | undefined;
  const problems: string[] = [];
  const area = (had: HadPicture) => had.picture.width * had.picture.height;
  for (const candidate of candidates) {
    const path = localPath(candidate, baseDir);
    if (!path) continue;
    const bytes = await readPictureFile(path, limits);
    if (typeof bytes === 'string') {
      problems.push(`${candidate}: ${bytes}`);
      continue;
    }
    try {
      const had = { bytes, picture: await sniffPicture(bytes), from: path };
      const better =
        !found ||
        area(had) > area(found) ||
        (area(had) === area(found) && bytes.byteLength > found.bytes.byteLength);
      if (better) found = had;
    } catch (error) {
      if (!(error instanceof PictureUnavailable)) throw error;
      problems.push(`${candidate}: ${error.message}`);
    }
  }
  return found ? { found, problems } : { problems };
}

// ---------------------------------------------------------------------------------------------
// A figure's picture, and where it is kept

/** The addresses to download from: where the picture was published, then the page's others. */
function remoteAddresses(reference: PictureReference, imageUrl: string | undefined): string[] {
  const absolute = reference.candidates.filter((candidate) => /^https?:\/\//i.test(candidate));
  return [...new Set([...(imageUrl ? [imageUrl] : []), ...absolute])];
}

/**
 * A figure's picture: a file beside the source, else a download. Throws `PictureUnavailable`
 * naming what was tried and why each failed.
 */
export async function obtainPicture(
  figure: { picture: PictureReference; imageUrl?: string },
  { baseDir, limits }: { baseDir: string; limits: PictureLimits },
): Promise<HadPicture> {
  const local = await findLocalPicture(figure.picture.candidates, baseDir, limits);
  if (local.found) return local.found;
  const problems = [...local.problems];
  for (const address of remoteAddresses(figure.picture, figure.imageUrl)) {
    try {
      const bytes = await fetchPicture(address, limits);
      return { bytes, picture: await sniffPicture(bytes), from: address };
    } catch (error) {
      if (!(error instanceof PictureUnavailable)) throw error;
      problems.push(`${address}: ${error.message}`);
    }
  }
  if (problems.length === 0) problems.push('no file and no http(s) address to fetch it from');
  throw new PictureUnavailable(problems.join('; '));
}

/** The file a picture is kept as: the first 16 hex digits of its SHA-256, and its format's extension. */
export function pictureFileName(bytes: Uint8Array, extension: PictureExtension): string {
  return `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${extension}`;
}

/**
 * Keeps a picture in `dir` (`content/images/`) under its content hash, atomically (a
 * temporary file, then a rename); a file of that name already holds these bytes. Returns the
 * file's name.
 */
export async function storePicture(
  dir: string,
  bytes: Uint8Array,
  extension: PictureExtension,
): Promise<string> {
  const name = pictureFileName(bytes, extension);
  const file = join(dir, name);
  if ((await stat(file).catch(() => undefined))?.isFile()) return name;
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return name;
}
