/**
 * Build step: the share cards the prerendered pages name (`og:image`), rendered to PNG under
 * `dist/assets/cards/<hash>.png` (`CARDS_DIR`). A card's name is a hash of what it shows (lib/share-card.ts),
 * so a rendered card is kept in a cache between builds and a rebuild renders only the cards
 * whose words changed. Rendering (Satori, then resvg) is CPU-bound: many cards are split across
 * worker threads, one a core.
 */
import { availableParallelism } from 'node:os';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { shareCardHash, shareCardPath, type ShareCard } from '../lib/share-card.ts';
import { CARDS_DIR } from '../lib/site-files.ts';
import { filesBelow, linkOrCopy, removeFiles } from './files.ts';
import { eachLimited } from '../lib/limit.ts';

export interface CardJob {
  cacheDir: string;
  cards: ShareCard[];
}

export interface ShareCardsResult {
  /** Distinct cards the edition's pages name. */
  cards: number;
  /** Of those, rendered by this build (the rest came from the cache). */
  rendered: number;
  /** Card files put into the build now, and removed from it (no page names them any more). */
  added: number;
  removed: number;
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

/**
 * Puts the cards the pages name into the build: `cards` are those of the pages rendered now,
 * rendered where the cache lacks them; `named` is every card file (relative to the build's
 * folder) the edition's pages name, and any other card in the build is removed.
 */
export async function writeShareCards({
  distDir,
  cacheDir,
  cards,
  named,
  workerEntry,
}: {
  distDir: string;
  cacheDir: string;
  cards: readonly ShareCard[];
  named: ReadonlySet<string>;
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

  const folder = join(distDir, CARDS_DIR);
  await mkdir(folder, { recursive: true });
  const present = new Set((await filesBelow(folder)).map((name) => `${CARDS_DIR}/${name}`));
  let added = 0;
  await eachLimited([...unique], 64, async ([hash, card]) => {
    // Within the build's folder: the card's site path, less its leading slash.
    const path = shareCardPath(card).slice(1);
    if (present.has(path)) return;
    await linkOrCopy(join(cacheDir, `${hash}.png`), join(distDir, path));
    added += 1;
  });
  const removed = await removeFiles(
    distDir,
    [...present].filter((path) => !named.has(path)),
  );
  return { cards: named.size, rendered: missing.length, added, removed, renderMs };
}
