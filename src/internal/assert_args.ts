import { describeValue } from './describe_value';

/**
 * @throws Error "`name` must be a non-negative integer, but got 2.5" unless
 *   `value` is a finite integer >= 0 of type number.
 */
export function assertNonNegativeInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`\`${name}\` must be a non-negative integer, but got ${describeValue(value)}`);
  }
}

/**
 * @throws Error "`name` must be a positive integer, but got 0" unless `value`
 *   is a finite integer >= 1 of type number.
 */
export function assertPositiveInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`\`${name}\` must be a positive integer, but got ${describeValue(value)}`);
  }
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
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`\`${name}\` must be an integer in [0, 2^32 - 1], but got ${describeValue(value)}`);
  }
}
