// The demo's set-up once Keycloak is up, in this order: the admin theme academy-admin for the
// master
// realm (signed in as master's bootstrap admin, KC_BOOTSTRAP_ADMIN_USERNAME/_PASSWORD, default
// admin/admin), learning records and certificates for the `academy` realm's learners (signed in as
// its realm admin, through the extension's own admin REST API; once only), then the banner with the
// console URLs. Run by ../run.sh and docker/compose.yaml as a single-file program:
//   java SeedAcademyData.java <base-url> [<base-url-for-the-banner> [<metrics-url-for-the-banner>]]
// Exits non-zero when a step failed, after saying what to do about it and printing the banner.

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SeedAcademyData {

  static final String REALM = "academy";
  static final String[][] COURSES = {
    {"onboarding-101", "Welcome to the Academy"},
    {"privacy-gdpr", "Privacy and the GDPR"},
    {"security-awareness", "Security awareness"},
    {"excel-basics", "Spreadsheets for everyone"},
    {"leadership-1", "Leading a team"},
    {"customer-care", "Customer care essentials"},
    {"agile-intro", "Working agile"},
  };
  static final String[] STATUSES = {"ENROLLED", "IN_PROGRESS", "COMPLETED", "COMPLETED", "FAILED"};

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    // Where a browser reaches Keycloak (compose: the host's port, not the service name).
    String publicBase = args.length > 1 ? args[1] : base;
    // Keycloak's metrics endpoint (management port), named in the banner when given.
    String metricsUrl = args.length > 2 ? args[2] : null;
    String masterUser = env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    String masterPassword = env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    awaitKeycloak(base);
    // Master's theme and the realm's data are independent steps: one failing does not stop the
    // other, and the banner is printed either way, since Keycloak is up.
    boolean complete = true;
    try {
      // Only master's own admin may change master: the bootstrap admin Keycloak was started with.
      useAdminThemeInMaster(new Admin(base, "master", masterUser, masterPassword));
    } catch (SeedFailure | IOException e) {
      complete = false;
      System.err.println(
          "[demo] FAILED to select the academy-admin theme for master: " + e.getMessage());
    }
    try {
      // The realm's data as the realm's own admin, whom the banner names: it works even when
      // master's admin password is not the one this script was given.
      seedAcademyData(base, new Admin(base, REALM, "academy-admin", "academy"));
    } catch (SeedFailure | IOException e) {
      complete = false;
      System.err.println("[demo] FAILED to seed the academy data: " + e.getMessage());
    }
    banner(publicBase, metricsUrl, masterUser, masterPassword, complete);
    if (!complete) {
      System.exit(1);
    }
  }

  static void seedAcademyData(String base, Admin admin) throws Exception {
    String users =
        admin.call(
            "GET", "/admin/realms/" + REALM + "/users?briefRepresentation=true&max=1000", null);
    List<String[]> learners = new ArrayList<>();
    Matcher m = Pattern.compile("\"id\":\"([^\"]+)\",\"username\":\"([^\"]+)\"").matcher(users);
    while (m.find()) {
      if (!m.group(2).equals("academy-admin") && !m.group(2).startsWith("service-account-")) {
        learners.add(new String[] {m.group(1), m.group(2)});
      }
    }
    int records = 0;
    int certificates = 0;
    // Once only: a restart with the same database finds the data and adds nothing.
    for (String[] learner : learners) {
      String summary = admin.call("GET", academy(learner[0]) + "/summary", null);
      if (!summary.matches(".*\"learningRecords\"\\s*:\\s*0\\b.*")) {
        System.out.println("[demo] academy data already present; nothing seeded.");
        return;
      }
    }
    for (String[] learner : learners) {
      Random random = new Random(learner[1].hashCode());
      int courses = 1 + random.nextInt(5);
      for (int c = 0; c < courses; c++) {
        String[] course = COURSES[(c + random.nextInt(COURSES.length)) % COURSES.length];
        String status = STATUSES[random.nextInt(STATUSES.length)];
        Instant started =
            Instant.now()
                .minus(30 + random.nextInt(600), ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS);
        Instant completed = started.plus(1 + random.nextInt(40), ChronoUnit.DAYS);
        boolean done = status.equals("COMPLETED") || status.equals("FAILED");
        String record =
            "{\"courseId\":\""
                + course[0]
                + "\",\"courseName\":\""
                + course[1]
                + "\",\"status\":\""
                + status
                + "\""
                + (status.equals("ENROLLED") ? "" : ",\"startedAt\":\"" + started + "\"")
                + (done
                    ? ",\"completedAt\":\""
                        + completed
                        + "\",\"score\":"
                        + (status.equals("FAILED")
                            ? 20 + random.nextInt(35)
                            : 60 + random.nextInt(41))
                    : "")
                + "}";
        admin.call("POST", academy(learner[0]) + "/learning-records", record);
        records++;
        if (status.equals("COMPLETED")) {
          String certificate =
              "{\"courseId\":\""
                  + course[0]
                  + "\",\"title\":\""
                  + course[1]
                  + "\",\"serial\":\"ACAD-"
                  + learner[1].hashCode()
                  + "-"
                  + c
                  + "\",\"issuedAt\":\""
                  + completed
                  + "\",\"expiresAt\":\""
                  + completed.plus(730, ChronoUnit.DAYS)
                  + "\"}";
          admin.call("POST", academy(learner[0]) + "/certificates", certificate);
          certificates++;
        }
      }
    }
    System.out.printf(
        "[demo] seeded %d learning records and %d certificates for %d learners.%n",
        records, certificates, learners.size());
  }

  /**
   * The admin console takes its theme from the realm the admin signs in to: an admin of the master
   * realm managing the academy sees the wizard only if master uses the extension's admin theme too.
   * A realm import cannot change master, so the demo sets it here (once; a partial update).
   */
  static void useAdminThemeInMaster(Admin master) throws Exception {
    String realm = master.call("GET", "/admin/realms/master", null);
    if (!realm.matches("(?s).*\"adminTheme\"\\s*:\\s*\"academy-admin\".*")) {
      master.call("PUT", "/admin/realms/master", "{\"adminTheme\":\"academy-admin\"}");
      System.out.println(
          "[demo] the master realm's admin console now uses the academy-admin theme.");
    }
  }

  static String academy(String userId) {
    return "/admin/realms/" + REALM + "/academy/users/" + userId;
  }

  static void banner(
      String base, String metricsUrl, String masterUser, String masterPassword, boolean complete) {
    // A password of one's own is not echoed into logs; the demo default is.
    String masterCredentials =
        masterUser
            + " / "
            + (masterPassword.equals("admin") ? "admin" : "$KC_BOOTSTRAP_ADMIN_PASSWORD");
    System.out.println();
    System.out.println(
        "==============================================================================");
    System.out.println(
        complete
            ? " Academy Offboarding is running."
            : " Academy Offboarding is running, but its demo set-up is INCOMPLETE (see [demo] above).");
    System.out.println(
        " Realm admin console : "
            + base
            + "/admin/"
            + REALM
            + "/console/   (academy-admin / academy)");
    System.out.println(
        " Master admin console: " + base + "/admin/master/console/   (" + masterCredentials + ")");
    System.out.println(
        " Automation client   : lms-sync / lms-sync-secret (client credentials, manage-users)");
    if (metricsUrl != null) {
      System.out.println(" Metrics (Prometheus): " + metricsUrl);
    }
    System.out.println(
        "==============================================================================");
    System.out.println();
  }

  /** Waits until Keycloak answers and has imported the demo realm (both happen on first start). */
  static void awaitKeycloak(String base) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "GET /realms/" + REALM + " answered " + r.statusCode();
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(2000);
    }
    System.err.printf(
        "[demo] FAILED: Keycloak at %s did not serve the realm %s within 10 minutes (%s);"
            + " nothing was set up. See Keycloak's log.%n",
        base, REALM, last);
    System.exit(1);
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** A failed step, with what to do about it. */
  static final class SeedFailure extends Exception {
    SeedFailure(String message) {
      super(message);
    }
  }

  /** An admin signed in to one realm through its admin-cli client; signs in again when needed. */
  static final class Admin {
    final String base;
    final String realm;
    final String username;
    final String password;
    String token;
    long renewAt;

    Admin(String base, String realm, String username, String password) {
      this.base = base;
      this.realm = realm;
      this.username = username;
      this.password = password;
    }

    String token() throws Exception {
      if (token != null && System.nanoTime() < renewAt) {
        return token;
      }
      String form =
          "grant_type=password&client_id=admin-cli&username="
              + URLEncoder.encode(username, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8);
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/realms/" + realm + "/protocol/openid-connect/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher t = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
      if (r.statusCode() == 200 && t.find()) {
        Matcher e = Pattern.compile("\"expires_in\":(\\d+)").matcher(r.body());
        long seconds = e.find() ? Long.parseLong(e.group(1)) : 60;
        // Renew at half the lifetime: master's tokens live 60 s, a slow machine seeds for longer.
        renewAt = System.nanoTime() + Duration.ofSeconds(seconds / 2).toNanos();
        token = t.group(1);
        return token;
      }
      // Keycloak answers a wrong username or password with 400 (older versions 401) invalid_grant.
      Matcher why = Pattern.compile("\"error_description\":\"([^\"]*)\"").matcher(r.body());
      String refusal = why.find() ? why.group(1) : "HTTP " + r.statusCode();
      if (r.body().contains("\"invalid_grant\"") && realm.equals("master")) {
        throw new SeedFailure(
            "the master realm refused its admin '"
                + username
                + "' ("
                + refusal
                + "). Keycloak creates that bootstrap admin only when it creates master, so"
                + " this database's master realm was set up earlier, with another admin or password."
                + " Fix: start with the credentials master already has"
                + " (KC_BOOTSTRAP_ADMIN_USERNAME=… KC_BOOTSTRAP_ADMIN_PASSWORD=… ./run.sh), or start"
                + " from an empty database (RESET=1 ./run.sh; compose: docker compose down -v), or"
                + " select it by hand: master console → Realm settings → Themes → Admin theme →"
                + " academy-admin. Until then the master console shows the stock Users page.");
      }
      if (r.body().contains("\"invalid_grant\"")) {
        throw new SeedFailure(
            "the realm "
                + realm
                + " refused '"
                + username
                + "' ("
                + refusal
                + "): the demo realm's admin or its password was changed. Fix: start from an"
                + " empty database (RESET=1 ./run.sh; compose: docker compose down -v).");
      }
      throw new SeedFailure(
          "signing in to the realm "
              + realm
              + " as '"
              + username
              + "' answered "
              + r.statusCode()
              + ": "
              + r.body());
    }

    String call(String method, String path, String json) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Authorization", "Bearer " + token());
      if (json != null) {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 403) {
        throw new SeedFailure(
            method
                + " "
                + path
                + " answered 403: '"
                + username
                + "' of the realm "
                + realm
                + " may not do that; it must be an admin of "
                + (realm.equals("master") ? "master (role admin)" : "that realm (realm-admin)")
                + ".");
      }
      if (r.statusCode() >= 300) {
        throw new SeedFailure(
            method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    }
  }
}
