// @vitest-environment node
import { EventEmitter } from 'node:events';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import type { Plugin, ViteDevServer } from 'vite';
import { contentPlugin } from '../../../src/build/content-plugin';
import { SEED_SLUG } from '../../helpers/seed';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dispatch-dev-content-'));
  await cp(resolve(import.meta.dirname, '../../../content'), dir, { recursive: true });
  vi.stubEnv('DISPATCH_CONTENT_DIR', dir);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** The plugin on a stand-in dev server: its file watcher, middleware and client socket. */
function devServer() {
  const watcher = Object.assign(new EventEmitter(), { add: vi.fn() });
  const send = vi.fn();
  const handlers = new Map<string, Handler>();
  const server = {
    watcher,
    ws: { send },
    middlewares: { use: (path: string, use: Handler) => handlers.set(path, use) },
  } as unknown as ViteDevServer;
  const configure = (contentPlugin() as Plugin).configureServer as unknown as (
    server: ViteDevServer,
  ) => void;
  configure(server);
  const request = (mount: string, path: string) =>
    new Promise<{ status: number; body: string; type?: string } | 'next'>((done) => {
      let type: string | undefined;
      const res = {
        statusCode: 200,
        setHeader: (name: string, value: string) => {
          if (name.toLowerCase() === 'content-type') type = value;
        },
        end: (body: string) => done({ status: res.statusCode, body, type }),
      } as unknown as ServerResponse;
      handlers.get(mount)!({ url: path } as IncomingMessage, res, () => done('next'));
    });
  const get = (path: string) => request('/content/', path);
  const getPicture = (path: string) => request('/assets/pictures/', path);
  return { watcher, send, get, getPicture };
}

describe('the content plugin in `npm run dev`', () => {
  it('serves the generated JSON, and picks up an edited source with a reload', async () => {
    const { watcher, send, get } = devServer();
    const before = await get(`/articles/${SEED_SLUG}.json`);
    expect(before).toMatchObject({ status: 200 });
    expect(JSON.parse((before as { body: string }).body).headline.text).toMatch(/^Zelenskyy says/);

    const metaFile = join(dir, 'stories', `${SEED_SLUG}.meta.json`);
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    await writeFile(metaFile, JSON.stringify({ ...meta, headline: 'An edited headline' }));
    watcher.emit('change', metaFile);

    await vi.waitFor(() => expect(send).toHaveBeenCalledWith({ type: 'full-reload' }));
    const after = await get(`/articles/${SEED_SLUG}.json`);
    expect(JSON.parse((after as { body: string }).body).headline.text).toBe('An edited headline');
  });

  it('passes on what it does not generate, and reports a broken source on the overlay', async () => {
    const { watcher, send, get } = devServer();
    expect(await get('/articles/no-such-story.json')).toBe('next');
    const source = join(dir, 'stories', `${SEED_SLUG}.txt`);
    await writeFile(source, '\n\n');
    watcher.emit('change', source);
    await vi.waitFor(() =>
      expect(send).toHaveBeenCalledWith({
        type: 'error',
        err: expect.objectContaining({ message: expect.stringMatching(/:1:1: empty file/) }),
      }),
    );
    expect(await get('/edition/1.json')).toMatchObject({ status: 500 });
  });

  it('serves the pictures the edition shows from their cache, and nothing else from it', async () => {
    const cache = join(dir, 'picture-cache');
    vi.stubEnv('DISPATCH_PICTURE_CACHE', cache);
    const jpeg = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#2a6' },
    })
      .jpeg()
      .toBuffer();
    await mkdir(join(dir, 'images'));
    const file = '0123456789abcdef.jpg';
    await writeFile(join(dir, 'images', file), jpeg);
    await writeFile(
      join(dir, 'stories', 'quay.md'),
      '# The quay\n\n![The quay at dusk](quay.jpg "The quay.")\n\nWords about the quay.\n',
    );
    await writeFile(
      join(dir, 'stories', 'quay.meta.json'),
      JSON.stringify({ images: { 'quay.jpg': { file } } }),
    );
    const { get, getPicture } = devServer();
    const story = await get('/articles/quay.json');
    const figure = JSON.parse((story as { body: string }).body).sections[0].blocks[0];
    expect(figure.picture).toMatchObject({ width: 400, height: 300, widths: [360, 400] });
    const served = await getPicture(`/${figure.picture.id}-360.avif`);
    expect(served).toMatchObject({ status: 200, type: 'image/avif' });
    expect(await getPicture(`/${figure.picture.id}-360.png`)).toBe('next');
    expect(await getPicture('/../images/0123456789abcdef.jpg')).toBe('next');
    expect(await getPicture(`/sub/${figure.picture.id}-360.avif`)).toBe('next');
  });
});
