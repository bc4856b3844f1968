/**
 * The suite's side of the UI bridge (test/e2e/lib/ui-bridge.mjs): the runner holds the Playwright
 * page of the workbench and serves these actions on 127.0.0.1 at the URL in GLASSKERNEL_E2E_UI,
 * so a test running in the extension host can press keys, click, hover, type, read what the
 * workbench shows and save screenshots, as a user would. lib/ui-protocol.mjs validates the same
 * union; keep the two in step.
 */

/** Where an action lands: the nth element matching a Playwright selector, or page pixels. */
export type UiTarget = { selector: string; nth?: number } | { x: number; y: number };

/** One UI action. `timeoutMs` bounds its wait (bridge default 10 s, at most 60 s). */
export type UiRequest =
  /** Playwright key names; '+' joins a chord, a space separates chords: 'F5', 'Shift+F5', 'Control+K Control+O'. */
  | { action: 'press'; keys: string; timeoutMs?: number }
  /** Types into whatever has keyboard focus. */
  | { action: 'type'; text: string; timeoutMs?: number }
  | { action: 'click'; target: UiTarget; button?: 'left' | 'right' | 'middle'; timeoutMs?: number }
  | { action: 'hover'; target: UiTarget; timeoutMs?: number }
  /** Picks the option labelled `label` in the first <select> matching `selector`. */
  | { action: 'select'; selector: string; label: string; timeoutMs?: number }
  /**
   * Waits until an element matches `selector` and, with `until`, until one shows that text
   * (whitespace-normalised; `exact` false means "contains"); answers every match.
   */
  | { action: 'read'; selector: string; until?: { text: string; exact?: boolean }; timeoutMs?: number }
  /** Saves `<artifacts>/<name>.png` (name: letters, digits, '.', '_', '-'). */
  | { action: 'screenshot'; name: string; timeoutMs?: number };

/** An element as `read` reports it: normalised innerText and its box in page pixels (null if not rendered). */
export interface UiElement {
  text: string;
  box: { x: number; y: number; width: number; height: number } | null;
}

/** What each action answers. */
export interface UiResults {
  press: Record<string, never>;
  type: Record<string, never>;
  click: Record<string, never>;
  hover: Record<string, never>;
  select: Record<string, never>;
  read: { elements: UiElement[] };
  screenshot: { file: string };
}

type UiAnswer<R> = { ok: true; result: R } | { ok: false; error: string };

/** Name of the environment variable that carries the bridge URL (set by test/e2e/run.mjs). */
export const UI_BRIDGE_ENV = 'GLASSKERNEL_E2E_UI';

/** Time allowed for the HTTP round trip beyond the action's own timeout (ms). */
const ROUND_TRIP_SLACK_MS = 5_000;
/** The bridge's default action timeout, mirrored so the client bounds its own wait (ms). */
const BRIDGE_DEFAULT_TIMEOUT_MS = 10_000;

/** A client of the bridge; every call rejects with the bridge's reason when the action fails. */
export class Ui {
  private shots = 0;

  /** `prefix` starts every screenshot name this client saves, e.g. 'c-debugger'. */
  constructor(private readonly url: string, private readonly prefix: string) {}

  /** The bridge named by GLASSKERNEL_E2E_UI; throws when the suite runs outside test/e2e/run.mjs. */
  static fromEnvironment(prefix: string): Ui {
    const url = process.env[UI_BRIDGE_ENV];
    if (!url) throw new Error(`${UI_BRIDGE_ENV} is not set: run the suite through test/e2e/run.mjs (npm run test:e2e)`);
    return new Ui(url, prefix);
  }

  /** Sends one action and returns its result. */
  async request<R extends UiRequest>(request: R): Promise<UiResults[R['action']]> {
    const limit = (request.timeoutMs ?? BRIDGE_DEFAULT_TIMEOUT_MS) + ROUND_TRIP_SLACK_MS;
    const response = await fetch(this.url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(limit),
    });
    const answer = (await response.json()) as UiAnswer<UiResults[R['action']]>;
    if (!answer.ok) throw new Error(`UI ${request.action} failed: ${answer.error}`);
    return answer.result;
  }

  press(keys: string): Promise<unknown> {
    return this.request({ action: 'press', keys });
  }

  type(text: string): Promise<unknown> {
    return this.request({ action: 'type', text });
  }

  click(target: UiTarget, button: 'left' | 'right' = 'left'): Promise<unknown> {
    return this.request({ action: 'click', target, button });
  }

  hover(target: UiTarget): Promise<unknown> {
    return this.request({ action: 'hover', target });
  }

  select(selector: string, label: string): Promise<unknown> {
    return this.request({ action: 'select', selector, label });
  }

  /** Every element matching `selector` once one exists (see UiRequest 'read'). */
  async read(selector: string, until?: { text: string; exact?: boolean }, timeoutMs?: number): Promise<UiElement[]> {
    return (await this.request({ action: 'read', selector, until, timeoutMs })).elements;
  }

  /** Saves `<prefix>-<nn>-<step>.png` in the artifacts folder; returns the file's path. */
  async screenshot(step: string): Promise<string> {
    this.shots += 1;
    const name = `${this.prefix}-${String(this.shots).padStart(2, '0')}-${step}`;
    return (await this.request({ action: 'screenshot', name })).file;
  }

  /**
   * Runs `step`; when it throws, saves a `failed-<what>` screenshot and rethrows with `what` (the
   * thing that was not found) in front of the bridge's reason.
   */
  async expect<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const slug = what.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 60);
      const file = await this.screenshot(`failed-${slug}`).catch(() => 'no screenshot');
      throw new Error(`${what}: ${reason} (screenshot: ${file})`);
    }
  }
}
