// @vitest-environment node
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStoryCache } from '../../../src/build/story-cache';
import type { BuiltStory } from '../../../src/ingest/edition';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dispatch-story-cache-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const built = (headline: string) =>
  ({ article: { slug: 'a', headline: { text: headline } }, warnings: [] }) as unknown as BuiltStory;

describe('the story cache', () => {
  it('answers what an earlier build kept, a copy of its own each time', async () => {
    const first = await openStoryCache(root, 'app-1', ['k1', 'k2']);
    expect(first.get('k1')).toBeUndefined();
    first.set('k1', built('One'));
    first.set('k2', built('Two'));
    await first.save();

    const second = await openStoryCache(root, 'app-1', ['k1']);
    const one = second.get('k1')!;
    expect(one.article.headline.text).toBe('One');
    one.article.headline.text = 'Changed by the edition';
    expect(second.get('k1')!.article.headline.text).toBe('One');
    expect([second.hits, second.misses]).toEqual([2, 0]);
    await second.save();
    // A story the edition no longer has is dropped.
    expect(await readdir(join(root, 'app-1'))).toEqual(['k1.json']);
  });

  it('parses every story when it is not to be read, and keeps what it made', async () => {
    const kept = await openStoryCache(root, 'app-1', ['k1']);
    kept.set('k1', built('One'));
    await kept.save();
    const clean = await openStoryCache(root, 'app-1', ['k1'], false);
    expect(clean.get('k1')).toBeUndefined();
    clean.set('k1', built('One, parsed again'));
    await clean.save();
    const next = await openStoryCache(root, 'app-1', ['k1']);
    expect(next.get('k1')!.article.headline.text).toBe('One, parsed again');
  });

  it('keeps one app’s stories: another app parses them again', async () => {
    const old = await openStoryCache(root, 'app-1', ['k1']);
    old.set('k1', built('One'));
    await old.save();
    const other = await openStoryCache(root, 'app-2', ['k1']);
    expect(other.get('k1')).toBeUndefined();
    other.set('k1', built('One'));
    await other.save();
    expect(await readdir(root)).toEqual(['app-2']);
  });
});
