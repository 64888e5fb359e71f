/**
 * `npm run serve`: serves the production build (`dist/`) the way a static host would. The
 * rules are in site-server.ts and site-rules.ts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSiteServer } from './site-server.ts';

const root = resolve(process.env.DIST_DIR ?? 'dist');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);

if (!existsSync(resolve(root, 'index.html'))) {
  console.error(`No build in ${root}. Run \`npm run build\` first.`);
  process.exit(1);
}

createSiteServer(root).listen(port, host, () => {
  console.log(`Dispatch is being served at http://${host}:${port}/`);
});
