/**
 * The debugger's C expression evaluator and gdb-style value formatter. Pure: it reads the
 * stopped program only through an EvalScope and never throws on user input.
 */
export { parseExpression } from './parser';
export { evaluateExpression, evaluateAst, resolveType, type EvaluateOptions } from './evaluate';
export { formatValue, printValue, readCString, type FormatOptions } from './format';
export { typeName } from './typename';
export { valueChildren, childCount, type ValueChild, type ChildrenOptions } from './children';
export { assignValue } from './assign';
export { storeValue } from './store';
export { registerByName } from './registers';
export { BUILTIN, sizeOf } from './types';
export { valueFromPieces } from './pieces';
export { formatQuad } from './format-quad';
export { REGNO_PC } from './constants';
export type { Expr, TypeSpec } from './ast';
export {
  type Value,
  type EvalScope,
  type EvalError,
  type Location,
  type Piece,
  type PieceLocation,
  type Contents,
  type BitField,
  isError,
  evalError,
  inMemory,
  rvalue,
  valueContents,
  entirelyOptimizedOut,
} from './value';
