/**
 * C types from DIEs (DWARF 5 chapter 5) as model.ts DwarfType values, built on demand and
 * memoised by DIE offset. Types that can close a cycle (pointers, structs, unions, enums,
 * functions, typedefs, qualifiers) are registered before their parts are read, so
 * `struct node { struct node *next; }` shares one object. A loop that never passes through
 * such a type's registration (`typedef T T`, a const of itself) becomes 'unknown'.
 */
import type { DwarfMember, DwarfType } from '../model';
import {
  DW_AT_bit_offset, DW_AT_bit_size, DW_AT_byte_size, DW_AT_const_value, DW_AT_count, DW_AT_data_bit_offset,
  DW_AT_data_member_location, DW_AT_declaration, DW_AT_encoding, DW_AT_name, DW_AT_type, DW_AT_upper_bound,
  DW_TAG_array_type, DW_TAG_atomic_type, DW_TAG_base_type, DW_TAG_class_type, DW_TAG_const_type,
  DW_TAG_enumeration_type, DW_TAG_enumerator, DW_TAG_formal_parameter, DW_TAG_member, DW_TAG_pointer_type,
  DW_TAG_reference_type, DW_TAG_restrict_type, DW_TAG_rvalue_reference_type, DW_TAG_structure_type,
  DW_TAG_subrange_type, DW_TAG_subroutine_type, DW_TAG_typedef, DW_TAG_union_type, DW_TAG_unspecified_parameters,
  DW_TAG_unspecified_type, DW_TAG_volatile_type,
} from './constants';
import { Cursor } from '../cursor';
import { constNumber, type AttrValue } from './forms';
import { follow, type DieRef, type DieResolver } from './nav';
import { DW_ATE_signed, DW_ATE_signed_char } from '../model';

/** DW_OP_plus_uconst: DWARF 2 member locations are `DW_OP_plus_uconst n` blocks (section 7.7.1). */
const DW_OP_plus_uconst = 0x23;
const BITS_PER_BYTE = 8;
/** Deepest chain of typedefs/qualifiers/arrays followed before giving up. */
const MAX_TYPE_DEPTH = 256;

const VOID: DwarfType = { kind: 'void' };
const QUALIFIERS = new Map<number, 'const' | 'volatile' | 'restrict' | '_Atomic'>([
  [DW_TAG_const_type, 'const'], [DW_TAG_volatile_type, 'volatile'],
  [DW_TAG_restrict_type, 'restrict'], [DW_TAG_atomic_type, '_Atomic'],
]);

/** Builds and memoises types; one instance per DebugInfo. */
export class TypeBuilder {
  private readonly memo = new Map<number, DwarfType>();

  constructor(private readonly r: DieResolver) {}

  /** The type named by the DIE's DW_AT_type: void when absent, 'unknown' when unresolvable. */
  typeOf(ref: DieRef): DwarfType {
    return this.typeAttr(ref, new Set());
  }

  /** The type the DIE at `ref` itself describes. */
  build(ref: DieRef): DwarfType {
    return this.buildAt(ref, new Set());
  }

  private typeAttr(ref: DieRef, path: Set<number>): DwarfType {
    const v = ref.die.attrs.get(DW_AT_type);
    if (v === undefined) return VOID;
    const target = follow(this.r, ref, DW_AT_type);
    if (!target) return { kind: 'unknown', reason: `DW_AT_type of DIE 0x${ref.die.offset.toString(16)} names no DIE` };
    return this.buildAt(target, path);
  }

  private buildAt(ref: DieRef, path: Set<number>): DwarfType {
    const offset = ref.die.offset;
    if (path.has(offset)) return { kind: 'unknown', reason: `type reference loop at DIE 0x${offset.toString(16)}` };
    const known = this.memo.get(offset);
    if (known) return known;
    if (path.size >= MAX_TYPE_DEPTH) return { kind: 'unknown', reason: 'type chain too deep' };
    path.add(offset);
    const t = this.make(ref, path);
    path.delete(offset);
    this.memo.set(offset, t);
    return t;
  }

  /** Registers `t` (so cycles find it), then runs `fill`. */
  private register<T extends DwarfType>(ref: DieRef, t: T, fill: (t: T) => void): T {
    this.memo.set(ref.die.offset, t);
    fill(t);
    return t;
  }

  private make(ref: DieRef, path: Set<number>): DwarfType {
    const { die, unit } = ref;
    const name = unit.str(die.attrs.get(DW_AT_name));
    const byteSize = constNumber(die.attrs.get(DW_AT_byte_size));
    const qualifier = QUALIFIERS.get(die.tag);
    if (qualifier) {
      return this.register(ref, { kind: 'qualified', qualifier, target: VOID }, (t) => { t.target = this.typeAttr(ref, path); });
    }
    switch (die.tag) {
      case DW_TAG_base_type:
        return { kind: 'base', name: name ?? '?', byteSize: byteSize ?? 0, encoding: constNumber(die.attrs.get(DW_AT_encoding)) ?? 0 };
      case DW_TAG_unspecified_type:
        return VOID;
      case DW_TAG_pointer_type: case DW_TAG_reference_type: case DW_TAG_rvalue_reference_type:
        return this.register(ref, { kind: 'pointer', target: VOID, byteSize: byteSize ?? unit.addressSize }, (t) => {
          t.target = this.typeAttr(ref, new Set());
        });
      case DW_TAG_typedef:
        return this.register(ref, { kind: 'typedef', name: name ?? '?', target: VOID }, (t) => { t.target = this.typeAttr(ref, path); });
      case DW_TAG_array_type:
        return { kind: 'array', element: this.typeAttr(ref, path), counts: this.arrayCounts(ref) };
      case DW_TAG_structure_type: case DW_TAG_class_type: case DW_TAG_union_type:
        return this.makeStruct(ref, name, byteSize);
      case DW_TAG_enumeration_type:
        return this.makeEnum(ref, name, byteSize);
      case DW_TAG_subroutine_type:
        return this.makeFunction(ref);
      default:
        return { kind: 'unknown', reason: `DIE 0x${die.offset.toString(16)} has tag 0x${die.tag.toString(16)}, not a type` };
    }
  }

  /** One count per DW_TAG_subrange_type: DW_AT_count, else upper - lower + 1 (C lower bound 0). */
  private arrayCounts(ref: DieRef): Array<number | undefined> {
    const counts: Array<number | undefined> = [];
    for (const child of ref.die.children) {
      if (child.tag !== DW_TAG_subrange_type) continue;
      const count = constNumber(child.attrs.get(DW_AT_count));
      const upper = constNumber(child.attrs.get(DW_AT_upper_bound), true);
      counts.push(count ?? (upper !== undefined && upper >= -1 ? upper + 1 : undefined));
    }
    return counts.length > 0 ? counts : [undefined];
  }

  private makeStruct(ref: DieRef, name: string | undefined, byteSize: number | undefined): DwarfType {
    const kind = ref.die.tag === DW_TAG_union_type ? 'union' : 'struct';
    const t: Extract<DwarfType, { kind: 'struct' | 'union' }> = { kind, byteSize: byteSize ?? 0, members: [] };
    if (name !== undefined) t.name = name;
    if (ref.die.attrs.has(DW_AT_declaration)) t.declaration = true;
    return this.register(ref, t, () => {
      for (const child of ref.die.children) {
        if (child.tag === DW_TAG_member) t.members.push(this.member({ unit: ref.unit, die: child }));
      }
    });
  }

  /** A member: byte offset of its storage, and for bit fields a little-endian bit offset from there. */
  private member(ref: DieRef): DwarfMember {
    const attrs = ref.die.attrs;
    const m: DwarfMember = { type: this.typeOf(ref), offset: memberByteOffset(attrs.get(DW_AT_data_member_location)) };
    const name = ref.unit.str(attrs.get(DW_AT_name));
    if (name !== undefined) m.name = name;
    const bitSize = constNumber(attrs.get(DW_AT_bit_size));
    if (bitSize === undefined) return m;
    let bits = constNumber(attrs.get(DW_AT_data_bit_offset));
    const oldBitOffset = constNumber(attrs.get(DW_AT_bit_offset), true);
    if (bits === undefined && oldBitOffset !== undefined) {
      // DWARF 2..4: bit_offset counts from the most significant bit of a storage unit of
      // DW_AT_byte_size (else the type's) bytes at data_member_location (section 5.7.6 of DWARF 4).
      const storage = constNumber(attrs.get(DW_AT_byte_size)) ?? storageSize(m.type);
      bits = m.offset * BITS_PER_BYTE + storage * BITS_PER_BYTE - oldBitOffset - bitSize;
    }
    bits ??= m.offset * BITS_PER_BYTE;
    m.offset = Math.floor(bits / BITS_PER_BYTE);
    m.bitOffset = bits - m.offset * BITS_PER_BYTE;
    m.bitSize = bitSize;
    return m;
  }

  private makeEnum(ref: DieRef, name: string | undefined, byteSize: number | undefined): DwarfType {
    const underlying = ref.die.attrs.has(DW_AT_type) ? this.typeOf(ref) : undefined;
    const enc = baseEncoding(underlying) ?? constNumber(ref.die.attrs.get(DW_AT_encoding));
    const values = ref.die.children.filter((c) => c.tag === DW_TAG_enumerator);
    const anyNegative = values.some((c) => {
      const v = c.attrs.get(DW_AT_const_value);
      return v?.kind === 'const' && v.signed === true && v.value < 0n;
    });
    const signed = enc !== undefined ? enc === DW_ATE_signed || enc === DW_ATE_signed_char : anyNegative;
    const size = byteSize ?? 0;
    const t: Extract<DwarfType, { kind: 'enum' }> = { kind: 'enum', byteSize: size, signed, enumerators: [] };
    if (name !== undefined) t.name = name;
    if (underlying) t.underlying = underlying;
    for (const c of values) {
      const v = c.attrs.get(DW_AT_const_value);
      if (v?.kind !== 'const') continue;
      const value = signed && v.signed === undefined ? BigInt.asIntN(v.size * BITS_PER_BYTE, v.value) : v.value;
      t.enumerators.push({ name: ref.unit.str(c.attrs.get(DW_AT_name)) ?? '?', value });
    }
    return this.register(ref, t, () => {});
  }

  private makeFunction(ref: DieRef): DwarfType {
    const t: Extract<DwarfType, { kind: 'function' }> = { kind: 'function', returnType: VOID, params: [], variadic: false };
    return this.register(ref, t, () => {
      t.returnType = this.typeOf(ref);
      for (const child of ref.die.children) {
        if (child.tag === DW_TAG_formal_parameter) t.params.push(this.typeOf({ unit: ref.unit, die: child }));
        if (child.tag === DW_TAG_unspecified_parameters) t.variadic = true;
      }
    });
  }
}

/** DW_AT_data_member_location as a byte offset: a constant, or a DWARF 2 `DW_OP_plus_uconst n` block. */
function memberByteOffset(v: AttrValue | undefined): number {
  if (v?.kind === 'const') return constNumber(v) ?? 0;
  if (v?.kind === 'block' && v.bytes[0] === DW_OP_plus_uconst) {
    const c = new Cursor(v.bytes, 1);
    const value = c.uleb();
    return c.bad === undefined ? value : 0;
  }
  return 0;
}

/** Byte size of a type after typedefs and qualifiers (0 when unknown). */
export function storageSize(t: DwarfType): number {
  for (let i = 0; i < MAX_TYPE_DEPTH; i++) {
    if (t.kind === 'typedef' || t.kind === 'qualified') t = t.target;
    else return 'byteSize' in t ? t.byteSize : 0;
  }
  return 0;
}

/** The DW_ATE_* encoding of a base type behind typedefs/qualifiers, if any. */
function baseEncoding(t: DwarfType | undefined): number | undefined {
  for (let i = 0; t && i < MAX_TYPE_DEPTH; i++) {
    if (t.kind === 'base') return t.encoding;
    if (t.kind === 'typedef' || t.kind === 'qualified') t = t.target;
    else return undefined;
  }
  return undefined;
}
