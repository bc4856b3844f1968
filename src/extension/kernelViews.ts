/**
 * What the Fault Log, TLB and Scheduler views show, fetched from the debug adapter at each stop
 * (`glasskernel/faultLog` incrementally with `since`, `glasskernel/tlb`, `glasskernel/scheduler`),
 * and the tree provider the three share. It follows the OS model (osModel.ts): each completed
 * refresh of that model (a stop, `glasskernel/stateChanged`) refreshes these views from the same
 * session, and its clear (the session ended) clears them. The requests are read-only: nothing
 * here changes guest state. Request failures are logged and leave the views empty.
 */
import * as vscode from 'vscode';
import {
  FAULT_LOG_REQUEST, SCHEDULER_REQUEST, TLB_REQUEST, type FaultLogArguments,
} from '../debug-adapter/protocol';
import { FaultLogModel } from './faultLogModel';
import type { KernelRow } from './kernelRows';
import { baseTreeItem } from './rowItems';
import { requestOrLog } from './requests';

/** Fetches and holds the three views' data for one debug session at a time. */
export class KernelViewsData implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every completed refresh, filter change or clear. */
  readonly onDidChange = this.changed.event;
  /** The Fault Log gathered over the session's stops. */
  readonly faultLog = new FaultLogModel();
  /** The last `glasskernel/tlb` and `glasskernel/scheduler` bodies (unchecked: the models check them). */
  tlb: unknown;
  scheduler: unknown;
  private session: vscode.DebugSession | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  /** Bumped by clear() and by a change of session: results of fetches started before are dropped. */
  private epoch = 0;

  constructor(private readonly log: vscode.OutputChannel) {}

  /** Refreshes from `session`, or clears when there is none (the OS model was cleared). */
  follow(session: vscode.DebugSession | undefined): Promise<void> {
    if (!session) {
      this.clear();
      return Promise.resolve();
    }
    if (session !== this.session) {
      this.clear();
      this.session = session;
    }
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.fetchLoop().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.epoch++;
    this.session = undefined;
    this.faultLog.reset();
    this.tlb = undefined;
    this.scheduler = undefined;
    this.changed.fire();
  }

  /** Tells the views that the Fault Log's filter changed. */
  filterChanged(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async fetchLoop(): Promise<void> {
    do {
      this.again = false;
      const session = this.session;
      const epoch = this.epoch;
      if (!session) return;
      const since: FaultLogArguments = { since: this.faultLog.lastSeq };
      const [log, tlb, scheduler] = await Promise.all([
        this.request(session, FAULT_LOG_REQUEST, since),
        this.request(session, TLB_REQUEST, {}),
        this.request(session, SCHEDULER_REQUEST, {}),
      ]);
      if (epoch !== this.epoch) continue;
      if (!this.faultLog.merge(log)) {
        // The adapter's log restarted (a `restart` request): read it from the beginning.
        const filter = this.faultLog.filter;
        this.faultLog.reset();
        this.faultLog.filter = filter;
        const all = await this.request(session, FAULT_LOG_REQUEST, {});
        if (epoch !== this.epoch) continue;
        this.faultLog.merge(all);
      }
      this.tlb = tlb;
      this.scheduler = scheduler;
      this.changed.fire();
    } while (this.again);
  }

  private request(session: vscode.DebugSession, command: string, args: object): Promise<unknown> {
    return requestOrLog(session, command, args, this.log);
  }
}

/** The TreeItem of `row`; a row with a source line opens it (vscode.open with the line selected). */
export function treeItemOf(row: KernelRow): vscode.TreeItem {
  const item = baseTreeItem(row);
  if (row.open) {
    const line = Math.max(0, row.open.line - 1);
    item.command = {
      command: 'vscode.open',
      title: 'Open Source Line',
      arguments: [vscode.Uri.file(row.open.path), { selection: new vscode.Range(line, 0, line, 0), preview: true }],
    };
  }
  return item;
}

/** A tree of KernelRows rebuilt from `rows()` whenever the data changes. */
export class RowsProvider implements vscode.TreeDataProvider<KernelRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KernelRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private current: KernelRow[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(data: KernelViewsData, private readonly build: () => KernelRow[]) {
    this.subscription = data.onDidChange(() => {
      this.current = this.build();
      this.changed.fire(undefined);
    });
  }

  /** The top-level rows the view holds now. */
  rows(): KernelRow[] {
    return this.current;
  }

  getChildren(row?: KernelRow): KernelRow[] {
    return row ? row.children ?? [] : this.current;
  }

  getTreeItem(row: KernelRow): vscode.TreeItem {
    return treeItemOf(row);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
