import { Link } from 'react-router';
import { paths } from '../../lib/paths';
import { useOfflineCopies } from './offline-state';

/**
 * The saved stories that open without a connection, for the page a reader gets offline. Until
 * the copies have been checked it says nothing rather than "none".
 */
export function SavedOfflineList() {
  const copies = useOfflineCopies();
  if (!copies || copies.some((copy) => copy.status === 'checking' || copy.status === 'saving')) {
    return null;
  }
  const available = copies.filter((copy) => copy.status === 'available');
  return (
    <section className="saved-offline" aria-labelledby="saved-offline-heading">
      <h2 id="saved-offline-heading">Saved stories you can read now</h2>
      {available.length === 0 ? (
        <p>
          No saved stories are available offline. Stories you save are kept on this device to read
          without a connection.
        </p>
      ) : (
        <ul>
          {available.map((copy) => (
            <li key={copy.slug}>
              <Link to={paths.article.build(copy.slug)}>{copy.title}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
