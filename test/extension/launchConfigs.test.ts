/**
 * The launch configurations Glasskernel proposes (issue 12): a new launch.json names files that
 * exist (no examples/examples/bin/… with the examples folder open), the dropdown lists every
 * executable and open assembly file, and messages mention "npm run examples" only in the repository.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayName, dynamicConfigurations, initialConfigurations, launchJsonPath, noExecutableMessage, programNotFoundMessage } from '../../src/extension/launchConfigs';

const ws = path.join(path.sep, 'home', 'me', 'glasskernel-examples');

describe('launchJsonPath', () => {
  it('writes files of the folder with ${workspaceFolder} and forward slashes, others absolute', () => {
    expect(launchJsonPath(path.join(ws, 'bin', 'forktree'), ws)).toBe('${workspaceFolder}/bin/forktree');
    const outside = path.join(path.sep, 'tmp', 'prog');
    expect(launchJsonPath(outside, ws)).toBe(outside);
    expect(launchJsonPath(path.join(ws, 'bin', 'x'), undefined)).toBe(path.join(ws, 'bin', 'x'));
    expect(launchJsonPath(path.join(ws + '2', 'x'), ws)).toBe(path.join(ws + '2', 'x'));
  });
});

describe('initialConfigurations', () => {
  it("names the active C file's executable as found, never examples/examples/bin (the examples folder open)", () => {
    const configs = initialConfigurations({ folder: ws, activeSource: path.join(ws, 'src', 'forktree.c'), activeProgram: path.join(ws, 'bin', 'forktree') });
    expect(configs[0]).toEqual({ type: 'glasskernel', request: 'launch', name: 'Glasskernel: forktree', program: '${workspaceFolder}/bin/forktree', args: [], stopOnEntry: false });
    expect(JSON.stringify(configs)).not.toContain('examples/examples');
  });

  it('names an active assembly file itself', () => {
    const configs = initialConfigurations({ folder: ws, activeSource: path.join(ws, 'asm', 'hello.s'), firstExecutable: path.join(ws, 'bin', 'cat') });
    expect(configs[0]).toMatchObject({ name: 'Glasskernel: hello.s', program: '${workspaceFolder}/asm/hello.s' });
  });

  it("falls back to the folder's first executable, and always ends with the current-file configuration", () => {
    const configs = initialConfigurations({ folder: ws, firstExecutable: path.join(ws, 'bin', 'cat') });
    expect(configs.map((c) => c.program)).toEqual(['${workspaceFolder}/bin/cat', '${file}']);
    expect(initialConfigurations({ folder: ws }).map((c) => c.program)).toEqual(['${file}']);
  });
});

describe('dynamicConfigurations', () => {
  it('lists open assembly files first, then executables sorted by their path in the workspace, once each', () => {
    const hello = path.join(ws, 'asm', 'hello.s');
    const configs = dynamicConfigurations({
      folders: [ws],
      executables: [path.join(ws, 'glibc', 'bin', 'pthreads'), path.join(ws, 'bin', 'forktree'), path.join(ws, 'bin', 'cow'), path.join(ws, 'bin', 'cow')],
      openAssembly: [hello],
    });
    expect(configs.map((c) => c.name)).toEqual(['Glasskernel: asm/hello.s', 'Glasskernel: bin/cow', 'Glasskernel: bin/forktree', 'Glasskernel: glibc/bin/pthreads']);
    expect(configs[0]).toEqual({ type: 'glasskernel', request: 'launch', name: 'Glasskernel: asm/hello.s', program: hello, args: [], stopOnEntry: false });
  });

  it('names a file outside every folder by its base name', () => {
    expect(displayName(path.join(path.sep, 'tmp', 'x.s'), [ws])).toBe('x.s');
    expect(dynamicConfigurations({ folders: [], executables: [], openAssembly: [] })).toEqual([]);
  });
});

describe('messages', () => {
  it('suggest "npm run examples" only inside the repository', () => {
    expect(noExecutableMessage('forktree.c', true)).toContain('npm run examples');
    expect(noExecutableMessage('forktree.c', false)).not.toContain('npm');
    expect(noExecutableMessage('forktree.c', false)).toContain('bin/');
    expect(programNotFoundMessage('/x/bin/cow', true)).toContain('npm run examples');
    expect(programNotFoundMessage('/x/bin/cow', false)).not.toContain('npm');
  });
});
