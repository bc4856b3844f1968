/**
 * The process forest behind the Processes view, built from the flat `glasskernel/processes` list
 * by parent pid. Pure functions: no vscode import, so unit tests run them directly.
 */
import type { ProcessInfo } from '../debug-adapter/protocol';

/** One process and its children, as the Processes view holds it. */
export interface ProcessNode extends ProcessInfo {
  /** Children sorted by pid. */
  children: ProcessNode[];
}

/**
 * Builds the forest of processes: a process whose ppid is not listed (pid 1, or an orphan
 * whose parent was reaped) is a root. Never throws; a malformed parent cycle makes every
 * process on it a root rather than disappearing.
 */
export function buildProcessTree(processes: readonly ProcessInfo[]): ProcessNode[] {
  const nodes = new Map<number, ProcessNode>();
  for (const p of processes) nodes.set(p.pid, { ...p, tids: [...p.tids], children: [] });
  const roots: ProcessNode[] = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(node.ppid);
    if (parent && parent !== node && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const byPid = (a: ProcessNode, b: ProcessNode) => a.pid - b.pid;
  for (const node of nodes.values()) node.children.sort(byPid);
  return roots.sort(byPid);
}

/** True when `node` is already an ancestor of `candidate` (linking them would make a cycle). */
function isAncestor(node: ProcessNode, candidate: ProcessNode, nodes: Map<number, ProcessNode>): boolean {
  const seen = new Set<number>();
  for (let p: ProcessNode | undefined = candidate; p && !seen.has(p.pid); p = nodes.get(p.ppid)) {
    if (p === node) return true;
    seen.add(p.pid);
  }
  return false;
}

/** Depth-first search of the forest for `pid`. */
export function findNode(nodes: readonly ProcessNode[], pid: number): ProcessNode | undefined {
  for (const node of nodes) {
    if (node.pid === pid) return node;
    const below = findNode(node.children, pid);
    if (below) return below;
  }
  return undefined;
}
