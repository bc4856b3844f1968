// The UI bridge's request language: a small discriminated union on `action`, validated here before
// anything touches the page. suite/ui.ts declares the same union in TypeScript for the tests; keep
// the two in step (this file is the one that decides what is accepted).
//
//   { action: 'press', keys }                 keys: Playwright key names, '+' joins a chord and a
//                                             space separates chords: 'F5', 'Shift+F5', 'Control+K Control+O'
//   { action: 'type', text }                  types text into whatever has focus
//   { action: 'click', target, button? }      target: { selector, nth? } or { x, y } (page pixels)
//   { action: 'hover', target }               moves the mouse onto the target
//   { action: 'select', selector, label }     picks the option shown as `label` in a <select>
//                                             (the Run and Debug configuration box), as a user would
//   { action: 'read', selector, until? }      waits for elements matching selector (and, with until,
//                                             one whose whitespace-normalised text equals or contains
//                                             until.text); answers their texts and boxes
//   { action: 'screenshot', name }            saves <artifacts>/<name>.png, answers the file path
//
// Every action that waits takes timeoutMs (default DEFAULT_TIMEOUT_MS, at most MAX_TIMEOUT_MS).

/** Wait bound of an action that does not name one (ms). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest wait one action may ask for (ms); the bridge never holds a request longer. */
export const MAX_TIMEOUT_MS = 60_000;
/** Longest accepted selector, key sequence, or screenshot name (characters). */
const MAX_SHORT_TEXT = 500;
/** Longest text one `type` action may type (characters). */
const MAX_TYPED_TEXT = 2_000;
/** Screenshot names: a file name without folders or extension. */
const SCREENSHOT_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/i;
/** One key chord: key names joined by '+', e.g. Shift+F5, Control+Shift+P, Escape, a. */
const KEY_CHORD = /^([A-Za-z0-9]+\+)*([A-Za-z0-9]+|[^\sA-Za-z0-9])$/;
const ACTIONS = ['press', 'type', 'click', 'hover', 'select', 'read', 'screenshot'];
const BUTTONS = ['left', 'right', 'middle'];

/**
 * Checks a decoded JSON body. Returns { request } (a copy holding only known fields, with
 * timeoutMs filled in) or { error } naming the first problem; never throws.
 */
export function validateRequest(body) {
  if (!isObject(body)) return { error: 'the request body must be a JSON object' };
  const { action } = body;
  if (!ACTIONS.includes(action)) return { error: `action must be one of ${ACTIONS.join(', ')}; got ${JSON.stringify(action)}` };
  const timeout = validateTimeout(body.timeoutMs);
  if (timeout.error) return timeout;
  const timeoutMs = timeout.value;
  switch (action) {
    case 'press': {
      const keys = shortText(body.keys, 'keys');
      if (keys.error) return keys;
      const chords = keys.value.split(' ');
      const bad = chords.find((c) => !KEY_CHORD.test(c));
      if (bad !== undefined) return { error: `keys: ${JSON.stringify(bad)} is not a key chord like Shift+F5` };
      return { request: { action, keys: keys.value, timeoutMs } };
    }
    case 'type': {
      if (typeof body.text !== 'string' || body.text.length > MAX_TYPED_TEXT) return { error: `text must be a string of at most ${MAX_TYPED_TEXT} characters` };
      return { request: { action, text: body.text, timeoutMs } };
    }
    case 'click':
    case 'hover': {
      const target = validateTarget(body.target);
      if (target.error) return target;
      if (action === 'hover') return { request: { action, target: target.value, timeoutMs } };
      const button = body.button ?? 'left';
      if (!BUTTONS.includes(button)) return { error: `button must be one of ${BUTTONS.join(', ')}` };
      return { request: { action, target: target.value, button, timeoutMs } };
    }
    case 'select': {
      const selector = shortText(body.selector, 'selector');
      if (selector.error) return selector;
      const label = shortText(body.label, 'label');
      if (label.error) return label;
      return { request: { action, selector: selector.value, label: label.value, timeoutMs } };
    }
    case 'read': {
      const selector = shortText(body.selector, 'selector');
      if (selector.error) return selector;
      const until = validateUntil(body.until);
      if (until.error) return until;
      return { request: { action, selector: selector.value, until: until.value, timeoutMs } };
    }
    case 'screenshot': {
      if (typeof body.name !== 'string' || !SCREENSHOT_NAME.test(body.name)) return { error: `name must match ${SCREENSHOT_NAME} (no folders, no extension)` };
      return { request: { action, name: body.name, timeoutMs } };
    }
  }
  return { error: `unhandled action ${action}` };
}

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shortText(v, field) {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_SHORT_TEXT) return { error: `${field} must be a non-empty string of at most ${MAX_SHORT_TEXT} characters` };
  return { value: v };
}

function validateTimeout(v) {
  if (v === undefined) return { value: DEFAULT_TIMEOUT_MS };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_TIMEOUT_MS) return { error: `timeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}` };
  return { value: v };
}

/** { selector, nth? } or { x, y } in page pixels. */
function validateTarget(v) {
  if (!isObject(v)) return { error: 'target must be { selector, nth? } or { x, y }' };
  if (v.selector !== undefined) {
    const selector = shortText(v.selector, 'target.selector');
    if (selector.error) return selector;
    const nth = v.nth ?? 0;
    if (!Number.isInteger(nth) || nth < 0) return { error: 'target.nth must be a non-negative integer' };
    return { value: { selector: selector.value, nth } };
  }
  const ok = (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100_000;
  if (!ok(v.x) || !ok(v.y)) return { error: 'target must be { selector, nth? } or { x, y } with finite non-negative pixels' };
  return { value: { x: v.x, y: v.y } };
}

/** Optional { text, exact }: the text some matching element must show. */
function validateUntil(v) {
  if (v === undefined) return { value: undefined };
  if (!isObject(v) || typeof v.text !== 'string' || v.text.length > MAX_SHORT_TEXT) return { error: 'until must be { text, exact? } with a string text' };
  if (v.exact !== undefined && typeof v.exact !== 'boolean') return { error: 'until.exact must be a boolean' };
  return { value: { text: v.text, exact: v.exact ?? true } };
}
