// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  helperSource,
  PRELOAD_HELPER_ID,
  preloadHelperPlugin,
} from '../../../src/build/preload-helper-plugin';

const require = createRequire(import.meta.url);

type Hook = (this: unknown, ...args: unknown[]) => unknown;
const plugin = preloadHelperPlugin();
const hook = (name: 'resolveId' | 'load') => plugin[name] as unknown as Hook;
const generateBundle = plugin.generateBundle as unknown as { order: string; handler: Hook };

/** Runs `generateBundle` over chunks of this code; returns the build errors it raised. */
function errorsFor(
  chunks: Record<string, string>,
  handler: Hook = generateBundle.handler,
  dynamicImports: string[] = [],
): string[] {
  const error = vi.fn((message: string) => {
    throw new Error(message);
  });
  const bundle = Object.fromEntries(
    Object.entries(chunks).map(([fileName, code]) => [
      fileName,
      { type: 'chunk', fileName, code, dynamicImports },
    ]),
  );
  try {
    handler.call({ error }, {}, bundle);
  } catch {
    // The error is recorded below.
  }
  return error.mock.calls.map(([message]) => message);
}

describe('the preload helper plugin', () => {
  it('stands in for Vite’s helper module, and only for it', () => {
    expect(hook('resolveId').call({}, PRELOAD_HELPER_ID)).toBe(PRELOAD_HELPER_ID);
    expect(hook('load').call({}, PRELOAD_HELPER_ID)).toBe(helperSource);
    expect(hook('resolveId').call({}, './app.ts')).toBeNull();
    expect(hook('load').call({}, '/src/app.ts')).toBeNull();
  });

  it('is the dynamic import alone: its module, or its failure, unchanged', async () => {
    const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(helperSource)}`;
    const { __vitePreload } = (await import(/* @vite-ignore */ url)) as {
      __vitePreload: (load: () => Promise<unknown>, deps?: string[]) => Promise<unknown>;
    };
    const module = { answer: 42 };
    await expect(__vitePreload(() => Promise.resolve(module), [])).resolves.toBe(module);
    const failure = new TypeError('Failed to fetch dynamically imported module');
    await expect(__vitePreload(() => Promise.reject(failure), [])).rejects.toBe(failure);
  });

  it('fails the build where a lazy chunk has something to preload', () => {
    // Vite's own plugin fills the lists in as the bundle is generated: the check comes after.
    expect(generateBundle.order).toBe('post');
    expect(
      errorsFor({
        'assets/app.js': 'Q(()=>import(`./head-tags.js`),[])',
        'assets/route.js': 'Q(()=>import(`./panel.js`),__vite__mapDeps([0,1]))',
      }),
    ).toEqual([expect.stringContaining('assets/route.js preloads')]);
    expect(errorsFor({ 'assets/app.js': 'Q(()=>import(`./head-tags.js`),[])' })).toEqual([]);
  });

  it('names the module as the installed Vite does', () => {
    // Vite's name for its helper is internal: if an upgrade renames it, this fails first.
    // Read wherever Vite's Node code keeps it, not from one file of its layout.
    const dir = dirname(require.resolve('vite'));
    const vite = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n');
    expect(vite).toContain(`"${PRELOAD_HELPER_ID.replace('\0', '\\0')}"`);
  });

  it('fails the build, naming Vite, where Vite no longer asked it for the helper', () => {
    const unused = (preloadHelperPlugin().generateBundle as unknown as { handler: Hook }).handler;
    expect(errorsFor({ 'assets/app.js': 'import(`./a.js`)' }, unused, ['assets/a.js'])).toEqual([
      expect.stringMatching(/^Vite \d+\.\d+\.\d+ no longer loads its preload helper/),
    ]);
    expect(errorsFor({ 'assets/app.js': 'const a = 1' }, unused)).toEqual([]);
  });
});
