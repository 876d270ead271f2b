import * as tf from '@tensorflow/tfjs';

import { describeValue } from '../internal/describe_value';
import { isRegularizer, type Regularizer } from '../regularizers/regularizer_base';

/**
 * Everything `tf.layers.dense` accepts as `kernelRegularizer`, plus the
 * serialized form `{ className, config }` found in saved models: a
 * {@link Regularizer} object (`nuclearNormRegularizer({ lambda: 1e-3 })`,
 * `tf.regularizers.l1l2()`), a registered class name (`'l1l2'`, `'L1L2'`) or
 * a config such as `{ className: 'NuclearNormRegularizer', config: { lambda: 1e-3 } }`.
 *
 * @category Layers
 */
export type RegularizerLike =
  | NonNullable<Parameters<typeof tf.layers.dense>[0]['kernelRegularizer']>
  | tf.serialization.ConfigDict;

/** tfjs's short names of its regularizers (its `REGULARIZER_IDENTIFIER_REGISTRY_SYMBOL_MAP`). */
const TFJS_ALIASES: Readonly<Record<string, string>> = { l1l2: 'L1L2' };

/**
 * Turns what a user passed as a regularizer into a regularizer object,
 * through tfjs's public serialization registry, as tfjs's own (unexported)
 * `getRegularizer` does.
 *
 * @param value A {@link RegularizerLike}.
 * @param argName The argument name used in error messages.
 * @returns The regularizer object.
 * @throws Error naming `argName` when `value` is none of the accepted forms,
 *   names no registered regularizer, or its config is rejected.
 */
export function resolveRegularizer(value: unknown, argName: string): Regularizer {
  if (isRegularizer(value)) return value;
  if (typeof value === 'string' && value.length > 0) {
    const className = TFJS_ALIASES[value] ?? value[0].toUpperCase() + value.slice(1);
    return fromRegistry(className, {}, argName, value);
  }
  if (isConfigDict(value)) return fromRegistry(value.className, value.config ?? {}, argName, value);
  throw new Error(
    `\`${argName}\` must be a tfjs regularizer, its name or its {className, config}, but got ${describeValue(value)}`,
  );
}

/**
 * The JSON-safe `{ className, config }` form of a regularizer, as tfjs-layers'
 * `serializeRegularizer` writes it into a layer's config.
 *
 * @param regularizer The regularizer.
 * @returns `{ className, config }`.
 */
export function serializeRegularizer(regularizer: Regularizer): tf.serialization.ConfigDict {
  return { className: regularizer.getClassName(), config: regularizer.getConfig() };
}

function isConfigDict(value: unknown): value is { className: string; config?: tf.serialization.ConfigDict } {
  const candidate = value as { className?: unknown; config?: unknown } | null;
  return (
    typeof value === 'object' &&
    candidate !== null &&
    typeof candidate.className === 'string' &&
    (candidate.config === undefined || (typeof candidate.config === 'object' && candidate.config !== null))
  );
}

function fromRegistry(className: string, config: tf.serialization.ConfigDict, argName: string, original: unknown): Regularizer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  let made: unknown;
  try {
    made = entry === undefined ? undefined : entry[1](entry[0], { ...config });
  } catch (error) {
    throw new Error(`\`${argName}\` could not be built from ${describeValue(original)}: ${(error as Error).message}`);
  }
  if (!isRegularizer(made)) {
    throw new Error(`\`${argName}\` names no registered tfjs regularizer, but got ${describeValue(original)}`);
  }
  return made;
}
