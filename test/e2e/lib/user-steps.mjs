// Steps of a scenario that acts on the workbench page as a person does (new-user.mjs): keys,
// clicks, waiting to see something, screenshots. Every wait is bounded and fails with an error
// naming what was not seen; a failing step saves <artifacts>/<prefix>-failed-<step>.png.
import fs from 'node:fs';
import path from 'node:path';
import { read } from './ui-bridge.mjs';
import { NOTIFICATION } from './workbench-dom.mjs';

/** Default wait for something to show after a key or a click (ms). */
export const SHOW_MS = 30_000;
/** How often a wait looks again (ms). */
const POLL_MS = 200;

/** Lowercase slug of a step name, for a file name. */
function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
function normalise(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A scenario's steps on one workbench page. Set `page` (a Playwright page) before the first
 * action. Screenshots: <artifactsDir>/<prefix>-NN-<name>.png, numbered in order.
 */
export class UserSteps {
  /** `log(line)` receives a line per step and screenshot. */
  constructor({ artifactsDir, prefix, log = () => {} }) {
    this.artifactsDir = artifactsDir;
    this.prefix = prefix;
    this.log = log;
    this.page = undefined;
    /** Name of the step running (or that failed). */
    this.current = 'prepare';
    /** Path of the failure screenshot once one is saved. */
    this.failureShot = undefined;
    this.shots = 0;
    fs.mkdirSync(artifactsDir, { recursive: true });
  }

  /** Deletes the <prefix>-*.png an earlier run left in the artifacts folder. */
  removeOldScreenshots() {
    for (const f of fs.readdirSync(this.artifactsDir)) {
      if (f.startsWith(`${this.prefix}-`) && f.endsWith('.png')) fs.rmSync(path.join(this.artifactsDir, f));
    }
  }

  /** Runs one step; when it throws, saves the failure screenshot and rethrows naming the step. */
  async step(name, body) {
    this.current = name;
    this.log(name);
    try {
      return await body();
    } catch (e) {
      await this.failedScreenshot();
      throw new Error(`step "${name}": ${e instanceof Error ? e.message : e}`);
    }
  }

  /** Saves <prefix>-NN-<name>.png; resolves its path. */
  async screenshot(name) {
    this.shots += 1;
    const file = path.join(this.artifactsDir, `${this.prefix}-${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, timeout: SHOW_MS });
    this.log(`screenshot ${path.basename(file)}`);
    return file;
  }

  /** Saves <prefix>-failed-<current step>.png, once (the first failure is the telling one); never throws. */
  async failedScreenshot() {
    if (this.failureShot || !this.page) return;
    const file = path.join(this.artifactsDir, `${this.prefix}-failed-${slug(this.current)}.png`);
    this.failureShot = file;
    await this.page.screenshot({ path: file, timeout: 10_000 }).catch(() => { this.failureShot = `${file} (could not be saved)`; });
  }

  press(keys) {
    return this.page.keyboard.press(keys);
  }

  /** Types into whatever has focus; `delayMs` between keys (a person's pace) when given. */
  type(text, delayMs = 0) {
    return this.page.keyboard.type(text, { delay: delayMs });
  }

  /**
   * Waits until `selector` matches (and, with `text`, one element's normalised text contains it,
   * or equals it when `exact`); resolves every match as { text, box }. Throws "not seen: <what>".
   */
  async see(what, selector, { text, exact = false, timeoutMs = SHOW_MS } = {}) {
    try {
      return (await read(this.page, { selector, until: text === undefined ? undefined : { text, exact }, timeoutMs })).elements;
    } catch (e) {
      throw new Error(`not seen: ${what} (${e instanceof Error ? e.message.split('\n')[0] : e})`);
    }
  }

  /**
   * Waits until an element matching `selector` has innerText (as drawn: CSS capitals applied,
   * whitespace collapsed) matching `pattern`; resolves every match's text. Throws "not seen: <what>".
   */
  async seeMatching(what, selector, pattern, timeoutMs = SHOW_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const texts = (await this.page.locator(selector).allInnerTexts()).map(normalise);
      if (texts.some((t) => pattern.test(t))) return texts;
      if (Date.now() >= deadline) {
        throw new Error(`not seen within ${timeoutMs} ms: ${what} (${selector} matching ${pattern}; seen ${texts.length}: ${JSON.stringify(texts.slice(0, 12))})`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Waits until no visible element matches `selector`; throws "still shown: <what>". */
  async seeGone(what, selector, timeoutMs = SHOW_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const visible = await this.page.locator(`${selector} >> visible=true`).count();
      if (visible === 0) return;
      if (Date.now() >= deadline) throw new Error(`still shown after ${timeoutMs} ms: ${what} (${visible} element(s) matching ${selector})`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** The notification toasts shown, as "; notifications: [...]" for a failure message, or ''. */
  async notifications() {
    const texts = this.page ? await this.page.locator(NOTIFICATION).allInnerTexts().catch(() => []) : [];
    return texts.length ? `; notifications: ${JSON.stringify(texts.map(normalise))}` : '';
  }
}
