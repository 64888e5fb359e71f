import { useSyncExternalStore } from 'react';

/**
 * Where the reader stopped in each article: the paragraph's anchor (not a pixel offset), how far
 * through the text that is, and the headline, for lists elsewhere. One localStorage key an
 * article; a damaged record is ignored. Storage that is blocked or full loses positions,
 * never the page.
 */
const PREFIX = 'dispatch:reading:';

export interface ReadingPosition {
  slug: string;
  title: string;
  /** The paragraph's anchor (`content/article.ts`, blockAnchor). */
  anchor: string;
  /** Share of the text before that paragraph, 0 to 1. */
  progress: number;
  finished: boolean;
  updatedAt: string;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function parse(slug: string, raw: string | null): ReadingPosition | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<ReadingPosition>;
    if (
      typeof value.title === 'string' &&
      typeof value.anchor === 'string' &&
      typeof value.progress === 'number' &&
      value.progress >= 0 &&
      value.progress <= 1 &&
      typeof value.finished === 'boolean' &&
      typeof value.updatedAt === 'string'
    ) {
      return { ...(value as ReadingPosition), slug };
    }
  } catch {
    // Damaged: as if there were none.
  }
  return null;
}

const listeners = new Set<() => void>();
let snapshot: readonly ReadingPosition[] | null = null;

function readAll(): readonly ReadingPosition[] {
  const area = storage();
  const positions: ReadingPosition[] = [];
  if (!area) return positions;
  try {
    for (let index = 0; index < area.length; index += 1) {
      const key = area.key(index);
      if (!key?.startsWith(PREFIX)) continue;
      const position = parse(key.slice(PREFIX.length), area.getItem(key));
      if (position) positions.push(position);
    }
  } catch {
    return positions;
  }
  return positions.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

function changed() {
  snapshot = null;
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key.startsWith(PREFIX)) changed();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function getSnapshot() {
  snapshot ??= readAll();
  return snapshot;
}

export function readingPosition(slug: string): ReadingPosition | null {
  try {
    return parse(slug, storage()?.getItem(PREFIX + slug) ?? null);
  } catch {
    return null;
  }
}

export function saveReadingPosition(position: ReadingPosition): void {
  try {
    const { slug, ...record } = position;
    storage()?.setItem(PREFIX + slug, JSON.stringify(record));
  } catch {
    // Full or blocked: this position is not kept.
  }
  changed();
}

/** Every remembered position, most recent first; empty before hydration. */
export function useReadingPositions(): readonly ReadingPosition[] {
  return useSyncExternalStore(subscribe, getSnapshot, () => EMPTY);
}

const EMPTY: readonly ReadingPosition[] = [];
