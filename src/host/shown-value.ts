/** Longest rejected value echoed back in an option's error sentence, in characters. */
const MAX_SHOWN = 40;

/**
 * A rejected option value as the user wrote it, for an error sentence: strings quoted, objects
 * as JSON ("an object" when they cannot be serialised), cut to MAX_SHOWN characters with "...".
 */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? `'${value}'` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    text = 'an object';
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}
