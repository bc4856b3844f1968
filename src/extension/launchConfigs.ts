/**
 * Launch configurations Glasskernel proposes, without VS Code: the ones written into a new
 * launch.json (from the active file and what exists in the workspace folder: never a path that
 * does not exist, such as examples/examples/bin/… when the examples folder itself is open), and
 * the dynamic ones the "Glasskernel" entry of the Run and Debug dropdown lists (one per RISC-V
 * executable found in the workspace, one per open assembly file). Also the texts of the
 * "nothing to run" messages, which mention `npm run examples` only inside the repository.
 */
import path from 'node:path';

export const DEBUG_TYPE = 'glasskernel';
/** Assembly sources: the adapter assembles and links them itself, so they are their own program. */
export const ASSEMBLY_EXTENSIONS = ['.s', '.S', '.asm'];
/** Sources F5 debugs. */
export const SOURCE_EXTENSIONS = ['.c', ...ASSEMBLY_EXTENSIONS];
/** The command that copies the bundled examples into a folder and opens it. */
export const OPEN_EXAMPLES_COMMAND = 'glasskernel.openExamples';

export interface LaunchConfig {
  type: string;
  request: 'launch';
  name: string;
  program: string;
  args: string[];
  stopOnEntry: boolean;
}

export function isAssembly(file: string): boolean {
  return ASSEMBLY_EXTENSIONS.includes(path.extname(file));
}

export function isSource(file: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(file));
}

/** `file` written for launch.json: `${workspaceFolder}/<relative>` when it is inside `folder`, else its absolute path. */
export function launchJsonPath(file: string, folder: string | undefined): string {
  if (folder) {
    const rel = path.relative(folder, file);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return `\${workspaceFolder}/${rel.split(path.sep).join('/')}`;
  }
  return file;
}

/** A name for `file` in the dropdown: its path relative to the folder holding it, else its base name. */
export function displayName(file: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const rel = path.relative(folder, file);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return path.basename(file);
}

function config(name: string, program: string): LaunchConfig {
  return { type: DEBUG_TYPE, request: 'launch', name, program, args: [], stopOnEntry: false };
}

/** What is known when VS Code asks for a new launch.json's configurations. */
export interface InitialFacts {
  /** The workspace folder the launch.json belongs to. */
  folder?: string;
  /** The file in the active editor, when it is a C or assembly source. */
  activeSource?: string;
  /** The executable found for activeSource when it is a C file (findExecutableForSource). */
  activeProgram?: string;
  /** The first RISC-V executable of the folder (findRiscvExecutables), used when the active file gives none. */
  firstExecutable?: string;
}

/**
 * The configurations of a new launch.json, every `program` an existing file or `${file}`:
 *   - for an active assembly file, that file (the adapter builds it);
 *   - for an active C file, its executable when one was found;
 *   - else the folder's first RISC-V executable;
 *   - always last, "current file" with `${file}`: F5 on any C or assembly file (a C file's
 *     program is found or built at launch, as F5 without a launch.json does).
 */
export function initialConfigurations(facts: InitialFacts): LaunchConfig[] {
  const configs: LaunchConfig[] = [];
  const target = facts.activeSource && isAssembly(facts.activeSource) ? facts.activeSource : facts.activeProgram ?? facts.firstExecutable;
  if (target) configs.push(config(`Glasskernel: ${path.basename(target)}`, launchJsonPath(target, facts.folder)));
  configs.push(config('Glasskernel: current file', '${file}'));
  return configs;
}

/**
 * The dropdown's configurations: open assembly files first (in the order given), then each
 * executable sorted by its displayed path. Duplicates removed; absolute paths (these
 * configurations are never written to a file).
 */
export function dynamicConfigurations(facts: { folders: readonly string[]; executables: readonly string[]; openAssembly: readonly string[] }): LaunchConfig[] {
  const seen = new Set<string>();
  const out: LaunchConfig[] = [];
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    out.push(config(`Glasskernel: ${displayName(file, facts.folders)}`, file));
  };
  facts.openAssembly.forEach(add);
  [...facts.executables].sort((a, b) => displayName(a, facts.folders).localeCompare(displayName(b, facts.folders))).forEach(add);
  return out;
}

/** The message when no executable was found for C source `sourceName`. */
export function noExecutableMessage(sourceName: string, inRepository: boolean): string {
  const looked = `Glasskernel: no RISC-V executable found for ${sourceName} (looked next to it, in bin/, build/ and ../bin/, and for a file named ${path.basename(sourceName, path.extname(sourceName))} in the workspace).`;
  return inRepository
    ? `${looked} The examples are built with their own small C library by "npm run examples"; build them, or choose an executable.`
    : `${looked} Choose an executable, or open Glasskernel's examples, which come with their programs built.`;
}

/** The message when a launch configuration's `program` does not exist. */
export function programNotFoundMessage(program: string, inRepository: boolean): string {
  return inRepository
    ? `Glasskernel: program not found: ${program}. Build the examples with "npm run examples", or fix "program" in launch.json.`
    : `Glasskernel: program not found: ${program}. Fix "program" in launch.json, or open Glasskernel's examples, which come with their programs built.`;
}
