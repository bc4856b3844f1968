/**
 * Collecting and printing the linker's diagnostics. Every problem in the input is a
 * LinkDiagnostic value; nothing the input contains can make the linker throw.
 */
import type { InputObject, InputSection } from './model';
import type { LinkDiagnostic } from './types';

/** At most this many diagnostics are kept; one more says the rest were dropped. */
export const MAX_DIAGNOSTICS = 100;

/** Where a problem is: an object, a place in one of its sections, a symbol. */
export interface Site {
  object?: InputObject;
  section?: InputSection;
  /** Byte offset in `section`. */
  offset?: number;
  symbol?: string;
}

/** A diagnostic at a place in an input section, kept so a source line can be attached after layout. */
export interface PlacedDiagnostic {
  diagnostic: LinkDiagnostic;
  section: InputSection;
  offset: number;
}

/** Accumulates diagnostics in order, up to MAX_DIAGNOSTICS. */
export class DiagnosticSink {
  readonly diagnostics: LinkDiagnostic[] = [];
  readonly placed: PlacedDiagnostic[] = [];
  /** Errors reported, including any dropped past the limit. */
  errorCount = 0;

  /** Reports an error: the link produces no executable. */
  error(message: string, site: Site = {}): void {
    this.errorCount++;
    this.add('error', message, site);
  }

  /** Reports a warning: the executable is still written. */
  warning(message: string, site: Site = {}): void {
    this.add('warning', message, site);
  }

  private add(severity: LinkDiagnostic['severity'], message: string, site: Site): void {
    if (this.diagnostics.length > MAX_DIAGNOSTICS) return;
    if (this.diagnostics.length === MAX_DIAGNOSTICS) {
      this.diagnostics.push({ severity: 'error', message: `too many problems; only the first ${MAX_DIAGNOSTICS} are reported` });
      return;
    }
    const d: LinkDiagnostic = { severity, message };
    const object = site.object ?? site.section?.object;
    if (object) d.object = object.name;
    if (site.section) d.section = site.section.common ? 'COMMON' : site.section.name;
    if (site.offset !== undefined) d.offset = site.offset;
    if (site.symbol !== undefined) d.symbol = site.symbol;
    this.diagnostics.push(d);
    if (site.section && site.offset !== undefined) this.placed.push({ diagnostic: d, section: site.section, offset: site.offset });
  }
}

/**
 * One line for a terminal, like GNU tools print them:
 * `hello.s:12: hello.o:(.text+0x14): error: undefined symbol `loop``, the source part only
 * when known, the object part only when the problem belongs to one.
 */
export function formatLinkDiagnostic(d: LinkDiagnostic): string {
  let where = '';
  if (d.source) where += `${d.source.file}:${d.source.line}: `;
  if (d.object !== undefined) {
    where += d.object;
    if (d.section !== undefined) where += `:(${d.section}${d.offset !== undefined ? `+0x${d.offset.toString(16)}` : ''})`;
    where += ': ';
  }
  return `${where}${d.severity}: ${d.message}`;
}

/** `name` as messages quote symbols: between backquotes, as the assembler's messages do. */
export function quoted(name: string): string {
  return `\`${name}\``;
}
