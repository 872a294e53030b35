package io.github.academyoffboarding.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18: what signing users out everywhere costs a bulk DEACTIVATE. Two DEACTIVATE imports of
 * {@code bench.signOutUsers} users each (default 10,000) in one realm with a client that registered
 * a back-channel logout URL (a listener on loopback that answers 200): the first of users without
 * sessions, the second of users with one session each with that client, so that every user gets a
 * logout token. Run with {@code -Pbenchmark -Dit.test=SignOutBenchmark}; figures are printed and
 * appended to {@code target/benchmark-results.txt}.
 *
 * <p>The sessions are made as the users are ({@link BulkBenchmark#seed}): one real password grant
 * for the first user, whose rows in Keycloak's persistent session tables ({@code
 * OFFLINE_USER_SESSION}, {@code OFFLINE_CLIENT_SESSION}) are then copied over JDBC for every other
 * user with a new session id. Ten thousand password grants against pbkdf2-sha512 with 210,000
 * iterations would take most of an hour on two cores.
 */
@ExtendWith(KeycloakServerExtension.class)
class SignOutBenchmark {

  private static final Path RESULTS =
      Path.of(System.getProperty("kc.it.work", "target/it-work"))
          .getParent()
          .resolve("benchmark-results.txt");

  @Test
  void deactivatingUsersWithAndWithoutSessions(KeycloakServer kc) throws IOException {
    int n = Integer.getInteger("bench.signOutUsers", 10_000);
    if (n <= 0) {
      return; // -Dbench.signOutUsers=0 leaves it out of a -Pbenchmark run
    }
    String report = run(kc, n);
    System.out.println(report);
    Files.writeString(
        RESULTS,
        report,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  /** One round of {@code n} users per import; returns the report. */
  static String run(KeycloakServer kc, int n) {
    BulkBenchmark bench = new BulkBenchmark(kc, 60);
    try (TestRealm realm = TestRealm.create(kc);
        LogoutTokenListener listener = LogoutTokenListener.start()) {
      LogoutTokenListener.createClient(realm, "lms", listener.url());
      long t0 = System.nanoTime();
      List<String[]> users = bench.seed(realm, "s", 2 * n, true);
      double seedUsers = BulkBenchmark.seconds(t0);
      List<String[]> without = users.subList(0, n);
      List<String[]> with = users.subList(n, 2 * n);

      t0 = System.nanoTime();
      String template = signIn(kc, realm, with.get(0)[1]);
      copySessions(kc, template, with.get(0)[0], with.subList(1, n));
      double seedSessions = BulkBenchmark.seconds(t0);
      assertThat(sessionsOf(kc, realm)).isEqualTo(n);

      BulkBenchmark.Admin admin = new BulkBenchmark.Admin(realm);
      double[] plain = bench.bulk(admin, realm, "DEACTIVATE", without);
      assertThat(listener.tokens()).isEmpty();
      double[] signedIn = bench.bulk(admin, realm, "DEACTIVATE", with);
      assertThat(listener.tokens()).hasSize(n);
      assertThat(listener.tokens().stream().map(t -> t.get("sid").asText()).distinct().count())
          .isEqualTo(n);
      assertThat(sessionsOf(kc, realm)).isZero();

      return String.format(
          "%n=== sign-out benchmark: DEACTIVATE %,d users, database %s, back-channel logout client"
              + " registered ===%n"
              + "seeding %,d users with academy data: %.1f s; %,d sessions: %.1f s%n"
              + "without sessions: preview %.2f s, commit %.2f s (%.1f users/s, %.2f ms/user)%n"
              + "one session each: preview %.2f s, commit %.2f s (%.1f users/s, %.2f ms/user),"
              + " %,d logout tokens received; with / without = %.2fx%n",
          n,
          kc.database().kind(),
          2 * n,
          seedUsers,
          n,
          seedSessions,
          plain[0],
          plain[1],
          n / plain[1],
          1000 * plain[1] / n,
          signedIn[0],
          signedIn[1],
          n / signedIn[1],
          1000 * signedIn[1] / n,
          listener.tokens().size(),
          signedIn[1] / plain[1]);
    }
  }

  /**
   * The online sessions of the realm's learners in Keycloak's persistent session table (not the
   * realm admin's, who runs the imports).
   */
  private static long sessionsOf(KeycloakServer kc, TestRealm realm) {
    String admin = realm.usersNamed(TestRealm.ADMIN_USERNAME).get(0).get("id").asText();
    return kc.database()
        .count(
            "select count(*) from OFFLINE_USER_SESSION where REALM_ID = ? and OFFLINE_FLAG = '0'"
                + " and USER_ID <> ?",
            realm.id(),
            admin);
  }

  /** A password grant of the seeded user on the client {@code lms}; returns the session id. */
  private static String signIn(KeycloakServer kc, TestRealm realm, String email) {
    String username = email.substring(0, email.indexOf('@'));
    String form =
        Map.of(
                "grant_type", "password",
                "client_id", "lms",
                "client_secret", "lms-secret",
                "username", username,
                "password", BulkBenchmark.SEEDED_PASSWORD,
                "scope", "openid")
            .entrySet()
            .stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              kc.baseUrl()
                                  + "/realms/"
                                  + realm.name()
                                  + "/protocol/openid-connect/token"))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      BulkBenchmark.expect(
          new TestResponse(r.statusCode(), r.headers(), r.body().getBytes(StandardCharsets.UTF_8)),
          200,
          "password grant");
      String token =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(r.body())
              .get("access_token")
              .asText();
      return LogoutTokenListener.claims(token).get("sid").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies the template session's rows (online, {@code OFFLINE_FLAG = '0'}) for each user, with a
   * new session id; whatever columns the tables have. Waits for Keycloak to have written them.
   */
  private static void copySessions(
      KeycloakServer kc, String sessionId, String templateUser, List<String[]> users) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (kc.database()
            .count(
                "select count(*) from OFFLINE_CLIENT_SESSION where USER_SESSION_ID = ?", sessionId)
        == 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the template session was not written to the database");
      }
      BulkBenchmark.sleep(100);
    }
    // One new session id per user, the same in both tables.
    List<String> newIds = users.stream().map(u -> UUID.randomUUID().toString()).toList();
    try (Connection c = kc.database().connect()) {
      c.setAutoCommit(false);
      for (String table : List.of("OFFLINE_USER_SESSION", "OFFLINE_CLIENT_SESSION")) {
        TemplateRows template =
            TemplateRows.read(
                c, table, "USER_SESSION_ID = ? AND OFFLINE_FLAG = '0'", sessionId, "session");
        List<Map<String, Object>> rows = template.rows;
        List<String> columns = template.columns;
        try (PreparedStatement ps = c.prepareStatement(template.insertSql())) {
          int pending = 0;
          for (int i = 0; i < users.size(); i++) {
            String[] u = users.get(i);
            String newSession = newIds.get(i);
            for (Map<String, Object> row : rows) {
              for (int col = 0; col < columns.size(); col++) {
                String name = columns.get(col);
                Object value =
                    switch (name) {
                      case "USER_SESSION_ID" -> newSession;
                      case "USER_ID" -> u[0];
                      default ->
                          row.get(name) instanceof String text
                              ? text.replace(templateUser, u[0]).replace(sessionId, newSession)
                              : row.get(name);
                    };
                ps.setObject(col + 1, value);
              }
              ps.addBatch();
            }
            if (++pending == 1000) {
              ps.executeBatch();
              c.commit();
              pending = 0;
            }
          }
          ps.executeBatch();
          c.commit();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot copy the template session", e);
    }
  }
}
