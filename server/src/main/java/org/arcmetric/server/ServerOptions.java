package org.arcmetric.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.gallery.Galleries;

/**
 * How the service runs. Build with {@link #builder()}: {@code set*} required, {@code opt*} optional
 * with the defaults documented on each; {@link Builder#build()} validates. Immutable.
 */
public final class ServerOptions {
  private final Path model;
  private final String gallery;
  private final String host;
  private final int port;
  private final String token;
  private final boolean allowUnauthenticatedWrites;
  private final long maxBodyBytes;
  private final int maxImageSide;
  private final int embedders;
  private final List<String> allowedHosts;
  private final boolean tokenForReads;
  private final UploadCopy uploads;
  private final int maxConcurrentUploads;
  private final long bodyTimeoutMillis;
  private final long maxDecodedBytes;
  private final long decodeBudgetBytes;

  /** What the server keeps of an enrolled upload, so {@code gallery rebuild} can re-embed it. */
  public enum UploadCopy {
    /** The bytes as sent, in the gallery's {@code uploads/} store (rebuildable exactly). */
    ORIGINAL,
    /** The 64 px thumbnail only (rebuildable, from a small copy). */
    THUMBNAIL,
    /** Nothing: the entry cannot be rebuilt. */
    NONE
  }

  private ServerOptions(Builder b) {
    model = b.model;
    gallery = b.gallery;
    host = b.host;
    port = b.port;
    token = b.token;
    allowUnauthenticatedWrites = b.allowUnauthenticatedWrites;
    maxBodyBytes = b.maxBodyBytes;
    maxImageSide = b.maxImageSide;
    embedders = b.embedders;
    allowedHosts = List.copyOf(b.allowedHosts());
    tokenForReads = b.tokenForReads;
    uploads = b.uploads;
    maxConcurrentUploads = b.maxConcurrentUploads;
    bodyTimeoutMillis = b.bodyTimeoutMillis;
    maxDecodedBytes = b.maxDecodedBytes;
    decodeBudgetBytes = b.decodeBudgetBytes;
  }

  /**
   * The {@code Host} names the server answers to (without port): by default the loopback names
   * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) and the bound host, so a page on another
   * name that resolves here (DNS rebinding) is refused.
   */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /** Whether reads (predict, classes, thumbnails) need the token as writes do. */
  public boolean tokenForReads() {
    return tokenForReads;
  }

  /** What is kept of an enrolled upload. */
  public UploadCopy uploads() {
    return uploads;
  }

  /** Request bodies read at the same time; a request over this waits briefly, then gets 503. */
  public int maxConcurrentUploads() {
    return maxConcurrentUploads;
  }

  /**
   * How long a request waits for one of the upload slots before it gets 503 (its body has then
   * arrived whole; a body that trickles is dropped by the minimum data rate).
   */
  public long bodyTimeoutMillis() {
    return bodyTimeoutMillis;
  }

  /**
   * Largest decoded size of one image, width × height × bands × bytes per sample, read from the
   * header before decoding (like Pillow's MAX_IMAGE_PIXELS, in bytes).
   */
  public long maxDecodedBytes() {
    return maxDecodedBytes;
  }

  /** Decoded bytes all requests may hold at once; a decode beyond it waits for others. */
  public long decodeBudgetBytes() {
    return decodeBudgetBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path model() {
    return model;
  }

  /** The gallery's folder or URI ({@link Galleries}). */
  public String gallery() {
    return gallery;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The bearer token writes need, or null. */
  public String token() {
    return token;
  }

  public boolean allowUnauthenticatedWrites() {
    return allowUnauthenticatedWrites;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxImageSide() {
    return maxImageSide;
  }

  public int embedders() {
    return embedders;
  }

  /** Whether enrol and delete are allowed at all. */
  public boolean writable() {
    return token != null || allowUnauthenticatedWrites;
  }

  /** Builder of {@link ServerOptions}. Not thread-safe. */
  public static final class Builder {
    private Path model;
    private String gallery;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String token;
    private boolean allowUnauthenticatedWrites;
    private long maxBodyBytes = 8L << 20;
    private int maxImageSide = 4096;
    private int embedders = 2;
    private List<String> allowedHosts;
    private boolean tokenForReads;
    private UploadCopy uploads = UploadCopy.ORIGINAL;
    private int maxConcurrentUploads = 16;
    private long bodyTimeoutMillis = 30_000;
    private long maxDecodedBytes = 64L << 20;
    private long decodeBudgetBytes = 512L << 20;

    /** The Host names answered to; default: loopback names and the bound host. */
    public Builder optAllowedHosts(List<String> hosts) {
      this.allowedHosts = hosts;
      return this;
    }

    /** Reads need the token too; default false. */
    public Builder optTokenForReads(boolean need) {
      this.tokenForReads = need;
      return this;
    }

    /** What is kept of enrolled uploads; default {@link UploadCopy#ORIGINAL}. */
    public Builder optUploads(UploadCopy copy) {
      this.uploads = copy;
      return this;
    }

    /** Request bodies read at once; default 16. */
    public Builder optMaxConcurrentUploads(int n) {
      this.maxConcurrentUploads = n;
      return this;
    }

    /** Deadline for a whole request body; default 30 s. */
    public Builder optBodyTimeoutMillis(long ms) {
      this.bodyTimeoutMillis = ms;
      return this;
    }

    /** Largest decoded image, bytes; default 64 MiB (a 4096 × 4096 RGBA image of 8 bits). */
    public Builder optMaxDecodedBytes(long bytes) {
      this.maxDecodedBytes = bytes;
      return this;
    }

    /** Decoded bytes held at once over all requests; default 512 MiB. */
    public Builder optDecodeBudgetBytes(long bytes) {
      this.decodeBudgetBytes = bytes;
      return this;
    }

    List<String> allowedHosts() {
      if (allowedHosts != null && !allowedHosts.isEmpty()) {
        return allowedHosts;
      }
      List<String> d = new ArrayList<>(List.of("localhost", "127.0.0.1", "[::1]", "::1"));
      if (host != null && !host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::")) {
        d.add(host);
      }
      return d;
    }

    public Builder setModel(Path model) {
      this.model = model;
      return this;
    }

    /** The gallery's folder. */
    public Builder setGallery(Path gallery) {
      this.gallery = gallery == null ? null : gallery.toString();
      return this;
    }

    /**
     * The gallery's folder or URI, such as {@code solr://HOST:PORT/solr/COLLECTION}; an empty
     * folder starts an empty gallery.
     */
    public Builder setGallery(String gallery) {
      this.gallery = gallery;
      return this;
    }

    /** Interface to listen on; default 127.0.0.1 (this machine only). */
    public Builder optHost(String host) {
      this.host = host;
      return this;
    }

    /** TCP port; default 8080; 0 picks a free one. */
    public Builder optPort(int port) {
      this.port = port;
      return this;
    }

    /** Bearer token that enrol and delete need; default none (read-only). */
    public Builder optToken(String token) {
      this.token = token;
      return this;
    }

    /** Allow writes without a token; default false. */
    public Builder optAllowUnauthenticatedWrites(boolean allow) {
      this.allowUnauthenticatedWrites = allow;
      return this;
    }

    /** Largest request body; default 8 MiB. */
    public Builder optMaxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Largest image width or height, read from the header before decoding; default 4096. */
    public Builder optMaxImageSide(int side) {
      this.maxImageSide = side;
      return this;
    }

    /** Embedders in the pool (concurrent forward passes); default 2. */
    public Builder optEmbedders(int n) {
      this.embedders = n;
      return this;
    }

    public ServerOptions build() {
      if (model == null || gallery == null) {
        throw new IllegalArgumentException("the server needs --model and --gallery");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
      }
      if (token != null && token.length() < 16) {
        throw new IllegalArgumentException("the token must have at least 16 characters");
      }
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("--max-body-bytes must be at least 1024");
      }
      if (maxImageSide < 16) {
        throw new IllegalArgumentException("--max-image-side must be at least 16");
      }
      if (embedders < 1) {
        throw new IllegalArgumentException("--embedders must be at least 1");
      }
      if (maxConcurrentUploads < 1) {
        throw new IllegalArgumentException("--max-concurrent-uploads must be at least 1");
      }
      if (bodyTimeoutMillis < 100) {
        throw new IllegalArgumentException("--body-timeout must be at least 0.1 s");
      }
      if (maxDecodedBytes < 1024 || decodeBudgetBytes < maxDecodedBytes) {
        throw new IllegalArgumentException(
            "--max-decoded-bytes must be at least 1024 and no more than the decode budget");
      }
      if (tokenForReads && token == null) {
        throw new IllegalArgumentException("--token-for-reads needs a token (--token-file)");
      }
      return new ServerOptions(this);
    }
  }
}
