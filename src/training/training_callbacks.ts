import * as tf from '@tensorflow/tfjs';

import { describeValue } from '../internal/describe_value';
import { unexportedBaseClass } from '../internal/tfjs_private_fields';

/**
 * Callbacks as `model.fit` takes them (its `callbacks` type): callback
 * objects (`tf.callbacks.earlyStopping()`, a `tf.CustomCallback`, the
 * library's {@link rankMonitor}, {@link checkpointCallback}), or the plain
 * `tf.CustomCallbackArgs` functions `{ onBatchEnd(batch, logs), onEpochEnd(epoch, logs), ... }`
 * (what tfjs-vis's `show.fitCallbacks` returns); one or an array.
 *
 * @category Training
 */
export type TrainingCallbacks = NonNullable<tf.ModelFitArgs['callbacks']>;

// tfjs exports its callback classes (Callback, CustomCallback, History) but
// not their base class; it is reached through one of them, so that every
// callback object, tf.History included, is told from plain functions. Looked
// up on first use, where a tfjs with another class hierarchy fails by name.
let baseCallback: (abstract new (...args: never[]) => tf.CustomCallback) | undefined;

/** Whether `value` is a callback object rather than the functions of one. */
function isCallbackObject(value: object): value is tf.CustomCallback {
  baseCallback ??= unexportedBaseClass<tf.CustomCallback>(tf.CustomCallback, tf.History, 'base class of tf.CustomCallback');
  return value instanceof baseCallback;
}

/**
 * A `tf.CallbackList` of the callbacks, bound to `model` as `model.fit`
 * binds them (`setModel`, `setParams`), so callbacks that stop training
 * through `model.stopTraining` work.
 *
 * @param callbacks The callbacks, or undefined for none.
 * @param model The model being trained.
 * @param params `epochs`, `steps` (batches per epoch when known), ...
 * @throws Error naming `callbacks` when an entry is not an object.
 * @internal
 */
export function callbackList(
  callbacks: TrainingCallbacks | undefined,
  model: tf.LayersModel,
  params: Record<string, number | string | boolean>,
): tf.CallbackList {
  const entries: object[] = callbacks === undefined ? [] : Array.isArray(callbacks) ? callbacks : [callbacks];
  const list = new tf.CallbackList(
    entries.map((entry, i) => {
      if (typeof entry !== 'object' || entry === null) {
        throw new Error(
          `\`callbacks\` must hold tfjs callbacks or { onBatchEnd, onEpochEnd, ... } objects, but entry ${i} is ` +
            describeValue(entry),
        );
      }
      // 'never': no pause for the browser's frame between batches, as in a Node loop.
      return isCallbackObject(entry) ? entry : new tf.CustomCallback(entry as tf.CustomCallbackArgs, 'never');
    }),
  );
  list.setModel(model);
  list.setParams(params);
  return list;
}
