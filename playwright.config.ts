import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_FLAGS, DEBIAN_CHROMIUM, systemChromium } from './tests/bench/support';
import { nginxBinary } from './tests/support/nginx';

const port = Number(process.env.E2E_PORT ?? 4319);
const baseURL = `http://127.0.0.1:${port}`;
const nginxPort = Number(process.env.E2E_NGINX_PORT ?? 4320);

/**
 * The tests whose outcome depends on what the server answers (status, headers, prerendered
 * files, cold loads of every URL kind) are tagged `@served`, and run against nginx with
 * deploy/nginx.conf too. What happens after the page has loaded is the same app on either
 * server, so it runs once per width, against `npm start`. CI installs nginx; elsewhere, without
 * it, that project's tests are reported skipped, with the reason.
 */
const withNginx = Boolean(process.env.CI) || nginxBinary() !== undefined;
const NGINX_MISSING =
  'nginx is not installed here: the serving specs ran against `npm start` only (install nginx to run them against deploy/nginx.conf too)';
if (!withNginx) console.warn(NGINX_MISSING);
const NGINX_SPECS = /(prerender|sections|quotes|security|servers)\.spec\.ts/;

/**
 * Tests of what a width cannot change (response headers, the prerendered HTML, storage that
 * fails, export and import, keyboard shortcuts, printing) are tagged `@any-width` and run at the
 * desktop width only. The phone runs everything else: every route's cold load, landing on
 * sections and quotations, layout, touch, and the flows a reader on a phone goes through.
 */
const ANY_WIDTH = /@any-width/;

/**
 * Debian's Chromium where it is installed (CI and these machines cannot download Playwright's
 * browser); elsewhere Playwright's own, after `npx playwright install chromium`.
 */
const chromiumPath = systemChromium(process.env.CHROMIUM_PATH ?? DEBIAN_CHROMIUM);
const launchOptions = chromiumPath ? { executablePath: chromiumPath, args: CHROMIUM_FLAGS } : {};

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions,
    // The service worker answers requests itself, out of reach of `page.route`; the specs that
    // test it (offline, update) allow it.
    serviceWorkers: 'block',
  },
  projects: [
    // Checks of the build output itself; no browser page needed.
    { name: 'build', testMatch: /budget\.spec\.ts/ },
    // Builds an edition of its own, once, and tests it at both widths in one worker.
    { name: 'ingest', testMatch: /ingest\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    // Builds an edition with pictures (ingested from pages, Markdown and another server), once,
    // and tests it at both widths in one worker.
    { name: 'pictures', testMatch: /pictures\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    // Builds an edition, changes it five ways and builds it again after each, incrementally
    // and clean; then reads the last build, in one worker.
    { name: 'publish', testMatch: /publish\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    // Builds a second version of the site and serves one, then the other, on one origin.
    { name: 'update', testMatch: /update\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'phone',
      testIgnore: /(budget|ingest|pictures|publish|update|servers)\.spec\.ts/,
      grepInvert: ANY_WIDTH,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    },
    {
      name: 'desktop',
      testIgnore: /(budget|ingest|pictures|publish|update|servers)\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
    {
      name: 'nginx',
      testMatch: NGINX_SPECS,
      grep: /@served/,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        baseURL: `http://127.0.0.1:${nginxPort}`,
      },
      // Without nginx, each of its tests is reported skipped, with the reason (fixtures.ts), so a
      // local green run does not look like full coverage.
      metadata: withNginx ? {} : { unavailable: NGINX_MISSING },
    },
  ],
  webServer: [
    {
      // Serves the production build; `npm test` builds it first.
      command: 'npm run serve',
      url: baseURL,
      env: { PORT: String(port) },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    ...(withNginx
      ? [
          {
            // The same build, served by nginx with deploy/nginx.conf (checked with nginx -t).
            command: 'npx tsx tests/support/nginx-server.ts',
            url: `http://127.0.0.1:${nginxPort}`,
            env: { PORT: String(nginxPort), DIST_DIR: 'dist' },
            reuseExistingServer: !process.env.CI,
            timeout: 30_000,
          },
        ]
      : []),
  ],
});
