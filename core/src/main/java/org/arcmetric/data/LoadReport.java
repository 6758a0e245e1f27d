package org.arcmetric.data;

import java.util.List;

/**
 * What loading a data set found: images loaded, files skipped because their bytes are not an image,
 * and unreadable images skipped — corrupt, truncated, or photos in a format the decoder cannot read
 * (only with {@code skipBadImages}; otherwise the first one is an error).
 */
public record LoadReport(int loaded, int notImages, List<String> badImages) {
  public LoadReport {
    badImages = List.copyOf(badImages);
  }

  /** A one-line summary for people. */
  public String summary() {
    StringBuilder sb = new StringBuilder().append(loaded).append(" images loaded");
    if (notImages > 0) {
      sb.append(", ").append(notImages).append(" non-image files skipped");
    }
    if (!badImages.isEmpty()) {
      sb.append(", ").append(badImages.size()).append(" unreadable images skipped");
    }
    return sb.toString();
  }
}
