/**
 * The Physical Memory page's HTML: a strict Content Security Policy (nothing by default; the
 * extension's own style sheet; scripts and the generated colour rules only with this page's
 * nonce; no remote resource), the toolbar, legend, canvas and status line that
 * media/physmem/main.js fills in. After microsoft/vscode-extension-samples webview-view-sample.
 * Pure: no vscode import.
 */
import { randomBytes } from 'node:crypto';
import { paletteCss } from './uses';

/** Bytes of randomness in a nonce (CSP Level 3 asks for at least 128 bits). */
const NONCE_BYTES = 16;

/** A fresh CSP nonce (base64), one per page load. */
export function makeNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64');
}

/** What the page loads: URIs as the webview gives them (webview.asWebviewUri) and its CSP source. */
export interface PageResources {
  /** webview.cspSource: the origin of the extension's local resources. */
  cspSource: string;
  nonce: string;
  /** media/physmem/physmem.css. */
  styleUri: string;
  /** media/physmem/paint.js then media/physmem/main.js, in load order. */
  scriptUris: string[];
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The Content-Security-Policy of the page. */
export function contentSecurityPolicy(r: Pick<PageResources, 'cspSource' | 'nonce'>): string {
  return `default-src 'none'; style-src ${r.cspSource} 'nonce-${r.nonce}'; script-src 'nonce-${r.nonce}';`;
}

/** The whole page. */
export function pageHtml(r: PageResources): string {
  const nonce = attr(r.nonce);
  const scripts = r.scriptUris.map((u) => `<script nonce="${nonce}" src="${attr(u)}"></script>`).join('\n  ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(r))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(r.styleUri)}">
  <style nonce="${nonce}">
${paletteCss()}
  </style>
  <title>Physical Memory</title>
</head>
<body>
  <p id="hint" class="hint">Waiting for a Glasskernel debug session…</p>
  <div id="view" hidden>
    <div class="toolbar">
      <button id="zoom-in" type="button" title="Zoom in: fewer frames per cell" aria-label="Zoom in">+</button>
      <button id="zoom-out" type="button" title="Zoom out: more frames per cell" aria-label="Zoom out">−</button>
      <button id="zoom-auto" type="button" title="Automatic zoom" aria-label="Automatic zoom">Fit</button>
      <span id="caption" class="caption"></span>
    </div>
    <ul id="legend" class="legend" aria-label="Legend"></ul>
    <div id="grid-wrap" class="grid-wrap">
      <canvas id="grid" tabindex="0" role="img" aria-label="Physical frames of guest RAM; arrow keys move, Enter selects the owner"></canvas>
    </div>
    <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
    <p id="status" class="status" aria-live="polite"></p>
  </div>
  <div id="palette-probe" class="palette-probe" aria-hidden="true"></div>
  ${scripts}
</body>
</html>`;
}
