/**
 * Where the assembler's lines come from: a stack of frames — the main file, `.include`d files,
 * macro expansions and `.rept` bodies — read one line at a time (GNU as reads the same way, so a
 * `.macro` or `.include` changes what the following lines mean). Each line carries where to
 * report it: its own file and line, or, for a macro expansion (whose text was rewritten), the
 * invocation's range plus the macro body line as related information.
 */
import type { SourceRange } from './types';

/** One line to assemble. */
export interface SourceLine {
  text: string;
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  /**
   * For lines whose text no longer matches the file (macro expansions): where to report
   * everything on this line, and the related note (the macro body line).
   */
  reportAt?: SourceRange;
  related?: { range: SourceRange; message: string }[];
}

/** A frame of lines; `repeat` replays them (for `.rept`), `kind` tells macro frames apart. */
interface Frame {
  lines: readonly SourceLine[];
  index: number;
  repeatsLeft: number;
  kind: 'file' | 'macro' | 'rept';
  /** For files: the path (include recursion check). */
  path?: string;
  /** The `.include` line that opened a file frame. */
  includedFrom?: SourceRange;
}

/** Deepest nesting of includes, macro expansions and `.rept` bodies (GNU: "macros nested too deeply" at 100). */
export const MAX_NESTING = 100;

/** Splits text into lines (LF, CRLF or CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Lines of a file as SourceLines. */
export function fileLines(text: string, file: string): SourceLine[] {
  return splitLines(text).map((t, i) => ({ text: t, file, line: i + 1 }));
}

/** The frame stack. */
export class LineReader {
  private readonly frames: Frame[] = [];

  /** Depth of the stack (files + macros + repeats). */
  get depth(): number {
    return this.frames.length;
  }

  pushFile(lines: readonly SourceLine[], path: string, includedFrom?: SourceRange): void {
    this.frames.push({ lines, index: 0, repeatsLeft: 0, kind: 'file', path, includedFrom });
  }

  pushMacro(lines: readonly SourceLine[]): void {
    this.frames.push({ lines, index: 0, repeatsLeft: 0, kind: 'macro' });
  }

  /** Pushes a body to run `count` times in total. */
  pushRepeat(lines: readonly SourceLine[], count: number): void {
    if (count <= 0 || lines.length === 0) return;
    this.frames.push({ lines, index: 0, repeatsLeft: count - 1, kind: 'rept' });
  }

  /** Whether `path` is a file already open on the stack (an include cycle). */
  isOpen(path: string): boolean {
    return this.frames.some((f) => f.kind === 'file' && f.path === path);
  }

  /** The `.include` chain of the current line (innermost first), for related information. */
  includeChain(): SourceRange[] {
    const out: SourceRange[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === 'file' && f.includedFrom !== undefined) out.push(f.includedFrom);
    }
    return out;
  }

  /** Ends the innermost macro expansion (`.exitm`). */
  exitMacro(): void {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i]!.kind === 'macro') {
        this.frames.length = i;
        return;
      }
    }
  }

  /** The next line, or undefined at the end of the main file. */
  next(): SourceLine | undefined {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (f === undefined) return undefined;
      if (f.index < f.lines.length) return f.lines[f.index++];
      if (f.repeatsLeft > 0) {
        f.repeatsLeft--;
        f.index = 0;
        continue;
      }
      this.frames.pop();
    }
  }
}
