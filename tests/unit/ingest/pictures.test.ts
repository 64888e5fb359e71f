// @vitest-environment node
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchPicture,
  findLocalPicture,
  NOT_A_PICTURE,
  pictureFileName,
  pictureLimits,
  sniffPicture,
  storePicture,
  SVG_REFUSED,
  type PictureLimits,
} from '../../../src/ingest/pictures';

const fixtures = resolve(import.meta.dirname, '../../fixtures/pictures');
const fixture = (path: string) => readFile(join(fixtures, path));

const drawn = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#4a7fa5' } });

describe('sniffPicture', () => {
  it.each([
    ['jpg', () => drawn(30, 20).jpeg().toBuffer()],
    ['png', () => drawn(30, 20).png().toBuffer()],
    ['webp', () => drawn(30, 20).webp().toBuffer()],
    ['avif', () => drawn(30, 20).avif().toBuffer()],
    ['gif', () => drawn(30, 20).gif().toBuffer()],
  ] as const)('accepts a %s picture by its bytes, with its size', async (extension, make) => {
    expect(await sniffPicture(await make())).toEqual({ extension, width: 30, height: 20 });
  });

  it('gives the size a reader sees, the EXIF orientation applied', async () => {
    // The lead fixture is stored on its side (1600×2400) with orientation 6.
    expect(await sniffPicture(await fixture('harbour-photos_files/lead.jpg'))).toEqual({
      extension: 'jpg',
      width: 2400,
      height: 1600,
    });
  });

  it('refuses SVG with its own reason', async () => {
    await expect(sniffPicture(await fixture('remote/drawing.svg'))).rejects.toThrow(SVG_REFUSED);
    await expect(
      sniffPicture(Buffer.from('\uFEFF<!-- a logo -->\n<svg viewBox="0 0 1 1"></svg>')),
    ).rejects.toThrow(SVG_REFUSED);
  });

  it('refuses HTML saved with a .jpg name, and text', async () => {
    await expect(sniffPicture(await fixture('remote/liar.jpg'))).rejects.toThrow(NOT_A_PICTURE);
    await expect(sniffPicture(Buffer.from('GIF is a format'))).rejects.toThrow(NOT_A_PICTURE);
    await expect(sniffPicture(new Uint8Array())).rejects.toThrow(NOT_A_PICTURE);
  });

  it('refuses HEIF that is not AVIF', async () => {
    const heic = Buffer.alloc(32);
    heic.writeUInt32BE(24, 0);
    heic.write('ftypheic\0\0\0\0mif1heic', 4, 'latin1');
    await expect(sniffPicture(heic)).rejects.toThrow(NOT_A_PICTURE);
  });

  it('refuses a picture cut short, though its header reads well', async () => {
    const photo = await fixture('remote/photo.jpg');
    const cut = photo.subarray(0, Math.floor(photo.length * 0.6));
    expect((await sharp(cut).metadata()).width).toBe(800);
    await expect(sniffPicture(cut)).rejects.toThrow(/damaged or incomplete/);
  });
});

describe('pictureLimits', () => {
  it('reads the limits from the environment, else the defaults', () => {
    expect(pictureLimits({})).toEqual({ maxBytes: 25_000_000, timeoutMs: 20_000 });
    expect(
      pictureLimits({ DISPATCH_PICTURE_MAX_BYTES: '5000', DISPATCH_PICTURE_TIMEOUT_MS: '250' }),
    ).toEqual({ maxBytes: 5000, timeoutMs: 250 });
    expect(() => pictureLimits({ DISPATCH_PICTURE_MAX_BYTES: '25MB' })).toThrow(
      /DISPATCH_PICTURE_MAX_BYTES must be a positive whole number/,
    );
  });
});

describe('fetchPicture', () => {
  let server: Server;
  let base: string;
  /** Bytes the endless stream wrote before the client hung up, and whether it did. */
  let endless = { sent: 0, closed: false };
  // A time limit a busy machine keeps within; the slow server's test has its own short one.
  const limits: PictureLimits = { maxBytes: 100_000, timeoutMs: 10_000 };

  beforeAll(async () => {
    const photo = await fixture('remote/photo.jpg');
    server = createServer((request, response) => {
      switch (request.url) {
        case '/photo.jpg':
          response.writeHead(200, { 'content-type': 'image/jpeg' });
          return response.end(photo);
        case '/moved':
          response.writeHead(301, { location: '/photo.jpg' });
          return response.end();
        case '/to-ftp':
          response.writeHead(302, { location: 'ftp://files.example/photo.jpg' });
          return response.end();
        case '/to-file':
          response.writeHead(302, { location: 'file:///etc/passwd' });
          return response.end();
        case '/declared-large':
          // Says it is large and then stalls: only the header can answer in time.
          response.writeHead(200, { 'content-length': '200000' });
          return response.write(Buffer.alloc(1000));
        case '/endless': {
          response.writeHead(200, { 'content-type': 'image/jpeg' });
          const chunk = Buffer.alloc(16_384, 0xff);
          const timer = setInterval(() => {
            endless.sent += chunk.length;
            response.write(chunk);
          }, 5);
          response.on('close', () => {
            endless.closed = true;
            clearInterval(timer);
          });
          return;
        }
        case '/slow':
          response.writeHead(200, { 'content-type': 'image/jpeg' });
          response.write(photo.subarray(0, 100));
          return;
        default:
          response.writeHead(404);
          return response.end('not found');
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    endless = { sent: 0, closed: false };
  });

  it('downloads a picture, following an http redirect', async () => {
    const photo = await fixture('remote/photo.jpg');
    expect(Buffer.from(await fetchPicture(`${base}/photo.jpg`, limits))).toEqual(photo);
    expect(Buffer.from(await fetchPicture(`${base}/moved`, limits))).toEqual(photo);
  });

  it('refuses a picture whose Content-Length is over the limit, without waiting for it', async () => {
    await expect(fetchPicture(`${base}/declared-large`, limits)).rejects.toThrow(
      'larger than the 100 kB limit',
    );
  });

  it('stops a download with no Content-Length as soon as it passes the limit', async () => {
    await expect(fetchPicture(`${base}/endless`, limits)).rejects.toThrow(
      'larger than the 100 kB limit',
    );
    await expect.poll(() => endless.closed).toBe(true);
    expect(endless.sent).toBeLessThan(1_000_000);
  });

  it('gives up when the answer takes longer than the time limit', async () => {
    const started = Date.now();
    const short = pictureLimits({ DISPATCH_PICTURE_TIMEOUT_MS: '400' });
    await expect(fetchPicture(`${base}/slow`, short)).rejects.toThrow(
      'no whole answer within 0.4 s',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('follows redirects only to http(s)', async () => {
    await expect(fetchPicture(`${base}/to-ftp`, limits)).rejects.toThrow(
      'redirected to a ftp: address, not http(s)',
    );
    await expect(fetchPicture(`${base}/to-file`, limits)).rejects.toThrow(
      'redirected to a file: address, not http(s)',
    );
  });

  it('reports a server’s error status', async () => {
    await expect(fetchPicture(`${base}/gone.jpg`, limits)).rejects.toThrow(
      'the server answered 404',
    );
  });

  it('reports an address nothing answers at', async () => {
    // Listen, then close: the port is free, so the connection is refused.
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    await expect(fetchPicture(`http://127.0.0.1:${port}/x.jpg`, limits)).rejects.toThrow(
      'could not connect (ECONNREFUSED)',
    );
  });
});

describe('findLocalPicture and storePicture', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dispatch-pictures-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes the largest picture by pixels among the files that are pictures', async () => {
    await drawn(200, 100).jpeg().toFile(join(dir, 'small.jpg'));
    await drawn(400, 300).png().toFile(join(dir, 'my photo.png'));
    await drawn(300, 300).webp().toFile(join(dir, 'square.webp'));
    await copyFile(join(fixtures, 'remote/liar.jpg'), join(dir, 'liar.jpg'));
    const { found, problems } = await findLocalPicture(
      [
        'small.jpg',
        './my%20photo.png?v=2',
        'square.webp',
        'liar.jpg',
        'gone.jpg',
        'https://news.example/x.jpg',
        '/img/site-wide.jpg',
      ],
      dir,
    );
    expect(found?.from).toBe(join(dir, 'my photo.png'));
    expect(found?.picture).toEqual({ extension: 'png', width: 400, height: 300 });
    expect(problems).toEqual([`liar.jpg: ${NOT_A_PICTURE}`, 'gone.jpg: no such file']);
  });

  it('between pictures of the same size, takes the bigger file', async () => {
    await drawn(300, 200).jpeg({ quality: 20 }).toFile(join(dir, 'rough.jpg'));
    await drawn(300, 200).jpeg({ quality: 100 }).toFile(join(dir, 'fine.jpg'));
    for (const order of [
      ['rough.jpg', 'fine.jpg'],
      ['fine.jpg', 'rough.jpg'],
    ]) {
      expect((await findLocalPicture(order, dir)).found?.from).toBe(join(dir, 'fine.jpg'));
    }
  });

  it('skips a file over the size limit, and a folder', async () => {
    await drawn(200, 100).png().toFile(join(dir, 'big.png'));
    const limits = { maxBytes: 10, timeoutMs: 1000 };
    expect(await findLocalPicture(['big.png', '.'], dir, limits)).toEqual({
      problems: ['big.png: larger than the 10 bytes limit', '.: no such file'],
    });
  });

  it('keeps a picture once, under its content hash, whatever it is stored from', async () => {
    const bytes = await drawn(30, 20).png().toBuffer();
    const hash = createHash('sha256').update(bytes).digest('hex');
    const images = join(dir, 'images');
    const name = await storePicture(images, bytes, 'png');
    expect(name).toBe(`${hash.slice(0, 16)}.png`);
    expect(pictureFileName(bytes, 'png')).toBe(name);
    expect(await storePicture(images, bytes, 'png')).toBe(name);
    expect(await readdir(images)).toEqual([name]);
    expect(await readFile(join(images, name))).toEqual(bytes);
    // Other bytes, another name.
    const other = await drawn(31, 20).png().toBuffer();
    expect(await storePicture(images, other, 'png')).not.toBe(name);
  });

  it('does not write over a file already kept under the name', async () => {
    const bytes = await drawn(30, 20).png().toBuffer();
    const images = join(dir, 'images');
    const name = await storePicture(images, bytes, 'png');
    await writeFile(join(images, name), 'kept');
    await storePicture(images, bytes, 'png');
    expect(await readFile(join(images, name), 'utf8')).toBe('kept');
  });
});
