/**
 * Scroll positions by history entry, and which navigations a page has taken charge of. The
 * root's scroll manager restores positions on back/forward and resets to the top on new pages;
 * a page that lands on a deep link (a section, a quotation) claims its navigation instead.
 */
const STORAGE_KEY = 'dispatch:scroll-positions';
/** Read from storage when first needed, not while the app's modules evaluate. */
let stored: Map<string, number> | undefined;
const positions = (): Map<string, number> => (stored ??= new Map(readStored()));
let claimedKey: string | null = null;

/** The key React Router gives an entry it did not create: each cold load's first entry. */
const FIRST_ENTRY_KEY = 'default';

/**
 * Positions kept by earlier pages of this tab. A first entry's position belonged to that
 * document only: another cold load has the same key, and must not restore it (a deep link
 * would take it for a back/forward and not land).
 */
function readStored(): [string, number][] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(stored)
      ? (stored as [string, number][]).filter(([key]) => key !== FIRST_ENTRY_KEY)
      : [];
  } catch {
    return [];
  }
}

export function rememberScroll(locationKey: string, y: number): void {
  positions().set(locationKey, y);
}

export function savedScroll(locationKey: string): number | undefined {
  return positions().get(locationKey);
}

export function persistScrollPositions(): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...positions()].slice(-50)));
  } catch {
    // Storage blocked or full: positions last for this page's life only.
  }
}

export function claimNavigation(locationKey: string): void {
  claimedKey = locationKey;
}

export function isNavigationClaimed(locationKey: string): boolean {
  return claimedKey === locationKey;
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
