/**
 * The "changed since the last stop" tracker shared by the OS views, and the flag legend row.
 */
import { describe, expect, it } from 'vitest';
import { ChangeTracker, hexBig, legendRow, markChange } from '../../src/extension/rowModel';

describe('ChangeTracker', () => {
  it('compares with the stop just before, per scope', () => {
    const t = new ChangeTracker();
    expect(t.observe('vmas:2', 1, 'a', 'x')).toBeUndefined();
    expect(t.observe('vmas:2', 2, 'a', 'x')).toBeUndefined();
    expect(t.observe('vmas:2', 2, 'b', 'y')).toBe('new');
    expect(t.observe('vmas:3', 2, 'b', 'y')).toBeUndefined(); // another scope, first seen now
    expect(t.observe('vmas:2', 3, 'a', 'z')).toBe('changed');
    expect(t.observe('vmas:2', 3, 'a', 'z')).toBe('changed'); // same stop again: same answer
  });

  it('marks nothing when the scope was not seen at the previous stop', () => {
    const t = new ChangeTracker();
    t.observe('pages:2:0x1000', 1, 'p', 'old');
    expect(t.observe('pages:2:0x1000', 3, 'p', 'new')).toBeUndefined();
    expect(t.observe('pages:2:0x1000', 3, 'q', 'new')).toBeUndefined();
    expect(t.observe('pages:2:0x1000', 4, 'q', 'new')).toBeUndefined();
    expect(t.observe('pages:2:0x1000', 4, 'r', '1')).toBe('new');
  });

  it('forgets everything on clear', () => {
    const t = new ChangeTracker();
    t.observe('s', 1, 'a', 'x');
    t.clear();
    expect(t.observe('s', 2, 'b', 'x')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('appends the change mark and parses hex without throwing', () => {
    expect(markChange('VRW-U-AD', 'changed')).toBe('VRW-U-AD · changed');
    expect(markChange('', 'new')).toBe('new');
    expect(markChange('x', undefined)).toBe('x');
    expect(hexBig('0x1f')).toBe(31n);
    expect(hexBig('31')).toBeUndefined();
    expect(hexBig(undefined)).toBeUndefined();
    expect(legendRow('v').children!.map((c) => c.id)).toContain('v:legend:G');
  });
});
