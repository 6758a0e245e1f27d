package org.arcmetric.data;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where an {@link ImageSet}'s pixels live: arrays on the heap, or a memory-mapped decoded cache
 * ({@link DecodedCache}) whose pages the operating system brings in and drops as needed, so a
 * training set larger than the heap can be read at every epoch without decoding its JPEGs again.
 * Implementations are immutable and thread-safe.
 */
interface PixelStore {
  int size();

  /** The pixels of image {@code i}: the stored array itself on the heap, a fresh copy otherwise. */
  byte[] get(int i);

  /** Arrays on the heap. */
  record Heap(List<byte[]> arrays) implements PixelStore {
    public Heap {
      arrays = List.copyOf(arrays);
    }

    @Override
    public int size() {
      return arrays.size();
    }

    @Override
    public byte[] get(int i) {
      return arrays.get(i);
    }
  }

  /**
   * {@code count} images of {@code values} bytes in read-only buffers of {@code perChunk} images
   * each (one mapping holds at most 2 GiB).
   */
  record Mapped(ByteBuffer[] chunks, int perChunk, int values, int count) implements PixelStore {
    @Override
    public int size() {
      return count;
    }

    @Override
    public byte[] get(int i) {
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException(i);
      }
      byte[] out = new byte[values];
      chunks[i / perChunk].get((i % perChunk) * values, out);
      return out;
    }
  }

  /** The images of {@code base} at {@code indices}. */
  record Subset(PixelStore base, int[] indices) implements PixelStore {
    @Override
    public int size() {
      return indices.length;
    }

    @Override
    public byte[] get(int i) {
      return base.get(indices[i]);
    }
  }

  /** {@code first}'s images, then {@code second}'s. */
  record Concat(PixelStore first, PixelStore second) implements PixelStore {
    @Override
    public int size() {
      return first.size() + second.size();
    }

    @Override
    public byte[] get(int i) {
      return i < first.size() ? first.get(i) : second.get(i - first.size());
    }
  }
}
