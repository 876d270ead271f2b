import * as tf from '@tensorflow/tfjs';

import { unexportedBaseClass } from '../internal/tfjs_private_fields';
import { streamSeed } from '../random/stream_seed';
import { describeValue } from '../internal/describe_value';

/**
 * A tfjs weight initializer object, as returned by `tf.initializers.*`.
 * tfjs does not export the class publicly, so the type is derived.
 *
 * @category Layers
 */
export type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * Everything `tf.layers.dense` accepts as `kernelInitializer`, plus the
 * serialized form `{ className, config }` found in saved models:
 * an {@link Initializer} object, a name such as `'glorotUniform'` or
 * `'GlorotUniform'`, or a config such as
 * `{ className: 'RandomUniform', config: { minval: -1, maxval: 1 } }`.
 *
 * @category Layers
 */
export type InitializerLike =
  | NonNullable<Parameters<typeof tf.layers.dense>[0]['kernelInitializer']>
  | tf.serialization.ConfigDict;

/**
 * PyTorch's default for `nn.Linear` weights, `kaiming_uniform_(a = sqrt(5))`,
 * as a serializable tfjs initializer: uniform in
 * [-1/sqrt(fanIn), 1/sqrt(fanIn)]. VarianceScaling draws uniform in
 * [-sqrt(3 scale / fanIn), +sqrt(3 scale / fanIn)], so scale = 1/3 gives the
 * same bound for every fanIn (for a dim x dim kernel, fanIn = dim).
 *
 * @param seed Seed of tfjs's uniform generator, or undefined for Math.random.
 * @returns The initializer.
 */
export function torchLinearInitializer(seed?: number): Initializer {
  return tf.initializers.varianceScaling({
    scale: 1 / 3,
    mode: 'fanIn',
    distribution: 'uniform',
    seed,
  });
}

/**
 * Turns what a user passed as an initializer into an initializer object,
 * through tfjs's public serialization registry (tfjs does not export its own
 * `getInitializer`, and importing it from an internal path would load a second
 * copy of tfjs-layers).
 *
 * @param value An {@link InitializerLike}.
 * @param argName The argument name used in error messages.
 * @returns The initializer object.
 * @throws Error naming `argName` when `value` is none of the accepted forms or
 *   names no registered initializer.
 */
export function resolveInitializer(value: unknown, argName: string): Initializer {
  if (isInitializer(value)) return value;
  if (typeof value === 'string' && value.length > 0) {
    // 'glorotUniform' -> 'GlorotUniform': tfjs registers initializers under
    // the capitalized class name and accepts the camel-case alias.
    const className = value[0].toUpperCase() + value.slice(1);
    return fromRegistry(className, {}, argName, value);
  }
  if (isConfigDict(value)) {
    return fromRegistry(value.className, value.config ?? {}, argName, value);
  }
  throw new Error(
    `\`${argName}\` must be a tfjs initializer, its name or its {className, config}, ` +
      `but got ${describeValue(value)}`,
  );
}

/**
 * The JSON-safe `{ className, config }` form of an initializer, as
 * tfjs-layers' own `serializeInitializer` writes it, with `undefined` config
 * values written as `null` (what a saved model stores) so that a config
 * compares equal before and after a save / load round trip.
 *
 * @param initializer The initializer.
 * @returns `{ className, config }`.
 */
export function serializeInitializer(initializer: Initializer): tf.serialization.ConfigDict {
  const config: tf.serialization.ConfigDict = {};
  for (const [key, value] of Object.entries(initializer.getConfig())) {
    config[key] = value === undefined ? null : value;
  }
  return { className: initializer.getClassName(), config };
}

/**
 * The same initializer drawing from stream (`purpose`, `index`) of its seed,
 * `streamSeed(seed, purpose, index)`: tfjs restarts its generator from the
 * seed on every call, so n kernels drawn from one seeded initializer would be
 * n identical matrices. Hashing (never `seed + index`) keeps the kernels of
 * seed s apart from those of seed s + 1. Unseeded initializers are returned
 * as they are.
 *
 * @param initializer The initializer.
 * @param purpose What the weight is, e.g. `'irm-kernel'`.
 * @param index Which weight of that purpose.
 * @param argName The argument the initializer came from, for errors.
 * @returns An initializer.
 * @throws Error naming `argName` when the initializer's seed is not an
 *   integer in [0, 2^32 - 1].
 */
export function streamInitializer(initializer: Initializer, purpose: string, index: number, argName: string): Initializer {
  const { className, config } = serializeInitializer(initializer);
  const seed = (config as tf.serialization.ConfigDict).seed;
  if (seed === null || seed === undefined) return initializer;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`\`${argName}\`'s seed must be an integer in [0, 2^32 - 1], but got ${describeValue(seed)}`);
  }
  return resolveInitializer(
    { className, config: { ...(config as tf.serialization.ConfigDict), seed: streamSeed(seed, purpose, index) } },
    argName,
  );
}

// tfjs exports initializer factories but not their base class; every
// built-in initializer class derives from it directly, so it is reached
// through one of them (and checked against another on first use, where a tfjs
// with another class hierarchy fails by name). `instanceof` tells an
// initializer from other registered classes (layers, regularizers) that also
// have apply/getConfig.
let initializerBase: (abstract new (...args: never[]) => Initializer) | undefined;

function isInitializer(value: unknown): value is Initializer {
  initializerBase ??= unexportedBaseClass<Initializer>(
    tf.initializers.zeros().constructor as AnyClass,
    tf.initializers.randomNormal({}).constructor as AnyClass,
    'base class of tf.initializers.zeros()',
  );
  return value instanceof initializerBase;
}

type AnyClass = abstract new (...args: never[]) => unknown;

function isConfigDict(
  value: unknown,
): value is { className: string; config?: tf.serialization.ConfigDict } {
  const candidate = value as { className?: unknown; config?: unknown } | null;
  return (
    typeof value === 'object' &&
    candidate !== null &&
    typeof candidate.className === 'string' &&
    (candidate.config === undefined ||
      (typeof candidate.config === 'object' && candidate.config !== null))
  );
}

function fromRegistry(
  className: string,
  config: tf.serialization.ConfigDict,
  argName: string,
  original: unknown,
): Initializer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  let made: unknown;
  try {
    made = entry === undefined ? undefined : entry[1](entry[0], { ...config });
  } catch (error) {
    throw new Error(
      `\`${argName}\` could not be built from ${describeValue(original)}: ${(error as Error).message}`,
    );
  }
  if (!isInitializer(made)) {
    throw new Error(
      `\`${argName}\` names no registered tfjs initializer, but got ${describeValue(original)}`,
    );
  }
  return made;
}
