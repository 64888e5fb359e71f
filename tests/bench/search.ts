/**
 * `npm run bench:search`: builds the seed edition, then prints its search index size and the
 * time from keystroke to results at 4× CPU slowdown (see search-latency.ts). Not a test.
 */
import { resolve } from 'node:path';
import { indexBytes, measureSearch } from './search-latency';
import { createCleanups, runBuild } from './support';

const log = (...args: unknown[]) => console.error('[bench:search]', ...args);
const { cleanups, runCleanups } = createCleanups(log);
try {
  await runBuild();
  const distDir = resolve('dist');
  const index = await indexBytes(distDir);
  const latency = await measureSearch(
    distDir,
    ['drone', 'minerals', 'Witkoff', 'Kryvyi', 'agreement'],
    (cleanup) => cleanups.processes.add(cleanup),
    log,
  );
  console.log(
    JSON.stringify({
      edition: 'seed',
      index_bytes: index.index,
      with_runtime_bytes: index.total,
      files: index.files,
      ...latency,
    }),
  );
} finally {
  runCleanups();
}
