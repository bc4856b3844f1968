/**
 * A disassembler for DWARF expressions that prints operations the way binutils readelf
 * (`--debug-dump=info,loc`, version 2.40) does: "DW_OP_breg2 (sp): 16; DW_OP_stack_value".
 * For display (hover text, the "location" of a variable) and for comparing our decoder with
 * readelf in tests. DWARF 5 section 2.5 and 2.6; encodings in section 7.7.1.
 */
import { Cursor } from '../cursor';
import * as K from './constants';
import { opName } from './names';
import { decodeOp, type Op } from './op';
import { riscvRegisterName } from './registers';

/** How to read and print an expression. */
export interface FormatOptions {
  /** Bytes in an address (default 8, RV64). */
  addressSize?: number;
  /** Bytes in a .debug_info reference (default 4, 32-bit DWARF). */
  offsetSize?: number;
  /**
   * .debug_info offset of the unit the expression belongs to (default 0). readelf prints
   * CU-relative type and DIE references (DW_OP_convert, const_type, call2...) as section
   * offsets by adding it.
   */
  cuOffset?: number;
}

const hex = (v: number | bigint): string => v.toString(16);
const blockText = (bytes: Uint8Array): string => `${bytes.length} byte block: ${Array.from(bytes, (b) => `${hex(b)} `).join('')}`;

/**
 * The operations of `expr` separated by "; ". Never throws: an unknown opcode prints as
 * readelf does, "(Unknown location op 0x..)", and ends the listing; truncated operands print
 * "<truncated DW_OP_...>".
 */
export function formatExpression(expr: Uint8Array, options: FormatOptions = {}): string {
  return formatNested(expr, options, 0);
}

function formatNested(expr: Uint8Array, options: FormatOptions, depth: number): string {
  const parts: string[] = [];
  const c = new Cursor(expr, 0);
  while (!c.atEnd) {
    const at = c.pos;
    const r = decodeOp(c, options.addressSize ?? K.RV64_ADDRESS_SIZE, options.offsetSize ?? K.DWARF32_OFFSET_SIZE);
    if (!r.ok) {
      const code = expr[at]!;
      const name = opName(code);
      parts.push(name ? `<truncated ${name}>` : `(Unknown location op 0x${hex(code)})`);
      break;
    }
    parts.push(formatOp(r.op, options, depth));
  }
  return parts.join('; ');
}

/** One operation in readelf's spelling (see the file comment). */
export function formatOp(op: Op, options: FormatOptions = {}, depth = 0): string {
  const name = opName(op.code)!;
  const cu = options.cuOffset ?? 0;
  const unitRef = (offset: number): string => `<0x${hex(cu + offset)}>`;
  const reg = (regno: number): string => `${regno} (${riscvRegisterName(regno)})`;
  switch (op.kind) {
    case 'const':
      if (op.code === K.DW_OP_addr) return `${name}: ${hex(op.value)}`;
      return op.code >= K.DW_OP_lit0 && op.code <= K.DW_OP_lit31 ? name : `${name}: ${op.value}`;
    case 'addressIndex': return `${name} <0x${hex(op.index)}>`;
    case 'register':
      return op.code === K.DW_OP_regx ? `${name}: ${reg(op.regno)}` : `${name} (${riscvRegisterName(op.regno)})`;
    case 'registerOffset':
      return op.code === K.DW_OP_bregx ? `${name}: ${reg(op.regno)} ${op.offset}` : `${name} (${riscvRegisterName(op.regno)}): ${op.offset}`;
    case 'frameOffset': return `${name}: ${op.offset}`;
    case 'pick': return `${name}: ${op.index}`;
    case 'deref': return op.code === K.DW_OP_deref || op.code === K.DW_OP_xderef ? name : `${name}: ${op.sizeBytes}`;
    case 'plusUconst': return `${name}: ${op.value}`;
    case 'branch': return `${name}: ${op.delta}`;
    case 'piece':
      return op.code === K.DW_OP_piece ? `${name}: ${op.sizeBits / 8}` : `${name}: size: ${op.sizeBits} offset: ${op.bitOffset} `;
    case 'implicitValue': return `${name} ${blockText(op.bytes)}`;
    case 'implicitPointer': return `${name}: <0x${hex(op.die)}> ${op.offset}`;
    case 'entryValue':
      return depth >= K.MAX_FORMAT_NESTING ? `${name}: (...)` : `${name}: (${formatNested(op.expr, options, depth + 1)})`;
    case 'constType': return `${name}: ${unitRef(op.typeOffset)}  ${blockText(op.bytes)}`;
    case 'regvalType': return `${name}: ${reg(op.regno)} ${unitRef(op.typeOffset)}`;
    case 'derefType': return `${name}: ${op.sizeBytes} ${unitRef(op.typeOffset)}`;
    case 'convert': return op.typeOffset === 0 ? `${name} <0>` : `${name} ${unitRef(op.typeOffset)}`;
    case 'dieRef':
      return op.code === K.DW_OP_call_ref || op.code === K.DW_OP_GNU_variable_value
        ? `${name}: <0x${hex(op.die)}>`
        : `${name}: ${unitRef(op.die)}`;
    case 'simple': return name;
  }
}
