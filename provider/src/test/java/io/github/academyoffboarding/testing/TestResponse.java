package io.github.academyoffboarding.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** An HTTP answer, read whole. */
public record TestResponse(int status, HttpHeaders headers, byte[] body) {

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public String location() {
    return header("Location");
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON (status " + status + "): " + text(), e);
    }
  }

  @Override
  public String toString() {
    return status + " " + (body.length > 2000 ? text().substring(0, 2000) + "…" : text());
  }
}
