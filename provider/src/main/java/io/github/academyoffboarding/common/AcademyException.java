package io.github.academyoffboarding.common;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/**
 * A client error with a message key. It carries its own JSON response, so JAX-RS sends it as is
 * ({@code {"error": key, "errorDescription": text}}); because Keycloak's error mapper is then
 * bypassed, whoever throws it from a resource must also mark the transaction rollback-only (see
 * {@link #rollback}).
 */
public final class AcademyException extends WebApplicationException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public AcademyException(Response.Status status, String key, String description) {
    super(
        key,
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorRepresentation(key, description))
            .build());
    this.key = key;
  }

  public static AcademyException badRequest(String key, String description) {
    return new AcademyException(Response.Status.BAD_REQUEST, key, description);
  }

  public static AcademyException notFound(String key, String description) {
    return new AcademyException(Response.Status.NOT_FOUND, key, description);
  }

  public static AcademyException conflict(String key, String description) {
    return new AcademyException(Response.Status.CONFLICT, key, description);
  }

  /** 410: the thing existed and is gone for good (an erased report). */
  public static AcademyException gone(String key, String description) {
    return new AcademyException(Response.Status.GONE, key, description);
  }

  /** The message key, e.g. {@code academy.invalid-status}. */
  public String key() {
    return key;
  }

  public int status() {
    return getResponse().getStatus();
  }

  /**
   * Marks the session's transaction rollback-only and returns the exception, for {@code throw
   * rollback(...)}.
   */
  public AcademyException rollback(KeycloakSession session) {
    session.getTransactionManager().setRollbackOnly();
    return this;
  }
}
