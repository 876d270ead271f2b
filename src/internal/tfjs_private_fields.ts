import * as tf from '@tensorflow/tfjs';

/** The tfjs release line whose private fields the library reads and is tested with. */
export const TESTED_TFJS_VERSION = '4.22';

/**
 * The error for a private part of tfjs that is not as the library expects:
 * names the part, what was expected, the installed tfjs and the tested one.
 *
 * @param part What is read, e.g. "AdamOptimizer.accBeta1".
 * @param expected What it should be, e.g. "a tf.Variable".
 * @param found What it is, described for the message.
 * @internal
 */
export function tfjsPrivateFieldError(part: string, expected: string, found: string): Error {
  return new Error(
    `irmae reads tfjs's private \`${part}\`, expected to be ${expected}, but with tfjs ${tf.version_core} it is ${found}. ` +
      `This irmae release is tested with tfjs ${TESTED_TFJS_VERSION}.x: install @tensorflow/tfjs@~${TESTED_TFJS_VERSION}.0, ` +
      `or an irmae release made for tfjs ${tf.version_core}.`,
  );
}

/**
 * A base class tfjs does not export, reached through one of its subclasses
 * and checked against another, so that a reshuffled class hierarchy in a
 * later tfjs fails here, by name, rather than misclassifying values.
 *
 * @param subclass The exported class it is reached through.
 * @param sibling Another exported class that must derive from it too.
 * @param part How the message names it, e.g. "base class of tf.CustomCallback".
 * @throws Error naming the part and the tfjs versions when `sibling` does not
 *   derive from the base of `subclass`, or that base is `Object`.
 * @internal
 */
export function unexportedBaseClass<T>(subclass: AnyClass, sibling: AnyClass, part: string): abstract new (...args: never[]) => T {
  const base: unknown = Object.getPrototypeOf(subclass.prototype)?.constructor;
  if (typeof base !== 'function' || base === Object) throw tfjsPrivateFieldError(part, `a class ${sibling.name} derives from`, 'Object');
  if (!(sibling.prototype instanceof base)) {
    throw tfjsPrivateFieldError(part, `a class ${sibling.name} derives from`, `${base.name}, which ${sibling.name} does not derive from`);
  }
  return base as abstract new (...args: never[]) => T;
}

type AnyClass = abstract new (...args: never[]) => unknown;
