// @vitest-environment node
import { EventEmitter } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  let handler: Handler | undefined;
  const server = {
    watcher,
    ws: { send },
    middlewares: { use: (_path: string, use: Handler) => (handler = use) },
  } as unknown as ViteDevServer;
  const configure = (contentPlugin() as Plugin).configureServer as unknown as (
    server: ViteDevServer,
  ) => void;
  configure(server);
  const get = (path: string) =>
    new Promise<{ status: number; body: string } | 'next'>((done) => {
      const res = {
        statusCode: 200,
        setHeader: () => {},
        end: (body: string) => done({ status: res.statusCode, body }),
      } as unknown as ServerResponse;
      handler!({ url: path } as IncomingMessage, res, () => done('next'));
    });
  return { watcher, send, get };
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
});
