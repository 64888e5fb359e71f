/**
 * Runs nginx with deploy/nginx.conf exactly as committed, for the e2e suite and the load bench:
 * only the build's path and the port are put in place of the deployment's own, and nginx's
 * runtime files (pid, logs, temp) go to a folder of their own. Where Debian's brotli module
 * (`libnginx-mod-http-brotli-static`) is not installed, the lines that need it are left out, as
 * the config says a deployment without it does: brotli clients then get the gzip copies. CI
 * installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BROTLI_MODULE,
  NGINX_CONFIG_FILE,
  NGINX_PORT,
  NGINX_ROOT,
  withoutBrotli,
} from '../../src/server/nginx-config';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/** nginx's binary, where installed (`apt-get install -y nginx`). */
export function nginxBinary(): string | undefined {
  return [process.env.NGINX_BIN, ...CANDIDATES].find(
    (path): path is string => Boolean(path) && existsSync(path!),
  );
}

/**
 * Whether nginx here sends the build's brotli copies: Debian's module is installed (and
 * `NGINX_BROTLI=0` does not ask to run without it, to check what a deployment without it sends).
 */
export function nginxHasBrotli(): boolean {
  return process.env.NGINX_BROTLI !== '0' && existsSync(BROTLI_MODULE);
}

export interface NginxSetup {
  prefix: string;
  config: string;
  /** Arguments that run nginx in the foreground with this setup. */
  args: string[];
}

/** Writes the committed config, pointed at `distDir` and `port`, into a fresh folder. */
export function prepareNginx(distDir: string, port: number): NginxSetup {
  const source = readFileSync(resolve(NGINX_CONFIG_FILE), 'utf8');
  const root = resolve(distDir);
  if (!source.includes(NGINX_ROOT) || !source.includes(`listen ${NGINX_PORT};`)) {
    throw new Error(`${NGINX_CONFIG_FILE} no longer names ${NGINX_ROOT} and port ${NGINX_PORT}`);
  }
  const prefix = mkdtempSync(join(tmpdir(), 'dispatch-nginx-'));
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const config = join(prefix, 'nginx.conf');
  writeFileSync(
    config,
    (nginxHasBrotli() ? source : withoutBrotli(source))
      .replaceAll(NGINX_ROOT, root)
      .replace(`listen ${NGINX_PORT};`, `listen 127.0.0.1:${port};`),
  );
  return {
    prefix,
    config,
    args: [
      '-p',
      prefix,
      '-c',
      config,
      '-g',
      `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr warn;`,
    ],
  };
}
