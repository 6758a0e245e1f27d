package org.arcmetric.server;

/**
 * An error a client caused or should see: an HTTP status, a stable machine-readable {@code code}
 * and a message for people. Messages never carry stack traces or file-system paths.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
