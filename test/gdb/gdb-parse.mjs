/**
 * Parses the output of the gdb CLI script built by gdb-run.mjs into stops. The script brackets
 * every command's output with marker lines (SECTION below), so gdb's chatter ("[New Thread
 * ...]", "Breakpoint 1, ...", source lines, warnings) never has to be told apart from answers.
 * Pure: text in, values out; never throws on unexpected text (unknown lines are kept in
 * `noise`).
 */

/** Marker lines the script echoes before each section (gdb `echo`). */
export const SECTION = {
  stop: '@@GK-STOP',
  bt: '@@GK-BT',
  args: '@@GK-ARGS',
  locals: '@@GK-LOCALS',
  end: '@@GK-END',
};

/** @typedef {{ fn: string, file?: string, line?: number }} Frame  file is a base name */
/** @typedef {{ name: string, value: string, kind: 'arg' | 'local' }} Variable */
/** @typedef {{ frames: Frame[], vars: Variable[], banner: string }} Stop */

/** gdb's text when a program ended or never stopped: no stop to read. */
const ENDED = /exited normally|exited with code|The program is not being run|Remote connection closed|terminated with signal/;

/** `#N  [0xADDR in ]FUNC[ (ARGS)][ at FILE:LINE][ from LIB]` */
const FRAME_HEAD = /^#(\d+)\s+(?:0x[0-9a-fA-F]+ in )?(<[^>]*>|[^\s(]+)(.*)$/;
const FRAME_AT = / at (\S+):(\d+)$/;

/** Base name of a path as gdb prints it ("./prog.c", "/src/prog.c" -> "prog.c"). */
export function baseName(p) {
  const parts = String(p).split(/[\\/]/);
  return parts[parts.length - 1];
}

/**
 * One `bt` line as a frame, or undefined when the line is not a frame line.
 * @param {string} line
 * @returns {Frame | undefined}
 */
export function parseFrameLine(line) {
  const m = FRAME_HEAD.exec(line.trim());
  if (!m) return undefined;
  const at = FRAME_AT.exec(m[3]);
  return at ? { fn: m[2], file: baseName(at[1]), line: Number(at[2]) } : { fn: m[2] };
}

/**
 * `info args` / `info locals` text as variables. "No arguments." / "No locals." give none;
 * a line that is not `name = value` continues the previous value (a defensive rule: with
 * `set print pretty off` and `set width 0` every value is on one line).
 * @param {string} text
 * @param {'arg' | 'local'} kind
 * @returns {Variable[]}
 */
export function parseVariables(text, kind) {
  const vars = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^No (arguments|locals|symbol table info available|frame selected)\.$/.test(line.trim())) continue;
    const m = /^([A-Za-z_$][\w$]*) = (.*)$/.exec(line);
    if (m) vars.push({ name: m[1], value: m[2], kind });
    else if (vars.length > 0) vars[vars.length - 1].value += `\n${line}`;
  }
  return vars;
}

/** Splits the output into [marker, text] sections in order. */
function sections(output) {
  const out = [];
  let current;
  for (const line of output.split('\n')) {
    const marker = Object.values(SECTION).find((s) => line.trim() === s);
    if (marker) {
      current = { marker, lines: [] };
      out.push(current);
    } else if (current) current.lines.push(line);
  }
  return out.map((s) => [s.marker, s.lines.join('\n')]);
}

/**
 * The stops in gdb's output, in order. A `continue` that ended the program (or failed)
 * yields no stop, and nothing after it counts.
 * @param {string} output gdb's stdout and stderr, interleaved as written
 * @returns {{ stops: Stop[], ended: string | undefined }}
 */
export function parseGdbOutput(output) {
  const stops = [];
  let stop;
  let ended;
  for (const [marker, text] of sections(output)) {
    if (marker === SECTION.stop) {
      stop = undefined;
      if (ended) continue;
      const e = ENDED.exec(text);
      if (e) { ended = e[0]; continue; }
      const banner = text.split('\n').find((l) => /Breakpoint \d+, /.test(l)) ?? '';
      stop = { frames: [], vars: [], banner: banner.trim() };
      stops.push(stop);
    } else if (stop && marker === SECTION.bt) {
      stop.frames = text.split('\n').map(parseFrameLine).filter((f) => f !== undefined);
    } else if (stop && marker === SECTION.args) {
      stop.vars.push(...parseVariables(text, 'arg'));
    } else if (stop && marker === SECTION.locals) {
      stop.vars.push(...parseVariables(text, 'local'));
    }
  }
  return { stops, ended };
}
