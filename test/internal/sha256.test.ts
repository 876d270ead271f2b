import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { sha256Hex } from '../../src/internal/sha256';

const text = (value: string) => new TextEncoder().encode(value);

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 example digests', () => {
    // NIST's examples (csrc.nist.gov, "SHA256.pdf"): one block, two blocks, and the empty message.
    expect(sha256Hex(text('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it("agrees with Node's crypto on every length around the block and padding boundaries, and on a megabyte", () => {
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);
    const lengths = [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 1 << 20];
    for (const length of lengths) {
      const part = bytes.subarray(0, length);
      expect(sha256Hex(part), `length ${length}`).toBe(createHash('sha256').update(part).digest('hex'));
    }
  });
});
