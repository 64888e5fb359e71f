import { startTransition, useEffect, useState } from 'react';
import { Link, Outlet } from 'react-router';
import { paths } from '../lib/paths';
import { SavedLink } from '../features/bookmarks/saved-count';
import { KeyboardShortcuts } from '../features/reading/keyboard-shortcuts';
import { ReadingSettingsControl } from '../features/reading/reading-settings-control';
import { SearchField } from '../features/search/search-field';
import type { OfflineNotices } from '../features/offline/offline-notices';
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

function whenIdle(callback: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 0);
}

/**
 * What waits until the browser is idle after hydration: nothing of it is needed to read the
 * page. One step per idle period, so no step makes a long task of the others. Its own state
 * lives here, below the page: turning it on re-renders this component alone, not the article.
 */
function IdleWork() {
  const [Notices, setNotices] = useState<typeof OfflineNotices | null>(null);
  useEffect(() => {
    const steps: Array<() => unknown> = [
      // The connection and update notices: nothing in them is needed to read. Loaded first, then
      // rendered in a transition (React may yield); not a lazy component, whose Suspense
      // boundary would be revealed by a commit of its own, from a timer.
      () =>
        import('../features/offline/offline-notices').then((module) =>
          startTransition(() => setNotices(() => module.OfflineNotices)),
        ),
      // Content validation loads apart from the page (its data was checked at build time);
      // fetched now, the first client navigation does not wait for it.
      () => import('../content/validate'),
      // The reading settings' panel opens at once when its button is first pressed.
      () => import('../features/reading/reading-settings-panel'),
      // Offline reading: the service worker, saved stories' copies.
      ...(import.meta.env.PROD
        ? [() => import('./offline-sync').then(({ startOfflineSync }) => startOfflineSync())]
        : []),
    ];
    let cancelled = false;
    const next = () => {
      const step = steps.shift();
      if (!step || cancelled) return;
      void Promise.resolve(step()).finally(() => whenIdle(next));
    };
    whenIdle(next);
    return () => {
      cancelled = true;
    };
  }, []);
  return Notices && <Notices />;
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
      <KeyboardShortcuts />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <IdleWork />
    </>
  );
}
