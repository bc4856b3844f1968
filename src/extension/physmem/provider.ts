/**
 * The Physical Memory view's VS Code side: a WebviewViewProvider for the Run and Debug view
 * `glasskernel.physicalMemory` and the same page in an editor panel (command
 * `glasskernel.showPhysicalMemory`). It reads `glasskernel/frames` when the OS model refreshes
 * after a stop and a page is visible (or the API asks), keeps the previous stop's frames for the
 * changed marks (history.ts), and answers each page's messages through its Surface. A click
 * selects the owning process through OsModel.select. Reads only: never changes guest state.
 */
import * as vscode from 'vscode';
import { FRAMES_REQUEST } from '../../debug-adapter/protocol';
import type { OsModel } from '../osModel';
import { frameTableOf } from './frameTable';
import { FrameHistory, emptySummary, type PhysicalMemorySummary } from './history';
import { makeNonce, pageHtml } from './html';
import { parseWebviewMessage, type ExtensionMessage } from './messages';
import { NO_FRAMES_HINT, NO_SESSION_HINT, Surface } from './surface';
import { requestOrLog } from '../requests';

/** The view's id (package.json contributes.views.debug). */
export const PHYSICAL_MEMORY_VIEW_ID = 'glasskernel.physicalMemory';
/** Command that opens the page in an editor panel ("Glasskernel: Show Physical Memory"). */
export const SHOW_PHYSICAL_MEMORY_COMMAND = 'glasskernel.showPhysicalMemory';
/** Webview panel type of that panel. */
const PANEL_TYPE = 'glasskernel.physicalMemoryPanel';
const MEDIA = ['media', 'physmem'];

/** One shown page: its webview, its state, and whether it is on screen. */
interface Page {
  webview: vscode.Webview;
  surface: Surface;
  visible(): boolean;
  /** What it was last sent (the table drawn, or the hint), so an unchanged state is not redrawn. */
  shown?: unknown;
  /** Its listeners, disposed with it. */
  listeners: vscode.Disposable[];
}

/** Provider of the view and the panel; one per window. */
export class PhysicalMemoryProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly history = new FrameHistory();
  private readonly pages = new Set<Page>();
  private readonly disposables: vscode.Disposable[] = [];
  private panel: vscode.WebviewPanel | undefined;
  private failed = false;
  private inFlight: Promise<void> | undefined;
  private again = false;

  /**
   * `revealPage(pid, va)` (optional) shows the page a click chose in the Memory Map view, after
   * its process is selected.
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: OsModel,
    private readonly log: vscode.OutputChannel,
    private readonly revealPage?: (pid: number, va: string) => Promise<void>,
  ) {
    this.disposables.push(model.onDidChange(() => void this.followModel()));
  }

  /** The summary at the current stop (reads the frames first when they are older than it). */
  async summary(): Promise<PhysicalMemorySummary> {
    await this.ensureFresh();
    return this.model.session ? this.history.summary() : emptySummary();
  }

  /** VS Code calls this when the Run and Debug view is first shown. */
  resolveWebviewView(view: vscode.WebviewView): void {
    const page = this.attach(view.webview, () => view.visible);
    page.listeners.push(
      view.onDidDispose(() => this.detach(page)),
      view.onDidChangeVisibility(() => { if (view.visible) void this.update(); }),
    );
  }

  /** Opens (or reveals) the page in an editor panel. */
  showPanel(): void {
    if (this.panel) return this.panel.reveal();
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Physical Memory', vscode.ViewColumn.Active, {});
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'glasskernel.svg');
    this.panel = panel;
    const page = this.attach(panel.webview, () => panel.visible);
    page.listeners.push(
      panel.onDidDispose(() => {
        this.detach(page);
        this.panel = undefined;
      }),
      panel.onDidChangeViewState(() => { if (panel.visible) void this.update(); }),
    );
  }

  dispose(): void {
    this.panel?.dispose();
    for (const page of this.pages) this.detach(page);
    for (const d of this.disposables) d.dispose();
  }

  private attach(webview: vscode.Webview, visible: () => boolean): Page {
    const root = vscode.Uri.joinPath(this.extensionUri, ...MEDIA);
    webview.options = { enableScripts: true, localResourceRoots: [root] };
    const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
    webview.html = pageHtml({ cspSource: webview.cspSource, nonce: makeNonce(), styleUri: uri('physmem.css'), scriptUris: [uri('paint.js'), uri('main.js')] });
    const page: Page = { webview, surface: new Surface(), visible, listeners: [] };
    page.listeners.push(webview.onDidReceiveMessage((m: unknown) => void this.onMessage(page, m)));
    this.pages.add(page);
    return page;
  }

  private detach(page: Page): void {
    this.pages.delete(page);
    for (const d of page.listeners.splice(0)) d.dispose();
  }

  private async onMessage(page: Page, raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    if (message.type === 'ready') {
      page.shown = undefined;
      await this.ensureFresh();
    }
    const reply = page.surface.handle(message, this.history, this.hint(), this.model.state.selectedPid);
    for (const m of reply.post) this.post(page, m);
    if (message.type === 'ready' || message.type === 'resize' || message.type === 'zoom') page.shown = this.history.current ?? this.hint();
    if (reply.select) {
      await this.model.select(reply.select.pid);
      if (reply.select.va !== undefined) await this.revealPage?.(reply.select.pid, reply.select.va);
    }
  }

  private hint(): string {
    return this.model.session && this.failed ? NO_FRAMES_HINT : NO_SESSION_HINT;
  }

  /** After every OS-model refresh (a stop, a selection, the end of the session). */
  private async followModel(): Promise<void> {
    if (!this.model.session) {
      this.history.clear();
      this.failed = false;
      for (const page of this.pages) page.surface.resetStatus();
      this.renderAll();
      return;
    }
    if ([...this.pages].some((p) => p.visible())) await this.update();
  }

  private async update(): Promise<void> {
    await this.ensureFresh();
    this.renderAll();
  }

  /** Reads the frames unless the current table belongs to the current stop of the current session. */
  private ensureFresh(): Promise<void> {
    const session = this.model.session;
    if (!session || this.history.isFresh(session, this.model.stop)) return this.inFlight ?? Promise.resolve();
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.readLoop().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async readLoop(): Promise<void> {
    do {
      this.again = false;
      const session = this.model.session;
      const stop = this.model.stop;
      if (!session) return;
      const body = await requestOrLog(session, FRAMES_REQUEST, {}, this.log);
      if (session !== this.model.session) continue;
      const table = frameTableOf(body);
      this.failed = !table;
      if (table) this.history.accept(table, stop, session);
      else if (body !== undefined) this.log.appendLine(`${FRAMES_REQUEST}: the response is not a frames body`);
    } while (this.again || (this.model.session !== undefined && !this.history.isFresh(this.model.session, this.model.stop) && !this.failed));
  }

  /** Sends every page the current state unless it already shows it. */
  private renderAll(): void {
    const state = this.history.current ?? this.hint();
    for (const page of this.pages) {
      if (page.shown === state) continue;
      const m = page.surface.render(this.history, this.hint());
      if (!m) continue;
      page.shown = state;
      this.post(page, m);
    }
  }

  private post(page: Page, message: ExtensionMessage): void {
    void page.webview.postMessage(message).then(undefined, (e: unknown) => this.log.appendLine(`physical memory page: ${String(e)}`));
  }
}
