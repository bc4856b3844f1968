/**
 * "Glasskernel: Open Examples" without VS Code (issue 12): what is copied, where to, and that
 * F5 on the copy's src/forktree.c finds bin/forktree (its examples folder recognised by libc/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleExecutablePath, isTinyLibcExample } from '../../src/extension/cProgram';
import { COPY_FOLDER_NAME, EXAMPLE_PARTS, chooseDestination, copyExamples, isExamplesFolder, isRepositoryCheckout, partsToCopy } from '../../src/extension/examplesCopy';
import { findExecutableForSource } from '../../src/extension/programDiscovery';

const REPO_EXAMPLES = path.resolve(__dirname, '../../examples');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-examples-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function put(rel: string, content = 'x'): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('chooseDestination', () => {
  it('uses an empty or missing picked folder itself', () => {
    expect(chooseDestination(tmp)).toBe(tmp);
    expect(chooseDestination(path.join(tmp, 'new'))).toBe(path.join(tmp, 'new'));
  });

  it('makes glasskernel-examples inside a folder that holds files, then -2, -3…', () => {
    put('notes.txt');
    expect(chooseDestination(tmp)).toBe(path.join(tmp, COPY_FOLDER_NAME));
    put(`${COPY_FOLDER_NAME}/src/a.c`);
    expect(chooseDestination(tmp)).toBe(path.join(tmp, `${COPY_FOLDER_NAME}-2`));
    fs.mkdirSync(path.join(tmp, `${COPY_FOLDER_NAME}-2`));
    expect(chooseDestination(tmp)).toBe(path.join(tmp, `${COPY_FOLDER_NAME}-2`));
  });
});

describe('copyExamples', () => {
  it('copies only the listed parts that exist, keeping the layout', async () => {
    const from = path.join(tmp, 'ext', 'examples');
    put('ext/examples/src/forktree.c');
    put('ext/examples/bin/forktree');
    put('ext/examples/glibc/src/pthreads.c');
    put('ext/examples/build.sh');
    put('ext/examples/expected/forktree.stdout');
    expect(partsToCopy(from)).toEqual(['src', 'bin', path.join('glibc', 'src')]);
    const to = path.join(tmp, 'out');
    expect(await copyExamples(from, to)).toEqual(['src', 'bin', path.join('glibc', 'src')]);
    expect(fs.readdirSync(to).sort()).toEqual(['bin', 'glibc', 'src']);
    expect(fs.existsSync(path.join(to, 'glibc', 'src', 'pthreads.c'))).toBe(true);
    expect(fs.existsSync(path.join(to, 'build.sh'))).toBe(false);
    expect(isRepositoryCheckout(to)).toBe(false);
  });

  it('copies the repository examples into a folder where F5 on src/forktree.c finds bin/forktree', async () => {
    if (!fs.existsSync(path.join(REPO_EXAMPLES, 'bin', 'forktree'))) return;
    const to = path.join(tmp, 'my-os-course');
    const parts = await copyExamples(REPO_EXAMPLES, to);
    expect(parts).toEqual(EXAMPLE_PARTS.filter((p) => fs.existsSync(path.join(REPO_EXAMPLES, p))));
    const source = path.join(to, 'src', 'forktree.c');
    expect(isExamplesFolder(to)).toBe(true);
    expect(isTinyLibcExample(source, isExamplesFolder)).toBe(true);
    expect(exampleExecutablePath(source, isExamplesFolder)).toBe(path.join(to, 'bin', 'forktree'));
    expect(exampleExecutablePath(path.join(to, 'glibc', 'src', 'pthreads.c'), isExamplesFolder)).toBe(path.join(to, 'glibc', 'bin', 'pthreads'));
    expect(await findExecutableForSource(source, [to])).toBe(path.join(to, 'bin', 'forktree'));
  });
});

describe('isExamplesFolder and isRepositoryCheckout', () => {
  it('recognise the repository by examples/build.sh and a copy by libc/glasskernel.h', () => {
    expect(isRepositoryCheckout(path.resolve(__dirname, '../..'))).toBe(true);
    expect(isRepositoryCheckout(tmp)).toBe(false);
    expect(isExamplesFolder(path.join(tmp, 'examples'))).toBe(true);
    expect(isExamplesFolder(tmp)).toBe(false);
    put('libc/glasskernel.h');
    expect(isExamplesFolder(tmp)).toBe(true);
  });
});
