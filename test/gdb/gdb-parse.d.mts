/** Types of gdb-parse.mjs (see there for the contracts). */
export declare const SECTION: { stop: string; bt: string; args: string; locals: string; end: string };
/** A stack frame: function, source base name and 1-based line when gdb knows them. */
export interface Frame { fn: string; file?: string; line?: number }
/** A frame-0 variable as gdb prints it. */
export interface Variable { name: string; value: string; kind: 'arg' | 'local' }
/** One stop: its frames, innermost first, arguments then locals, and gdb's "Breakpoint N, ..." line. */
export interface Stop { frames: Frame[]; vars: Variable[]; banner: string }
export declare function baseName(p: string): string;
export declare function parseFrameLine(line: string): Frame | undefined;
export declare function parseVariables(text: string, kind: 'arg' | 'local'): Variable[];
export declare function parseGdbOutput(output: string): { stops: Stop[]; ended: string | undefined };
