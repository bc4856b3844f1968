/**
 * The Physical Memory provider against a stand-in for the `vscode` module and a fake debug
 * session: it reads `glasskernel/frames` once per stop while its page is visible (not again for
 * `glasskernel/stateChanged` or a selection at the same stop, not at all while hidden), sends
 * only read requests, marks what changed between stops, selects a clicked frame's owner through
 * the OS model, and shows the hint when the session ends.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessInfo } from '../../src/debug-adapter/protocol';
import { afterFork, afterWrite } from './physmem-fixtures';

/** What the stand-in vscode module records. */
const host = vi.hoisted(() => ({
  trackers: [] as Array<{ createDebugAdapterTracker(s: unknown): { onDidSendMessage(m: unknown): void } }>,
}));

vi.mock('vscode', () => {
  class EventEmitter<T> {
    private listeners: Array<(e: T) => void> = [];
    event = (l: (e: T) => void) => {
      this.listeners.push(l);
      return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
    };
    fire(e: T): void {
      for (const l of [...this.listeners]) l(e);
    }
    dispose(): void {
      this.listeners = [];
    }
  }
  const uri = (path: string) => ({ path, toString: () => `https://file.vscode-resource${path}` });
  return {
    EventEmitter,
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => uri([base.path, ...parts].join('/')) },
    ViewColumn: { Active: -1 },
    debug: {
      registerDebugAdapterTrackerFactory: (_type: string, factory: (typeof host.trackers)[number]) => {
        host.trackers.push(factory);
        return { dispose: () => {} };
      },
    },
    window: {},
  };
});

const { OsModel } = await import('../../src/extension/osModel');
const { PhysicalMemoryProvider } = await import('../../src/extension/physmem/provider');

const PROCESSES: ProcessInfo[] = [
  { pid: 1, ppid: 0, name: 'cow', state: 'sleeping', tids: [1] },
  { pid: 2, ppid: 1, name: 'cow', state: 'running', tids: [2] },
];

/** A debug session answering the views' requests; `frames` is what glasskernel/frames answers now. */
function fakeSession() {
  const s = {
    type: 'glasskernel',
    frames: afterFork() as unknown,
    requests: [] as string[],
    async customRequest(command: string): Promise<unknown> {
      s.requests.push(command);
      switch (command) {
        case 'glasskernel/processes': return { processes: PROCESSES };
        case 'glasskernel/vmas': return { vmas: [] };
        case 'glasskernel/pageTable': return { pid: 2, ppn: '0x5', level: 2, entries: [] };
        case 'glasskernel/frames': return s.frames;
        default: throw new Error(`unexpected request ${command}`);
      }
    },
  };
  return s;
}

/** A Run and Debug webview view whose page posts and receives messages. */
function fakeView() {
  let receive: (m: unknown) => void = () => {};
  const posted: Array<Record<string, unknown>> = [];
  const view = {
    visible: true,
    posted,
    webview: {
      options: {},
      html: '',
      cspSource: 'https://file.vscode-resource',
      asWebviewUri: (u: { toString(): string }) => u,
      onDidReceiveMessage: (l: (m: unknown) => void) => { receive = l; return { dispose: () => {} }; },
      postMessage: async (m: Record<string, unknown>) => { posted.push(m); return true; },
    },
    onDidDispose: () => ({ dispose: () => {} }),
    onDidChangeVisibility: () => ({ dispose: () => {} }),
    /** The page posts `m`. */
    send: (m: unknown) => receive(m),
  };
  return view;
}

const log = { appendLine: () => {} };
const settle = () => new Promise((r) => setTimeout(r, 0));
const last = (view: ReturnType<typeof fakeView>, type: string) => [...view.posted].reverse().find((m) => m.type === type);

describe('PhysicalMemoryProvider', () => {
  let model: InstanceType<typeof OsModel>;
  let provider: InstanceType<typeof PhysicalMemoryProvider>;
  let session: ReturnType<typeof fakeSession>;
  /** The adapter sends the DAP `stopped` event: every tracker sees it, then the model refreshes. */
  let stop: () => Promise<void>;

  beforeEach(() => {
    host.trackers.length = 0;
    model = new OsModel(log as never);
    provider = new PhysicalMemoryProvider({ path: '/ext' } as never, model, log as never);
    session = fakeSession();
    stop = async () => {
      for (const t of host.trackers) t.createDebugAdapterTracker(session).onDidSendMessage({ type: 'event', event: 'stopped', body: { threadId: 2 } });
      model.noteStoppedThread(2); // as extension.ts's own tracker does
      await model.refresh(session as never);
      await settle();
    };
  });

  it('serves a page with a nonce\'d Content Security Policy and shows the hint without a session', async () => {
    const view = fakeView();
    provider.resolveWebviewView(view as never);
    expect(view.webview.html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/file.vscode-resource 'nonce-[^']+'; script-src 'nonce-[^']+';">/);
    expect(view.webview.html).toContain('src="https://file.vscode-resource/ext/media/physmem/main.js"');
    view.send({ type: 'ready', width: 300 });
    await settle();
    expect(last(view, 'empty')).toMatchObject({ text: expect.stringContaining('No Glasskernel debug session is stopped') });
    expect((await provider.summary()).available).toBe(false);
  });

  it('reads the frames once per stop, marks changes, and sends only read requests', async () => {
    const view = fakeView();
    provider.resolveWebviewView(view as never);
    view.send({ type: 'ready', width: 300 });
    await stop();
    const frameReads = () => session.requests.filter((r) => r === 'glasskernel/frames').length;
    expect(frameReads()).toBe(1);
    expect(last(view, 'grid')).toMatchObject({ cells: 4096, framesPerCell: 1 });
    await model.refresh(session as never); // glasskernel/stateChanged at the same stop
    await settle();
    expect(frameReads()).toBe(1);

    session.frames = afterWrite();
    await stop();
    expect(frameReads()).toBe(2);
    const summary = await provider.summary();
    expect(summary).toMatchObject({ available: true, changedFrames: 2, sharedFrames: 5, hasPreviousStop: true });
    expect(frameReads()).toBe(2); // the summary of a stop already read does not read again
    const grid = last(view, 'grid') as { flags: Uint8Array; legend: Array<{ swatch: string; frames?: number }> };
    expect(grid.flags[15]).toBeGreaterThan(0);
    expect(grid.legend.find((e) => e.swatch === 'mark-changed')?.frames).toBe(2);
    expect(new Set(session.requests)).toEqual(new Set(['glasskernel/processes', 'glasskernel/vmas', 'glasskernel/pageTable', 'glasskernel/frames']));
  });

  it('does not read the frames while no page is visible, but the API still gets them', async () => {
    const view = fakeView();
    view.visible = false;
    provider.resolveWebviewView(view as never);
    await stop();
    expect(session.requests).not.toContain('glasskernel/frames');
    expect((await provider.summary()).byUse.anon).toBe(4);
    expect(session.requests.filter((r) => r === 'glasskernel/frames')).toHaveLength(1);
  });

  it('selects the owner of a clicked frame in the other views, and the next owner on a second click', async () => {
    const view = fakeView();
    provider.resolveWebviewView(view as never);
    view.send({ type: 'ready', width: 300 });
    await stop();
    expect(model.state.selectedPid).toBe(2); // the stopped thread's process
    const serial = (last(view, 'grid') as { serial: number }).serial;
    view.send({ type: 'select', serial, cell: 10 });
    await vi.waitFor(() => expect(model.state.selectedPid).toBe(1));
    expect(last(view, 'status')).toEqual({ type: 'status', text: 'pid 1 selected: it maps pa 0xa000 at 0x20000' });
    view.send({ type: 'select', serial, cell: 10 });
    await vi.waitFor(() => expect(model.state.selectedPid).toBe(2));
    view.send({ type: 'hover', serial, cell: 10 });
    await settle();
    expect(last(view, 'hoverText')).toMatchObject({ cell: 10, text: expect.stringContaining('pid 1 at 0x20000\n  pid 2 at 0x20000') });
  });

  it('asks the Memory Map to show the clicked page of the owner it selected', async () => {
    const revealed: Array<[number, string]> = [];
    provider = new PhysicalMemoryProvider({ path: '/ext' } as never, model, log as never, async (pid, va) => { revealed.push([pid, va]); });
    const view = fakeView();
    provider.resolveWebviewView(view as never);
    view.send({ type: 'ready', width: 300 });
    await stop();
    const serial = (last(view, 'grid') as { serial: number }).serial;
    view.send({ type: 'select', serial, cell: 10 });
    await vi.waitFor(() => expect(revealed).toEqual([[1, '0x20000']]));
  });

  it('shows the hint again when the session ends', async () => {
    const view = fakeView();
    provider.resolveWebviewView(view as never);
    view.send({ type: 'ready', width: 300 });
    await stop();
    expect(view.posted.at(-1)?.type).toBe('grid');
    model.clear();
    await settle();
    expect(view.posted.at(-1)).toMatchObject({ type: 'empty' });
    expect((await provider.summary()).available).toBe(false);
  });

  it('shows a second hint when the adapter does not answer the frames request', async () => {
    const view = fakeView();
    provider.resolveWebviewView(view as never);
    view.send({ type: 'ready', width: 300 });
    session.frames = { nonsense: true };
    await stop();
    expect(view.posted.at(-1)).toMatchObject({ type: 'empty', text: expect.stringContaining('did not report the physical frames') });
  });
});
