import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ensureStoryPage } from '../../content/story-page';
import { paths } from '../../lib/paths';

/**
 * A link to a related story that loads the story's data ahead of the click: when the pointer
 * rests on it, when it takes focus, or when it scrolls into view. The page then opens from the
 * cache with no network wait. Failures are ignored here; the page itself will report them.
 */
export function RelatedStoryLink({ slug, title }: { slug: string; title: string }) {
  const queryClient = useQueryClient();
  const ref = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        void ensureStoryPage(queryClient, slug).catch(() => {});
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [queryClient, slug]);

  const prefetch = () => void ensureStoryPage(queryClient, slug).catch(() => {});
  return (
    <Link ref={ref} to={paths.article.build(slug)} onPointerEnter={prefetch} onFocus={prefetch}>
      {title}
    </Link>
  );
}
