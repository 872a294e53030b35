package io.github.academyoffboarding.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.benchmark.UserCopies;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4 in a real browser: prepares a realm on the shared Keycloak (its realm admin, users with
 * academy data, the academy-admin console theme) and runs the theme's end-to-end suite ({@code npm
 * run e2e} in {@code theme/}: node's test runner, playwright-core, Debian's headless Chromium)
 * against it. The suite checks the console and the REST API; afterwards this class checks
 * Keycloak's database as well. Issue 11: a sheet filtered down to two leavers deletes those two,
 * and the four learners its filter hides stay, with their academy data. Issue 12: a delete through
 * a restore window deactivates two learners; the suite restores one from the Pending deletion tab
 * (the Scheduled tab since issue 20) and deletes the other with Delete now. Issue 18: every door of
 * the console (the row's Delete, the toolbar's delete and Deactivate/Reactivate of ticked users,
 * the user page's Delete by keyboard) with the realm's restore window set to 30 days; the users end
 * pending with their data, restored, deleted with their data, deactivated or reactivated as the
 * suite chose. Issue 19: {@value #LARGE_RESTORE} learners (copied over JDBC from one template user,
 * seconds instead of minutes) are scheduled for deletion by the suite through the API and restored
 * from the Bulk imports tab, whose row shows the engine's progress; afterwards every one of them is
 * enabled and none pending. Issue 20: a dated file (three learners leaving in 40 days, one of them
 * on leave until 30 days later) goes through the wizard; its check step shows the calendar, the
 * Scheduled tab cancels one learner's deactivation and does another's now, the third learner's page
 * names its leave and return; afterwards the first and the cancelled one are enabled, the one done
 * now disabled.
 *
 * <p>Needs {@code /usr/bin/chromium} (or {@code -De2e.chromium=…}) and {@code theme/node_modules}
 * (the Maven build runs {@code npm ci}). Without Chromium the test fails, unless {@code
 * -De2e.skipWithoutChromium=true} turns that into a skipped test. Screenshots of each step go to
 * {@code target/e2e-screenshots/}.
 */
@ExtendWith(KeycloakServerExtension.class)
class AdminConsoleE2EIT {

  private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(10);
  private static final List<String> DEACTIVATED = List.of("deactivate-a", "deactivate-b");
  private static final List<String> DELETED = List.of("delete-a", "delete-b");

  /** The visible rows of the filtered sheet: deleted. */
  private static final List<String> FILTER_DELETED = List.of("filter-leaver-1", "filter-leaver-2");

  /** The rows its filter hides: kept. */
  private static final List<String> FILTER_KEPT =
      List.of("filter-stay-1", "filter-stay-2", "filter-stay-3", "filter-stay-4");

  /**
   * Deleted through a restore window: the first restored from the console, the second deleted now.
   */
  private static final String WINDOW_RESTORED = "window-a";

  private static final String WINDOW_DELETED = "window-b";

  /** Issue 12: the learner whose Learning tab the suite opens (12 records, 3 certificates). */
  private static final String LEARNER = "learner";

  /** Issue 12: scheduled for deletion by the suite, then restored from the banner. */
  private static final String PENDING = "pending-a";

  /**
   * Issue 18, the console's doors (with the realm's restore window set to 30 days): deleted from
   * the row's kebab and from the toolbar (pending, data kept), the first ticked one restored from
   * the Scheduled tab; deleted now from the user page (gone); deactivated from the toolbar, the
   * first two reactivated.
   */
  private static final String DOOR_ROW = "door-row";

  private static final List<String> DOOR_TICKED =
      List.of("door-tick-1", "door-tick-2", "door-tick-3");
  private static final String DOOR_PAGE = "door-page";

  /** Deleted from its page through the window: pending, its page shows the banner. */
  private static final String DOOR_PAGE_WINDOW = "door-page-window";

  /**
   * Issue 19: the suite deletes it through a short window and makes it a realm administrator during
   * it, so that the purge skips it; then restores it from Needs attention.
   */
  private static final String NEEDS_ATTENTION = "attention-a";

  private static final List<String> DOOR_DEACTIVATED =
      List.of("door-deact-1", "door-deact-2", "door-deact-3");

  /** Issue 19: the large restore's learners, restore-load-0000 … (copies of restore-template). */
  private static final int LARGE_RESTORE = 2000;

  private static final String LARGE_RESTORE_PREFIX = "restore-load-";

  /**
   * Issue 20: the dated file's learners: the first waits for its date (and its return), the second
   * is deactivated now from the Scheduled tab, the third's deactivation is cancelled there.
   */
  private static final List<String> DATED = List.of("dated-a", "dated-b", "dated-c");

  private static final int LEARNER_RECORDS = 12;
  private static final int LEARNER_CERTIFICATES = 3;

  private static TestRealm realm;
  private static final Map<String, String> userIds = new LinkedHashMap<>();

  /** The master realm's admin theme before the suite, put back afterwards. */
  private static String masterThemeBefore;

  @BeforeAll
  static void prepareRealm(KeycloakServer kc) {
    realm = TestRealm.create(kc);
    TestResponse theme = realm.master().put(realm.path(""), Map.of("adminTheme", "academy-admin"));
    assertThat(theme.status()).as("select the console theme: %s", theme).isEqualTo(204);
    AdminClient admin = realm.admin();
    for (String username :
        Stream.of(
                DEACTIVATED,
                DELETED,
                FILTER_DELETED,
                FILTER_KEPT,
                List.of(WINDOW_RESTORED, WINDOW_DELETED, PENDING, NEEDS_ATTENTION),
                List.of(DOOR_ROW, DOOR_PAGE, DOOR_PAGE_WINDOW),
                DOOR_TICKED,
                DOOR_DEACTIVATED,
                DATED)
            .flatMap(List::stream)
            .toList()) {
      String id = realm.createUser(username, username + "@example.org");
      userIds.put(username, id);
      seedAcademyData(admin, id, username);
    }
    String learner = realm.createUser(LEARNER, LEARNER + "@example.org");
    userIds.put(LEARNER, learner);
    seedLearner(admin, learner);
    seedLargeRestore(kc);
    // The master console must show the extension too (its Users page, the wizard).
    TestResponse master = realm.master().get("/admin/realms/master");
    assertThat(master.status()).as("read the master realm: %s", master).isEqualTo(200);
    masterThemeBefore = master.json().path("adminTheme").asText(null);
    setMasterAdminTheme("academy-admin");
  }

  /**
   * Issue 19: {@value #LARGE_RESTORE} enabled learners for the large restore, copies of one user
   * that Keycloak created (the template, not part of the restore). Named after everyone else, so
   * that the user list's first page stays as the suite expects it.
   */
  private static void seedLargeRestore(KeycloakServer kc) {
    String template = realm.createUser("restore-template", "restore-template@example.org");
    List<String[]> users = new ArrayList<>(LARGE_RESTORE);
    for (int i = 0; i < LARGE_RESTORE; i++) {
      users.add(
          new String[] {
            UUID.randomUUID().toString(),
            String.format("%s%04d@example.org", LARGE_RESTORE_PREFIX, i)
          });
    }
    long start = System.nanoTime();
    UserCopies.copy(kc.database(), template, users);
    System.out.printf(
        "seeded %,d users over JDBC in %.1f s%n", LARGE_RESTORE, (System.nanoTime() - start) / 1e9);
    assertThat(largeRestoreUsers(kc, true)).as("the seeded learners").isEqualTo(LARGE_RESTORE);
  }

  /** The large restore's learners that are (or are not) enabled, in Keycloak's database. */
  private static long largeRestoreUsers(KeycloakServer kc, boolean enabled) {
    return kc.database()
        .count(
            "SELECT COUNT(*) FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE ? AND ENABLED = ?",
            realm.id(),
            LARGE_RESTORE_PREFIX + "%",
            enabled);
  }

  private static void setMasterAdminTheme(String theme) {
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("adminTheme", theme);
    TestResponse r = realm.master().put("/admin/realms/master", update);
    assertThat(r.status()).as("master adminTheme=%s: %s", theme, r).isEqualTo(204);
  }

  @AfterAll
  static void dropRealm() {
    if (realm != null) {
      setMasterAdminTheme(masterThemeBefore == null ? "" : masterThemeBefore);
      realm.close();
    }
  }

  @Test
  void theConsoleWizardDeactivatesAndDeletesUsersAsPromised(KeycloakServer kc) throws Exception {
    Path chromium = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      String missing =
          chromium + " is missing: install Debian's chromium (apt-get install -y chromium)";
      if (Boolean.getBoolean("e2e.skipWithoutChromium")) {
        Assumptions.abort(missing + "; skipped because -De2e.skipWithoutChromium=true");
      }
      fail(missing + ", or pass -De2e.skipWithoutChromium=true to skip this test");
    }
    Path theme = themeDir();
    if (!Files.isDirectory(theme.resolve("node_modules/playwright-core"))) {
      fail(
          theme.resolve("node_modules/playwright-core")
              + " is missing: build the theme module first (it runs npm ci)");
    }
    Path screenshots = Path.of("target", "e2e-screenshots").toAbsolutePath();
    deleteRecursively(screenshots);
    Files.createDirectories(screenshots);

    Map<String, String> env =
        new LinkedHashMap<>(
            Map.of(
                "KC_E2E_URL", kc.baseUrl(),
                "KC_E2E_REALM", realm.name(),
                "KC_E2E_ADMIN", TestRealm.ADMIN_USERNAME,
                "KC_E2E_PASSWORD", TestRealm.PASSWORD,
                "KC_E2E_SCREENSHOTS", screenshots.toString(),
                "CHROMIUM_PATH", chromium.toString()));
    // Issue 12: the master realm's console, as its admin.
    env.put("KC_E2E_MASTER_ADMIN", KeycloakServerExtension.ADMIN_USER);
    env.put("KC_E2E_MASTER_PASSWORD", KeycloakServerExtension.ADMIN_PASSWORD);
    // Issue 19: the learners of the large restore.
    env.put("KC_E2E_LARGE_RESTORE_PREFIX", LARGE_RESTORE_PREFIX);
    env.put("KC_E2E_LARGE_RESTORE_COUNT", String.valueOf(LARGE_RESTORE));
    SuiteRun run = runSuite(theme, env);
    System.out.println(
        "npm run e2e exited with "
            + run.exitCode()
            + " after "
            + run.elapsed().toSeconds()
            + " s:\n"
            + run.output());
    assertThat(run.exitCode())
        .as("node's test runner failed; its output:\n%s", run.output())
        .isZero();
    assertThat(run.output())
        .as("the suite ran its tests")
        .containsPattern("# pass [1-9]")
        .contains("# fail 0");

    // What the suite promised, seen from Keycloak's own database.
    for (String username : DEACTIVATED) {
      String id = userIds.get(username);
      assertThat(enabled(id)).as("%s is disabled", username).isFalse();
      assertThat(academyRows(kc, "ACADEMY_LEARNING_RECORD", id))
          .as("%s keeps its learning records", username)
          .isEqualTo(2);
      assertThat(academyRows(kc, "ACADEMY_CERTIFICATE", id))
          .as("%s keeps its certificate", username)
          .isEqualTo(1);
    }
    for (String username : FILTER_KEPT) {
      String id = userIds.get(username);
      assertThat(enabled(id)).as("%s, hidden by the sheet's filter, is kept", username).isTrue();
      assertThat(academyRows(kc, "ACADEMY_LEARNING_RECORD", id))
          .as("%s keeps its learning records", username)
          .isEqualTo(2);
      assertThat(academyRows(kc, "ACADEMY_CERTIFICATE", id))
          .as("%s keeps its certificate", username)
          .isEqualTo(1);
    }
    for (String username : Stream.concat(DELETED.stream(), FILTER_DELETED.stream()).toList()) {
      String id = userIds.get(username);
      assertThat(kc.database().count("SELECT COUNT(*) FROM USER_ENTITY WHERE ID = ?", id))
          .as("%s is deleted", username)
          .isZero();
      assertThat(
              academyRows(kc, "ACADEMY_LEARNING_RECORD", id)
                  + academyRows(kc, "ACADEMY_CERTIFICATE", id))
          .as("no academy row of %s remains", username)
          .isZero();
    }
    String restored = userIds.get(WINDOW_RESTORED);
    assertThat(enabled(restored)).as("%s, restored, is enabled again", WINDOW_RESTORED).isTrue();
    assertThat(academyRows(kc, "ACADEMY_LEARNING_RECORD", restored))
        .as("%s keeps its learning records", WINDOW_RESTORED)
        .isEqualTo(2);
    assertThat(academyRows(kc, "ACADEMY_CERTIFICATE", restored))
        .as("%s keeps its certificate", WINDOW_RESTORED)
        .isEqualTo(1);
    String deletedNow = userIds.get(WINDOW_DELETED);
    assertThat(kc.database().count("SELECT COUNT(*) FROM USER_ENTITY WHERE ID = ?", deletedNow))
        .as("%s, deleted now, is deleted", WINDOW_DELETED)
        .isZero();
    assertThat(
            academyRows(kc, "ACADEMY_LEARNING_RECORD", deletedNow)
                + academyRows(kc, "ACADEMY_CERTIFICATE", deletedNow))
        .as("no academy row of %s remains", WINDOW_DELETED)
        .isZero();
    for (String id : List.of(restored, deletedNow)) {
      assertThat(academyRows(kc, "ACADEMY_PENDING_DELETION", id))
          .as("no deletion of %s is pending any more", id)
          .isZero();
    }
    assertThat(screenshots.resolve("window-4-check.png")).exists();
    assertThat(screenshots.resolve("window-6-pending.png")).exists();
    assertThat(screenshots.resolve("deactivate-4-check.png")).exists();
    assertThat(screenshots.resolve("delete-6-done.png")).exists();
    assertThat(screenshots.resolve("filtered-4-check.png")).exists();
    // Issue 12: the Learning tab only reads; the master console shows the Import button.
    String learner = userIds.get(LEARNER);
    assertThat(enabled(learner)).as("the learner is untouched").isTrue();
    assertThat(academyRows(kc, "ACADEMY_LEARNING_RECORD", learner)).isEqualTo(LEARNER_RECORDS);
    assertThat(academyRows(kc, "ACADEMY_CERTIFICATE", learner)).isEqualTo(LEARNER_CERTIFICATES);
    assertThat(screenshots.resolve("learning-tab.png")).exists();
    // Restored from the banner: enabled again, academy data all there.
    String pending = userIds.get(PENDING);
    assertThat(enabled(pending)).as("%s is restored", PENDING).isTrue();
    assertThat(academyRows(kc, "ACADEMY_LEARNING_RECORD", pending)).isEqualTo(2);
    assertThat(academyRows(kc, "ACADEMY_CERTIFICATE", pending)).isEqualTo(1);
    assertThat(
            kc.database()
                .count("SELECT COUNT(*) FROM ACADEMY_PENDING_DELETION WHERE USER_ID = ?", pending))
        .as("%s is no longer pending", PENDING)
        .isZero();
    assertThat(screenshots.resolve("pending-3-restored.png")).exists();
    assertThat(screenshots.resolve("master-users.png")).exists();
    // Issue 19: restored from Needs attention: enabled again, academy data all there, not listed.
    String attention = userIds.get(NEEDS_ATTENTION);
    assertThat(enabled(attention)).as("%s is restored", NEEDS_ATTENTION).isTrue();
    assertKeptData(kc, NEEDS_ATTENTION);
    assertThat(academyRows(kc, "ACADEMY_NEEDS_ATTENTION", attention))
        .as("%s no longer needs attention", NEEDS_ATTENTION)
        .isZero();
    assertThat(screenshots.resolve("attention-3-restored.png")).exists();
    checkDoors(kc, screenshots);
    checkLargeRestore(kc, screenshots);
    checkDated(kc, screenshots);
  }

  /** Issue 20: the dated file's learners, as the Scheduled tab left them. */
  private static void checkDated(KeycloakServer kc, Path screenshots) {
    assertThat(enabled(userIds.get(DATED.get(0))))
        .as("%s waits for its date, still enabled", DATED.get(0))
        .isTrue();
    assertThat(enabled(userIds.get(DATED.get(1))))
        .as("%s, deactivated now from the Scheduled tab, is disabled", DATED.get(1))
        .isFalse();
    assertThat(enabled(userIds.get(DATED.get(2))))
        .as("%s, its deactivation cancelled, is enabled", DATED.get(2))
        .isTrue();
    for (String username : DATED) {
      assertKeptData(kc, username);
    }
    for (String shot :
        List.of(
            "dated-1-check",
            "dated-2-waiting",
            "dated-3-scheduled",
            "dated-4-cancel-and-now",
            "dated-5-banner")) {
      assertThat(screenshots.resolve(shot + ".png")).exists();
    }
  }

  /** Issue 19: the large restore from the Bulk imports tab, in Keycloak's database. */
  private static void checkLargeRestore(KeycloakServer kc, Path screenshots) {
    assertThat(largeRestoreUsers(kc, true))
        .as("every learner of the large restore is enabled again")
        .isEqualTo(LARGE_RESTORE);
    assertThat(largeRestoreUsers(kc, false)).as("none stays disabled").isZero();
    assertThat(
            kc.database()
                .count(
                    "SELECT COUNT(*) FROM ACADEMY_PENDING_DELETION p JOIN USER_ENTITY u ON u.ID ="
                        + " p.USER_ID WHERE u.REALM_ID = ? AND u.USERNAME LIKE ?",
                    realm.id(),
                    LARGE_RESTORE_PREFIX + "%"))
        .as("none of them is pending deletion")
        .isZero();
    for (String shot :
        List.of("restore-large-1-scheduled", "restore-large-2-restoring", "restore-large-3-done")) {
      assertThat(screenshots.resolve(shot + ".png")).exists();
    }
  }

  /** Issue 18: what each door of the console did, in Keycloak's database. */
  private static void checkDoors(KeycloakServer kc, Path screenshots) {
    for (String username :
        List.of(DOOR_ROW, DOOR_TICKED.get(1), DOOR_TICKED.get(2), DOOR_PAGE_WINDOW)) {
      String id = userIds.get(username);
      assertThat(enabled(id)).as("%s, deleted through the window, is disabled", username).isFalse();
      assertThat(academyRows(kc, "ACADEMY_PENDING_DELETION", id))
          .as("%s waits for its deletion", username)
          .isEqualTo(1);
      assertKeptData(kc, username);
    }
    for (String username :
        List.of(DOOR_TICKED.get(0), DOOR_DEACTIVATED.get(0), DOOR_DEACTIVATED.get(1))) {
      assertThat(enabled(userIds.get(username))).as("%s is enabled", username).isTrue();
      assertKeptData(kc, username);
    }
    String restored = userIds.get(DOOR_TICKED.get(0));
    assertThat(academyRows(kc, "ACADEMY_PENDING_DELETION", restored))
        .as("%s, restored, no longer waits", DOOR_TICKED.get(0))
        .isZero();
    String deactivated = userIds.get(DOOR_DEACTIVATED.get(2));
    assertThat(enabled(deactivated)).as("%s stays deactivated", DOOR_DEACTIVATED.get(2)).isFalse();
    assertThat(academyRows(kc, "ACADEMY_PENDING_DELETION", deactivated)).isZero();
    assertKeptData(kc, DOOR_DEACTIVATED.get(2));
    String deletedNow = userIds.get(DOOR_PAGE);
    assertThat(kc.database().count("SELECT COUNT(*) FROM USER_ENTITY WHERE ID = ?", deletedNow))
        .as("%s, deleted now from its page, is deleted", DOOR_PAGE)
        .isZero();
    assertThat(
            academyRows(kc, "ACADEMY_LEARNING_RECORD", deletedNow)
                + academyRows(kc, "ACADEMY_CERTIFICATE", deletedNow)
                + academyRows(kc, "ACADEMY_PENDING_DELETION", deletedNow))
        .as("no academy row of %s remains", DOOR_PAGE)
        .isZero();
    for (String shot :
        List.of(
            "doors-2-delete-window",
            "doors-4-delete-now-choice",
            "doors-6-page-delete-now",
            "doors-8-deactivate-confirm",
            "doors-10-history",
            "doors-11-page-window-banner",
            "doors-12-protected")) {
      assertThat(screenshots.resolve(shot + ".png")).exists();
    }
  }

  private static void assertKeptData(KeycloakServer kc, String username) {
    String id = userIds.get(username);
    assertThat(academyRows(kc, "ACADEMY_LEARNING_RECORD", id))
        .as("%s keeps its learning records", username)
        .isEqualTo(2);
    assertThat(academyRows(kc, "ACADEMY_CERTIFICATE", id))
        .as("%s keeps its certificate", username)
        .isEqualTo(1);
  }

  private static void seedAcademyData(AdminClient admin, String userId, String username) {
    String base = realm.path("/academy/users/" + userId);
    for (Map<String, Object> record :
        List.<Map<String, Object>>of(
            Map.of(
                "courseId",
                "safety-101",
                "courseName",
                "Safety at work",
                "status",
                "COMPLETED",
                "score",
                90,
                "startedAt",
                "2026-01-05T09:00:00Z",
                "completedAt",
                "2026-01-12T16:00:00Z"),
            Map.of(
                "courseId",
                "privacy-201",
                "courseName",
                "Privacy basics",
                "status",
                "IN_PROGRESS",
                "startedAt",
                "2026-02-01T09:00:00Z"))) {
      TestResponse r = admin.post(base + "/learning-records", record);
      assertThat(r.status()).as("learning record for %s: %s", username, r).isEqualTo(201);
    }
    TestResponse r =
        admin.post(
            base + "/certificates",
            Map.of(
                "courseId",
                "safety-101",
                "title",
                "Safety at work",
                "serial",
                "SAFE-" + username,
                "issuedAt",
                "2026-01-12T16:00:00Z"));
    assertThat(r.status()).as("certificate for %s: %s", username, r).isEqualTo(201);
  }

  /**
   * Records of courses course-01 … course-12 (started a day apart; every fourth still in progress)
   * and three certificates.
   */
  private static void seedLearner(AdminClient admin, String userId) {
    String base = realm.path("/academy/users/" + userId);
    for (int i = 1; i <= LEARNER_RECORDS; i++) {
      String course = String.format("course-%02d", i);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("courseId", course);
      record.put("courseName", "Course " + i);
      record.put("startedAt", String.format("2026-01-%02dT09:00:00Z", i));
      if (i % 4 == 0) {
        record.put("status", "IN_PROGRESS");
      } else {
        record.put("status", "COMPLETED");
        record.put("score", 60 + i);
        record.put("completedAt", String.format("2026-01-%02dT17:00:00Z", i + 1));
      }
      TestResponse r = admin.post(base + "/learning-records", record);
      assertThat(r.status()).as("learner's record %s: %s", course, r).isEqualTo(201);
    }
    for (int i = 1; i <= LEARNER_CERTIFICATES; i++) {
      TestResponse r =
          admin.post(
              base + "/certificates",
              Map.of(
                  "courseId",
                  String.format("course-%02d", i),
                  "title",
                  "Certificate " + i,
                  "serial",
                  "LEARN-" + i,
                  "issuedAt",
                  String.format("2026-02-%02dT12:00:00Z", i)));
      assertThat(r.status()).as("learner's certificate %s: %s", i, r).isEqualTo(201);
    }
  }

  private static boolean enabled(String userId) {
    TestResponse r = realm.master().get(realm.path("/users/" + userId));
    assertThat(r.status()).as("read user %s: %s", userId, r).isEqualTo(200);
    JsonNode user = r.json();
    return user.get("enabled").asBoolean();
  }

  private static long academyRows(KeycloakServer kc, String table, String userId) {
    return kc.database().count("SELECT COUNT(*) FROM " + table + " WHERE USER_ID = ?", userId);
  }

  /** {@code theme/} beside this module, or {@code -De2e.theme.dir}. */
  private static Path themeDir() {
    String configured = System.getProperty("e2e.theme.dir");
    Path dir =
        configured != null
            ? Path.of(configured)
            : Path.of("").toAbsolutePath().resolveSibling("theme");
    if (!Files.isRegularFile(dir.resolve("package.json"))) {
      fail("no theme module at " + dir + " (set -De2e.theme.dir)");
    }
    return dir;
  }

  private record SuiteRun(int exitCode, String output, Duration elapsed) {}

  private static SuiteRun runSuite(Path theme, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("academy-e2e-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder("npm", "run", "e2e")
            .directory(theme.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    // playwright-core never downloads a browser by itself; this keeps any npm hook from trying.
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    long start = System.nanoTime();
    Process process = pb.start();
    try {
      if (!process.waitFor(SUITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        fail(
            "npm run e2e did not end within "
                + SUITE_TIMEOUT
                + "; its output:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new SuiteRun(
          process.exitValue(),
          Files.readString(log, StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      // Chromium must not outlive the run, whatever happened.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      Files.deleteIfExists(log);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
