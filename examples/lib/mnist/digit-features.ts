/**
 * The features the Fréchet distances are measured in: the pinned MNIST
 * feature network shipped with the library (`mnist-features.bin`, checked
 * against its SHA-256 on load), so that distances compare across runs and
 * machines, as FID's do under one Inception network.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierFeatures, type MnistFeatureNetwork } from 'irmae';
import { loadMnistFeatureNetwork } from 'irmae/node';

/** Digit images `[batch, 32, 32, 1]` in [0, 1] to features `[batch, features]`; the caller disposes them. */
export type DigitFeatures = (images: tf.Tensor4D) => tf.Tensor2D;

/** What results.json says of the network: enough to tell whether two runs' distances compare. */
export interface FeatureNetworkDescription {
  /** SHA-256 of `mnist-features.bin`: distances compare only under the same hash. */
  sha256: string;
  /** Share of the 10,000 MNIST test digits it classifies right. */
  testAccuracy: number;
  /** Its layers, input to output. */
  layers: string[];
  /** The layer whose outputs are the features. */
  featureLayer: string;
}

/** The description of a loaded network. */
export function describeFeatureNetwork({ sha256, record }: MnistFeatureNetwork): FeatureNetworkDescription {
  return { sha256, testAccuracy: record.testAccuracy, layers: record.network.layers, featureLayer: record.network.featureLayer };
}

/** Loads the pinned network and hands it, with its feature map, to `use`, then frees it. */
export async function withDigitFeatures<T>(use: (features: DigitFeatures, network: MnistFeatureNetwork) => T | Promise<T>): Promise<T> {
  const network = await loadMnistFeatureNetwork();
  try {
    return await use(
      (images) =>
        tf.tidy(() => {
          const { data, dim } = classifierFeatures(network.model, images);
          return tf.tensor2d(data, [images.shape[0], dim]);
        }),
      network,
    );
  } finally {
    network.dispose();
  }
}
