/**
 * Evaluates a parsed C expression (C11 6.5) against an EvalScope, gdb-style: identifiers,
 * registers, member access through typedefs and pointers, indexing, `*`/`&`, casts, sizeof,
 * the conditional and comma operators, short-circuit `&&`/`||`, and assignment when the
 * caller allows side effects. Lvalues are read lazily; every failure is an EvalError.
 */
import type { DwarfMember, DwarfType } from '../../dwarf/model';
import type { Expr, TypeSpec } from './ast';
import { binaryOp, boolInt, unaryOp } from './arith';
import {
  MSG_CANNOT_SUBSCRIPT,
  MSG_NO_MEMBER,
  MSG_NO_STRUCT_TYPE,
  MSG_NO_SYMBOL,
  MSG_NO_TYPE,
  MSG_NOT_IN_MEMORY,
  MSG_NOT_POINTER,
  MSG_NOT_STRUCT,
  MSG_NOT_STRUCT_POINTER,
  MSG_SIDE_EFFECTS,
} from './constants';
import { castValue, decay, pointerValue } from './convert';
import { parseExpression } from './parser';
import { registerByName } from './registers';
import { encodeFloat, fromScalar, readScalar, scalarToBigInt, truthy } from './scalar';
import { storeValue } from './store';
import { BUILTIN, arrayElement, isInteger, pointerTo, sizeOf, strip } from './types';
import { typeName } from './typename';
import { type EvalError, type EvalScope, type Value, addressOf, evalError, inMemory, isError, rvalue, subValue } from './value';

/** Options of one evaluation. */
export interface EvaluateOptions {
  /** Allow `=` and compound assignment to write to the program (setExpression, the debug console). */
  allowSideEffects?: boolean;
}

interface Ctx {
  scope: EvalScope;
  allowSideEffects: boolean;
  /** Inside sizeof: assignments are type-checked only, never performed. */
  noWrites: boolean;
}

/**
 * Parses and evaluates `text` in `scope`. Returns the resulting Value (an lvalue where C has
 * one, read lazily) or an EvalError with gdb's message and, when known, the column.
 */
export function evaluateExpression(text: string, scope: EvalScope, options: EvaluateOptions = {}): Value | EvalError {
  const isTypeName = (name: string): boolean => scope.typeByName(name) !== undefined && scope.lookupVariable(name) === undefined;
  const ast = parseExpression(text, isTypeName);
  if (isError(ast)) return ast;
  return evaluateAst(ast, scope, options);
}

/** Evaluates an already parsed expression (see evaluateExpression). */
export function evaluateAst(ast: Expr, scope: EvalScope, options: EvaluateOptions = {}): Value | EvalError {
  return evaluate(ast, { scope, allowSideEffects: options.allowSideEffects ?? false, noWrites: false });
}

/** Attaches a column to an error that has none. */
function at(result: Value | EvalError, col: number): Value | EvalError {
  return isError(result) && result.column === undefined ? { ...result, column: col } : result;
}

function evaluate(e: Expr, ctx: Ctx): Value | EvalError {
  switch (e.kind) {
    case 'int':
      return fromScalar(e.type, { kind: 'int', n: e.value });
    case 'float':
      return rvalue(e.type, encodeFloat({ kind: 'float', x: e.value }, sizeOf(e.type)));
    case 'char':
      return rvalue(BUILTIN.char, Uint8Array.of(e.value));
    case 'string':
      return rvalue({ kind: 'array', element: BUILTIN.char, counts: [e.bytes.length] }, e.bytes);
    case 'ident':
      return ctx.scope.lookupVariable(e.name) ?? evalError(MSG_NO_SYMBOL(e.name), e.col);
    case 'register': {
      const reg = registerByName(e.name);
      return reg ? { type: reg.type, location: { kind: 'register', regno: reg.regno } } : rvalue(BUILTIN.void, new Uint8Array(0));
    }
    case 'unary':
      return at(evalUnary(e, ctx), e.col);
    case 'binary':
      return at(evalBinary(e, ctx), e.col);
    case 'assign':
      return at(evalAssign(e, ctx), e.col);
    case 'conditional': {
      const test = evaluate(e.test, ctx);
      if (isError(test)) return test;
      const t = truthOf(test, ctx.scope);
      if (isError(t)) return at(t, e.col);
      return evaluate(t ? e.then : e.otherwise, ctx);
    }
    case 'comma': {
      const left = evaluate(e.left, ctx);
      return isError(left) ? left : evaluate(e.right, ctx);
    }
    case 'member':
      return at(evalMember(e, ctx), e.col);
    case 'index':
      return at(evalIndex(e, ctx), e.col);
    case 'cast': {
      const type = resolveType(e.type, ctx.scope);
      if (isError(type)) return type;
      const v = evaluate(e.operand, ctx);
      return isError(v) ? v : at(castValue(v, type, ctx.scope), e.col);
    }
    case 'sizeofType': {
      const type = resolveType(e.type, ctx.scope);
      return isError(type) ? type : sizeValue(type);
    }
    case 'sizeofExpr': {
      const v = evaluate(e.operand, { ...ctx, noWrites: true });
      return isError(v) ? v : sizeValue(v.type);
    }
  }
}

/** gdb gives sizeof the type `int`. */
function sizeValue(type: DwarfType): Value {
  return fromScalar(BUILTIN.int, { kind: 'int', n: BigInt(sizeOf(type)) }) as Value;
}

function truthOf(v: Value, scope: EvalScope): boolean | EvalError {
  const d = decay(v);
  if (isError(d)) return d;
  const s = readScalar(d, scope);
  return isError(s) ? s : truthy(s);
}

function evalUnary(e: Extract<Expr, { kind: 'unary' }>, ctx: Ctx): Value | EvalError {
  const v = evaluate(e.operand, ctx);
  if (isError(v)) return v;
  if (e.op === '*') return dereference(v, ctx.scope);
  if (e.op === '&') return addressValue(v);
  return unaryOp(e.op, v, ctx.scope);
}

/** `*v`: the pointee lvalue (not yet read); gdb also lets an integer be used as an address of an int. */
export function dereference(v: Value, scope: EvalScope): Value | EvalError {
  const t = strip(v.type);
  if (t.kind === 'function') return v;
  if (t.kind === 'array') return indexValue(v, 0n, scope);
  if (t.kind !== 'pointer' && !isInteger(t)) return evalError(MSG_NOT_POINTER);
  if (t.kind === 'pointer' && strip(t.target).kind === 'void') return evalError(MSG_NOT_POINTER);
  const s = readScalar(v, scope);
  if (isError(s)) return s;
  const address = BigInt.asUintN(64, scalarToBigInt(s));
  return inMemory(t.kind === 'pointer' ? t.target : BUILTIN.int, address);
}

/** `&v`: a pointer to an object in memory (not a bit field, register or rvalue). */
function addressValue(v: Value): Value | EvalError {
  const address = addressOf(v);
  if (address === undefined || v.bitField) return evalError(MSG_NOT_IN_MEMORY);
  return pointerValue(v.type, address);
}

function evalBinary(e: Extract<Expr, { kind: 'binary' }>, ctx: Ctx): Value | EvalError {
  const left = evaluate(e.left, ctx);
  if (isError(left)) return left;
  if (e.op === '&&' || e.op === '||') {
    const l = truthOf(left, ctx.scope);
    if (isError(l)) return l;
    if (e.op === '&&' ? !l : l) return boolInt(l);
    const right = evaluate(e.right, ctx);
    if (isError(right)) return right;
    const r = truthOf(right, ctx.scope);
    return isError(r) ? r : boolInt(r);
  }
  const right = evaluate(e.right, ctx);
  return isError(right) ? right : binaryOp(e.op, left, right, ctx.scope);
}

function evalAssign(e: Extract<Expr, { kind: 'assign' }>, ctx: Ctx): Value | EvalError {
  const target = evaluate(e.target, ctx);
  if (isError(target)) return target;
  let value = evaluate(e.value, ctx);
  if (isError(value)) return value;
  if (e.op) value = binaryOp(e.op, target, value, ctx.scope);
  if (isError(value)) return value;
  if (ctx.noWrites) return target;
  if (!ctx.allowSideEffects) return evalError(MSG_SIDE_EFFECTS);
  return storeValue(target, value, ctx.scope);
}

/** Finds a member by name, looking through anonymous struct/union members; returns the byte offset path. */
export function findMember(t: DwarfType, name: string, depth = 0): { member: DwarfMember; offset: number } | undefined {
  const s = strip(t);
  if ((s.kind !== 'struct' && s.kind !== 'union') || depth > 16) return undefined;
  for (const m of s.members) {
    if (m.name === name) return { member: m, offset: m.offset };
    if (m.name === undefined) {
      const inner = findMember(m.type, name, depth + 1);
      if (inner) return { member: inner.member, offset: m.offset + inner.offset };
    }
  }
  return undefined;
}

/** The value of a member found at byte `offset` inside `object`. */
export function memberValue(object: Value, member: DwarfMember, offset: number): Value {
  const bitField = member.bitSize !== undefined ? { bitOffset: member.bitOffset ?? 0, bitSize: member.bitSize } : undefined;
  return subValue(object, offset, member.type, bitField);
}

function evalMember(e: Extract<Expr, { kind: 'member' }>, ctx: Ctx): Value | EvalError {
  let object = evaluate(e.object, ctx);
  if (isError(object)) return object;
  const t = strip(object.type);
  if (t.kind === 'pointer') {
    const target = strip(t.target);
    if (target.kind !== 'struct' && target.kind !== 'union') return evalError(e.arrow ? MSG_NOT_STRUCT_POINTER : MSG_NOT_STRUCT);
    object = dereference(object, ctx.scope);
    if (isError(object)) return object;
  } else if (t.kind !== 'struct' && t.kind !== 'union') {
    return evalError(e.arrow ? MSG_NOT_STRUCT_POINTER : MSG_NOT_STRUCT);
  }
  const found = findMember(object.type, e.name);
  if (!found) return evalError(MSG_NO_MEMBER(e.name));
  return memberValue(object, found.member, found.offset);
}

function evalIndex(e: Extract<Expr, { kind: 'index' }>, ctx: Ctx): Value | EvalError {
  const object = evaluate(e.object, ctx);
  if (isError(object)) return object;
  const index = evaluate(e.index, ctx);
  if (isError(index)) return index;
  const ot = strip(object.type);
  const ik = strip(index.type).kind;
  if (ot.kind !== 'array' && ot.kind !== 'pointer' && (ik === 'pointer' || ik === 'array')) {
    return subscript(index, object, ctx.scope);
  }
  return subscript(object, index, ctx.scope);
}

function subscript(object: Value, index: Value, scope: EvalScope): Value | EvalError {
  const ot = strip(object.type);
  if (ot.kind !== 'array' && ot.kind !== 'pointer') return evalError(MSG_CANNOT_SUBSCRIPT(typeName(object.type)));
  if (!isInteger(index.type)) return evalError('Argument to arithmetic operation not a number or boolean.');
  const i = readScalar(index, scope);
  if (isError(i)) return i;
  return indexValue(object, scalarToBigInt(i), scope);
}

/** Element `i` of an array (any storage) or of the array a pointer points into. */
export function indexValue(object: Value, i: bigint, scope: EvalScope): Value | EvalError {
  const ot = strip(object.type);
  if (ot.kind === 'pointer') {
    const p = binaryOp('+', object, fromScalar(BUILTIN.long, { kind: 'int', n: i }) as Value, scope);
    return isError(p) ? p : dereference(p, scope);
  }
  if (ot.kind !== 'array') return evalError(MSG_CANNOT_SUBSCRIPT(typeName(object.type)));
  const element = arrayElement(ot);
  const size = BigInt(sizeOf(element));
  const address = addressOf(object);
  if (address !== undefined) return inMemory(element, BigInt.asUintN(64, address + i * size));
  const count = ot.counts[0] ?? 0;
  if (i < 0n || i >= BigInt(count)) return evalError('no such vector element');
  return subValue(object, Number(i * size), element);
}

/** The DwarfType a parsed type name denotes, looked up through the scope for typedef and tagged names. */
export function resolveType(spec: TypeSpec, scope: EvalScope): DwarfType | EvalError {
  let t: DwarfType;
  const b = spec.base;
  if (b.kind === 'builtin') t = b.type;
  else if (b.kind === 'named') {
    const found = scope.typeByName(b.name);
    if (!found) return evalError(MSG_NO_TYPE(b.name), spec.col);
    t = found;
  } else {
    const found = scope.typeByName(`${b.tag} ${b.name}`);
    if (!found) return evalError(MSG_NO_STRUCT_TYPE(b.tag, b.name), spec.col);
    t = found;
  }
  for (const q of spec.qualifiers) t = { kind: 'qualified', qualifier: q, target: t };
  for (const op of spec.ops) {
    if (op.kind === 'pointer') {
      t = pointerTo(t);
      for (const q of op.qualifiers) t = { kind: 'qualified', qualifier: q, target: t };
    } else if (op.kind === 'array') {
      t = t.kind === 'array' ? { kind: 'array', element: t.element, counts: [op.count, ...t.counts] } : { kind: 'array', element: t, counts: [op.count] };
    } else {
      const params: DwarfType[] = [];
      for (const p of op.params) {
        const pt = resolveType(p, scope);
        if (isError(pt)) return pt;
        params.push(pt);
      }
      t = { kind: 'function', returnType: t, params, variadic: op.variadic };
    }
  }
  return t;
}
