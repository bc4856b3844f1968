// @ts-check
/**
 * The Physical Memory page: draws the grid the extension sends (src/extension/physmem/
 * messages.ts GridMessage) on a canvas through paint.js, with colours read from the theme
 * (the `key-<n>` rules use VS Code's CSS variables, re-read when the theme changes), and
 * posts intents back: its width, zoom steps, the hovered cell (the extension answers with the
 * text) and clicks. It never talks to the debug adapter and keeps no guest data of its own.
 * The grid's box has the whole grid's height, but the canvas in it covers only the rows in
 * view plus half a window above and below, repainted when scrolling leaves that band: the
 * drawing cost follows the window, not the guest's RAM.
 * Keyboard: arrows / Home / End / PageUp / PageDown move a cursor, Enter or Space selects its
 * owner, + and - zoom.
 */
(function () {
  'use strict';
  // @ts-ignore: provided by the VS Code webview host
  const vscode = acquireVsCodeApi();
  // @ts-ignore: defined by paint.js, loaded first
  const painter = window.GlasskernelPhysmemPaint;

  const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const hint = byId('hint'), view = byId('view'), caption = byId('caption'), legend = byId('legend');
  const wrap = byId('grid-wrap'), tooltip = byId('tooltip'), status = byId('status'), probe = byId('palette-probe');
  const canvas = /** @type {HTMLCanvasElement} */ (byId('grid'));
  const zoomIn = /** @type {HTMLButtonElement} */ (byId('zoom-in'));
  const zoomOut = /** @type {HTMLButtonElement} */ (byId('zoom-out'));
  const zoomAuto = /** @type {HTMLButtonElement} */ (byId('zoom-auto'));

  /** Delay before a resize is reported (ms): dragging a sash sends one message, not hundreds. */
  const RESIZE_DELAY_MS = 100;
  /** Tooltip distance from the pointer (CSS px). */
  const TOOLTIP_OFFSET = 12;
  /** Rows drawn beyond the window, above and below, as a fraction of the window's height. */
  const BAND_MARGIN = 0.5;

  /** @type {any} the last GridMessage */
  let grid;
  /** @type {ImageData | undefined} */
  let image;
  /** @type {Uint32Array | undefined} */
  let palette;
  let cursor = -1;
  let hovered = -1;
  let lastWidth = 0;
  /** Grid rows [bandFirst, bandEnd) are on the canvas. */
  let bandFirst = 0, bandEnd = 0;

  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

  /** Bytes from a typed array, or from the plain array / index object a host may have made of one. */
  function bytes(/** @type {any} */ v) {
    if (v instanceof Uint8Array) return v;
    if (Array.isArray(v)) return Uint8Array.from(v);
    if (v && typeof v === 'object') return Uint8Array.from(Object.values(v));
    return new Uint8Array(0);
  }

  /** The theme's colour of each key, as ImageData pixels (read from the `key-<n>` rules). */
  function readPalette(/** @type {number} */ size) {
    const scratch = document.createElement('canvas');
    scratch.width = scratch.height = 1;
    const ctx = /** @type {CanvasRenderingContext2D} */ (scratch.getContext('2d', { willReadFrequently: true }));
    probe.textContent = '';
    const out = new Uint32Array(size);
    for (let k = 0; k < size; k++) {
      const el = document.createElement('span');
      el.className = `key-${k}`;
      probe.appendChild(el);
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = 'rgba(0, 0, 0, 0)';
      ctx.fillStyle = getComputedStyle(el).backgroundColor;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      out[k] = (littleEndian ? ((a << 24) | (b << 16) | (g << 8) | r) : ((r << 24) | (g << 16) | (b << 8) | a)) >>> 0;
    }
    return out;
  }

  /** A cell's square in grid coordinates (CSS px from the grid's top left). */
  function cellRect(/** @type {number} */ cell) {
    const x = (cell % grid.cols) * grid.pitch, y = Math.floor(cell / grid.cols) * grid.pitch;
    return { x, y, side: grid.pitch - grid.gap };
  }

  /** The rows in view, widened by BAND_MARGIN of the window on each side. */
  function wantedBand() {
    const top = wrap.getBoundingClientRect().top;
    const margin = window.innerHeight * BAND_MARGIN;
    const first = Math.max(0, Math.floor((-top - margin) / grid.pitch));
    const end = Math.min(grid.rows, Math.ceil((window.innerHeight - top + margin) / grid.pitch));
    return end > first ? { first, end } : { first: 0, end: Math.min(grid.rows, Math.ceil(window.innerHeight / grid.pitch)) };
  }

  /** True when the rows in view are on the canvas. */
  function bandCovers() {
    const top = wrap.getBoundingClientRect().top;
    const first = Math.max(0, Math.floor(-top / grid.pitch));
    const end = Math.min(grid.rows, Math.ceil((window.innerHeight - top) / grid.pitch));
    return end <= first || (first >= bandFirst && end <= bandEnd);
  }

  /** Paints the rows in view and around them (paint.js), then the keyboard cursor. */
  function draw() {
    if (!grid) return;
    const width = grid.cols * grid.pitch;
    wrap.style.width = `${width}px`;
    wrap.style.height = `${grid.rows * grid.pitch}px`;
    const band = wantedBand();
    bandFirst = band.first;
    bandEnd = band.end;
    const height = (band.end - band.first) * grid.pitch;
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.style.top = `${band.first * grid.pitch}px`;
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    palette = palette && palette.length === grid.codes.paletteSize ? palette : readPalette(grid.codes.paletteSize);
    image = ctx.createImageData(width, Math.max(1, height));
    painter.paintGrid(grid, palette, new Uint32Array(image.data.buffer), width, band.first);
    ctx.putImageData(image, 0, 0);
    drawCursor(-1);
  }

  /** Moves the cursor outline from cell `previous` (restored from the painted image) to `cursor`. */
  function drawCursor(/** @type {number} */ previous) {
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    const shift = bandFirst * grid.pitch;
    if (image && previous >= 0 && previous < grid.cells) {
      const r = cellRect(previous);
      ctx.putImageData(image, 0, 0, r.x, r.y - shift, grid.pitch, grid.pitch);
    }
    if (cursor < 0 || cursor >= grid.cells || document.activeElement !== canvas) return;
    const r = cellRect(cursor);
    r.y -= shift;
    ctx.strokeStyle = getComputedStyle(canvas).getPropertyValue('--vscode-focusBorder').trim() || 'Highlight';
    ctx.lineWidth = 1;
    ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.side - 1, r.side - 1);
  }

  function showLegend(/** @type {{ swatch: string, label: string, frames?: number }[]} */ entries) {
    legend.textContent = '';
    for (const e of entries) {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${e.swatch}`;
      const label = document.createElement('span');
      label.textContent = e.label;
      li.append(swatch, label);
      if (e.frames !== undefined) {
        const n = document.createElement('span');
        n.className = 'count';
        n.textContent = e.frames.toLocaleString('en-US');
        li.append(n);
      }
      legend.append(li);
    }
  }

  function showTooltip(/** @type {string} */ text, /** @type {number} */ clientX, /** @type {number} */ clientY) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    tooltip.style.left = tooltip.style.top = '0px'; // measure at full width
    const w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    const x = Math.min(clientX + TOOLTIP_OFFSET, window.innerWidth - w - 4);
    const y = clientY + TOOLTIP_OFFSET + h > window.innerHeight ? clientY - h - TOOLTIP_OFFSET : clientY + TOOLTIP_OFFSET;
    tooltip.style.left = `${Math.max(0, x) + window.scrollX}px`;
    tooltip.style.top = `${Math.max(0, y) + window.scrollY}px`;
  }

  let tipX = 0, tipY = 0;
  function ask(/** @type {number} */ cell, /** @type {number} */ clientX, /** @type {number} */ clientY) {
    tipX = clientX;
    tipY = clientY;
    if (cell === hovered) return;
    hovered = cell;
    if (cell < 0) { tooltip.hidden = true; return; }
    vscode.postMessage({ type: 'hover', serial: grid.serial, cell });
  }

  function cellAt(/** @type {MouseEvent} */ e) {
    if (!grid) return -1;
    const box = wrap.getBoundingClientRect();
    const x = e.clientX - box.left, y = e.clientY - box.top;
    const col = Math.floor(x / grid.pitch), row = Math.floor(y / grid.pitch);
    if (x < 0 || y < 0 || col >= grid.cols) return -1;
    const cell = row * grid.cols + col;
    return cell < grid.cells ? cell : -1;
  }

  function reportWidth(/** @type {'ready' | 'resize'} */ type) {
    const style = getComputedStyle(document.body);
    const width = Math.floor(document.body.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    if (type === 'resize' && width === lastWidth) return;
    lastWidth = width;
    if (width > 0) vscode.postMessage({ type, width });
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'empty') {
      grid = undefined;
      image = undefined;
      view.hidden = true;
      tooltip.hidden = true;
      hint.hidden = false;
      hint.textContent = String(m.text);
    } else if (m.type === 'grid') {
      grid = { ...m, use: bytes(m.use), second: bytes(m.second), flags: bytes(m.flags), mappers: bytes(m.mappers) };
      hint.hidden = true;
      view.hidden = false;
      caption.textContent = String(m.caption);
      status.textContent = String(m.status);
      zoomIn.disabled = !m.canZoomIn;
      zoomOut.disabled = !m.canZoomOut;
      showLegend(Array.isArray(m.legend) ? m.legend : []);
      if (cursor >= grid.cells) cursor = grid.cells - 1;
      hovered = -1;
      tooltip.hidden = true;
      draw();
    } else if (m.type === 'hoverText') {
      if (grid && m.serial === grid.serial && m.cell === hovered && m.text) showTooltip(String(m.text), tipX, tipY);
    } else if (m.type === 'status') {
      status.textContent = String(m.text);
    }
  });

  canvas.addEventListener('mousemove', (e) => ask(cellAt(e), e.clientX, e.clientY));
  canvas.addEventListener('mouseleave', () => ask(-1, 0, 0));
  canvas.addEventListener('click', (e) => {
    const cell = cellAt(e);
    if (cell < 0) return;
    const previous = cursor;
    cursor = cell;
    drawCursor(previous);
    vscode.postMessage({ type: 'select', serial: grid.serial, cell });
  });
  canvas.addEventListener('blur', () => { if (grid) drawCursor(cursor); tooltip.hidden = true; hovered = -1; });
  canvas.addEventListener('focus', () => { if (grid) { if (cursor < 0) cursor = 0; drawCursor(-1); } });
  canvas.addEventListener('keydown', (e) => {
    if (!grid) return;
    if (e.key === '+' || e.key === '=') { vscode.postMessage({ type: 'zoom', direction: 'in' }); e.preventDefault(); return; }
    if (e.key === '-') { vscode.postMessage({ type: 'zoom', direction: 'out' }); e.preventDefault(); return; }
    if ((e.key === 'Enter' || e.key === ' ') && cursor >= 0) { vscode.postMessage({ type: 'select', serial: grid.serial, cell: cursor }); e.preventDefault(); return; }
    const page = grid.cols * Math.max(1, Math.floor(wrap.clientHeight / grid.pitch));
    /** @type {Record<string, number>} */
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -grid.cols, ArrowDown: grid.cols, PageUp: -page, PageDown: page };
    let next = e.key === 'Home' ? 0 : e.key === 'End' ? grid.cells - 1 : e.key in moves ? cursor + moves[e.key] : -2;
    if (next === -2) return;
    e.preventDefault();
    next = Math.max(0, Math.min(grid.cells - 1, next));
    const previous = cursor;
    cursor = next;
    drawCursor(previous);
    const r = cellRect(cursor);
    const box = wrap.getBoundingClientRect();
    const y = box.top + r.y;
    if (y < 0 || y + grid.pitch > window.innerHeight) window.scrollBy(0, y - window.innerHeight / 2);
    const after = wrap.getBoundingClientRect();
    ask(cursor, after.left + r.x + r.side, after.top + r.y + r.side);
  });
  zoomIn.addEventListener('click', () => vscode.postMessage({ type: 'zoom', direction: 'in' }));
  zoomOut.addEventListener('click', () => vscode.postMessage({ type: 'zoom', direction: 'out' }));
  zoomAuto.addEventListener('click', () => vscode.postMessage({ type: 'zoom', direction: 'auto' }));

  let scrollPending = false;
  const followScroll = () => {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(() => {
      scrollPending = false;
      if (grid && !bandCovers()) draw();
    });
  };
  window.addEventListener('scroll', followScroll, { passive: true });
  window.addEventListener('resize', followScroll);

  let resizeTimer = 0;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => reportWidth('resize'), RESIZE_DELAY_MS);
  }).observe(document.body);
  // VS Code marks the theme on <body> (vscode-light, vscode-dark, vscode-high-contrast...): re-read the colours.
  new MutationObserver(() => { palette = undefined; draw(); }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });

  reportWidth('ready');
})();
