import { startTransition, useEffect, useState } from 'react';
import { Link, Outlet } from 'react-router';
import { paths } from '../lib/paths';
import { SavedLink } from '../features/bookmarks/saved-count';
import { KeyboardShortcuts } from '../features/reading/keyboard-shortcuts';
import { ReadingSettingsControl } from '../features/reading/reading-settings-control';
import { SearchField } from '../features/search/search-field';
import type { OfflineNotices } from '../features/offline/offline-notices';
import { afterHydration, startIdleQueue } from '../lib/scheduling';
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
          <ReadingSettingsControl />
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

/**
 * The connection and update notices: nothing in them is needed to read, so they load once the
 * app has hydrated and the browser is idle, then render in a transition (React may yield); not
 * a lazy component, whose Suspense boundary would be revealed by a commit of its own. Their state
 * lives here, below the page: turning them on re-renders this component alone, not the article.
 */
function LaterNotices() {
  const [Notices, setNotices] = useState<typeof OfflineNotices | null>(null);
  useEffect(
    () =>
      afterHydration(() =>
        import('../features/offline/offline-notices').then((module) =>
          startTransition(() => setNotices(() => module.OfflineNotices)),
        ),
      ),
    [],
  );
  return Notices && <Notices />;
}

export function RootLayout() {
  useScrollManager();
  useEffect(() => {
    // Marks the moment the app is interactive (hydrated or rendered), for tests and the bench.
    document.documentElement.dataset.app = 'ready';
    performance.mark('dispatch:ready');
    startIdleQueue();
  }, []);
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <KeyboardShortcuts />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <LaterNotices />
    </>
  );
}
