/**
 * `npm run build`: Vite's build of the app and the edition (vite.config.ts, build/site-build.ts),
 * incremental by default. `npm run build -- --clean` makes a full build whatever the last one
 * left; `--log-level warn` prints only warnings. (`vite build` runs the same build, without the
 * options: Vite's command line refuses any it does not know.)
 */
import { parseArgs } from 'node:util';
import { createBuilder, type LogLevel } from 'vite';

const { values } = parseArgs({
  options: {
    clean: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
  },
});
if (values.clean) process.env.DISPATCH_BUILD_CLEAN = '1';
// The config is imported as it is (this runs under tsx), not bundled first as Vite's own
// command line does: that bundling of vite.config.ts and the build modules it imports cost
// every build a second or more before any work.
const builder = await createBuilder(
  { logLevel: values['log-level'] as LogLevel, configLoader: 'native' },
  null,
);
await builder.buildApp();
