import { useState, useSyncExternalStore } from 'react';
import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import {
  isRouteErrorResponse,
  Link,
  useLocation,
  useParams,
  useRouteError,
  type LoaderFunctionArgs,
} from 'react-router';
import { ErrorMessage } from '../components/error-message';
import { findSection, isFullArticle, type Article, type Story } from '../content/article';
import { articleQueries } from '../content/queries';
import type { RelatedStory } from '../content/schema';
import { loadArticle, loadStory, notFound, useFullArticle } from '../content/story-page';
import { articleHead, sectionHead } from '../features/article/article-head';
import { ArticleView } from '../features/article/article-view';
import { Highlights } from '../features/highlights/highlights-mount';
import { BookmarkButton, useBookmarkCommand } from '../features/bookmarks/bookmark-button';
import { RelatedStoryLink } from '../features/related/related-story-link';
import { TitleOnlyStoryView } from '../features/related/title-only-story';
import { paths } from '../lib/paths';
import { usePageHead } from '../lib/use-page-head';
import { ResumeOffer } from '../features/reading/resume-offer';
import { useReadingTracker } from '../features/reading/use-reading-tracker';
import { useArticleKeys } from '../features/reading/use-article-keys';
import { ContentError } from './route-error';

/**
 * Loaders prime the React Query cache and return null: components read the cache, and the
 * router's hydration data stays tiny (the prerendered page embeds the cache once).
 */
export function loader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    await loadStory(queryClient, params.slug);
    return null;
  };
}

/** `/articles/:slug/sections/:sectionId`: the whole article, landed on one section. */
export function sectionLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    const article = await loadArticle(queryClient, params.slug);
    if (!findSection(article, params.sectionId ?? '')) throw notFound('section');
    return null;
  };
}

function useStory(): Story {
  const { slug = '' } = useParams();
  return useSuspenseQuery(articleQueries.detail(slug)).data;
}

const noSubscription = () => () => {};

function targetFromHash(hash: string): string | undefined {
  if (!hash || hash === '#') return undefined;
  // Browsers without text fragments leave the `:~:text=` directive in the hash.
  const fragment = hash.slice(1).split(':~:')[0] ?? '';
  try {
    return decodeURIComponent(fragment) || undefined;
  } catch {
    return fragment || undefined;
  }
}

/**
 * The deep-link target from the URL's fragment, once hydrated (the server never sees it). The
 * target itself is the snapshot, so a page without one is not rendered again after hydration:
 * a changed snapshot re-renders the whole article synchronously, in one long task.
 */
function useHashTarget(): string | undefined {
  const { hash } = useLocation();
  return useSyncExternalStore(
    noSubscription,
    () => targetFromHash(hash),
    () => undefined,
  );
}

function RelatedStoryItem({ story }: { story: RelatedStory }) {
  return (
    <>
      <RelatedStoryLink slug={story.slug} title={story.title} />
      <BookmarkButton slug={story.slug} title={story.title} className="needs-js" />
    </>
  );
}

/** A `#highlight-<id>` target is the reader's own highlight: the highlights layer lands on it. */
function highlightTarget(targetId: string | undefined): string | undefined {
  const { prefix } = paths.highlightInArticle;
  return targetId?.startsWith(prefix) ? targetId.slice(prefix.length) : undefined;
}

function FullArticlePage({ article, targetId }: { article: Article; targetId?: string }) {
  const landOn = highlightTarget(targetId);
  const reading = useReadingTracker(article, targetId !== undefined);
  const toggleBookmark = useBookmarkCommand(article.slug, article.headline.text);
  const [keyMessage, setKeyMessage] = useState('');
  useArticleKeys({
    toggleSaved: toggleBookmark,
    title: article.headline.text,
    announce: setKeyMessage,
  });
  return (
    <>
      <ArticleView
        article={article}
        targetId={landOn === undefined ? targetId : undefined}
        minutesLeft={reading.minutesLeft}
        headerActions={
          <BookmarkButton slug={article.slug} title={article.headline.text} className="needs-js" />
        }
        renderRelatedStory={(story) => <RelatedStoryItem story={story} />}
      />
      <Highlights article={article} landOn={landOn} />
      <ResumeOffer
        offer={reading.offer}
        updated={article.updated}
        onResume={reading.resume}
        onDismiss={reading.dismiss}
      />
      <p role="status" className="visually-hidden">
        {keyMessage}
      </p>
    </>
  );
}

function TitleOnlyPage({ story }: { story: Extract<Story, { availability: 'title-only' }> }) {
  usePageHead({
    title: story.headline.text,
    description: `${story.headline.text}: a related story whose full text is not part of this edition.`,
    canonicalPath: paths.article.build(story.slug),
    type: 'article',
  });
  return (
    <TitleOnlyStoryView
      story={story}
      bookmark={
        <BookmarkButton slug={story.slug} title={story.headline.text} className="needs-js" />
      }
      renderStoryAction={(other) => (
        <BookmarkButton slug={other.slug} title={other.title} className="needs-js" />
      )}
    />
  );
}

function ArticlePage({ article }: { article: Article }) {
  usePageHead(articleHead(article));
  return <FullArticlePage article={article} targetId={useHashTarget()} />;
}

export function Component() {
  const story = useStory();
  return isFullArticle(story) ? <ArticlePage article={story} /> : <TitleOnlyPage story={story} />;
}

export function SectionComponent() {
  const { slug = '', sectionId = '' } = useParams();
  const article = useFullArticle(slug);
  const hashTarget = useHashTarget();
  const section = findSection(article, sectionId)!;
  usePageHead(sectionHead(article, section));
  return <FullArticlePage article={article} targetId={hashTarget ?? section.id} />;
}

export function ErrorBoundary() {
  return <ContentError noun="article" />;
}

/** An unknown section of a known article links back to the article. */
export function SectionErrorBoundary() {
  const error = useRouteError();
  const unknownSection =
    isRouteErrorResponse(error) && error.status === 404 && error.data === 'Unknown section';
  return unknownSection ? <SectionNotFound /> : <ContentError noun="article" />;
}

function SectionNotFound() {
  const { slug = '' } = useParams();
  usePageHead({ title: 'Section not found', noindex: true });
  return (
    <ErrorMessage
      title="Section not found"
      actions={
        <>
          <Link to={paths.article.build(slug)}>Read the whole article</Link>
          <Link to={paths.home.build()}>Go to the front page</Link>
        </>
      }
    >
      <p>This article has no such section. It may have been renamed; the article is still here.</p>
    </ErrorMessage>
  );
}
