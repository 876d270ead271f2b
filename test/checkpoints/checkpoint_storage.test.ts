import { describe, expect, it } from 'vitest';

import { trainAutoencoder } from '../../src/training';
import { tinyAutoencoder, tinyData } from '../training/tiny_autoencoder';

// This file does not import the Node entry, as a browser app would not.
describe('checkpointDir without irmae/node', () => {
  it('rejects a file-system path, saying which import provides it and what browsers use', async () => {
    const data = tinyData(4);
    await expect(
      trainAutoencoder(tinyAutoencoder(), data, { epochs: 1, progress: 'none', checkpointDir: 'runs/x' }),
    ).rejects.toThrow(
      "`checkpointDir` \"runs/x\" is a file-system path, and file-system checkpoints live in the Node entry: " +
        "add `import 'irmae/node';` once (Node only). In a browser, use an 'indexeddb://<name>' checkpointDir instead.",
    );
    data.dispose();
  });

  it("rejects an 'indexeddb://' URL in Node, where tfjs has no IndexedDB handler", async () => {
    const data = tinyData(4);
    await expect(
      trainAutoencoder(tinyAutoencoder(), data, { epochs: 1, progress: 'none', checkpointDir: 'indexeddb://run' }),
    ).rejects.toThrow('No tfjs IO handler for indexeddb://run/epoch-0001: IndexedDB checkpoints need a browser');
    data.dispose();
  });
});
