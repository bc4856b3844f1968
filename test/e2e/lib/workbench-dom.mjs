// Where things are in VS Code 1.100's workbench DOM, for scripts that hold the Playwright page
// themselves (new-user.mjs). The suite's own table is suite/workbench-ui.ts (it imports `vscode`,
// so plain Node cannot load it); the editor and Run and Debug strings below are copied from it
// and must stay in step with it.

/** The text editor of the active editor group (not the Debug Console's input editor). */
export const EDITOR = '.part.editor .editor-group-container.active .editor-instance .monaco-editor';
/** Line numbers in the editor's margin; each element's text is the 1-based line number. */
export const LINE_NUMBERS = `${EDITOR} .margin-view-overlays .line-numbers`;
/** The glyph margin (gutter) column, left of the line numbers, where breakpoints are set. */
export const GLYPH_MARGIN = `${EDITOR} .glyph-margin`;
/** An enabled, verified or not, source breakpoint dot in the gutter. */
export const BREAKPOINT_GLYPH = `${EDITOR} .codicon-debug-breakpoint`;
/** The active editor tab (its text is the file name). */
export const ACTIVE_TAB = '.part.editor .editor-group-container.active .tab.active';

/** The quick input (command palette, quick open, the simple file dialog, quick picks). */
export const QUICK_INPUT = '.quick-input-widget';
/** Its title line (the dialog's `title`). */
export const QUICK_INPUT_TITLE = `${QUICK_INPUT} .quick-input-title`;
/** Its text box. */
export const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
/** Its rows (commands, files, folder entries). */
export const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
/** A button of the quick input with label `label` (the simple file dialog's OK button carries openLabel). */
export function quickInputButton(label) {
  return `${QUICK_INPUT} .monaco-button:has-text(${JSON.stringify(label)})`;
}

/** The rows of the Explorer's folder tree. */
export const EXPLORER_ROWS = '.part.sidebar .explorer-folders-view .monaco-list-row';
/** The floating debug toolbar (shown while a debug session runs). */
export const DEBUG_TOOLBAR = '.debug-toolbar';
/** Message of a notification toast (errors such as a launch that failed). */
export const NOTIFICATION = '.notifications-toasts .notification-list-item-message';

/** A section (pane) of the sidebar by its title, e.g. 'Call Stack', 'Processes'. */
export function pane(title) {
  return `.part.sidebar .pane:has(> .pane-header:has-text("${title}"))`;
}

/** The tree rows of a sidebar section. */
export function rows(title) {
  return `${pane(title)} .monaco-list-row`;
}

/** The rendered text of the editor line that contains `text` (the inline span, as wide as its text). */
export function lineContent(text) {
  return `${EDITOR} .view-line:has-text(${JSON.stringify(text)}) > span`;
}

/** Centre of a box { x, y, width, height } in page pixels. */
export function centre(box) {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
