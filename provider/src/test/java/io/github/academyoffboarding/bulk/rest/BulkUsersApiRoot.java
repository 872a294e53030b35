package io.github.academyoffboarding.bulk.rest;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * For the OpenAPI document only: where Keycloak mounts {@code /bulk-users} (through the admin realm
 * resource SPI, which the annotation scanner cannot follow). Never deployed: it lives in the test
 * sources.
 */
@Path("/admin/realms/{realm}")
public final class BulkUsersApiRoot {

  @Path("bulk-users")
  BulkUsersResource bulkUsers(@PathParam("realm") String realm) {
    throw new UnsupportedOperationException();
  }
}
