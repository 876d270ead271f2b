/**
 * Renders a user-supplied value for an error message, so that the message
 * shows what actually came: `2.5`, `NaN`, `"32"`, `undefined`, `[1,2]`.
 * Strings are quoted so that `"32"` is told apart from `32`.
 *
 * @param value Any value a caller passed.
 * @returns A short, human-readable rendering.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
