/**
 * The library's argument checks. Each error names the argument, what was
 * expected and what came: "`count` must be a non-negative integer, but got
 * 2.5".
 *
 * @internal
 */
import { describeValue } from './describe_value';

/**
 * @throws Error "`name` must be a non-negative integer, but got 2.5" unless
 *   `value` is a finite integer >= 0 of type number.
 */
export function assertNonNegativeInteger(value: unknown, name: string): asserts value is number {
  assertIntegerIn(value, name, 0, Infinity, 'a non-negative integer');
}

/**
 * @throws Error "`name` must be a positive integer, but got 0" unless `value`
 *   is a finite integer >= 1 of type number.
 */
export function assertPositiveInteger(value: unknown, name: string): asserts value is number {
  assertIntegerIn(value, name, 1, Infinity, 'a positive integer');
}

/** @throws Error "`name` must be a boolean, but got ..." unless `value` is one. */
export function assertBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new Error(`\`${name}\` must be a boolean, but got ${describeValue(value)}`);
  }
}

/** @throws Error "`name` must be a finite number, but got ..." unless `value` is one. */
export function assertFiniteNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`\`${name}\` must be a finite number, but got ${describeValue(value)}`);
  }
}

/**
 * @throws Error "`name` must be an integer in [0, 2^32 - 1], but got -1"
 *   unless `value` is an unsigned 32-bit integer, the range of seeds.
 */
export function assertSeed(value: unknown, name: string): asserts value is number {
  assertIntegerIn(value, name, 0, 0xffffffff, 'an integer in [0, 2^32 - 1]');
}

/**
 * @throws Error "`name` must be a finite non-negative number, but got -1"
 *   unless `value` is a number in [0, Infinity). `expected` rewords the
 *   requirement where a message has long said it another way.
 */
export function assertNonNegativeNumber(
  value: unknown,
  name: string,
  expected = 'a finite non-negative number',
): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`\`${name}\` must be ${expected}, but got ${describeValue(value)}`);
  }
}

/**
 * @throws Error "`name` must be {expected}, but got ..." unless `value` is an
 *   integer in [min, max].
 */
export function assertIntegerIn(
  value: unknown,
  name: string,
  min: number,
  max: number,
  expected: string,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`\`${name}\` must be ${expected}, but got ${describeValue(value)}`);
  }
}

/** @throws Error "`name` must be one of 'a', 'b', but got ..." unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): asserts value is T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    throw new Error(`\`${name}\` must be one of ${list}, but got ${describeValue(value)}`);
  }
}

/**
 * @throws Error unless `value` is a pair [lo, hi] of integers with
 *   min <= lo <= hi <= max.
 */
export function assertIntegerRange(
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
      `\`${name}\` must be a pair [lo, hi] of integers with ${min} <= lo <= hi <= ${max}, but got ${describeValue(value)}`,
    );
  }
}

/**
 * @throws Error "`name` must be {expected}, but got null" unless `value` is a
 *   non-null, non-array object (an options bag).
 */
export function assertOptionsObject(
  value: unknown,
  name: string,
  expected = 'an options object',
): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`\`${name}\` must be ${expected}, but got ${describeValue(value)}`);
  }
}
