/**
 * The project's view of the disk in the server process (Node `fs`, synchronous: the server
 * answers one request at a time and these reads are small). Bounded: files over
 * MAX_SOURCE_BYTES are not read, and the workspace walk stops after MAX_WORKSPACE_FILES sources
 * or MAX_WALKED_DIRECTORIES folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SOURCE_EXTENSIONS, type ProjectHost } from './project';

/** Largest file the server reads (bytes): larger ones are not assembly anyone edits by hand. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
/** Most assembly files indexed per workspace (definitions and references look at these). */
export const MAX_WORKSPACE_FILES = 2000;
/** Most folders visited while looking for them. */
export const MAX_WALKED_DIRECTORIES = 20_000;
/** Folders never searched: version control, dependencies, build output of tools. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'out']);

/** A ProjectHost over the real file system. */
export const nodeHost: ProjectHost = {
  readFile(p) {
    try {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (st === undefined || !st.isFile() || st.size > MAX_SOURCE_BYTES) return undefined;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  version(p) {
    try {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      return st === undefined || !st.isFile() ? undefined : `disk:${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  },
  listSourceFiles(roots) {
    const out: string[] = [];
    const queue = [...roots];
    let visited = 0;
    while (queue.length > 0 && out.length < MAX_WORKSPACE_FILES && visited < MAX_WALKED_DIRECTORIES) {
      const dir = queue.shift()!;
      visited++;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(e.name)) queue.push(p);
        } else if (e.isFile() && SOURCE_EXTENSIONS.includes(path.extname(e.name)) && out.length < MAX_WORKSPACE_FILES) {
          out.push(p);
        }
      }
    }
    return out.sort();
  },
};
