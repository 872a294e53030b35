package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.LogoutTokenListener;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every deactivation the extension performs signs the user out as Keycloak's "Sign out" does: an
 * OIDC back-channel logout token to each client of each session that registered a back-channel
 * logout URL, the sessions gone, the not-before set. A small HTTP server on loopback plays the
 * client (an LMS) and records the logout tokens Keycloak posts to it; a second client's endpoint is
 * down, as a client's can be, and must not hold the job up.
 */
@ExtendWith(KeycloakServerExtension.class)
class BackchannelLogoutIT {

  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private AdminClient admin;
  private LogoutTokenListener listener;

  /** What every logout token of a test must say: the realm's issuer, the client it is for. */
  private String issuer;

  private String audience = "lms";

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    admin = realm.admin();
    issuer = kc.baseUrl() + "/realms/" + realm.name();
    listener = LogoutTokenListener.start();
    LogoutTokenListener.createClient(realm, "lms", listener.url());
    LogoutTokenListener.createClient(realm, "lms-down", LogoutTokenListener.deadUrl());
  }

  @AfterEach
  void tearDown() {
    listener.close();
    realm.close();
  }

  @Test
  void keycloaksOwnSignOutDeliversALogoutToken() {
    String alice = realm.createUser("alice", "alice@example.org");
    String sid = signIn("lms", "alice");

    TestResponse r = admin.post(realm.path("/users/" + alice + "/logout"), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(204);

    assertThat(tokensFor(alice, 1))
        .singleElement()
        .satisfies(t -> assertLogoutToken(t, alice, sid));
    assertSignedOut(alice);
  }

  @Test
  void aBulkDeactivateDeliversOneLogoutTokenPerSession() {
    List<String> ids = flow.createUsers("leaver", 3);
    List<String> usernames = List.of("leaver-0", "leaver-1", "leaver-2");
    ids.forEach(this::setPassword);
    Map<String, List<String>> sids = new HashMap<>();
    sids.put(ids.get(0), List.of(signIn("lms", "leaver-0"), signIn("lms", "leaver-0")));
    sids.put(ids.get(1), List.of(signIn("lms", "leaver-1")));
    signIn("lms-down", "leaver-1"); // a second session, with the client whose endpoint is down
    // leaver-2 has no session: nothing is sent for it.

    JsonNode done = flow.runByUsername("DEACTIVATE", usernames, WAIT);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/outcomes/DEACTIVATED").asLong()).isEqualTo(3);

    assertTokens(sids);
    ids.forEach(this::assertSignedOut);
    ids.forEach(id -> assertThat(user(id).get("enabled").asBoolean()).isFalse());
  }

  @Test
  void oneUserDeactivatedFromTheUserListIsSignedOutToo() {
    String alice = realm.createUser("alice", "alice@example.org");
    String sid = signIn("lms", "alice");

    TestResponse created =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DEACTIVATE",
                "matchBy",
                "ID",
                "identifiers",
                List.of(alice),
                "origin",
                "USER_LIST"));
    String id = created.json().get("id").asText();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    assertThat(flow.awaitEnd(id, WAIT).at("/outcomes/DEACTIVATED").asLong()).isEqualTo(1);

    assertTokens(Map.of(alice, List.of(sid)));
    assertSignedOut(alice);
  }

  @Test
  void aWindowedDeleteSignsItsUsersOutAtCommit() {
    List<String> ids = flow.createUsers("pending", 2);
    ids.forEach(this::setPassword);
    Map<String, List<String>> sids = new HashMap<>();
    sids.put(ids.get(0), List.of(signIn("lms", "pending-0")));
    sids.put(ids.get(1), List.of(signIn("lms", "pending-1")));
    ids.forEach(id -> flow.addAcademyData(admin, id));

    JsonNode scheduled = flow.scheduleDelete(List.of("pending-0", "pending-1"), "P30D", WAIT);
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(scheduled.get("pendingDeletions").asLong()).isEqualTo(2);

    assertTokens(sids);
    ids.forEach(this::assertSignedOut);
    assertThat(flow.academyRowsOfRealm()).isEqualTo(4);
  }

  @Test
  void aRelativeBackchannelUrlIsResolvedAsForTheCommittingRequest() {
    // Keycloak resolves a relative back-channel logout URL with the context's frontend URL, which
    // a job thread has only through the commit's recorded base URI (JobRequest).
    LogoutTokenListener.createClient(
        realm, "lms-relative", listener.rootUrl(), LogoutTokenListener.path());
    audience = "lms-relative";
    List<String> ids = flow.createUsers("relative", 2);
    ids.forEach(this::setPassword);
    Map<String, List<String>> sids = new HashMap<>();
    sids.put(ids.get(0), List.of(signIn("lms-relative", "relative-0")));
    sids.put(ids.get(1), List.of(signIn("lms-relative", "relative-1")));

    JsonNode done = flow.runByUsername("DEACTIVATE", List.of("relative-0", "relative-1"), WAIT);
    assertThat(done.at("/outcomes/DEACTIVATED").asLong()).isEqualTo(2);

    assertTokens(sids);
    ids.forEach(this::assertSignedOut);
  }

  @Test
  void theIssuerIsTheRealmsAsItsClientsSeeIt() {
    // A realm behind its own public URL: tokens, logout tokens included, name it as issuer, not
    // the address the job's admin reached Keycloak at.
    String frontend = "https://academy.example.test";
    TestResponse put =
        realm.master().put(realm.path(""), Map.of("attributes", Map.of("frontendUrl", frontend)));
    assertThat(put.status()).as(put.toString()).isEqualTo(204);
    issuer = frontend + "/realms/" + realm.name();
    admin = realm.admin(); // a token of the realm's new issuer
    flow = new BulkFlow(kc, realm);
    List<String> ids = flow.createUsers("public", 2);
    ids.forEach(this::setPassword);
    Map<String, List<String>> sids = new HashMap<>();
    sids.put(ids.get(0), List.of(signIn("lms", "public-0")));
    sids.put(ids.get(1), List.of(signIn("lms", "public-1")));

    JsonNode done = flow.runByUsername("DEACTIVATE", List.of("public-0", "public-1"), WAIT);
    assertThat(done.at("/outcomes/DEACTIVATED").asLong()).isEqualTo(2);

    assertTokens(sids);
    ids.forEach(this::assertSignedOut);
  }

  /** Exactly one token per session, each for the right user and session, from the realm. */
  private void assertTokens(Map<String, List<String>> sidsByUser) {
    int expected = sidsByUser.values().stream().mapToInt(List::size).sum();
    BulkFlow.await(
        () -> listener.tokens().size() >= expected ? true : null,
        WAIT,
        expected + " logout tokens");
    BulkFlow.sleep(500); // and no more than that
    assertThat(listener.tokens()).hasSize(expected);
    sidsByUser.forEach(
        (userId, sids) -> {
          List<JsonNode> tokens =
              listener.tokens().stream()
                  .filter(t -> t.path("sub").asText().equals(userId))
                  .toList();
          assertThat(tokens.stream().map(t -> t.get("sid").asText()).toList())
              .containsExactlyInAnyOrderElementsOf(sids);
          tokens.forEach(t -> assertLogoutToken(t, userId, t.get("sid").asText()));
        });
  }

  private void assertLogoutToken(JsonNode token, String userId, String sid) {
    assertThat(token.get("sub").asText()).isEqualTo(userId);
    assertThat(token.get("sid").asText()).isEqualTo(sid);
    assertThat(token.get("iss").asText()).isEqualTo(issuer);
    assertThat(
            token.get("aud").isArray()
                ? token.get("aud").get(0).asText()
                : token.get("aud").asText())
        .isEqualTo(audience);
    assertThat(token.get("events").has(EVENT)).as(token.toString()).isTrue();
    assertThat(token.has("nonce")).isFalse();
    assertThat(token.hasNonNull("jti")).isTrue();
  }

  private void assertSignedOut(String userId) {
    TestResponse sessions = admin.get(realm.path("/users/" + userId + "/sessions"));
    assertThat(sessions.status()).isEqualTo(200);
    assertThat(sessions.json()).as("sessions of " + userId).isEmpty();
    assertThat(user(userId).get("notBefore").asLong()).isPositive();
  }

  private List<JsonNode> tokensFor(String userId, int count) {
    BulkFlow.await(
        () ->
            listener.tokens().stream().filter(t -> t.path("sub").asText().equals(userId)).count()
                    >= count
                ? true
                : null,
        WAIT,
        "a logout token for " + userId);
    return listener.tokens().stream().filter(t -> t.path("sub").asText().equals(userId)).toList();
  }

  private JsonNode user(String userId) {
    return admin.get(realm.path("/users/" + userId)).json();
  }

  private void setPassword(String userId) {
    TestResponse r =
        admin.put(
            realm.path("/users/" + userId + "/reset-password"),
            Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false));
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  /** Signs {@code username} in to {@code clientId} (password grant); returns the session id. */
  private String signIn(String clientId, String username) {
    Map<String, String> form =
        Map.of(
            "grant_type",
            "password",
            "client_id",
            clientId,
            "client_secret",
            clientId + "-secret",
            "username",
            username,
            "password",
            TestRealm.PASSWORD,
            "scope",
            "openid");
    String encoded =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          kc.baseUrl()
                              + "/realms/"
                              + realm.name()
                              + "/protocol/openid-connect/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(encoded))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return LogoutTokenListener.claims(JSON.readTree(r.body()).get("access_token").asText())
          .get("sid")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
