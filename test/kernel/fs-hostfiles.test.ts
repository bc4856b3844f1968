import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runner';
import { readGuestFiles } from '../../src/debug-adapter/launch';
import { GUEST } from './proc-guest';

describe('host files copied into the guest at boot', () => {
  it('the CLI places files at nested guest paths, creating the directories, and runs from there', () => {
    const bin = fs.readFileSync(path.join(GUEST, 'bin', 'fspipe'));
    let out = '';
    const r = runProgram({
      path: '/usr/local/bin/fspipe',
      files: new Map([['/usr/local/bin/fspipe', bin], ['/data/in/notes.txt', new TextEncoder().encode('n')]]),
      argv: ['/usr/local/bin/fspipe'],
      write: (_fd, d) => { out += new TextDecoder().decode(d); },
    });
    expect(r.error).toBeUndefined();
    expect(r.exitCode).toBe(0);
    expect(out).toContain('child wrote 204800');
  });

  it('a guest path under a file is refused with an error, nothing runs', () => {
    const bin = fs.readFileSync(path.join(GUEST, 'bin', 'fspipe'));
    const r = runProgram({
      path: '/bin/fspipe',
      files: new Map([['/bin/fspipe', bin], ['/bin/fspipe/oops', new Uint8Array(1)]]),
      argv: ['/bin/fspipe'],
      write: () => undefined,
    });
    expect(r.error).toMatch(/cannot place/);
  });

  it("the launch attribute 'files' reads host files (relative to the program) and checks guest paths", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-files-'));
    fs.writeFileSync(path.join(dir, 'in.txt'), 'hello');
    const program = path.join(dir, 'prog');
    const ok = readGuestFiles([{ host: 'in.txt', guest: '/data/in.txt' }], program);
    expect(typeof ok === 'object' && ok.map((f) => [f.guest, new TextDecoder().decode(f.data)])).toEqual([['/data/in.txt', 'hello']]);
    expect(readGuestFiles(undefined, program)).toEqual([]);
    expect(readGuestFiles('x', program)).toMatch(/must be an array/);
    expect(readGuestFiles([{ host: 'in.txt', guest: 'rel' }], program)).toMatch(/absolute/);
    expect(readGuestFiles([{ host: 'missing', guest: '/m' }], program)).toMatch(/cannot read/);
    fs.rmSync(dir, { recursive: true });
  });
});
