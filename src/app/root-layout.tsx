import { useEffect } from 'react';
import { Link, Outlet } from 'react-router';
import { paths } from '../lib/paths';
import { SavedLink } from '../features/bookmarks/saved-count';
import { SearchField } from '../features/search/search-field';
import { SITE_NAME } from '../lib/site';
import { useScrollManager } from './use-scroll-manager';

function focusMain(event: React.MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById('main');
  if (!main) return;
  event.preventDefault();
  const target = main.querySelector<HTMLElement>('h1') ?? main;
  target.focus();
}

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link className="wordmark" to={paths.home.build()}>
          {SITE_NAME}
        </Link>
        <SearchField />
        <nav aria-label="Site">
          <SavedLink />
        </nav>
      </div>
    </header>
  );
}

export function SkipLink() {
  return (
    <a className="skip-link" href="#main" onClick={focusMain}>
      Skip to content
    </a>
  );
}

export function RootLayout() {
  useScrollManager();
  useEffect(() => {
    // Marks the moment the app is interactive (hydrated or rendered), for tests and the bench.
    document.documentElement.dataset.app = 'ready';
    performance.mark('dispatch:ready');
  }, []);
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
