package org.arcmetric.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.arcmetric.options.DataException;
import org.arcmetric.options.InvalidOptionException;

/** Maps exceptions to the one-line message and exit code a user sees. */
final class Errors {
  private Errors() {}

  static String describe(Throwable ex) {
    Throwable t = ex;
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      t = u.getCause();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    // the JDK's file errors carry only the path as their message
    if (t instanceof FileAlreadyExistsException f) {
      m = f.getFile() + ": already exists, and is not a folder (choose another path)";
    } else if (t instanceof NoSuchFileException f) {
      m = f.getFile() + ": no such file or folder";
    } else if (t instanceof AccessDeniedException f) {
      m = f.getFile() + ": permission denied";
    } else if (t instanceof NotDirectoryException f) {
      m = f.getFile() + ": is a file, where a folder is needed";
    }
    if (t instanceof OutOfMemoryError) {
      m = "out of memory: " + m + " (give the JVM more with JAVA_OPTS=-Xmx8g)";
    }
    if (t instanceof InvalidOptionException o) {
      return o.render(Flags::flag); // the core names fields; the user typed flags
    }
    // other core messages (data and I/O errors) name the options to change the same way
    m = InvalidOptionException.render(m, Flags::flag);
    if (t instanceof IOException || t instanceof IllegalArgumentException) {
      return m;
    }
    return m + (t instanceof RuntimeException ? "" : " (" + t.getClass().getSimpleName() + ")");
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof DataException) {
      return Main.FAILURE; // the data is wrong, not the command line
    }
    return ex instanceof IllegalArgumentException ? Main.USAGE : Main.FAILURE;
  }
}
