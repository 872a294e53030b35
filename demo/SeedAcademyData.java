// Demo data for the `academy` realm: learning records and certificates for its learners, created
// through the extension's own admin REST API once Keycloak is up. Run by ../run.sh as a single-file
// program (`java SeedAcademyData.java <base-url>`); it does nothing when the realm already has
// data.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    String token = awaitToken(base);
    useAdminThemeInMaster(base, token);
    String users =
        call(
            base,
            token,
            "GET",
            "/admin/realms/" + REALM + "/users?briefRepresentation=true&max=1000",
            null);
    List<String[]> learners = new ArrayList<>();
    Matcher m = Pattern.compile("\"id\":\"([^\"]+)\",\"username\":\"([^\"]+)\"").matcher(users);
    while (m.find()) {
      if (!m.group(2).equals("academy-admin") && !m.group(2).startsWith("service-account-")) {
        learners.add(new String[] {m.group(1), m.group(2)});
      }
    }
    int records = 0;
    int certificates = 0;
    for (String[] learner : learners) {
      String summary = call(base, token, "GET", academy(learner[0]) + "/summary", null);
      if (!summary.matches(".*\"learningRecords\"\\s*:\\s*0\\b.*")) {
        System.out.println("[demo] academy data already present; nothing seeded.");
        banner(base);
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
        call(base, token, "POST", academy(learner[0]) + "/learning-records", record);
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
          call(base, token, "POST", academy(learner[0]) + "/certificates", certificate);
          certificates++;
        }
      }
    }
    System.out.printf(
        "[demo] seeded %d learning records and %d certificates for %d learners.%n",
        records, certificates, learners.size());
    banner(base);
  }

  /**
   * The admin console takes its theme from the realm the admin signs in to: an admin of the master
   * realm managing the academy sees the wizard only if master uses the extension's admin theme too.
   * A realm import cannot change master, so the demo sets it here (once; a partial update).
   */
  static void useAdminThemeInMaster(String base, String token) throws Exception {
    String master = call(base, token, "GET", "/admin/realms/master", null);
    if (!master.matches("(?s).*\"adminTheme\"\\s*:\\s*\"academy-admin\".*")) {
      call(base, token, "PUT", "/admin/realms/master", "{\"adminTheme\":\"academy-admin\"}");
      System.out.println(
          "[demo] the master realm's admin console now uses the academy-admin theme.");
    }
  }

  static String academy(String userId) {
    return "/admin/realms/" + REALM + "/academy/users/" + userId;
  }

  static void banner(String base) {
    System.out.println();
    System.out.println(
        "==============================================================================");
    System.out.println(" Academy Offboarding is running.");
    System.out.println(
        " Realm admin console : "
            + base
            + "/admin/"
            + REALM
            + "/console/   (academy-admin / academy)");
    System.out.println(
        " Master admin console: " + base + "/admin/master/console/   (admin / admin)");
    System.out.println(
        " Automation client   : lms-sync / lms-sync-secret (client credentials, manage-users)");
    System.out.println(
        "==============================================================================");
    System.out.println();
  }

  /** Waits until the realm exists (imported on first start) and the realm admin can sign in. */
  static String awaitToken(String base) throws InterruptedException {
    String form = "grant_type=password&client_id=admin-cli&username=academy-admin&password=academy";
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() == 200 && m.find()) {
          return m.group(1);
        }
      } catch (java.io.IOException e) {
        // not up yet
      }
      Thread.sleep(2000);
    }
    throw new IllegalStateException("Keycloak did not come up at " + base);
  }

  static String call(String base, String token, String method, String path, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    if (json != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
