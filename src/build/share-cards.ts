/**
 * Build step: the share cards the prerendered pages name (`og:image`), rendered to PNG under
 * `dist/assets/cards/<hash>.png` (`CARDS_DIR`). A card's name is a hash of what it shows (lib/share-card.ts),
 * so a rendered card is kept in a cache between builds and a rebuild renders only the cards
 * whose words changed. Rendering (Satori, then resvg) is CPU-bound: many cards are split across
 * worker threads, one a core.
 */
import { availableParallelism } from 'node:os';
import { copyFile, link, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { shareCardHash, shareCardPath, type ShareCard } from '../lib/share-card.ts';
import { CARDS_DIR } from '../lib/site-files.ts';

export interface CardJob {
  cacheDir: string;
  cards: ShareCard[];
}

export interface ShareCardsResult {
  /** Distinct cards the pages name. */
  cards: number;
  /** Of those, rendered by this build (the rest came from the cache). */
  rendered: number;
  /** Bytes the cards add to the build. */
  bytes: number;
  /** Milliseconds spent rendering, over all threads. */
  renderMs: number;
}

/** Below this many cards to render, starting workers costs more than it saves. */
const PARALLEL_FROM = 24;

/** Renders cards into the cache, one file each, written whole (a rename) or not at all. */
export async function renderCardJob({ cacheDir, cards }: CardJob): Promise<number> {
  const { renderShareCard } = await import('./share-card-render.tsx');
  const started = performance.now();
  for (const card of cards) {
    const { png } = await renderShareCard(card);
    const file = join(cacheDir, `${shareCardHash(card)}.png`);
    await writeFile(`${file}.tmp`, png);
    await rename(`${file}.tmp`, file);
  }
  return performance.now() - started;
}

async function renderInParallel(job: CardJob, workerEntry: string | undefined): Promise<number> {
  const count = Math.min(availableParallelism(), 4);
  if (!workerEntry || job.cards.length < PARALLEL_FROM || count < 2) return renderCardJob(job);
  const shares = Array.from({ length: count }, (_, index) =>
    job.cards.filter((_, cardIndex) => cardIndex % count === index),
  );
  const times = await Promise.all(
    shares.map(
      (cards) =>
        new Promise<number>((done, fail) => {
          const worker = new Worker(workerEntry, { workerData: { ...job, cards } });
          let ms = 0;
          worker.once('message', (value: number) => (ms = value));
          worker.once('error', fail);
          worker.once('exit', (code) =>
            code === 0 ? done(ms) : fail(new Error(`a share-card worker exited with ${code}`)),
          );
        }),
    ),
  );
  return times.reduce((sum, ms) => sum + ms, 0);
}

/** A hard link where the cache and the build share a disk (thousands of cards, no copying). */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

export async function writeShareCards({
  distDir,
  cacheDir,
  cards,
  workerEntry,
}: {
  distDir: string;
  cacheDir: string;
  cards: readonly ShareCard[];
  /** The built `share-card-worker.js`, for renders large enough to split across threads. */
  workerEntry?: string;
}): Promise<ShareCardsResult> {
  const unique = new Map(cards.map((card) => [shareCardHash(card), card]));
  await mkdir(cacheDir, { recursive: true });
  const cached = new Set(await readdir(cacheDir));
  const missing = [...unique]
    .filter(([hash]) => !cached.has(`${hash}.png`))
    .map(([, card]) => card);
  const renderMs = missing.length
    ? await renderInParallel({ cacheDir, cards: missing }, workerEntry)
    : 0;

  let bytes = 0;
  await mkdir(join(distDir, CARDS_DIR), { recursive: true });
  const all = [...unique];
  // Many small file operations: a few dozen at a time keep the disk and thread pool busy.
  for (let at = 0; at < all.length; at += 64) {
    const sizes = await Promise.all(
      all.slice(at, at + 64).map(async ([hash, card]) => {
        const target = join(distDir, shareCardPath(card));
        await linkOrCopy(join(cacheDir, `${hash}.png`), target);
        return (await stat(target)).size;
      }),
    );
    bytes += sizes.reduce((sum, size) => sum + size, 0);
  }
  return { cards: unique.size, rendered: missing.length, bytes, renderMs };
}
