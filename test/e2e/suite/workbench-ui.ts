/**
 * Where things are in VS Code 1.100's workbench DOM, for tests that drive it through the UI
 * bridge (ui.ts): Playwright selectors for the editor, the Run and Debug views and the debug
 * hover, small helpers that turn what `read` answers into positions to click or hover, and the
 * clicks a debugging test starts with (a gutter breakpoint, a launch configuration).
 */
import * as vscode from 'vscode';
import type { Ui, UiElement } from './ui';

/** The text editor of the active editor group (not the Debug Console's input editor). */
export const EDITOR = '.part.editor .editor-group-container.active .editor-instance .monaco-editor';
/** Line numbers in the editor's margin; each element's text is the 1-based line number. */
export const LINE_NUMBERS = `${EDITOR} .margin-view-overlays .line-numbers`;
/** The glyph margin (gutter) column, left of the line numbers, where breakpoints are set. */
export const GLYPH_MARGIN = `${EDITOR} .glyph-margin`;
/** An enabled, verified or not, source breakpoint dot in the gutter. */
export const BREAKPOINT_GLYPH = `${EDITOR} .codicon-debug-breakpoint`;
/** The launch configuration <select> at the top of the Run and Debug view. */
export const CONFIG_SELECT = '.part.sidebar select.monaco-select-box';
/** Message of a notification toast (errors such as a launch that failed). */
export const NOTIFICATION = '.notifications-toasts .notification-list-item-message';
/** The debug hover's value for a value without children. */
export const HOVER_VALUE = '.debug-hover-widget .value';
/** The Run and Debug view's Start Debugging button (the green triangle beside the configuration box). */
export const START_DEBUGGING = '.part.sidebar .start-debug-action-item .codicon-debug-start';
/** The wavy underline the editor draws under an error diagnostic. */
export const ERROR_SQUIGGLE = `${EDITOR} .squiggly-error`;
/** The Problems view (its text says "No problems have been detected in the workspace." when there are none). */
export const PROBLEMS_VIEW = '.part.panel .markers-panel';
/** The rows of the Problems view (a file, then its problems: "message source [Ln l, Col c]"). */
export const PROBLEM_ROWS = '.part.panel .markers-panel .monaco-list-row';
/** The editor's hover (language features: what a language server's hover answers), not the debug hover. */
export const EDITOR_HOVER = '.monaco-hover:not(.hidden) .hover-contents';
/** The rows of the Debug Console (the program's output, among others). */
export const DEBUG_CONSOLE_ROWS = '.part.panel .repl .monaco-list-row';

/** A section (pane) of the sidebar by its title, e.g. 'Variables', 'Watch', 'Call Stack'. */
export function pane(title: string): string {
  return `.part.sidebar .pane:has(> .pane-header:has-text("${title}"))`;
}

/** The tree rows of a sidebar section; a row's text is "name = value" in these views. */
export function rows(title: string): string {
  return `${pane(title)} .monaco-list-row`;
}

/** The rendered text of the editor line that contains `text` (the inline span, as wide as its text). */
export function lineContent(text: string): string {
  return `${EDITOR} .view-line:has-text(${JSON.stringify(text)}) > span`;
}

/** A box in page pixels, as `read` reports it. */
export type Box = NonNullable<UiElement['box']>;

export function centre(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The box of an element that `read` found; throws naming `what` when it is not rendered. */
export function boxOf(element: UiElement | undefined, what: string): Box {
  if (!element?.box) throw new Error(`${what} is not rendered`);
  return element.box;
}

/** Box of the margin line number of 1-based `line` in the active editor, waiting until shown. */
export async function lineNumberBox(ui: Ui, line: number): Promise<Box> {
  const numbers = await ui.read(LINE_NUMBERS, { text: String(line) });
  return boxOf(numbers.find((e) => e.text === String(line)), `line number ${line}`);
}

/**
 * The page point over column `column` (0-based) of a line whose full text (with indentation) is
 * `lineText` and whose rendered content box is `content`; the editor font is monospace, so every
 * character is content.width / lineText.length wide. Aims at the middle of the character.
 */
export function pointAtColumn(content: Box, lineText: string, column: number): { x: number; y: number } {
  const charWidth = content.width / lineText.length;
  return { x: content.x + (column + 0.5) * charWidth, y: centre(content).y };
}

/**
 * Shows `document` in the editor with the cursor on 1-based `line` (which centres that line) and
 * waits until the editor has drawn it there: showTextDocument resolves before the next frame
 * paints the scroll, so a box read at once may be the old position. The margin marks the cursor's
 * line number active in the same frame as the scroll, so once it shows `line` active the boxes
 * are current, and a later showTextDocument of the same line (clickGutter) scrolls no more.
 */
export async function showLine(ui: Ui, document: vscode.Uri, line: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(line - 1, 0, line - 1, 0) });
  await ui.expect(`line ${line} drawn as the cursor line`, () => ui.read(`${LINE_NUMBERS}.active-line-number`, { text: String(line) }));
  return editor;
}

/**
 * Shows `document` in the editor with the cursor on 1-based `line` and clicks the glyph margin
 * (gutter) level with that line's number, which sets a breakpoint there (or clears one); resolves
 * with the box of the line number.
 */
export async function clickGutter(ui: Ui, document: vscode.Uri, line: number): Promise<Box> {
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(line - 1, 0, line - 1, 0) });
  const number = await ui.expect(`line number ${line} in the editor`, () => lineNumberBox(ui, line));
  const margin = boxOf((await ui.expect('the glyph margin', () => ui.read(GLYPH_MARGIN)))[0], 'the glyph margin');
  await ui.click({ x: centre(margin).x, y: centre(number).y });
  return number;
}

/** Opens the Run and Debug view (Ctrl+Shift+D) and picks launch configuration `name` in its select; `what` names it in a failure. */
export async function selectLaunchConfiguration(ui: Ui, name: string, what = `the "${name}" launch configuration`): Promise<void> {
  await ui.press('Control+Shift+D');
  await ui.expect(what, () => ui.select(CONFIG_SELECT, name));
}
