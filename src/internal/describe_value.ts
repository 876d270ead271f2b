import { isTensor } from './is_tensor';

/**
 * Renders a user-supplied value for an error message, so that the message
 * shows what actually came: `2.5`, `NaN`, `"32"`, `undefined`, `[1,2]`,
 * `a tensor of shape [1,4]`. Strings are quoted so that `"32"` is told apart
 * from `32`.
 *
 * @param value Any value a caller passed.
 * @returns A short, human-readable rendering.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (isTensor(value)) return `a tensor of shape [${value.shape}]`;
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

/**
 * Renders a value by its kind, for errors where the kind is what is wrong:
 * `number 2`, `string codes`, `null`, `an object (Map)`.
 *
 * @param value Any value a caller passed.
 * @returns Its `typeof` and value, or an object's constructor name.
 * @internal
 */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  return `an object (${value.constructor?.name ?? 'no prototype'})`;
}
