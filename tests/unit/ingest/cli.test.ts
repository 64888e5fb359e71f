// @vitest-environment node
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest, ingestFiles } from '../../../src/ingest/cli';
import { SEED_SLUG } from '../../helpers/seed';

const root = resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => join(root, 'tests/fixtures/stories', name);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dispatch-ingest-'));
  await cp(join(root, 'content'), dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const listing = () => readdir(join(dir, 'stories')).then((names) => names.sort());

// Some of these start the CLI as a process of its own, whose start-up alone can take seconds on a
// busy machine: a wider limit than a unit test's 5 s, still a fail for a hung CLI.
describe('npm run ingest', { timeout: 30_000 }, () => {
  it('adds a story and prints its slug and URL path', async () => {
    const before = new Date();
    const { output, warnings } = await ingest(
      [
        fixture('harbour-bridge.txt'),
        '--headline',
        'Port Avalon to close harbour bridge to cars',
        '--published',
        '2026-11-20T09:00:00Z',
      ],
      dir,
    );
    expect(output).toBe(
      'port-avalon-to-close-harbour-bridge-to-cars\t/articles/port-avalon-to-close-harbour-bridge-to-cars\n',
    );
    expect(warnings).toEqual([]);
    const meta = JSON.parse(
      await readFile(
        join(dir, 'stories/port-avalon-to-close-harbour-bridge-to-cars.meta.json'),
        'utf8',
      ),
    );
    expect(meta).toEqual({
      headline: 'Port Avalon to close harbour bridge to cars',
      published: '2026-11-20T09:00:00Z',
      source: 'harbour-bridge.txt',
      ingested: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    // When the newsroom took it in: now, to the second.
    const ingested = Date.parse(meta.ingested);
    expect(ingested).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
    expect(ingested).toBeLessThanOrEqual(Date.now());
    expect(
      await readFile(join(dir, 'stories/port-avalon-to-close-harbour-bridge-to-cars.txt'), 'utf8'),
    ).toBe(await readFile(fixture('harbour-bridge.txt'), 'utf8'));
  });

  it('prints the article JSON and writes nothing with --dry-run', async () => {
    const before = await listing();
    const { output } = await ingest(
      [fixture('harbour-bridge.txt'), '--headline', 'Bridge', '--dry-run'],
      dir,
    );
    expect(JSON.parse(output)).toMatchObject({
      slug: 'bridge',
      headline: { text: 'Bridge', origin: 'editorial' },
    });
    expect(await listing()).toEqual(before);
  });

  it('updates the same story when its file is ingested again, keeping its corrections', async () => {
    await ingest([fixture('harbour-bridge.txt'), '--headline', 'Bridge'], dir);
    const before = await listing();
    // An editor corrects the story's metadata: the date, and a quotation's speaker withdrawn.
    const quotes = async () => {
      const { output } = await ingest([fixture('harbour-bridge.txt'), '--dry-run'], dir);
      const found: { id: string; speaker?: string }[] = [];
      JSON.stringify(JSON.parse(output), (_key, value: { type?: string }) => {
        if (value?.type === 'quote') found.push(value as { id: string; speaker?: string });
        return value;
      });
      return found;
    };
    const okafor = (await quotes()).find((quote) => quote.speaker === 'Ada Okafor');
    expect(okafor).toBeDefined();
    const metaFile = join(dir, 'stories/bridge.meta.json');
    const corrected = {
      ...JSON.parse(await readFile(metaFile, 'utf8')),
      published: '2026-11-21T08:00:00Z',
      quotes: { [okafor!.id]: { speaker: null } },
    };
    await writeFile(metaFile, JSON.stringify(corrected, null, 2));

    expect((await ingest([fixture('harbour-bridge.txt')], dir)).output).toBe(
      'bridge\t/articles/bridge\n',
    );
    expect(await listing()).toEqual(before);
    expect(JSON.parse(await readFile(metaFile, 'utf8'))).toEqual(corrected);
    // And the story is made with them.
    const again = (await quotes()).find((quote) => quote.id === okafor!.id);
    expect(again).toBeDefined();
    expect(again!.speaker).toBeUndefined();
  });

  it('records when it first took a story in, and keeps that moment when the story comes again', async () => {
    const file = fixture('harbour-bridge.txt');
    const metaFile = join(dir, 'stories/bridge.meta.json');
    const at = (iso: string) => () => new Date(iso);
    await ingestFiles([{ file, headline: 'Bridge' }], { dir, now: at('2026-11-20T09:30:15.250Z') });
    expect(JSON.parse(await readFile(metaFile, 'utf8')).ingested).toBe('2026-11-20T09:30:15Z');
    await ingestFiles([{ file }], { dir, now: at('2026-12-01T00:00:00Z') });
    expect(JSON.parse(await readFile(metaFile, 'utf8')).ingested).toBe('2026-11-20T09:30:15Z');
    // It goes into the story as editorial metadata.
    const { output } = await ingest([file, '--dry-run'], dir);
    expect(JSON.parse(output)).toMatchObject({ ingested: '2026-11-20T09:30:15Z' });
    // A story taken in before this was recorded is not given a later moment.
    const seedMeta = join(dir, 'stories', `${SEED_SLUG}.meta.json`);
    const unrecorded = JSON.parse(await readFile(seedMeta, 'utf8'));
    delete unrecorded.ingested;
    await writeFile(seedMeta, JSON.stringify(unrecorded));
    const seedSource = join(dir, 'stories', `${SEED_SLUG}.txt`);
    const copy = join(dir, 'article.txt');
    await writeFile(copy, await readFile(seedSource, 'utf8'));
    await ingestFiles([{ file: copy }], { dir, now: at('2026-12-01T00:00:00Z') });
    expect(JSON.parse(await readFile(seedMeta, 'utf8')).ingested).toBeUndefined();
  });

  it('refuses a slug another story uses, a missing headline, and an unreadable file, writing nothing', async () => {
    const before = await listing();
    await expect(
      ingest([fixture('harbour-bridge.txt'), '--headline', 'H', '--slug', SEED_SLUG], dir),
    ).rejects.toThrow(
      /harbour-bridge\.txt:1:1: the slug “zelenskyy-ready-to-step-down-for-peace-and-nato-membership” is already used by another story/,
    );
    await expect(ingest([fixture('harbour-bridge.txt')], dir)).rejects.toThrow(
      /:1:1: the story has no headline/,
    );
    await expect(ingest([fixture('no-such-file.txt'), '--headline', 'H'], dir)).rejects.toThrow(
      /no-such-file\.txt:1:1: cannot read the file \(ENOENT\)/,
    );
    // One bad file of several: nothing at all is written.
    await expect(ingest([fixture('saved-page.html'), fixture('empty.txt')], dir)).rejects.toThrow(
      /empty\.txt:/,
    );
    expect(await listing()).toEqual(before);
  });

  const cli = (args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/ingest/cli.ts'), ...args],
      { cwd: root, env: { ...process.env, DISPATCH_CONTENT_DIR: dir } },
    ).catch((caught: { code: number; stderr: string; stdout: string }) => caught);

  it('keeps a story whose marks do not pair, with file:line:column warnings on stderr', async () => {
    const result = await cli([fixture('unmatched.txt'), '--headline', 'Unmatched']);
    expect(result.stdout).toBe('unmatched\t/articles/unmatched\n');
    expect(result.stderr).toMatch(
      /^\S*unmatched\.txt:2:24: warning: unmatched “: the quotation it opens is never closed\n$/,
    );
    expect(await listing()).toContain('unmatched.txt');
  });

  it('with --strict, exits non-zero with file:line:column on stderr and writes nothing', async () => {
    const before = await listing();
    const error = await cli([fixture('unmatched.txt'), '--headline', 'H', '--strict']);
    expect(error).toMatchObject({ code: 1, stdout: '' });
    expect(error.stderr).toMatch(/^\S*unmatched\.txt:2:24: unmatched “/);
    expect(await listing()).toEqual(before);
  });

  it('reports an empty file', async () => {
    await expect(ingest([fixture('empty.txt'), '--headline', 'H'], dir)).rejects.toThrow(
      /empty\.txt:1:1: empty file/,
    );
  });
});
