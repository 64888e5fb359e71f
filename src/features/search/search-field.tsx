import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useNavigationType } from 'react-router';
import { paths } from '../../lib/paths';
import { useHydrated } from '../../lib/use-hydrated';

/** Typing somewhere else: `/` is a character there, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/**
 * The search field in the header, on every page. A real form (`GET /search?q=`), so it works
 * before the app has loaded; after, it navigates in the app. On the search page each keystroke
 * updates the URL (replacing the entry), and the page searches as the reader types. `/` focuses
 * it, except while typing in another field or with a modifier held.
 */
export function SearchField() {
  const location = useLocation();
  const navigationType = useNavigationType();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const onSearchPage = location.pathname === paths.search.pattern;
  const urlQuery = onSearchPage ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const hydrated = useHydrated();
  const [draft, setDraft] = useState('');
  const [syncedKey, setSyncedKey] = useState<string>();
  // The URL leads on a load and on back/forward (after hydration, so the first render matches
  // the HTML); while typing, the field leads the URL.
  if (hydrated && navigationType === 'POP' && syncedKey !== location.key) {
    setSyncedKey(location.key);
    setDraft(urlQuery);
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <form
      role="search"
      action={paths.search.pattern}
      className="site-search"
      onSubmit={(event) => {
        event.preventDefault();
        if (!onSearchPage || draft !== urlQuery) navigate(paths.search.build(draft.trim()));
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
        value={draft}
        placeholder="Search"
        autoComplete="off"
        enterKeyHint="search"
        aria-keyshortcuts="/"
        onChange={(event) => {
          setDraft(event.target.value);
          if (onSearchPage) navigate(paths.search.build(event.target.value), { replace: true });
        }}
      />
    </form>
  );
}
