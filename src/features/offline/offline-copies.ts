import { ContentNotFoundError } from '../../content/errors';
import { contentUrls, fetchStory } from '../../content/fetchers';
import { isFullArticle, type Story } from '../../content/article';
import { figures } from '../../content/nodes';
import { storyPageUrls } from '../../content/story-urls';
import { paths } from '../../lib/paths';
import { pictureCopyKey, SAVED_CACHE, savedCopyKey, storySlugOf } from '../../lib/offline-cache';
import { picturesForDevice } from '../../lib/pictures';
import { bestPictureFormat } from './picture-format';
import { offlineCopies, type OfflineCopy, type OfflineCopyStatus } from './offline-state';

/**
 * Keeps one offline copy per saved story: its prerendered pages (article, sections, quote
 * gallery and filters, quotations), its JSON and its pictures (at this screen's width), in the cache the service worker reads. It
 * reconciles rather than reacting to clicks, so a save, a removal, an undo, an import or another
 * tab's change all end the same way: every saved story copied, every other copy released.
 */

export interface SavedStory {
  slug: string;
  title: string;
}

export interface OfflineCopiesOptions {
  /** Resolves true once a service worker is active (its precache holds the app's assets). */
  workerReady: Promise<boolean>;
  caches?: CacheStorage | undefined;
  fetchStory?: (slug: string) => Promise<Story>;
  /** The picture files this device shows a story with (default: its screen and best format). */
  pictureFiles?: (story: Story) => Promise<string[]>;
  isOnline?: () => boolean;
  origin?: string;
}

export interface OfflineCopies {
  /** Brings the copies in line with the saved list; calls made while one runs are merged. */
  reconcile(saved: readonly SavedStory[]): Promise<void>;
}

/** A story's pictures at the width this screen shows them, in the format it takes first. */
async function devicePictureFiles(story: Story): Promise<string[]> {
  if (!isFullArticle(story)) return [];
  const pictures = story.sections.flatMap((section) =>
    figures(section.blocks).flatMap((figure) => (figure.picture ? [figure.picture] : [])),
  );
  if (pictures.length === 0) return [];
  return picturesForDevice(pictures, {
    viewport: document.documentElement.clientWidth,
    density: window.devicePixelRatio || 1,
    format: await bestPictureFormat(),
  });
}

function failure(error: unknown, online: boolean): OfflineCopyStatus {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') return 'quota';
  if (error instanceof DOMException && error.name === 'SecurityError') return 'refused';
  return online ? 'failed' : 'waiting';
}

export function createOfflineCopies(options: OfflineCopiesOptions): OfflineCopies {
  const storage = 'caches' in options ? options.caches : globalThis.caches;
  const load = options.fetchStory ?? ((slug: string) => fetchStory(slug));
  const pictureFiles = options.pictureFiles ?? devicePictureFiles;
  const isOnline = options.isOnline ?? (() => navigator.onLine);
  const origin = options.origin ?? window.location.origin;
  const base = import.meta.env.BASE_URL;
  const statuses = new Map<string, OfflineCopyStatus>();
  let wanted: readonly SavedStory[] = [];
  let running: Promise<void> | null = null;
  let again = false;

  function publish() {
    offlineCopies.set(
      wanted.map(({ slug, title }): OfflineCopy => ({
        slug,
        title,
        status: statuses.get(slug) ?? 'checking',
      })),
    );
  }

  function mark(slugs: Iterable<string>, status: OfflineCopyStatus) {
    for (const slug of slugs) statuses.set(slug, status);
    publish();
  }

  const articleKey = (slug: string) => savedCopyKey(paths.article.build(slug), origin);

  async function copy(cache: Cache, slug: string): Promise<OfflineCopyStatus> {
    try {
      const story = await load(slug);
      const urls = [contentUrls.article(slug), ...storyPageUrls(story)];
      const pictures = (await pictureFiles(story)).map((file) =>
        pictureCopyKey(`${base}${file}`, slug, origin),
      );
      // All or nothing: a story is either whole offline or not there.
      await cache.addAll([...urls.map((url) => savedCopyKey(url, origin)), ...pictures]);
      return 'available';
    } catch (error) {
      if (error instanceof ContentNotFoundError) return 'failed';
      return failure(error, isOnline());
    }
  }

  async function run(): Promise<void> {
    const saved = wanted;
    const slugs = new Set(saved.map((story) => story.slug));
    for (const slug of statuses.keys()) if (!slugs.has(slug)) statuses.delete(slug);
    publish();

    if (!storage || !(await options.workerReady)) {
      mark(slugs, 'unsupported');
      return;
    }
    let cache: Cache;
    try {
      cache = await storage.open(SAVED_CACHE);
    } catch (error) {
      mark(slugs, failure(error, true) === 'quota' ? 'quota' : 'refused');
      return;
    }

    const held = new Map<string, Request[]>();
    const whole = new Set<string>();
    for (const request of await cache.keys()) {
      const slug = storySlugOf(request.url, base);
      if (slug === null) continue;
      held.set(slug, [...(held.get(slug) ?? []), request]);
      if (request.url === articleKey(slug)) whole.add(slug);
    }
    // Removed from saved: its copy goes.
    await Promise.all(
      [...held]
        .filter(([slug]) => !slugs.has(slug))
        .flatMap(([, requests]) => requests.map((request) => cache.delete(request))),
    );

    for (const slug of slugs) {
      if (whole.has(slug)) {
        statuses.set(slug, 'available');
      } else if (!isOnline()) {
        statuses.set(slug, 'waiting');
      } else {
        statuses.set(slug, 'saving');
        publish();
        statuses.set(slug, await copy(cache, slug));
      }
      publish();
    }
  }

  return {
    reconcile(saved) {
      wanted = saved;
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          try {
            await run();
          } catch (error) {
            // The cache API failing mid-way (storage cleared under us): say so, try next time.
            mark(
              wanted.map((story) => story.slug),
              failure(error, isOnline()),
            );
          }
        } while (again);
        running = null;
      })();
      return running;
    },
  };
}
