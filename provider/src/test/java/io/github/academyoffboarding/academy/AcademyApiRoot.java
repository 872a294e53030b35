package io.github.academyoffboarding.academy;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * For the OpenAPI document only: where Keycloak mounts {@code /academy} (through the admin realm
 * resource SPI, which the annotation scanner cannot follow). Never deployed: it lives in the test
 * sources.
 */
@Path("/admin/realms/{realm}")
public final class AcademyApiRoot {

  @Path("academy")
  AcademyResource academy(@PathParam("realm") String realm) {
    throw new UnsupportedOperationException();
  }
}
