import { useEffect, useRef } from 'react';
import { useLocation, useNavigate, useNavigationType } from 'react-router';
import { isShortcut } from '../../lib/keyboard';
import { paths } from '../../lib/paths';
import { afterHydration } from '../../lib/scheduling';
import './search-field.css';

/** The form's id, which the narrow header's button names; the header is once a page. */
const FORM_ID = 'site-search-form';

/** A magnifying glass, drawn in the text's colour (so forced colours redraw it too). */
function SearchIcon() {
  return (
    <svg className="site-search-icon" viewBox="0 0 20 20" aria-hidden="true">
      <path d="M8.5 2.75a5.75 5.75 0 1 0 0 11.5 5.75 5.75 0 1 0 0-11.5M13 13l4.5 4.5" />
    </svg>
  );
}

/**
 * The search field in the header, on every page. A real form (`GET /search?q=`) with a submit
 * button, so it works before the app has loaded; after, it navigates in the app. On the search
 * page each keystroke updates the URL (replacing the entry), and the page searches as the reader
 * types. `/` focuses it, except while typing in another field or with a modifier held.
 *
 * The wide header shows the field in its row. The narrow one (a phone) has no room for it: a
 * "Search" button opens it as a bar under the header, over the page (see collapsible-search.ts
 * and search-field.css). On the search page the field is the page's own, so it is always shown
 * there. Which of the two a page has depends on its path alone, so the prerendered HTML and the
 * first client render are the same.
 */
export function SearchField() {
  const location = useLocation();
  const navigationType = useNavigationType();
  const navigate = useNavigate();
  const form = useRef<HTMLFormElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const onSearchPage = location.pathname === paths.search.pattern;
  const collapsible = !onSearchPage;
  const urlQuery = onSearchPage ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  // The narrow header's button and popover work without script; what script adds to them loads
  // on demand once the page is idle (collapsible-search.ts).
  useEffect(() => {
    if (!collapsible) return;
    let undo: (() => void) | undefined;
    let active = true;
    const cancelLoad = afterHydration(async () => {
      const { enhanceCollapsibleSearch } = await import('./collapsible-search');
      if (active && form.current && toggle.current && input.current) {
        undo = enhanceCollapsibleSearch(form.current, toggle.current, input.current);
      }
    });
    return () => {
      active = false;
      cancelLoad();
      undo?.();
    };
  }, [collapsible]);
  // The field is uncontrolled: the URL sets it after a load and on back/forward (in an
  // effect, so hydration matches the HTML); while typing, the field leads the URL. No state, so
  // the header never re-renders as the app hydrates. Words typed into the prerendered field
  // before the app loaded are the reader's, and outrank the URL on that first run.
  const mounted = useRef(false);
  useEffect(() => {
    const field = input.current;
    const first = !mounted.current;
    mounted.current = true;
    if (navigationType === 'POP' && field && !(first && field.value)) field.value = urlQuery;
  }, [location.key, navigationType, urlQuery]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const field = input.current;
      if (event.key !== '/' || !isShortcut(event) || !field) return;
      event.preventDefault();
      // The narrow header hides the field in its popover: `/` shows it first.
      if (field.getClientRects().length === 0) form.current?.showPopover?.();
      field.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      {collapsible ? (
        <button
          ref={toggle}
          type="button"
          className="site-search-toggle"
          popoverTarget={FORM_ID}
          aria-controls={FORM_ID}
        >
          <SearchIcon />
          <span className="visually-hidden">Search</span>
        </button>
      ) : null}
      <form
        ref={form}
        id={FORM_ID}
        role="search"
        action={paths.search.pattern}
        className="site-search"
        popover={collapsible ? 'auto' : undefined}
        onSubmit={(event) => {
          event.preventDefault();
          const query = input.current?.value.trim() ?? '';
          if (!onSearchPage || query !== urlQuery) navigate(paths.search.build(query));
        }}
      >
        <label htmlFor="site-search" className="visually-hidden">
          Search stories
        </label>
        <input
          ref={input}
          id="site-search"
          type="search"
          name="q"
          defaultValue=""
          placeholder="Search"
          autoComplete="off"
          enterKeyHint="search"
          aria-keyshortcuts="/"
          onChange={(event) => {
            if (onSearchPage) navigate(paths.search.build(event.target.value), { replace: true });
          }}
        />
        <button type="submit" className="site-search-submit">
          <SearchIcon />
          <span className="visually-hidden">Search</span>
        </button>
      </form>
    </>
  );
}
