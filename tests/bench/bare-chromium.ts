/**
 * One page load in Chromium driven over a bare DevTools pipe, with the Page domain alone enabled.
 *
 * Playwright, Puppeteer and Lighthouse enable the Runtime domain on every page they drive, and
 * with it V8 does work readers never pay for: it records a detailed stack for every error made.
 * React DOM's start-up errors made it parse all of React DOM again in the app's first task,
 * 60–120 ms at 4× CPU, until the build made them without a stack (docs/perf-notes.md, "What
 * measuring costs"). Readers have no inspector attached, so a figure measured with one may
 * overstate what they wait for; this load is the check.
 *
 * This driver sets the CPU throttling and the viewport, adds the page's probe before any of
 * its scripts run, and navigates. The probe hands its result back through the console, which
 * Chromium's own log prints on stderr; nothing is evaluated in the page.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS } from './support';

export interface BareLoadOptions {
  url: string;
  viewport: { width: number; height: number };
  cpuSlowdown: number;
  /** Runs before the page's own scripts; it must `console.log(marker + ' ' + JSON)` once. */
  probe: string;
  /** The prefix of the probe's one console line. */
  marker: string;
  timeoutMs: number;
  executablePath: string;
}

interface ProtocolMessage {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Loads `url` once in a fresh Chromium and resolves with what the probe reported. */
export async function loadWithoutInspector(options: BareLoadOptions): Promise<unknown> {
  const { url, viewport, cpuSlowdown, probe, marker, timeoutMs, executablePath } = options;
  const profile = mkdtempSync(join(tmpdir(), 'dispatch-bench-chromium-'));
  // fd 3 carries commands to Chromium, fd 4 its answers: --remote-debugging-pipe.
  const chrome = spawn(
    executablePath,
    [
      ...CHROMIUM_FLAGS,
      '--remote-debugging-pipe',
      '--enable-logging=stderr',
      '--v=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((done) => chrome.once('exit', () => done()));
  const toChrome = chrome.stdio[3] as NodeJS.WritableStream;
  const fromChrome = chrome.stdio[4] as NodeJS.ReadableStream;

  let nextId = 0;
  const pending = new Map<number, (message: ProtocolMessage) => void>();
  let buffer = '';
  fromChrome.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end)) as ProtocolMessage;
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) pending.get(message.id)?.(message);
    }
  });
  chrome.once('exit', () => {
    for (const answer of pending.values()) answer({ error: { message: 'Chromium exited' } });
  });
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (message) => {
        pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      });
      toChrome.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  // The probe's line, as Chromium logs it: [pid:tid:…:INFO:CONSOLE:1] "MARKER {…}", source: …
  const pattern = new RegExp(`${marker} (\\{.*\\})", source:`);
  let log = '';
  let timer: NodeJS.Timeout | undefined;
  const reported = new Promise<unknown>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No report from the page within ${timeoutMs} ms`)),
      timeoutMs,
    );
    chrome.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const match = pattern.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(JSON.parse(match[1]!));
      }
    });
  });

  // Awaited below; until then, a timeout must not be an unhandled rejection.
  reported.catch(() => undefined);

  try {
    const { targetInfos } = (await send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string }[];
    };
    const target = targetInfos.find((info) => info.type === 'page');
    if (!target) throw new Error('Chromium opened no page');
    const { sessionId } = (await send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: true,
    })) as { sessionId: string };
    // The Page domain only: the probe needs it to be added before the page's own scripts.
    await send('Page.enable', {}, sessionId);
    await send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown }, sessionId);
    // As Playwright sets a context's viewport (a window cannot be narrower than 500 px).
    await send(
      'Emulation.setDeviceMetricsOverride',
      { ...viewport, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    await send('Page.addScriptToEvaluateOnNewDocument', { source: probe }, sessionId);
    await send('Page.navigate', { url }, sessionId);
    return await reported;
  } finally {
    clearTimeout(timer);
    chrome.kill();
    await exited;
    await removeProfile(profile);
  }
}

/** Chromium's helpers may still be writing to the profile a moment after it exits. */
async function removeProfile(profile: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(profile, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt === 10) throw error;
      await new Promise((retry) => setTimeout(retry, 100 * attempt));
    }
  }
}
