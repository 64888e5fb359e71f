/**
 * Serves the build with nginx and deploy/nginx.conf, in the foreground, for Playwright's
 * webServer: `DIST_DIR=dist PORT=4320 tsx tests/support/nginx-server.ts`. Checks the config
 * with `nginx -t` first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { nginxBinary, prepareNginx } from './nginx';

const nginx = nginxBinary();
if (!nginx) {
  console.error('nginx is not installed (apt-get install -y nginx)');
  process.exit(1);
}
const setup = prepareNginx(process.env.DIST_DIR ?? 'dist', Number(process.env.PORT ?? 4320));
const check = spawnSync(nginx, ['-t', ...setup.args], { encoding: 'utf8' });
if (check.status !== 0) {
  console.error(check.stderr);
  process.exit(1);
}
const server = spawn(nginx, setup.args, { stdio: 'inherit' });
const stop = () => server.kill('SIGQUIT');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => process.exit(code ?? 0));
