/**
 * Argument checks for the data set functions. Each error names the argument,
 * what was expected and what came: "`count` must be a non-negative integer,
 * but got 2.5".
 *
 * @internal
 */

/** Renders a caller's value for an error message; strings are quoted. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** @throws Error unless `value` is an integer in [min, max]. */
export function checkInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
  expected: string,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`\`${name}\` must be ${expected}, but got ${show(value)}`);
  }
}

/** @throws Error unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): asserts value is T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    throw new Error(`\`${name}\` must be one of ${list}, but got ${show(value)}`);
  }
}

/** @throws Error unless `value` is a boolean. */
export function checkBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new Error(`\`${name}\` must be a boolean, but got ${show(value)}`);
  }
}

/**
 * @throws Error unless `value` is a pair [lo, hi] of integers with
 *   min <= lo <= hi <= max.
 */
export function checkIntegerRange(
  value: unknown,
  name: string,
  min: number,
  max: number,
): asserts value is readonly [number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) &&
    value[0] <= value[1];
  if (!ok) {
    throw new Error(
      `\`${name}\` must be a pair [lo, hi] of integers with ${min} <= lo <= hi <= ${max}, but got ${show(value)}`,
    );
  }
}

/** @throws Error unless `value` is a non-null object (an options bag). */
export function checkOptionsObject(value: unknown, name: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`\`${name}\` must be an options object with a \`count\`, but got ${show(value)}`);
  }
}
