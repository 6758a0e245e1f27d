package org.arcmetric.server;

import java.nio.file.Path;

/**
 * Child process of {@link ServerCrashTest}: serves MODEL GALLERY TOKEN, prints its port, and drains
 * on SIGTERM as {@code arcmetric serve} does.
 */
public final class ServeForTest {
  private ServeForTest() {}

  public static void main(String[] args) throws Exception {
    ArcmetricServer s =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(Path.of(args[0]))
                .setGallery(Path.of(args[1]))
                .optToken(args[2])
                .optPort(0)
                .build());
    System.out.println("PORT " + s.port());
    System.out.flush();
    s.awaitShutdown(e -> e.printStackTrace());
  }
}
