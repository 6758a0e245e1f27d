package org.arcmetric.data;

/**
 * The shape of one model input image: channels (1 = grey, 3 = RGB), height and width in pixels.
 * Images are stored and fed channel-first (CHW), as DJL's convolution blocks expect.
 */
public record InputShape(int channels, int height, int width) {

  public InputShape {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
    }
    if (height < 8 || width < 8 || height > 1024 || width > 1024) {
      throw new IllegalArgumentException(
          "image size must be between 8 and 1024 pixels, got " + height + "x" + width);
    }
  }

  /** A square image of {@code size}×{@code size} pixels. */
  public static InputShape square(int channels, int size) {
    return new InputShape(channels, size, size);
  }

  /** Number of values in one image: channels × height × width. */
  public int values() {
    return channels * height * width;
  }
}
