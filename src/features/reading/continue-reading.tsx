import { Link } from 'react-router';
import { paths } from '../../lib/paths';
import { useReadingPositions } from './reading-positions';

/** How many unfinished stories the front page lists. */
const LIMIT = 3;

function percent(progress: number): string {
  return `${Math.max(1, Math.round(progress * 100))}% read`;
}

/**
 * The front page's "Continue reading" row: stories the reader started and did not finish, most
 * recent first. It comes after the page's own content, so appearing once the page has loaded
 * moves nothing the reader is looking at; it is absent when there is nothing to continue.
 */
export function ContinueReading() {
  const unfinished = useReadingPositions()
    .filter((position) => !position.finished)
    .slice(0, LIMIT);
  if (unfinished.length === 0) return null;
  return (
    <section className="continue-reading" aria-labelledby="continue-reading-heading">
      <h2 id="continue-reading-heading">Continue reading</h2>
      <ul>
        {unfinished.map((position) => (
          <li key={position.slug}>
            <Link to={paths.article.build(position.slug)}>{position.title}</Link>
            <span className="continue-reading-progress">{percent(position.progress)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How far the reader got in one story, for the saved list: "40% read", "Finished". */
export function ReadingProgressNote({ slug }: { slug: string }) {
  const position = useReadingPositions().find((candidate) => candidate.slug === slug);
  if (!position) return null;
  return (
    <span className="reading-progress-note">
      {position.finished ? 'Finished' : percent(position.progress)}
    </span>
  );
}
