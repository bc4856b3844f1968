/**
 * The Physical Memory view's colour keys: what each frame use of `glasskernel/frames`
 * (protocol.ts FrameUse) is called in the legend and which VS Code theme colour draws it.
 * A colour key is a small integer; the model's cell buffers hold keys, the webview turns each
 * key into the theme's colour (CSS variable, resolved in the page) and fills the canvas.
 * Pure: no vscode import.
 */
import type { FrameUse } from '../../debug-adapter/protocol';

/** The frame uses in colour-key order: a use's colour key is its index here. */
export const FRAME_USES: readonly FrameUse[] = ['free', 'anon', 'file', 'page-table', 'vdso', 'kernel'];

/** Colour key of a frame no run of the response describes (drawn transparent, not in the legend). */
export const UNKNOWN_KEY = FRAME_USES.length;
/** Colour key of the marks drawn on a cell (the shared count digit or dot): the editor background. */
export const MARK_KEY = UNKNOWN_KEY + 1;
/** Colour key of the border of a cell that changed since the previous stop: the editor foreground. */
export const CHANGED_KEY = MARK_KEY + 1;
/** Number of colour keys (the webview's palette length). */
export const PALETTE_SIZE = CHANGED_KEY + 1;

/** How one colour key is drawn and named. */
export interface KeyStyle {
  key: number;
  /** Legend text. */
  label: string;
  /** VS Code theme colour, as the CSS variable the webview reads (`--vscode-charts-blue`). */
  cssVar: string;
  /** CSS colour used only when the theme does not define `cssVar` (older hosts). */
  fallback: string;
}

/** Style of each use, by use. Every theme (light, dark, high contrast) defines the charts colours. */
export const USE_STYLES: Readonly<Record<FrameUse, KeyStyle>> = {
  free: { key: 0, label: 'free', cssVar: '--vscode-charts-lines', fallback: 'rgba(128, 128, 128, 0.45)' },
  anon: { key: 1, label: 'user anonymous', cssVar: '--vscode-charts-blue', fallback: '#3794ff' },
  file: { key: 2, label: 'file / page cache', cssVar: '--vscode-charts-green', fallback: '#89d185' },
  'page-table': { key: 3, label: 'page table', cssVar: '--vscode-charts-purple', fallback: '#b180d7' },
  vdso: { key: 4, label: 'vDSO (signal trampoline)', cssVar: '--vscode-charts-orange', fallback: '#d18616' },
  kernel: { key: 5, label: 'kernel-reserved', cssVar: '--vscode-charts-red', fallback: '#f14c4c' },
};

/** Every colour key's style, indexed by key (uses, then unknown, mark and changed). */
export const KEY_STYLES: readonly KeyStyle[] = [
  ...FRAME_USES.map((u) => USE_STYLES[u]),
  { key: UNKNOWN_KEY, label: 'not reported', cssVar: '--glasskernel-transparent', fallback: 'transparent' },
  { key: MARK_KEY, label: 'mark', cssVar: '--vscode-editor-background', fallback: '#1e1e1e' },
  { key: CHANGED_KEY, label: 'changed since the previous stop', cssVar: '--vscode-editor-foreground', fallback: '#cccccc' },
];

/** The colour key of a use as the adapter spells it; {@link UNKNOWN_KEY} for anything else. */
export function colourKeyOf(use: unknown): number {
  const i = FRAME_USES.indexOf(use as FrameUse);
  return i < 0 ? UNKNOWN_KEY : i;
}

/** The use a colour key stands for; undefined for the unknown, mark and changed keys. */
export function useOfKey(key: number): FrameUse | undefined {
  return FRAME_USES[key];
}

/**
 * The page's colour rules, one class per key (`.key-3 { background: var(--vscode-charts-purple,
 * #b180d7); }`): the legend's swatches use them, and the webview reads each one's computed
 * colour to build the canvas palette, so the canvas follows the theme.
 */
export function paletteCss(): string {
  return KEY_STYLES.map((s) => `.key-${s.key} { background: var(${s.cssVar}, ${s.fallback}); }`).join('\n');
}
