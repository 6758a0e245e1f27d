package org.arcmetric.options;

/**
 * The data cannot serve what was asked of it (too few images, a class with one image where pairs
 * are needed): not a wrong option, so a command line exits 1 ("data"), not 2 ("usage"). Like {@link
 * InvalidOptionException}, its message may name the options that would help as {@code {field}}.
 */
public class DataException extends InvalidOptionException {
  private static final long serialVersionUID = 1L;

  public DataException(String template) {
    super(template);
  }
}
