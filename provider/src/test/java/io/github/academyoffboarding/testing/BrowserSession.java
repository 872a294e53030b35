package io.github.academyoffboarding.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as Keycloak's login pages need one: cookies, redirects followed by hand within
 * the server (so that the final redirect back to the application is seen, not fetched), HTML forms
 * posted. Redirects between realms of the server are followed too, so a login brokered by a second
 * realm runs through to the end.
 */
public final class BrowserSession {

  private final KeycloakServer kc;
  /*
   * Keycloak marks its login cookies Secure even on http://127.0.0.1; browsers send them there (loopback is a
   * secure context), java.net.CookieManager does not. So this jar keeps the cookies itself, by path then name:
   * every realm sets the same names (AUTH_SESSION_ID, KC_RESTART, ...) on its own path, /realms/{realm}/.
   */
  private final Map<String, Map<String, String>> cookiesByPath = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final StringBuilder trace = new StringBuilder();

  public BrowserSession(KeycloakServer kc) {
    this.kc = kc;
  }

  /**
   * The authorization request a public OIDC client with PKCE sends, as keycloak-js does for {@code
   * login({action})}.
   */
  public Page authorize(String realm, String clientId, String redirectUri, String kcAction) {
    return authorize(realm, clientId, redirectUri, Map.of("kc_action", kcAction));
  }

  /** As {@link #authorize(String, String, String, String)}, for a plain login. */
  public Page authorize(String realm, String clientId, String redirectUri) {
    return authorize(realm, clientId, redirectUri, Map.of());
  }

  private Page authorize(
      String realm, String clientId, String redirectUri, Map<String, String> extra) {
    String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_id", clientId);
    params.put("redirect_uri", redirectUri);
    params.put("response_type", "code");
    params.put("response_mode", "fragment");
    params.put("scope", "openid");
    params.put("state", UUID.randomUUID().toString());
    params.put("nonce", UUID.randomUUID().toString());
    params.put("code_challenge", challenge(verifier));
    params.put("code_challenge_method", "S256");
    params.putAll(extra);
    return get(kc.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?" + form(params));
  }

  public Page get(String url) {
    return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
  }

  /** Posts the form whose tag carries {@code formId} on {@code page}, with these fields. */
  public Page submit(Page page, String formId, Map<String, String> fields) {
    String action = page.formAction(formId);
    return follow(
        send(
            HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))));
  }

  /** Every request so far and its Set-Cookie headers, for a failure message. */
  public String trace() {
    return trace.toString();
  }

  private Page follow(HttpResponse<String> response) {
    HttpResponse<String> r = response;
    for (int i = 0; i < 15 && (r.statusCode() == 302 || r.statusCode() == 303); i++) {
      String location = r.headers().firstValue("Location").orElseThrow();
      URI next = r.uri().resolve(location);
      if (!next.toString().startsWith(kc.baseUrl()) || next.getPath().endsWith("/account/")) {
        return new Page(r.statusCode(), next.toString(), "");
      }
      r = send(HttpRequest.newBuilder(next).GET());
    }
    return new Page(r.statusCode(), r.uri().toString(), r.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.timeout(Duration.ofMinutes(1)).build();
      String cookieHeader = cookieHeader(built.uri().getPath());
      if (!cookieHeader.isEmpty()) {
        built =
            HttpRequest.newBuilder(built, (name, value) -> true)
                .header("Cookie", cookieHeader)
                .build();
      }
      HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString());
      for (String header : r.headers().allValues("Set-Cookie")) {
        store(r.uri().getPath(), header);
      }
      trace
          .append(r.request().method())
          .append(' ')
          .append(r.uri())
          .append(" -> ")
          .append(r.statusCode())
          .append(' ')
          .append(r.headers().allValues("Set-Cookie"))
          .append('\n');
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The cookies whose path is a prefix of {@code requestPath}, longest path first (RFC 6265). */
  private String cookieHeader(String requestPath) {
    List<String> paths = new ArrayList<>(cookiesByPath.keySet());
    paths.sort((a, b) -> b.length() - a.length());
    Map<String, String> sent = new LinkedHashMap<>();
    for (String path : paths) {
      if (pathMatches(requestPath, path)) {
        cookiesByPath.get(path).forEach(sent::putIfAbsent);
      }
    }
    return sent.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
  }

  private void store(String requestPath, String header) {
    String[] parts = header.split(";");
    String pair = parts[0];
    int eq = pair.indexOf('=');
    String name = pair.substring(0, eq).trim();
    String value = pair.substring(eq + 1).trim();
    String path = defaultPath(requestPath);
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim();
      if (attribute.toLowerCase(Locale.ROOT).startsWith("path=")) {
        path = attribute.substring("path=".length());
      }
    }
    Map<String, String> jar = cookiesByPath.computeIfAbsent(path, p -> new LinkedHashMap<>());
    if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
      jar.remove(name);
    } else {
      jar.put(name, value);
    }
  }

  private static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) {
      return true;
    }
    return requestPath.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
  }

  private static String defaultPath(String requestPath) {
    int slash = requestPath.lastIndexOf('/');
    return slash <= 0 ? "/" : requestPath.substring(0, slash);
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String challenge(String verifier) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Where the browser ended up: a page's HTML, or (with an empty body) the redirect back to the
   * application.
   */
  public record Page(int status, String url, String html) {

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"");

    public boolean hasForm(String formId) {
      return findForm(formId) != null;
    }

    public String formAction(String formId) {
      String tag = findForm(formId);
      if (tag == null) {
        throw new IllegalStateException(
            "no form '" + formId + "' on " + url + " (" + status + "):\n" + html);
      }
      Matcher m = ACTION.matcher(tag);
      if (!m.find()) {
        throw new IllegalStateException("form '" + formId + "' has no action: " + tag);
      }
      return m.group(1).replace("&amp;", "&");
    }

    private String findForm(String formId) {
      Matcher m = FORM.matcher(html);
      while (m.find()) {
        if (m.group().contains("id=\"" + formId + "\"")) {
          return m.group();
        }
      }
      return null;
    }
  }
}
