import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/debug-adapter/protocol';
import { buildProcessTree, findNode } from '../../src/extension/processTree';

/** A process as the adapter lists it; state runnable unless given. */
function proc(pid: number, ppid: number, state: ProcessInfo['state'] = 'runnable'): ProcessInfo {
  return { pid, ppid, name: 'forktree', state, tids: [pid] };
}

describe('buildProcessTree', () => {
  it('nests each child under its parent, children sorted by pid', () => {
    const tree = buildProcessTree([proc(3, 1), proc(1, 0, 'sleeping'), proc(2, 1, 'zombie'), proc(4, 3, 'running')]);
    expect(tree.map((n) => n.pid)).toEqual([1]);
    expect(tree[0]!.children.map((n) => n.pid)).toEqual([2, 3]);
    expect(findNode(tree, 3)!.children.map((n) => n.pid)).toEqual([4]);
  });

  it('makes an orphan whose parent is not listed a root', () => {
    const tree = buildProcessTree([proc(1, 0), proc(7, 5)]);
    expect(tree.map((n) => n.pid)).toEqual([1, 7]);
  });

  it('keeps every process of a malformed parent cycle visible as a root', () => {
    const tree = buildProcessTree([proc(2, 3), proc(3, 2), proc(4, 4)]);
    expect(tree.map((n) => n.pid)).toEqual([2, 3, 4]);
  });

  it('returns an empty forest for an empty list', () => {
    expect(buildProcessTree([])).toEqual([]);
    expect(findNode([], 1)).toBeUndefined();
  });
});
