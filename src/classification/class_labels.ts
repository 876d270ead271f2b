import { describeValue } from '../internal/describe_value';

/**
 * Class labels as small integers, checked: each an integer in [0, classes).
 *
 * @param labels The labels, any array-like of numbers.
 * @param classes Number of classes.
 * @param name The argument's name for errors.
 * @returns The labels as an Int32Array (a copy).
 * @throws Error naming `name` and the first bad row.
 */
export function checkedLabels(labels: unknown, classes: number, name: string): Int32Array {
  if (!isNumberArrayLike(labels)) {
    throw new Error(`\`${name}\` must be an array of class indices, but got ${describeValue(labels)}`);
  }
  const checked = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new Error(`\`${name}\`[${i}] must be an integer in [0, ${classes - 1}], but got ${describeValue(label)}`);
    }
    checked[i] = label;
  }
  return checked;
}

/**
 * The number of classes the labels imply: the largest label + 1.
 *
 * @throws Error naming `name` when `labels` is empty or not an array of non-negative integers.
 */
export function impliedClasses(labels: unknown, name: string): number {
  if (!isNumberArrayLike(labels) || labels.length === 0) {
    throw new Error(`\`${name}\` must be a non-empty array of class indices, but got ${describeValue(labels)}`);
  }
  let largest = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0) {
      throw new Error(`\`${name}\`[${i}] must be a non-negative integer, but got ${describeValue(label)}`);
    }
    largest = Math.max(largest, label);
  }
  return largest + 1;
}

/** An array or typed array; its items are checked one by one. */
function isNumberArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
