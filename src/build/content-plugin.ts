/**
 * The content build as a Vite plugin: the edition's JSON is generated from the editorial
 * sources in `content/` (never written by hand). `vite build` emits it into the client build;
 * `vite` (dev) serves it from memory and regenerates it, with a page reload, when a source
 * changes, so a newsroom sees an edited story without restarting anything.
 */
import { relative, resolve, sep } from 'node:path';
import type { Logger, Plugin } from 'vite';
import { formatWarning } from '../ingest/errors.ts';
import {
  contentDir,
  readEditionMeta,
  readStories,
  editionMetaFile,
} from '../ingest/content-dir.ts';
import { buildEdition, type ContentFiles } from '../ingest/edition.ts';

/** The edition's JSON; what its sources hold that stayed text is reported to `logger`. */
export async function generateContent(
  dir = contentDir(),
  logger?: Pick<Logger, 'warn'>,
): Promise<ContentFiles> {
  const [stories, meta] = await Promise.all([readStories(dir), readEditionMeta(dir)]);
  const edition = buildEdition(stories, meta, editionMetaFile(dir));
  for (const warning of edition.warnings) logger?.warn(formatWarning(warning));
  return edition.files;
}

const serialise = (document: unknown) => `${JSON.stringify(document)}\n`;

export function contentPlugin(): Plugin {
  const dir = contentDir();
  let files: Promise<ContentFiles> | undefined;
  let logger: Logger | undefined;
  const current = () => (files ??= generateContent(dir, logger));

  return {
    name: 'dispatch:content',
    configResolved(config) {
      logger = config.logger;
    },
    async generateBundle() {
      if (this.environment.name !== 'client') return;
      for (const [path, document] of await current()) {
        this.emitFile({ type: 'asset', fileName: `content/${path}`, source: serialise(document) });
      }
    },
    configureServer(server) {
      server.watcher.add(dir);
      const changed = (file: string) => {
        if (relative(dir, resolve(file)).split(sep)[0] === '..') return;
        files = undefined;
        current().then(
          () => server.ws.send({ type: 'full-reload' }),
          (error: Error) =>
            server.ws.send({ type: 'error', err: { message: error.message, stack: '' } }),
        );
      };
      server.watcher.on('change', changed).on('add', changed).on('unlink', changed);
      server.middlewares.use('/content/', (req, res, next) => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://dev').pathname).slice(1);
        current().then(
          (generated) => {
            if (!generated.has(path)) return next();
            res.setHeader('Content-Type', 'application/json');
            res.end(serialise(generated.get(path)));
          },
          (error: Error) => {
            res.statusCode = 500;
            res.setHeader('Content-Type', 'text/plain');
            res.end(error.message);
          },
        );
      });
    },
  };
}
