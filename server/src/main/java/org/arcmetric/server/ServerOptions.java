package org.arcmetric.server;

import java.nio.file.Path;

/**
 * How the service runs. Build with {@link #builder()}: {@code set*} required, {@code opt*} optional
 * with the defaults documented on each; {@link Builder#build()} validates. Immutable.
 */
public final class ServerOptions {
  private final Path model;
  private final Path gallery;
  private final String host;
  private final int port;
  private final String token;
  private final boolean allowUnauthenticatedWrites;
  private final long maxBodyBytes;
  private final int maxImageSide;
  private final int embedders;

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
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path model() {
    return model;
  }

  public Path gallery() {
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
    private Path gallery;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String token;
    private boolean allowUnauthenticatedWrites;
    private long maxBodyBytes = 8L << 20;
    private int maxImageSide = 4096;
    private int embedders = 2;

    public Builder setModel(Path model) {
      this.model = model;
      return this;
    }

    public Builder setGallery(Path gallery) {
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
      return new ServerOptions(this);
    }
  }
}
