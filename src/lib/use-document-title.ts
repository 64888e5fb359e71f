import { useEffect } from 'react';

export const SITE_NAME = 'Dispatch';

export function pageTitle(title?: string): string {
  return title ? `${title} · ${SITE_NAME}` : SITE_NAME;
}

/** Sets `document.title` for the page that renders it. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
