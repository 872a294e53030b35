package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.testing.KeycloakServer;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as Keycloak's login pages need one: cookies, redirects followed by hand within
 * the server (so that the final redirect back to the application is seen, not fetched), HTML forms
 * posted.
 */
final class BrowserSession {

  private final KeycloakServer kc;
  /*
   * Keycloak marks its login cookies Secure even on http://127.0.0.1; browsers send them there (loopback is a
   * secure context), java.net.CookieManager does not. So this jar keeps name=value pairs itself. One realm per
   * session, so paths need no matching.
   */
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  BrowserSession(KeycloakServer kc) {
    this.kc = kc;
  }

  /**
   * The authorization request a public OIDC client with PKCE sends, as keycloak-js does for {@code
   * login({action})}.
   */
  Page authorize(String realm, String clientId, String redirectUri, String kcAction) {
    String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
    String query =
        form(
            Map.of(
                "client_id",
                clientId,
                "redirect_uri",
                redirectUri,
                "response_type",
                "code",
                "response_mode",
                "fragment",
                "scope",
                "openid",
                "state",
                UUID.randomUUID().toString(),
                "nonce",
                UUID.randomUUID().toString(),
                "code_challenge",
                challenge(verifier),
                "code_challenge_method",
                "S256",
                "kc_action",
                kcAction));
    return get(kc.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?" + query);
  }

  Page get(String url) {
    return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
  }

  /** Posts the form whose tag carries {@code formId} on {@code page}, with these fields. */
  Page submit(Page page, String formId, Map<String, String> fields) {
    String action = page.formAction(formId);
    return follow(
        send(
            HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))));
  }

  private Page follow(HttpResponse<String> response) {
    HttpResponse<String> r = response;
    for (int i = 0; i < 10 && (r.statusCode() == 302 || r.statusCode() == 303); i++) {
      String location = r.headers().firstValue("Location").orElseThrow();
      URI next = r.uri().resolve(location);
      if (!next.toString().startsWith(kc.baseUrl()) || next.getPath().endsWith("/account/")) {
        return new Page(r.statusCode(), next.toString(), "");
      }
      r = send(HttpRequest.newBuilder(next).GET());
    }
    return new Page(r.statusCode(), r.uri().toString(), r.body());
  }

  /** Every request and its Set-Cookie headers, for the failure message. */
  final StringBuilder trace = new StringBuilder();

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      if (!cookies.isEmpty()) {
        request.header(
            "Cookie",
            cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; ")));
      }
      HttpResponse<String> r =
          http.send(
              request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
      for (String header : r.headers().allValues("Set-Cookie")) {
        String pair = header.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
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
  record Page(int status, String url, String html) {

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"");

    boolean hasForm(String formId) {
      return findForm(formId) != null;
    }

    String formAction(String formId) {
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
