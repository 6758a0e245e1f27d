package org.arcmetric.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core library's packages form no cycle: reads every main source file, collects the {@code
 * org.arcmetric.*} packages it names (imports and fully qualified names), and looks for a path from
 * a package back to itself. Prints the dependency list so a failure shows the way round.
 */
class PackageCycleTest {
  private static final Pattern REF = Pattern.compile("org\\.arcmetric\\.([a-z]+)\\.[A-Z]");

  static Map<String, Set<String>> graph(Path root) throws IOException {
    Map<String, Set<String>> g = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
        String name = pkg.substring(pkg.lastIndexOf('.') + 1);
        Set<String> deps = g.computeIfAbsent(name, k -> new TreeSet<>());
        Matcher m = REF.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).equals(name)) {
            deps.add(m.group(1));
          }
        }
      }
    }
    return g;
  }

  /** A cycle through {@code start}, as a list of packages, or null. */
  static List<String> cycleFrom(String start, Map<String, Set<String>> g) {
    List<String> path = new ArrayList<>(List.of(start));
    return walk(start, start, g, path, new TreeSet<>()) ? path : null;
  }

  private static boolean walk(
      String start, String at, Map<String, Set<String>> g, List<String> path, Set<String> seen) {
    for (String next : g.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        path.add(next);
        return true;
      }
      if (seen.add(next)) {
        path.add(next);
        if (walk(start, next, g, path, seen)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  @Test
  void coreHasNoPackageCycle() throws IOException {
    Map<String, Set<String>> g = graph(Path.of("src/main/java/org/arcmetric"));
    g.forEach((p, deps) -> System.out.println("core package " + p + " -> " + deps));
    assertThat(g)
        .containsKeys(
            "classify",
            "config",
            "data",
            "embed",
            "eval",
            "experiment",
            "features",
            "gallery",
            "linalg",
            "model",
            "pretrained",
            "train");
    for (String p : g.keySet()) {
      assertThat(cycleFrom(p, g)).as("cycle through " + p).isNull();
    }
    assertThat(g.get("eval")).doesNotContain("train", "experiment");
    // frozen-backbone features sit between the model and its training
    assertThat(g.get("pretrained")).doesNotContain("train", "gallery", "eval");
    assertThat(g.get("model")).doesNotContain("pretrained");
    // storage and search below classification; the maths below everything
    assertThat(g.get("gallery")).doesNotContain("classify");
    assertThat(g.get("linalg")).isEmpty();
    assertThat(g.get("features")).isSubsetOf("linalg", "options");
    // the recipe's records sit below the model and the trainer that record and read them
    assertThat(g.get("config")).isSubsetOf("data", "features", "options");
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> g =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycleFrom("a", g)).containsExactly("a", "b", "c", "a");
    assertThat(cycleFrom("d", g)).isNull();
  }
}
