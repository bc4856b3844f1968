// The UI bridge: a tiny HTTP endpoint on 127.0.0.1 through which the suite (running inside the
// extension host, where only the vscode API is at hand) asks the runner to act on the workbench
// page as a user would: press keys, click, hover, type, read what is shown, take screenshots.
//
// One route: POST <url> with a JSON body (see ui-protocol.mjs). Answers 200 { ok: true, result }
// or { ok: false, error } (the action failed or timed out; the page is left as it is), 400 for a
// request that does not validate, 404 for any other path or method. Actions run one at a time in
// arrival order. The URL carries a random token so that only the suite (which gets it through
// the GLASSKERNEL_E2E_UI environment variable) can drive the page.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { validateRequest } from './ui-protocol.mjs';

/** Largest accepted request body (bytes). */
const MAX_BODY_BYTES = 64 * 1024;
/** How often `read` looks again while it waits (ms). */
const POLL_MS = 100;
/** Mouse moves are split in this many steps so hover handlers see a real movement. */
const MOUSE_STEPS = 4;
/** Extra time past an action's own timeout before the bridge gives up on it regardless (ms). */
const DEADLINE_SLACK_MS = 2_000;

/**
 * Starts the bridge on a random loopback port. Returns { url, attach(page), detach(), close() }:
 * requests fail with "no workbench page" until attach(page) gives it the Playwright page.
 * Screenshots go to `artifactsDir` (created when missing).
 */
export async function startUiBridge({ artifactsDir }) {
  const token = randomBytes(16).toString('hex');
  let page;
  let queue = Promise.resolve();
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== `/${token}`) return answer(res, 404, { ok: false, error: 'not found' });
    readBody(req).then((body) => {
      if (body.error) return answer(res, 400, { ok: false, error: body.error });
      const checked = validateRequest(body.value);
      if (checked.error) return answer(res, 400, { ok: false, error: checked.error });
      const run = queue.then(() => withDeadline(perform(page, checked.request, artifactsDir), checked.request));
      queue = run.catch(() => {});
      return run.then(
        (result) => answer(res, 200, { ok: true, result }),
        (e) => answer(res, 200, { ok: false, error: firstLine(e) }),
      );
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    attach: (p) => { page = p; },
    detach: () => { page = undefined; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function firstLine(e) {
  const text = e instanceof Error ? e.message : String(e);
  // Playwright appends a call log after the first lines; the first paragraph says what failed.
  return text.split('\n').filter((l) => l.trim() !== '').slice(0, 2).join(' | ');
}

/** Collects and parses the body; resolves { value } or { error } (too large, not JSON). */
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('error', () => resolve({ error: 'the request body could not be read' }));
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve({ error: `the request body is over ${MAX_BODY_BYTES} bytes` });
      try {
        resolve({ value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ error: 'the request body is not JSON' });
      }
    });
  });
}

/** Rejects when `work` has not settled by the request's timeout plus DEADLINE_SLACK_MS. */
function withDeadline(work, { action, timeoutMs }) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${action} did not finish within ${timeoutMs + DEADLINE_SLACK_MS} ms`)), timeoutMs + DEADLINE_SLACK_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Runs one validated request on the page; resolves its result or rejects with what went wrong. */
async function perform(page, request, artifactsDir) {
  if (!page) throw new Error('no workbench page is open yet');
  const { timeoutMs } = request;
  switch (request.action) {
    case 'press':
      for (const chord of request.keys.split(' ')) await page.keyboard.press(chord);
      return {};
    case 'type':
      await page.keyboard.type(request.text);
      return {};
    case 'click':
      if ('selector' in request.target) await locate(page, request.target).click({ button: request.button, timeout: timeoutMs });
      else await page.mouse.click(request.target.x, request.target.y, { button: request.button });
      return {};
    case 'hover':
      if ('selector' in request.target) await locate(page, request.target).hover({ timeout: timeoutMs });
      else await page.mouse.move(request.target.x, request.target.y, { steps: MOUSE_STEPS });
      return {};
    case 'select':
      await page.locator(request.selector).first().selectOption({ label: request.label }, { timeout: timeoutMs });
      return {};
    case 'read':
      return read(page, request);
    case 'screenshot': {
      fs.mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, `${request.name}.png`);
      await page.screenshot({ path: file, timeout: timeoutMs });
      return { file };
    }
  }
  throw new Error(`unhandled action ${request.action}`);
}

function locate(page, { selector, nth }) {
  return page.locator(selector).nth(nth);
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
function normalise(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Polls until an element matches `selector` (and, with `until`, one whose normalised text equals
 * or contains until.text). Resolves { elements: [{ text, box }] } in document order, text
 * normalised, box in page pixels (null when not rendered); rejects with the last texts seen.
 */
export async function read(page, { selector, until, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  let elements = [];
  for (;;) {
    elements = await snapshot(page, selector);
    const want = until ? normalise(until.text) : undefined;
    const found = want === undefined
      ? elements.length > 0
      : elements.some((e) => (until.exact ? e.text === want : e.text.includes(want)));
    if (found) return { elements };
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const wanted = until ? ` with text ${until.exact ? '' : 'containing '}${JSON.stringify(until.text)}` : '';
  const seen = elements.slice(0, 12).map((e) => JSON.stringify(e.text)).join(', ');
  throw new Error(`no element matching ${selector}${wanted} within ${timeoutMs} ms; seen ${elements.length}: [${seen}]`);
}

async function snapshot(page, selector) {
  const raw = await page.locator(selector).evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    const text = el instanceof HTMLElement ? el.innerText : el.textContent ?? '';
    return { text, box: r.width > 0 || r.height > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null };
  }));
  return raw.map((e) => ({ text: normalise(e.text), box: e.box }));
}
