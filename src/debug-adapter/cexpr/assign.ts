/**
 * DAP setVariable / setExpression support: evaluate the user's text as a C expression, convert
 * it to the target's type as C assignment does (C11 6.5.16.1; gdb is as lenient as a cast
 * between scalars) and write it back through the scope.
 */
import { evaluateExpression } from './evaluate';
import { storeValue } from './store';
import { type EvalError, type EvalScope, type Value, isError } from './value';

/**
 * Assigns the value of expression `text` to lvalue `target`. Returns the target (re-read it to
 * show the stored value) or an error: a parse or evaluation error, `Invalid cast.` for a type
 * mismatch (an int into a struct), `Left operand of assignment is not an lvalue.` for an rvalue,
 * or a write refused by the scope (read-only memory, registers without writeRegister).
 */
export function assignValue(target: Value, text: string, scope: EvalScope): Value | EvalError {
  const source = evaluateExpression(text, scope, { allowSideEffects: false });
  if (isError(source)) return source;
  return storeValue(target, source, scope);
}
