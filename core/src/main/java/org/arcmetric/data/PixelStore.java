package org.arcmetric.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Where an {@link ImageSet}'s pixels live: arrays on the heap, or a decoded cache file ({@link
 * DecodedCache}) read image by image through the operating system's page cache, so a training set
 * larger than the heap can be read at every epoch without decoding its JPEGs again. Implementations
 * are immutable and thread-safe.
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
   * {@code count} images of {@code values} bytes at the start of a file, read with positional reads
   * (thread-safe on a {@link FileChannel}); the channel stays open while the images are in use.
   */
  record FileBacked(FileChannel file, int values, int count) implements PixelStore {
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
      ByteBuffer b = ByteBuffer.wrap(out);
      long at = (long) i * values;
      try {
        while (b.hasRemaining()) {
          int n = file.read(b, at + b.position());
          if (n < 0) {
            throw new EOFException("the decoded cache ends inside image " + i);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "the decoded photo cache could not be read (" + e.getMessage() + ")", e);
      }
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
