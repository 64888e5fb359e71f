import { isShortcut } from '../../lib/keyboard';
import { siteHeaderBottom } from '../../lib/site-header';

/** The section headings, in order. */
function headings(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.article-body section h2')];
}

/** Moves to the next (1) or previous (-1) section heading from where the view is. */
function moveToSection(direction: 1 | -1): void {
  const all = headings();
  // From the focused heading if there is one (a smooth scroll may still be on its way there),
  // else from where the view is: a heading counts as "here" near the top of the view.
  const focused = all.indexOf(document.activeElement as HTMLElement);
  const headerBottom = siteHeaderBottom();
  const tops = all.map((heading) => heading.getBoundingClientRect().top - headerBottom);
  const target =
    focused >= 0
      ? all[focused + direction]
      : direction === 1
        ? all.find((_, index) => tops[index]! > 24)
        : all.findLast((_, index) => tops[index]! < -8);
  if (!target) return;
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
  target.focus({ preventScroll: true });
}

/** What the `s` key acts on: the story, its toggle, and where to say what it did. */
export interface ArticleKeys {
  /** Saves or unsaves the story: what it did, or null when the saved list is not known yet. */
  toggleSaved: () => 'saved' | 'removed' | null;
  title: string;
  /** Says what a key did, to a screen reader (a status region). */
  announce: (message: string) => void;
}

/**
 * Listens for an article's keys until the returned function is called: `j` and `k` move to
 * the next and previous section (focus goes to its heading), `s` saves or unsaves the story
 * and says so. Not while typing, nor with a modifier held. `keys` is read at each press.
 */
export function listenForArticleKeys(keys: () => ArticleKeys): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (!isShortcut(event)) return;
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      moveToSection(event.key === 'j' ? 1 : -1);
    } else if (event.key === 's') {
      event.preventDefault();
      const { toggleSaved, title, announce } = keys();
      const done = toggleSaved();
      if (done)
        announce(done === 'removed' ? `Removed “${title}” from saved.` : `Saved “${title}”.`);
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
