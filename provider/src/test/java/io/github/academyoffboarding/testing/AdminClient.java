package io.github.academyoffboarding.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A bearer-token HTTP client as the admin console or a script would use it. Tokens come from
 * Keycloak's token endpoint (password grant on {@code admin-cli}, or client credentials).
 */
public final class AdminClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final KeycloakServer server;
  private final String accessToken;
  private final String refreshToken;
  private final String realm;
  private final String clientId;

  private AdminClient(
      KeycloakServer server,
      String realm,
      String clientId,
      String accessToken,
      String refreshToken) {
    this.server = server;
    this.realm = realm;
    this.clientId = clientId;
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
  }

  public static AdminClient password(
      KeycloakServer kc, String realm, String username, String password) {
    return passwordGrant(kc, realm, username, password, Map.of());
  }

  /** As {@link #password}, asking for an offline token as well (an offline session). */
  public static AdminClient offline(
      KeycloakServer kc, String realm, String username, String password) {
    return passwordGrant(kc, realm, username, password, Map.of("scope", "openid offline_access"));
  }

  private static AdminClient passwordGrant(
      KeycloakServer kc,
      String realm,
      String username,
      String password,
      Map<String, String> extra) {
    Map<String, String> form = new HashMap<>(extra);
    form.put("grant_type", "password");
    form.put("client_id", "admin-cli");
    form.put("username", username);
    form.put("password", password);
    return token(kc, realm, "admin-cli", form);
  }

  /** A password grant on {@code admin-cli} whose answer is returned as is (a refusal included). */
  public static TestResponse tryPassword(
      KeycloakServer kc, String realm, String username, String password) {
    return tokenRequest(
        kc,
        realm,
        Map.of(
            "grant_type",
            "password",
            "client_id",
            "admin-cli",
            "username",
            username,
            "password",
            password));
  }

  public static AdminClient clientCredentials(
      KeycloakServer kc, String realm, String clientId, String secret) {
    return token(
        kc,
        realm,
        clientId,
        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
  }

  public static AdminClient anonymous(KeycloakServer kc) {
    return new AdminClient(kc, null, null, null, null);
  }

  /** A client that sends this exact bearer token (e.g. an expired or foreign one). */
  public static AdminClient withToken(KeycloakServer kc, String accessToken) {
    return new AdminClient(kc, null, null, accessToken, null);
  }

  /** Tries the refresh token and returns the token endpoint's answer as is. */
  public TestResponse tryRefresh() {
    return tokenRequest(
        server,
        realm,
        Map.of(
            "grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
  }

  public String accessToken() {
    return accessToken;
  }

  public String refreshToken() {
    return refreshToken;
  }

  public TestResponse get(String path) {
    return send(request(path).GET());
  }

  public TestResponse delete(String path) {
    return send(request(path).DELETE());
  }

  public TestResponse post(String path, Object json) {
    return send(request(path).header("Content-Type", "application/json").POST(body(json)));
  }

  public TestResponse put(String path, Object json) {
    return send(request(path).header("Content-Type", "application/json").PUT(body(json)));
  }

  /** A {@code multipart/form-data} POST as a browser sends a form with a file input. */
  public TestResponse postMultipart(
      String path,
      Map<String, String> fields,
      String fileField,
      String fileName,
      byte[] content,
      String contentType) {
    String boundary = "----academy" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (Map.Entry<String, String> f : fields.entrySet()) {
        out.write(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + f.getKey()
                    + "\"\r\n\r\n"
                    + f.getValue()
                    + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      if (fileField != null) {
        out.write(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + fileField
                    + "\"; filename=\""
                    + fileName
                    + "\"\r\nContent-Type: "
                    + contentType
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
  }

  /** A request builder for {@code path} (relative to the server) carrying this client's token. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofMinutes(5));
    if (accessToken != null) {
      b.header("Authorization", "Bearer " + accessToken);
    }
    return b;
  }

  public TestResponse send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new TestResponse(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("HTTP request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.BodyPublisher body(Object json) {
    if (json == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    try {
      String text = json instanceof String s ? s : TestResponse.JSON.writeValueAsString(json);
      return HttpRequest.BodyPublishers.ofString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static AdminClient token(
      KeycloakServer kc, String realm, String clientId, Map<String, String> form) {
    TestResponse r = tokenRequest(kc, realm, form);
    if (r.status() != 200) {
      throw new IllegalStateException("token request to realm " + realm + " failed: " + r);
    }
    JsonNode json = r.json();
    return new AdminClient(
        kc,
        realm,
        clientId,
        json.get("access_token").asText(),
        json.hasNonNull("refresh_token") ? json.get("refresh_token").asText() : null);
  }

  private static TestResponse tokenRequest(
      KeycloakServer kc, String realm, Map<String, String> form) {
    String encoded =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return anonymous(kc)
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        kc.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
  }
}
