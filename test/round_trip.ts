import * as tf from '@tensorflow/tfjs';

/**
 * Saves a model to memory (`tf.io.withSaveHandler`) and loads it back
 * (`tf.io.fromMemory`), as `model.save` / `tf.loadLayersModel` would through
 * files: what serialization tests compare with the original.
 */
export async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}
