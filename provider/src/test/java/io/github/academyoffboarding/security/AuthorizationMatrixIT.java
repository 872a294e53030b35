package io.github.academyoffboarding.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint of {@code /academy} and {@code /bulk-users} called by every kind of caller,
 * against a real Keycloak. The expected status of each cell is stated here; the observed ones are
 * written as a Markdown table to {@code docs/security.md} (with {@code -Ddocs.write=true}) or
 * {@code target/security.md}, then compared.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

  private static final String NOBODY = "nobody@example.org";

  private KeycloakServer kc;
  private TestRealm realmA;
  private TestRealm realmB;
  private String targetUser;
  private String sharedImport;
  private String sharedDeletePreview;
  private String sharedScheduled;
  private String expiredToken;
  private String serviceSecret;
  private final Map<String, Map<String, Integer>> observed = new LinkedHashMap<>();
  private final List<String> mismatches = new ArrayList<>();

  @BeforeAll
  void setUp(KeycloakServer kc) throws Exception {
    this.kc = kc;
    realmA = TestRealm.create(kc);
    realmB = TestRealm.create(kc);
    expiredToken = shortLivedToken();
    targetUser = realmA.createUser("target", "target@example.org");
    realmA.createUser("plain", "plain@example.org");
    realmA.createUserWithRoles("viewer", "viewer@example.org", "view-users");
    realmA.createUserWithRoles("manager", "manager@example.org", "manage-users", "view-users");
    realmA.createUserWithRoles("restricted", "restricted@example.org", "query-users");
    realmB.createUserWithRoles("viewer", "viewer@example.org", "view-users");
    serviceSecret = serviceAccountWithManageUsers();
    // Fine-grained admin permissions (v2) for realm A: "restricted" holds query-users and no
    // permission.
    expect(
        realmA.master().put(realmA.path(""), Map.of("adminPermissionsEnabled", true)),
        204,
        "enable FGAP v2");
    assertThat(
            realmA.master().get(realmA.path("")).json().get("adminPermissionsEnabled").asBoolean())
        .isTrue();
    permitOnTarget(realmA.createUserWithRoles("delegate", "delegate@example.org", "query-users"));
    sharedImport = newPreview();
    sharedDeletePreview = deletePreview(List.of(NOBODY), "P1D");
    sharedScheduled = scheduledDelete();
  }

  @AfterAll
  void tearDown() {
    if (realmA != null) {
      realmA.close();
    }
    if (realmB != null) {
      realmB.close();
    }
  }

  @Test
  void everyCallerGetsTheExpectedStatusOnEveryEndpoint() throws IOException {
    List<Caller> callers =
        List.of(
            new Caller("no token", () -> AdminClient.anonymous(kc), Grant.UNAUTHENTICATED),
            new Caller(
                "expired token",
                () -> AdminClient.withToken(kc, expiredToken),
                Grant.UNAUTHENTICATED),
            new Caller(
                "token with a forged signature",
                () -> AdminClient.withToken(kc, forged(realmA.admin().accessToken())),
                Grant.UNAUTHENTICATED),
            new Caller("realm user without admin roles", () -> realmA.login("plain"), Grant.NONE),
            new Caller("view-users only", () -> realmA.login("viewer"), Grant.READ),
            new Caller("manage-users + view-users", () -> realmA.login("manager"), Grant.FULL),
            new Caller("realm-admin", () -> realmA.admin(), Grant.FULL),
            new Caller("master admin", () -> kc.masterAdmin(), Grant.FULL),
            new Caller("another realm's admin", () -> realmB.admin(), Grant.NONE),
            new Caller(
                "service account with manage-users only",
                () -> AdminClient.clientCredentials(kc, realmA.name(), "automation", serviceSecret),
                Grant.FULL),
            new Caller(
                "FGAP v2 admin with query-users only",
                () -> realmA.login("restricted"),
                Grant.RESTRICTED),
            new Caller(
                "FGAP v2 admin with query-users + view/manage permission on the target user",
                () -> realmA.login("delegate"),
                Grant.ONE_USER));

    for (Caller caller : callers) {
      AdminClient client = caller.client.get();
      for (Endpoint endpoint : Endpoint.values()) {
        int status = endpoint.call(this, client).status();
        record(caller.name, endpoint.label, caller.grant.expected(endpoint), status);
      }
    }

    // Realm isolation from the other side: realm B's admin naming realm A's ids through realm B's
    // own path.
    AdminClient adminB = realmB.admin();
    String b = realmB.path("");
    String viaB = "realm B admin, realm A's ids via /admin/realms/B";
    record(
        viaB,
        Endpoint.IMPORT_GET.label,
        404,
        adminB.get(b + "/bulk-users/imports/" + sharedImport).status());
    record(
        viaB,
        Endpoint.ROWS.label,
        404,
        adminB.get(b + "/bulk-users/imports/" + sharedImport + "/rows").status());
    record(
        viaB,
        Endpoint.COMMIT.label,
        404,
        adminB.post(b + "/bulk-users/imports/" + sharedImport + "/commit", null).status());
    record(
        viaB,
        Endpoint.CANCEL.label,
        404,
        adminB.post(b + "/bulk-users/imports/" + sharedImport + "/cancel", null).status());
    record(
        viaB,
        Endpoint.REPORT.label,
        404,
        adminB.get(b + "/bulk-users/imports/" + sharedImport + "/report").status());
    record(
        viaB,
        Endpoint.ACADEMY_DATA.label,
        404,
        adminB
            .get(b + "/bulk-users/imports/" + sharedDeletePreview + "/academy-data?format=csv")
            .status());
    record(
        viaB,
        Endpoint.RESTORE.label,
        404,
        adminB.post(b + "/bulk-users/imports/" + sharedScheduled + "/restore", null).status());
    record(
        viaB,
        Endpoint.DELETE_NOW.label,
        404,
        adminB.post(b + "/bulk-users/imports/" + sharedScheduled + "/delete-now", null).status());
    JsonNode pendingB = adminB.get(b + "/bulk-users/pending-deletions").json();
    record(viaB, Endpoint.PENDING.label + " (A's pending users listed)", 0, pendingB.size());
    record(
        viaB,
        Endpoint.SUMMARY.label,
        404,
        adminB.get(b + "/academy/users/" + targetUser + "/summary").status());
    record(
        viaB,
        Endpoint.LR_POST.label,
        404,
        adminB
            .post(b + "/academy/users/" + targetUser + "/learning-records", learningRecord())
            .status());
    JsonNode listB = adminB.get(b + "/bulk-users/imports").json();
    record(viaB, Endpoint.LIST.label + " (A's imports listed)", 0, listB.size());
    // The restricted admin's own import is visible to them, realm A's admin's import is not (404
    // above).
    AdminClient restricted = realmA.login("restricted");
    String own =
        restricted
            .post(
                realmA.path("/bulk-users/imports"),
                Map.of(
                    "action", "DEACTIVATE", "identifiers", List.of(NOBODY, "target@example.org")))
            .json()
            .get("id")
            .asText();
    String viaOwn = "FGAP v2 admin with query-users only, own import";
    record(
        viaOwn,
        Endpoint.IMPORT_GET.label,
        200,
        restricted.get(realmA.path("/bulk-users/imports/" + own)).status());
    // The target is not theirs to view: its row must read exactly like the unknown identifier's
    // (NOT_FOUND, no id, no reason), or the preview would tell them who exists.
    record(
        viaOwn,
        Endpoint.ROWS.label + " (PROTECTED rows: none, the target is not theirs to view)",
        0,
        Integer.parseInt(
            restricted
                .get(realmA.path("/bulk-users/imports/" + own + "/rows?status=PROTECTED"))
                .header("X-Total-Count")));
    JsonNode ownRows = restricted.get(realmA.path("/bulk-users/imports/" + own + "/rows")).json();
    record(
        viaOwn,
        Endpoint.ROWS.label + " (NOT_FOUND rows: the unknown identifier and the target)",
        2,
        (int)
            java.util.stream.StreamSupport.stream(ownRows.spliterator(), false)
                .filter(r -> r.get("status").asText().equals("NOT_FOUND"))
                .count());
    record(
        viaOwn,
        Endpoint.ROWS.label + " (1 = the target's row reads exactly like the unknown one's)",
        1,
        ownRows.size() == 2
                && withoutPosition(ownRows.get(1)).equals(withoutPosition(ownRows.get(0)))
                && ownRows.get(1).get("userId") == null
                && !ownRows.toString().contains(targetUser)
            ? 1
            : 0);
    // Their two imports from the matrix above, and this one.
    record(
        viaOwn,
        Endpoint.LIST.label + " (imports listed)",
        3,
        restricted.get(realmA.path("/bulk-users/imports")).json().size());
    record(
        viaOwn,
        Endpoint.COMMIT.label,
        202,
        restricted.post(realmA.path("/bulk-users/imports/" + own + "/commit"), null).status());
    String viaViewer = "view-users only, own import";
    AdminClient viewer = realmA.login("viewer");
    String viewersOwn =
        viewer
            .post(
                realmA.path("/bulk-users/imports"),
                Map.of("action", "DEACTIVATE", "identifiers", List.of("target@example.org")))
            .json()
            .get("id")
            .asText();
    record(
        viaViewer,
        Endpoint.ROWS.label + " (PROTECTED rows: target is not theirs to manage)",
        1,
        Integer.parseInt(
            viewer
                .get(realmA.path("/bulk-users/imports/" + viewersOwn + "/rows?status=PROTECTED"))
                .header("X-Total-Count")));
    record(
        viaViewer,
        Endpoint.CANCEL.label,
        202,
        viewer.post(realmA.path("/bulk-users/imports/" + viewersOwn + "/cancel"), null).status());
    AdminClient delegate = realmA.login("delegate");
    TestResponse delegated =
        delegate.post(
            realmA.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DEACTIVATE",
                "identifiers",
                List.of("target@example.org", "viewer@example.org")));
    String viaDelegate = "FGAP v2 admin with a permission on the target user, own import";
    record(
        viaDelegate,
        Endpoint.CREATE_JSON.label + " (rows MATCHED: the target, not the viewer)",
        1,
        delegated.json().at("/summary/toProcess").asInt());
    record(
        viaDelegate,
        Endpoint.CREATE_JSON.label + " (rows PROTECTED: none, the viewer is not theirs to view)",
        0,
        delegated.json().at("/summary/protected").asInt());
    record(
        viaDelegate,
        Endpoint.CREATE_JSON.label + " (rows NOT_FOUND: the viewer)",
        1,
        delegated.json().at("/summary/notFound").asInt());
    // Without fine-grained permissions (realm B), view-users may not import at all.
    AdminClient viewerB = realmB.login("viewer");
    String previewB =
        adminB
            .post(
                b + "/bulk-users/imports",
                Map.of("action", "DEACTIVATE", "identifiers", List.of(NOBODY)))
            .json()
            .get("id")
            .asText();
    String noFgap = "view-users only, realm B (no fine-grained permissions)";
    record(
        noFgap,
        Endpoint.CREATE_JSON.label,
        403,
        viewerB
            .post(
                b + "/bulk-users/imports",
                Map.of("action", "DEACTIVATE", "identifiers", List.of(NOBODY)))
            .status());
    record(
        noFgap,
        Endpoint.COMMIT.label,
        403,
        viewerB.post(b + "/bulk-users/imports/" + previewB + "/commit", null).status());
    record(
        noFgap,
        Endpoint.IMPORT_GET.label,
        200,
        viewerB.get(b + "/bulk-users/imports/" + previewB).status());

    writeDocument();
    assertThat(mismatches)
        .as("cells whose observed status differs from the expected one")
        .isEmpty();
  }

  private void record(String caller, String endpoint, int expected, int actual) {
    observed.computeIfAbsent(caller, k -> new LinkedHashMap<>()).put(endpoint, actual);
    if (expected != actual) {
      mismatches.add(caller + " × " + endpoint + ": expected " + expected + ", got " + actual);
    }
  }

  /** What a caller may do; the expected status of each endpoint follows from it. */
  enum Grant {
    UNAUTHENTICATED,
    NONE,
    READ,
    FULL,
    RESTRICTED,
    ONE_USER;

    int expected(Endpoint e) {
      return switch (this) {
        case UNAUTHENTICATED -> 401;
        case NONE -> 403;
        // Realm A uses FGAP v2, where whoever may query users may start an import (rows of users
        // they may view but not manage are PROTECTED), but commit and cancel of another admin's
        // import need manage-users.
        case READ ->
            switch (e) {
              case CREATE_JSON, CREATE_MULTIPART -> e.success;
              // Restore is checked user by user (whoever may enable a user with PUT may restore
              // it): 202, and the engine counts the pending user as notAllowed (RestoreWindowIT).
              // Delete now
              // cuts the window short: the import's creator or manage-users only.
              case RESTORE -> e.success;
              default -> e.write ? 403 : e.success;
            };
        case FULL -> e.success;
        // FGAP v2 with query-users: may import (rows of users they may not view read as NOT_FOUND)
        // and list their own imports; another admin's import does not exist for them; academy data
        // needs a per-user grant.
        case RESTRICTED ->
            switch (e) {
              case TEMPLATE, CREATE_JSON, CREATE_MULTIPART, LIST -> e.success;
              case SETTINGS, PENDING -> e.success;
              case IMPORT_GET, ROWS, COMMIT, CANCEL, REPORT, ACADEMY_DATA, RESTORE, DELETE_NOW ->
                  404;
              default -> 403;
            };
        // As RESTRICTED for the bulk endpoints; the academy data of the one user they were given is
        // theirs.
        case ONE_USER ->
            switch (e) {
              case LR_GET, LR_POST, CERT_GET, CERT_POST, SUMMARY -> e.success;
              case RECONCILIATION -> 403;
              default -> RESTRICTED.expected(e);
            };
      };
    }
  }

  enum Endpoint {
    TEMPLATE("GET /bulk-users/template", false, 200),
    CREATE_JSON("POST /bulk-users/imports (JSON)", true, 201),
    CREATE_MULTIPART("POST /bulk-users/imports (multipart)", true, 201),
    LIST("GET /bulk-users/imports", false, 200),
    IMPORT_GET("GET /bulk-users/imports/{id}", false, 200),
    ROWS("GET /bulk-users/imports/{id}/rows", false, 200),
    COMMIT("POST /bulk-users/imports/{id}/commit", true, 202),
    CANCEL("POST /bulk-users/imports/{id}/cancel", true, 202),
    REPORT("GET /bulk-users/imports/{id}/report", false, 200),
    ACADEMY_DATA("GET /bulk-users/imports/{id}/academy-data", false, 200),
    SETTINGS("GET /bulk-users/settings", false, 200),
    PENDING("GET /bulk-users/pending-deletions", false, 200),
    // On a delete whose user is pending: the first caller allowed restores it; later calls find
    // nothing pending and succeed with nothing to do (both are safe to call twice).
    RESTORE("POST /bulk-users/imports/{id}/restore", true, 202),
    DELETE_NOW("POST /bulk-users/imports/{id}/delete-now", true, 202),
    LR_GET("GET /academy/users/{id}/learning-records", false, 200),
    LR_POST("POST /academy/users/{id}/learning-records", true, 201),
    CERT_GET("GET /academy/users/{id}/certificates", false, 200),
    CERT_POST("POST /academy/users/{id}/certificates", true, 201),
    SUMMARY("GET /academy/users/{id}/summary", false, 200),
    RECONCILIATION("POST /academy/reconciliation", true, 200);

    final String label;
    final boolean write;
    final int success;

    Endpoint(String label, boolean write, int success) {
      this.label = label;
      this.write = write;
      this.success = success;
    }

    TestResponse call(AuthorizationMatrixIT t, AdminClient c) {
      String bulk = t.realmA.path("/bulk-users");
      String user = t.realmA.path("/academy/users/" + t.targetUser);
      return switch (this) {
        case TEMPLATE -> c.get(bulk + "/template?format=csv");
        case CREATE_JSON ->
            c.post(
                bulk + "/imports", Map.of("action", "DEACTIVATE", "identifiers", List.of(NOBODY)));
        case CREATE_MULTIPART ->
            c.postMultipart(
                bulk + "/imports",
                Map.of("action", "DEACTIVATE"),
                "file",
                "users.csv",
                ("email\n" + NOBODY + "\n").getBytes(StandardCharsets.UTF_8),
                "text/csv");
        case LIST -> c.get(bulk + "/imports");
        case IMPORT_GET -> c.get(bulk + "/imports/" + t.sharedImport);
        case ROWS -> c.get(bulk + "/imports/" + t.sharedImport + "/rows");
        // Each commit and cancel gets a fresh preview (of no existing user), so a success is a real
        // one.
        case COMMIT -> c.post(bulk + "/imports/" + t.newPreview() + "/commit", null);
        case CANCEL -> c.post(bulk + "/imports/" + t.newPreview() + "/cancel", null);
        case REPORT -> c.get(bulk + "/imports/" + t.sharedImport + "/report?format=csv");
        case ACADEMY_DATA ->
            c.get(bulk + "/imports/" + t.sharedDeletePreview + "/academy-data?format=csv");
        case SETTINGS -> c.get(bulk + "/settings");
        case PENDING -> c.get(bulk + "/pending-deletions");
        case RESTORE -> c.post(bulk + "/imports/" + t.sharedScheduled + "/restore", null);
        case DELETE_NOW -> c.post(bulk + "/imports/" + t.sharedScheduled + "/delete-now", null);
        case LR_GET -> c.get(user + "/learning-records");
        case LR_POST -> c.post(user + "/learning-records", learningRecord());
        case CERT_GET -> c.get(user + "/certificates");
        case CERT_POST ->
            c.post(
                user + "/certificates",
                Map.of(
                    "courseId",
                    "java-101",
                    "title",
                    "Java basics",
                    "serial",
                    "S-" + UUID.randomUUID(),
                    "issuedAt",
                    "2026-01-15T10:00:00Z"));
        case SUMMARY -> c.get(user + "/summary");
        case RECONCILIATION -> c.post(t.realmA.path("/academy/reconciliation"), null);
      };
    }
  }

  record Caller(String name, Supplier<AdminClient> client, Grant grant) {}

  private static Map<String, Object> learningRecord() {
    return Map.of("courseId", "java-101", "courseName", "Java basics", "status", "ENROLLED");
  }

  /**
   * A preview by realm A's own admin, of a user who does not exist: committing it changes nothing.
   */
  private String newPreview() {
    TestResponse r =
        realmA
            .admin()
            .post(
                realmA.path("/bulk-users/imports"),
                Map.of("action", "DEACTIVATE", "identifiers", List.of(NOBODY)));
    expect(r, 201, "create preview");
    return r.json().get("id").asText();
  }

  /** A DELETE preview by realm A's own admin, with the given restore window. */
  private String deletePreview(List<String> emails, String deleteAfter) {
    TestResponse r =
        realmA
            .admin()
            .post(
                realmA.path("/bulk-users/imports"),
                Map.of("action", "DELETE", "identifiers", emails, "deleteAfter", deleteAfter));
    expect(r, 201, "create delete preview");
    return r.json().get("id").asText();
  }

  /** A delete of a throw-away user through a one-day restore window, committed and SCHEDULED. */
  private String scheduledDelete() {
    realmA.createUser("leaver", "leaver@example.org");
    String id = deletePreview(List.of("leaver@example.org"), "P1D");
    expect(
        realmA.admin().post(realmA.path("/bulk-users/imports/" + id + "/commit"), null),
        202,
        "commit scheduled delete");
    io.github.academyoffboarding.bulk.BulkFlow.await(
        () ->
            "SCHEDULED"
                    .equals(
                        realmA
                            .admin()
                            .get(realmA.path("/bulk-users/imports/" + id))
                            .json()
                            .get("status")
                            .asText())
                ? id
                : null,
        java.time.Duration.ofSeconds(60),
        "the delete to be scheduled");
    return id;
  }

  /**
   * A token of realm A's admin issued while the realm's access-token lifespan was 2 s; returned
   * once it has expired.
   */
  private String shortLivedToken() throws InterruptedException {
    AdminClient master = realmA.master();
    expect(
        master.put(realmA.path(""), Map.of("accessTokenLifespan", 2)),
        204,
        "shorten token lifespan");
    String token;
    try {
      token = realmA.admin().accessToken();
    } finally {
      expect(
          master.put(realmA.path(""), Map.of("accessTokenLifespan", 300)),
          204,
          "restore token lifespan");
    }
    long exp = claims(token).get("exp").asLong();
    while (System.currentTimeMillis() / 1000 <= exp + 1) {
      Thread.sleep(500);
    }
    return token;
  }

  /** Same header and claims, one character of the signature changed. */
  private static String forged(String token) {
    int sig = token.lastIndexOf('.') + 1;
    int at = sig + (token.length() - sig) / 2;
    char c = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + c + token.substring(at + 1);
  }

  private static JsonNode claims(String token) {
    String payload = token.split("\\.")[1];
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(Base64.getUrlDecoder().decode(payload));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * FGAP v2: a user policy for {@code adminId} and a scope permission (view, manage) on the target
   * user, on the realm's admin-permissions client.
   */
  private void permitOnTarget(String adminId) {
    AdminClient m = realmA.master();
    String permissionsClient =
        m.get(realmA.path("")).json().at("/adminPermissionsClient/id").asText();
    assertThat(permissionsClient).as("admin-permissions client").isNotBlank();
    String server = realmA.path("/clients/" + permissionsClient + "/authz/resource-server");
    expect(
        m.post(
            server + "/policy/user", Map.of("name", "delegate-policy", "users", List.of(adminId))),
        201,
        "user policy");
    expect(
        m.post(
            server + "/permission/scope",
            Map.of(
                "name",
                "delegate-on-target",
                "resourceType",
                "Users",
                "resources",
                List.of(targetUser),
                "scopes",
                List.of("view", "manage"),
                "policies",
                List.of("delegate-policy"))),
        201,
        "scope permission on the target user");
  }

  /**
   * A confidential client "automation" whose service account holds realm-management/manage-users
   * only.
   */
  private String serviceAccountWithManageUsers() {
    AdminClient m = realmA.master();
    String secret = "secret-" + UUID.randomUUID();
    expect(
        m.post(
            realmA.path("/clients"),
            Map.of(
                "clientId",
                "automation",
                "publicClient",
                false,
                "secret",
                secret,
                "serviceAccountsEnabled",
                true,
                "standardFlowEnabled",
                false)),
        201,
        "create client");
    String clientUuid =
        m.get(realmA.path("/clients?clientId=automation")).json().get(0).get("id").asText();
    String saUser =
        m.get(realmA.path("/clients/" + clientUuid + "/service-account-user"))
            .json()
            .get("id")
            .asText();
    String rm =
        m.get(realmA.path("/clients?clientId=realm-management")).json().get(0).get("id").asText();
    JsonNode role = m.get(realmA.path("/clients/" + rm + "/roles/manage-users")).json();
    expect(
        m.post(realmA.path("/users/" + saUser + "/role-mappings/clients/" + rm), List.of(role)),
        204,
        "grant manage-users");
    return secret;
  }

  private void writeDocument() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Security: who may call what\n\n")
        .append(
            "Generated by `AuthorizationMatrixIT` from the statuses a real Keycloak 26.7.3 returned ")
        .append(
            "(`./mvnw verify -pl provider -am -Dit.test=AuthorizationMatrixIT -Ddocs.write=true`). ")
        .append("The test states the expected status of every cell and fails when one differs; ")
        .append("a cell that differed is marked ❌ with the expected status.\n\n")
        .append(
            "All paths are below `/admin/realms/{realm}`. Callers are in realm A unless said otherwise:\n\n")
        .append(
            "- *expired token*: realm A's admin, issued with a 2-second access-token lifespan and used after it ran out;\n")
        .append(
            "- *forged signature*: a valid token of realm A's admin with one character of its signature changed;\n")
        .append("- *another realm's admin*: `realm-admin` of realm B calling realm A's paths;\n")
        .append(
            "- *service account*: client credentials of a confidential client whose service account holds `manage-users` only;\n")
        .append(
            "- *FGAP v2 admin*: realm A with `adminPermissionsEnabled` (fine-grained admin permissions v2), the admin holds ")
        .append(
            "`query-users` and no permission on any user. They may start imports and see only their own imports; ")
        .append(
            "another admin's import is 404 to them. A row about a user they may not view reads exactly like a row ")
        .append(
            "of an unknown identifier (NOT_FOUND, no user id, no reason, no academy counts), so a preview tells ")
        .append("them nothing about who exists; users they may view but not manage are PROTECTED. ")
        .append(
            "The second FGAP v2 admin also has a scope permission (`view`, `manage`) on the target user alone: ")
        .append(
            "that user's academy data becomes theirs, everything else stays as for the first.\n\n")
        .append(
            "Commit and cancel are each called on a fresh preview made by realm A's admin. Realm A uses fine-grained ")
        .append(
            "admin permissions, where an admin who may query users may start an import (each row of a user they may ")
        .append(
            "view but not manage is PROTECTED, one they may not view is NOT_FOUND, and the job checks each user ")
        .append("again with the committing admin's rights); so ")
        .append(
            "`view-users` can create previews there, but only commit or cancel their own. In a realm without them ")
        .append("(realm B below) `view-users` gets 403 on every write.\n\n");
    List<String> endpoints = new ArrayList<>();
    observed
        .values()
        .forEach(
            m ->
                m.keySet()
                    .forEach(
                        k -> {
                          if (!endpoints.contains(k)) {
                            endpoints.add(k);
                          }
                        }));
    List<String> mainCallers = new ArrayList<>();
    List<String> extraCallers = new ArrayList<>();
    for (String caller : observed.keySet()) {
      (observed.get(caller).size() == Endpoint.values().length ? mainCallers : extraCallers)
          .add(caller);
    }
    md.append("## Matrix\n\n| endpoint |");
    mainCallers.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append("\n|---|");
    mainCallers.forEach(c -> md.append("---|"));
    md.append('\n');
    for (Endpoint e : Endpoint.values()) {
      md.append("| `").append(e.label).append("` |");
      for (String c : mainCallers) {
        md.append(' ').append(cell(c, e.label)).append(" |");
      }
      md.append('\n');
    }
    md.append(
        "\n## Realm isolation and restricted admins\n\n| caller | request | observed |\n|---|---|---|\n");
    for (String c : extraCallers) {
      for (Map.Entry<String, Integer> e : observed.get(c).entrySet()) {
        md.append("| ")
            .append(c)
            .append(" | `")
            .append(e.getKey())
            .append("` | ")
            .append(cell(c, e.getKey()))
            .append(" |\n");
      }
    }
    md.append(
            "\n401: no valid token (Keycloak refuses it before the extension runs). 403: authenticated but lacking the role ")
        .append(
            "(`bulk.forbidden` from `/bulk-users`, Keycloak's own 403 from `/academy` and for another realm's admin). ")
        .append(
            "404: the import or user does not exist *for this caller* (`bulk.import-not-found`, `academy.user-not-found`).\n");
    md.append("\n## Hostile and odd files\n\n")
        .append(
            "`HostileFilesIT` uploads some forty hostile or odd files (corrupt and truncated zips, a zip bomb, XXE and ")
        .append(
            "entity expansion in the sheet, sharedStrings and content types, .xlsm with macros, .xls, .ods, PDF, an ")
        .append(
            "encrypted .xlsx, 100,001 rows, 11 MiB, 10,000 columns, 32,000-character cells, formulas, dates, merged ")
        .append(
            "cells, internationalised and right-to-left addresses, CSV with NUL bytes, UTF-16, Latin-1, mixed line ")
        .append(
            "endings, BOM and semicolons) and states each answer (status and message key, or the preview's counts); ")
        .append(
            "then checks that no refused file created an import, `/health/ready` is 200 and the heap is bounded. ")
        .append("The 1,000,000-row workbook runs only with `-Dhostile.heavy=true`.\n");
    if (!mismatches.isEmpty()) {
      md.append("\n## Differences from the expected statuses\n\n");
      mismatches.forEach(m -> md.append("- ").append(m).append('\n'));
    }
    Path target =
        Boolean.getBoolean("docs.write")
            ? docsDir().resolve("security.md")
            : Path.of("target", "security.md");
    Files.createDirectories(target.getParent());
    Files.writeString(target, md.toString(), StandardCharsets.UTF_8);
  }

  private String cell(String caller, String endpoint) {
    Integer v = observed.get(caller).get(endpoint);
    String prefix = caller + " × " + endpoint + ": expected ";
    return mismatches.stream()
        .filter(m -> m.startsWith(prefix))
        .findFirst()
        .map(
            m ->
                "❌ "
                    + v
                    + " (expected "
                    + m.substring(prefix.length(), m.indexOf(',', prefix.length()))
                    + ")")
        .orElse(String.valueOf(v));
  }

  /** The repository's docs/ directory (the tests run with provider/ as working directory). */
  static Path docsDir() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("docs")) && Files.exists(here.resolve("mvnw"))
        ? here.resolve("docs")
        : here.getParent().resolve("docs");
  }

  /** A row without what differs between two rows by design: its position and what was written. */
  private static JsonNode withoutPosition(JsonNode row) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = row.deepCopy();
    copy.remove("rowNumber");
    copy.remove("identifier");
    return copy;
  }

  private static void expect(TestResponse r, int status, String what) {
    if (r.status() != status) {
      throw new IllegalStateException(what + ": expected " + status + " but got " + r);
    }
  }
}
