package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.common.AcademyException;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.util.JsonSerialization;

/** The optional body of a commit: the wizard chooses the restore window at its last step. */
@Schema(name = "BulkImportCommit")
public final class CommitRequest {

  @Schema(
      description =
          "DELETE only: the restore window (ISO-8601, e.g. P30D; PT0S deletes at once),"
              + " instead of the upload's.")
  public String deleteAfter;

  /** The body, or an empty request when there is none. */
  static CommitRequest read(InputStream body) {
    try {
      byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
      if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
        return new CommitRequest();
      }
      CommitRequest request = JsonSerialization.readValue(bytes, CommitRequest.class);
      return request == null ? new CommitRequest() : request;
    } catch (IOException e) {
      throw AcademyException.badRequest(
          "bulk.invalid-json",
          "The body must be a JSON object such as {\"deleteAfter\": \"P7D\"}.");
    }
  }
}
