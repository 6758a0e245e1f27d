package org.arcmetric.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.arcmetric.cli.EngineOptions;
import org.arcmetric.cli.Inputs;
import org.arcmetric.cli.Main;
import org.arcmetric.cli.ModelGalleryOptions;
import org.arcmetric.server.ArcmetricServer;
import org.arcmetric.server.ServerOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric bench-server}: starts the service on loopback and drives {@code POST
 * /api/v1/predict} from C client threads for D seconds per concurrency level: requests/s,
 * p50/p95/p99 latency, errors, and the JVM heap in use and the process's resident memory before and
 * after. Client and server share the machine (and this JVM), as a single-host deployment would.
 */
@Command(
    name = "bench-server",
    mixinStandardHelpOptions = true,
    description = "Load-test POST /api/v1/predict on loopback at several concurrency levels.")
final class BenchServerCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Mixin ModelGalleryOptions folders;

  @Option(names = "--image", required = true, paramLabel = "FILE", description = "Sent each time.")
  Path image;

  @Option(names = "--concurrency", defaultValue = "1,8,32", paramLabel = "C1,C2,...")
  String concurrency;

  @Option(names = "--seconds", defaultValue = "60", description = "Per level (default: 60).")
  int seconds;

  @Option(names = "--embedders", defaultValue = "2")
  int embedders;

  @Option(
      names = "--slow-clients",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Also open N connections that send a predict body one byte every 10 s (an attack on"
              + " upload slots), and report the slowest /health answer (default: none).")
  int slowClients;

  @Option(
      names = "--slow-reconnect",
      description = "A slow client the server drops connects again at once (a harsher attack).")
  boolean slowReconnect;

  @Override
  public Integer call() throws Exception {
    byte[] body = Files.readAllBytes(image);
    var out = spec.commandLine().getOut();
    try (ArcmetricServer server =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(folders.model)
                .setGallery(folders.gallery)
                .optPort(0)
                .optEmbedders(embedders)
                .build())) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/predict");
      HttpClient http = HttpClient.newBuilder().executor(Executors.newCachedThreadPool()).build();
      // warm-up
      for (int i = 0; i < 20; i++) {
        http.send(request(uri, body), HttpResponse.BodyHandlers.discarding());
      }
      out.printf(
          "POST /api/v1/predict, %s, %d s per level, %d embedders, %d cores%n",
          image.getFileName(), seconds, embedders, Runtime.getRuntime().availableProcessors());
      out.printf("slow clients beside the load: %d%n", slowClients);
      out.println(
          "| concurrency | requests/s | p50 ms | p95 ms | p99 ms | errors | heap MB before → after"
              + " | RSS MB before → after | slowest /health ms | threads |");
      out.println("|---|---|---|---|---|---|---|---|---|---|");
      for (String c : Inputs.classList(concurrency)) {
        int threads = Integer.parseInt(c);
        System.gc();
        long heapBefore = usedHeap();
        var rssBefore = ProcessMemory.rss();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        SlowClients slow = new SlowClients(server.port(), slowClients, end, slowReconnect);
        Thread slowThread = new Thread(slow, "bench-slow-clients");
        slowThread.setDaemon(true);
        slowThread.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          parts.add(
              pool.submit(
                  () -> {
                    List<Long> lat = new ArrayList<>();
                    long errors = 0;
                    while (System.nanoTime() < end) {
                      long t0 = System.nanoTime();
                      HttpResponse<Void> r =
                          http.send(request(uri, body), HttpResponse.BodyHandlers.discarding());
                      lat.add(System.nanoTime() - t0);
                      if (r.statusCode() != 200) {
                        errors++;
                      }
                    }
                    long[] a = new long[lat.size() + 1];
                    a[0] = errors;
                    for (int i = 0; i < lat.size(); i++) {
                      a[i + 1] = lat.get(i);
                    }
                    return a;
                  }));
        }
        List<Long> all = new ArrayList<>();
        long errors = 0;
        for (Future<long[]> f : parts) {
          long[] a = f.get();
          errors += a[0];
          for (int i = 1; i < a.length; i++) {
            all.add(a[i]);
          }
        }
        pool.shutdown();
        slowThread.join();
        System.gc();
        long heapAfter = usedHeap();
        var rssAfter = ProcessMemory.rss();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(
            Locale.ROOT,
            "| %d | %.1f | %.1f | %.1f | %.1f | %d | %.0f → %.0f | %s → %s | %.0f | %d |%n",
            threads,
            sorted.length / (double) seconds,
            pct(sorted, 0.50),
            pct(sorted, 0.95),
            pct(sorted, 0.99),
            errors,
            heapBefore / 1e6,
            heapAfter / 1e6,
            ProcessMemory.mb(rssBefore),
            ProcessMemory.mb(rssAfter),
            slow.worstHealthMillis(),
            slow.peakThreads());
        out.flush();
      }
    }
    return Main.OK;
  }

  private static HttpRequest request(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /**
   * N connections that announce a 100,000-byte predict body and send one byte every 10 s (the
   * hostile trial's attack; with reconnect, every 2 s and opened again at once when the server
   * drops them), while /health is asked every 500 ms.
   */
  static final class SlowClients implements Runnable {
    private final int port;
    private final int n;
    private final long end;
    private final boolean reconnect;
    private volatile double worstHealth;
    private volatile int peakThreads;

    SlowClients(int port, int n, long end, boolean reconnect) {
      this.port = port;
      this.n = n;
      this.end = end;
      this.reconnect = reconnect;
    }

    double worstHealthMillis() {
      return worstHealth;
    }

    int peakThreads() {
      return peakThreads;
    }

    private Socket open() throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      s.getOutputStream()
          .write(
              ("POST /api/v1/predict HTTP/1.1\r\nHost: 127.0.0.1:"
                      + port
                      + "\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return s;
    }

    @Override
    public void run() {
      List<Socket> sockets = new ArrayList<>();
      HttpClient http = HttpClient.newHttpClient();
      URI health = URI.create("http://127.0.0.1:" + port + "/health");
      try {
        for (int i = 0; i < n; i++) {
          sockets.add(open());
        }
        long nextByte = 0;
        while (System.nanoTime() < end) {
          if (n > 0 && System.nanoTime() > nextByte) {
            for (int i = 0; i < sockets.size(); i++) {
              Socket s = sockets.get(i);
              if (s.isClosed()) {
                continue;
              }
              try {
                s.getOutputStream().write('x');
              } catch (IOException dropped) {
                s.close();
                if (reconnect) {
                  sockets.set(i, open());
                }
              }
            }
            nextByte = System.nanoTime() + (reconnect ? 2_000_000_000L : 10_000_000_000L);
          }
          long t0 = System.nanoTime();
          try {
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
          } catch (IOException e) {
            worstHealth = Math.max(worstHealth, 10_000);
          }
          worstHealth = Math.max(worstHealth, (System.nanoTime() - t0) / 1e6);
          peakThreads = Math.max(peakThreads, Thread.activeCount());
          Thread.sleep(500);
        }
      } catch (IOException | InterruptedException e) {
        worstHealth = Double.NaN;
      } finally {
        for (Socket s : sockets) {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing anyway
          }
        }
      }
    }
  }
}
