package org.arcmetric.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-contained HTML page: inline CSS, no scripts, no external fonts; pictures are files next to
 * {@code index.html}, referenced by relative name. {@link #write} refuses to write a page whose
 * pictures are missing, so every link of a written report resolves. Not thread-safe (a builder).
 */
public final class HtmlReport {
  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final List<String> images = new ArrayList<>();

  public HtmlReport(String title) {
    this.title = title;
  }

  /** Escapes text for HTML. */
  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  public HtmlReport section(String heading) {
    body.append("<h2>").append(escape(heading)).append("</h2>\n");
    return this;
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A table; cells are text (escaped). */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> r : rows) {
      body.append("<tr>");
      for (String c : r) {
        body.append("<td>").append(escape(c)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A picture in the report's folder, by file name, with a caption. */
  public HtmlReport figure(String fileName, String caption) {
    if (fileName.contains("/") || fileName.contains("\\")) {
      throw new IllegalArgumentException("figures live next to index.html: " + fileName);
    }
    images.add(fileName);
    body.append("<figure><img src=\"")
        .append(escape(fileName))
        .append("\" alt=\"")
        .append(escape(caption))
        .append("\"><figcaption>")
        .append(escape(caption))
        .append("</figcaption></figure>\n");
    return this;
  }

  /** The file names of the pictures referenced so far. */
  public List<String> images() {
    return List.copyOf(images);
  }

  /** Writes {@code dir/index.html} (atomically) after checking that every picture exists. */
  public Path write(Path dir) throws IOException {
    for (String f : images) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException("report picture " + dir.resolve(f) + " was not written");
      }
    }
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
            + escape(title)
            + "</title>\n<style>\n"
            + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
            + "color:#222}\n"
            + "table{border-collapse:collapse;margin:0.5em 0 1.5em}\n"
            + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
            + "th{background:#f2f2f2}\n"
            + "figure{display:inline-block;margin:0.5em 1em 1em 0;vertical-align:top}\n"
            + "img{max-width:100%;border:1px solid #eee}\n"
            + "figcaption{font-size:0.9em;color:#555;max-width:600px}\n"
            + "</style>\n</head>\n<body>\n<h1>"
            + escape(title)
            + "</h1>\n"
            + body
            + "</body>\n</html>\n";
    Files.createDirectories(dir);
    Path file = dir.resolve("index.html");
    Path tmp = dir.resolve("index.html.tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
