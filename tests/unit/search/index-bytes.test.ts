// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexBytes } from '../../bench/search-latency';

let dist: string | undefined;
afterEach(async () => {
  if (dist) await rm(dist, { recursive: true, force: true });
  dist = undefined;
});

describe('the search bench’s index size', () => {
  it('counts Pagefind’s files once, not the build’s compressed copies of them', async () => {
    dist = await mkdtemp(join(tmpdir(), 'dispatch-index-bytes-'));
    const pagefind = join(dist, 'pagefind');
    await mkdir(join(pagefind, 'fragment'), { recursive: true });
    const files: [string, number][] = [
      ['pagefind.js', 1000],
      ['pagefind.js.br', 300],
      ['pagefind.js.gz', 350],
      ['wasm.en.pagefind', 400],
      ['pagefind-entry.json', 120],
      ['pagefind-entry.json.gz', 90],
      ['pagefind.en_1.pf_meta', 50],
      ['fragment/en_2.pf_fragment', 70],
    ];
    for (const [name, size] of files) await writeFile(join(pagefind, name), 'x'.repeat(size));
    // Runtime: pagefind.js and the wasm; index: the entry, the meta and the fragment.
    expect(await indexBytes(dist)).toEqual({ total: 1640, index: 240, files: 5 });
  });
});
