// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appHash,
  manifestHash,
  readState,
  STATE_FORMAT,
  stateFileOf,
  writeState,
  type BuildState,
} from '../../../src/build/build-state';
import { removeFiles, syncFolder, writeIfChanged } from '../../../src/build/files';

let work: string;
let distDir: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'dispatch-build-state-'));
  distDir = join(work, 'dist');
  await mkdir(join(distDir, '.vite'), { recursive: true });
  await writeFile(join(distDir, '.vite/manifest.json'), '{"index.html":{}}');
});
afterEach(() => rm(work, { recursive: true, force: true }));

const expected = { dispatch: '0.1.0', app: 'app-1' };

async function state(overrides: Partial<BuildState> = {}): Promise<BuildState> {
  return {
    format: STATE_FORMAT,
    ...expected,
    manifest: await manifestHash(distDir),
    content: { 'articles/a.json': 'h1' },
    pages: {
      '/articles/a': {
        file: 'articles/a/index.html',
        reads: ['articles/a.json'],
        inputs: 'i1',
        styles: ["'sha256-x'"],
      },
    },
    searched: { 'pagefind/': 's1' },
    compressed: { 'articles/a/index.html': '12:3456:1765000000000.5' },
    ...overrides,
  };
}

describe('the build state', () => {
  it('lives beside the build’s folder, and is read back as written', async () => {
    expect(stateFileOf(distDir)).toBe(join(work, 'dist.build-state.json'));
    const pages = {
      ...(await state()).pages,
      '404 /articles/a/sections/__unknown__': {
        file: 'articles/a/sections/404.html',
        reads: ['articles/a.json'],
        inputs: 'i1',
        styles: ["'sha256-y'"],
        card: 'assets/cards/c.png',
      },
    };
    await writeState(distDir, await state({ pages }));
    expect(await readState(distDir, expected)).toEqual({ state: await state({ pages }) });
    // Lists the pages share are written once.
    const written = JSON.parse(await readFile(stateFileOf(distDir), 'utf8'));
    expect(written.readSets).toEqual([['articles/a.json']]);
  });

  it('is not used, and says why, when it is missing, damaged, or from another build', async () => {
    const why = async () => (await readState(distDir, expected)).why;
    expect(await why()).toMatch(/^no build state/);

    await writeFile(stateFileOf(distDir), '{"format": 1, "pages": ');
    expect(await why()).toBe('the build state is damaged (not JSON)');

    await writeFile(stateFileOf(distDir), JSON.stringify({ format: 99 }));
    expect(await why()).toBe('the build state is of another format (99)');

    await writeState(distDir, await state());
    const file = JSON.parse(await readFile(stateFileOf(distDir), 'utf8'));
    await writeFile(stateFileOf(distDir), JSON.stringify({ ...file, pages: 'none' }));
    expect(await why()).toMatch(/^the build state is damaged \(pages: /);

    // A page whose tuple names a list the tables do not have.
    await writeState(distDir, await state());
    const written = JSON.parse(await readFile(stateFileOf(distDir), 'utf8'));
    written.pages['/articles/a'][0] = 7;
    await writeFile(stateFileOf(distDir), JSON.stringify(written));
    expect(await why()).toBe('the build state is damaged (pages./articles/a)');

    await writeState(distDir, await state({ dispatch: '0.0.9' }));
    expect(await why()).toBe('the build state is from Dispatch 0.0.9');

    await writeState(distDir, await state({ app: 'app-0' }));
    expect(await why()).toBe("the app's code, styles or packages changed");

    await writeState(distDir, await state());
    await writeFile(join(distDir, '.vite/manifest.json'), '{"other":{}}');
    expect(await why()).toBe('dist/ does not hold the bundles the state records');
  });
});

describe('the app’s hash', () => {
  it('changes with any file the bundles are made from, and with the build’s settings', async () => {
    const root = join(work, 'project');
    await mkdir(join(root, 'src/deep'), { recursive: true });
    await writeFile(join(root, 'src/deep/a.ts'), 'export const a = 1;');
    await writeFile(join(root, 'package.json'), '{"version":"0.1.0"}');
    const first = await appHash(root, { base: '/' });
    expect(await appHash(root, { base: '/' })).toBe(first);
    expect(await appHash(root, { base: '/news/' })).not.toBe(first);
    await writeFile(join(root, 'src/deep/a.ts'), 'export const a = 2;');
    const edited = await appHash(root, { base: '/' });
    expect(edited).not.toBe(first);
    await writeFile(join(root, 'src/deep/b.css'), '');
    const withCss = await appHash(root, { base: '/' });
    expect(withCss).not.toBe(edited);
    // Content is not the app's.
    await mkdir(join(root, 'content'));
    await writeFile(join(root, 'content/story.md'), 'Text');
    expect(await appHash(root, { base: '/' })).toBe(withCss);
  });
});

describe('the build’s files', () => {
  it('are written only when their bytes change', async () => {
    const file = join(work, 'a/b.txt');
    expect(await writeIfChanged(file, 'one')).toBe(true);
    expect(await writeIfChanged(file, 'one')).toBe(false);
    expect(await writeIfChanged(file, 'two')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('two');
  });

  it('are removed with the folders they leave empty, and no others', async () => {
    for (const file of ['x/y/one.html', 'x/y/two.html', 'x/keep.html']) {
      await writeIfChanged(join(work, file), file);
    }
    await removeFiles(work, ['x/y/one.html', 'x/y/two.html']);
    await expect(readFile(join(work, 'x/keep.html'), 'utf8')).resolves.toBe('x/keep.html');
    await expect(readFile(join(work, 'x/y/one.html'))).rejects.toThrow();
    await expect(mkdir(join(work, 'x/y'))).resolves.toBeUndefined();
  });

  it('are synced from a folder: what differs written, what is gone removed', async () => {
    const from = join(work, 'from');
    const to = join(work, 'to');
    await writeIfChanged(join(from, 'same.txt'), 'same');
    await writeIfChanged(join(from, 'sub/new.txt'), 'new');
    await writeIfChanged(join(from, 'changed.txt'), 'after');
    await writeIfChanged(join(to, 'same.txt'), 'same');
    await writeIfChanged(join(to, 'changed.txt'), 'before');
    await writeIfChanged(join(to, 'old/gone.txt'), 'gone');
    expect(await syncFolder(from, to)).toEqual({
      written: ['changed.txt', 'sub/new.txt'],
      removed: ['old/gone.txt'],
    });
    expect(await readFile(join(to, 'changed.txt'), 'utf8')).toBe('after');
  });

  it('are synced around what another step keeps beside them (the precompressed copies)', async () => {
    const from = join(work, 'from');
    const to = join(work, 'to');
    await writeIfChanged(join(from, 'pagefind.js'), 'js');
    await writeIfChanged(join(to, 'pagefind.js'), 'js');
    await writeIfChanged(join(to, 'pagefind.js.br'), 'br');
    await writeIfChanged(join(to, 'gone.js'), 'gone');
    await writeIfChanged(join(to, 'gone.js.gz'), 'gz');
    const spare = (file: string) => /\.(br|gz)$/.test(file);
    expect(await syncFolder(from, to, { spare })).toEqual({ written: [], removed: ['gone.js'] });
    await expect(readFile(join(to, 'pagefind.js.br'), 'utf8')).resolves.toBe('br');
    await expect(readFile(join(to, 'gone.js.gz'), 'utf8')).resolves.toBe('gz');
  });
});
