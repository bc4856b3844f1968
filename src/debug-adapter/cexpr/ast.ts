/**
 * The syntax tree of a C expression (C11 6.5) and of a type name in a cast or sizeof
 * (C11 6.7.7). Every node carries `col`, the 0-based offset of its first character.
 */
import type { DwarfType } from '../../dwarf/model';

/** Binary operators (C11 6.5.5-6.5.14). */
export type BinaryOp = '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&' | '^' | '|' | '&&' | '||';
/** Unary operators (C11 6.5.3.2-6.5.3.3). */
export type UnaryOp = '*' | '&' | '-' | '+' | '!' | '~';

/** One step of an abstract declarator, applied to the type built so far. */
export type DeclaratorOp =
  | { kind: 'pointer'; qualifiers: Array<'const' | 'volatile'> }
  | { kind: 'array'; count?: number }
  | { kind: 'function'; params: TypeSpec[]; variadic: boolean };

/** A type name: specifiers (a builtin, a typedef name or a tagged type) and declarator steps, innermost first. */
export interface TypeSpec {
  base:
    | { kind: 'builtin'; type: DwarfType }
    | { kind: 'named'; name: string }
    | { kind: 'tagged'; tag: 'struct' | 'union' | 'enum'; name: string };
  qualifiers: Array<'const' | 'volatile'>;
  ops: DeclaratorOp[];
  col: number;
}

/** An expression node. */
export type Expr =
  | { kind: 'int'; value: bigint; type: DwarfType; col: number }
  | { kind: 'float'; value: number; type: DwarfType; col: number }
  | { kind: 'char'; value: number; col: number }
  | { kind: 'string'; bytes: Uint8Array; col: number }
  | { kind: 'ident'; name: string; col: number }
  | { kind: 'register'; name: string; col: number }
  | { kind: 'unary'; op: UnaryOp; operand: Expr; col: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; col: number }
  /** `=` (op undefined) or a compound assignment such as `+=` (op '+'). */
  | { kind: 'assign'; op?: BinaryOp; target: Expr; value: Expr; col: number }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr; col: number }
  | { kind: 'comma'; left: Expr; right: Expr; col: number }
  | { kind: 'member'; object: Expr; name: string; arrow: boolean; col: number }
  | { kind: 'index'; object: Expr; index: Expr; col: number }
  | { kind: 'cast'; type: TypeSpec; operand: Expr; col: number }
  | { kind: 'sizeofType'; type: TypeSpec; col: number }
  | { kind: 'sizeofExpr'; operand: Expr; col: number };
