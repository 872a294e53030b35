package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.common.AcademyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.util.JsonSerialization;

/** The optional body of a restore: which of the import's pending users to restore. */
@Schema(name = "BulkImportRestore")
public final class RestoreRequest {

  /** More ids than this in one request is a mistake, not a restore: 400. */
  static final int MAX_USER_IDS = 10_000;

  @Schema(
      description =
          "The users to restore (ids). Absent: every pending user of the import the caller may"
              + " manage. At most 10000.")
  public List<String> userIds;

  /** The ids asked for, without repeats, or null for all. */
  static Set<String> read(InputStream body) {
    Object json;
    try {
      byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
      if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
        return null;
      }
      json = JsonSerialization.readValue(bytes, Object.class);
    } catch (IOException e) {
      throw invalid();
    }
    if (json == null) {
      return null;
    }
    if (!(json instanceof Map<?, ?> object)) {
      throw invalid();
    }
    Object ids = object.get("userIds");
    if (ids == null) {
      return null;
    }
    // Read untyped, so that only strings pass: Jackson would turn a number into a string, and an
    // id that is not a string is a caller's mistake better named than matched to nothing.
    if (!(ids instanceof List<?> list)) {
      throw invalid();
    }
    if (list.size() > MAX_USER_IDS) {
      throw AcademyException.badRequest(
          "bulk.too-many-user-ids",
          "At most " + MAX_USER_IDS + " user ids can be restored at once; send them in parts.");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (Object id : list) {
      if (!(id instanceof String text)) {
        throw invalid();
      }
      wanted.add(text);
    }
    return wanted;
  }

  private static AcademyException invalid() {
    return AcademyException.badRequest(
        "bulk.invalid-json",
        "The body must be empty or a JSON object such as {\"userIds\": [\"<user id>\"]}.");
  }
}
