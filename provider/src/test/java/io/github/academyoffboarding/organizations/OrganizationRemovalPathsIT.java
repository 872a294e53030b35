package io.github.academyoffboarding.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.BrowserSession;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.OidcIdentityProvider;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ways Keycloak Organizations remove users, and the academy rows that follow them. Managed
 * members are made as Keycloak makes them: a learner signs in to the academy realm for the first
 * time through the organization's identity provider (a second realm of the same server), over HTTP
 * with a cookie jar — the organization's identity-first page picks the provider from the e-mail
 * domain, the first broker login creates the user and makes it a managed member. Unmanaged members
 * are existing users added through the admin API.
 *
 * <p>Removing a managed member deletes the user (Keycloak's {@code UserProvider.removeUser}): its
 * rows go in that request, no reconciliation needed. Removing an unmanaged member only ends the
 * membership: user and rows stay. Deleting an organization deletes its managed members — one also
 * an unmanaged member of a second organization among them — with their rows, and leaves its
 * unmanaged members, the second organization's managed member and a user of no organization with
 * theirs.
 */
@ExtendWith(KeycloakServerExtension.class)
class OrganizationRemovalPathsIT {

  private static final String DOMAIN_A = "a.example";
  private static final String DOMAIN_B = "b.example";

  private static KeycloakServer kc;

  /** The identity providers' realm: the learners' accounts at their organizations. */
  private static TestRealm identities;

  private TestRealm academy;
  private BulkFlow flow;
  private String orgA;
  private String orgB;

  /** Managed members of A ("ann", "bob") and of B ("cat"), by username. */
  private final Map<String, String> managed = new LinkedHashMap<>();

  private String unmanagedA;
  private String unmanagedAandB;
  private String plain;

  @BeforeAll
  static void createIdentities(KeycloakServer server) {
    kc = server;
    identities = TestRealm.create(kc);
    for (String learner : List.of("ann", "bob")) {
      identities.createUser(learner, learner + "@" + DOMAIN_A);
    }
    identities.createUser("cat", "cat@" + DOMAIN_B);
  }

  @AfterAll
  static void deleteIdentities() {
    identities.close();
  }

  @BeforeEach
  void setUp() {
    academy = TestRealm.create(kc);
    flow = new BulkFlow(kc, academy);
    AdminClient master = academy.master();
    expect(
        master.put(academy.path(""), Map.of("organizationsEnabled", true)),
        204,
        "enable organizations");

    orgA = createOrganization("org-a", DOMAIN_A);
    orgB = createOrganization("org-b", DOMAIN_B);
    linkIdentityProvider(orgA, "idp-a", DOMAIN_A);
    linkIdentityProvider(orgB, "idp-b", DOMAIN_B);

    for (String learner : List.of("ann", "bob")) {
      managed.put(learner, firstLoginThroughOrganization(learner, learner + "@" + DOMAIN_A));
    }
    managed.put("cat", firstLoginThroughOrganization("cat", "cat@" + DOMAIN_B));

    unmanagedA = academy.createUser("uma", "uma@elsewhere.example");
    unmanagedAandB = academy.createUser("ulf", "ulf@elsewhere.example");
    plain = academy.createUser("pia", "pia@elsewhere.example");
    addMember(orgA, unmanagedA);
    addMember(orgA, unmanagedAandB);
    addMember(orgB, unmanagedAandB);
    addMember(orgB, managed.get("bob"));

    assertThat(membershipTypes(orgA))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                managed.get("ann"),
                "MANAGED",
                managed.get("bob"),
                "MANAGED",
                unmanagedA,
                "UNMANAGED",
                unmanagedAandB,
                "UNMANAGED"));
    assertThat(membershipTypes(orgB))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                managed.get("cat"),
                "MANAGED",
                managed.get("bob"),
                "UNMANAGED",
                unmanagedAandB,
                "UNMANAGED"));
    for (String id : allUsers()) {
      flow.addAcademyData(master, id);
      assertThat(kc.database().academyRows(id)).isEqualTo(2);
    }
  }

  @AfterEach
  void tearDown() {
    academy.close();
  }

  @Test
  void removingAManagedMemberDeletesTheUserAndItsRows() {
    String ann = managed.get("ann");

    TestResponse removed = academy.admin().delete(orgPath(orgA, "/members/" + ann));

    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    assertGone(ann);
    assertKept(managed.get("bob"), managed.get("cat"), unmanagedA, unmanagedAandB, plain);
    assertThat(membershipTypes(orgA)).doesNotContainKey(ann).containsKey(managed.get("bob"));
  }

  @Test
  void removingAnUnmanagedMemberEndsTheMembershipAndKeepsTheUserAndItsRows() {
    TestResponse removed = academy.admin().delete(orgPath(orgA, "/members/" + unmanagedA));

    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    assertThat(membershipTypes(orgA)).doesNotContainKey(unmanagedA);
    assertKept(allUsers().toArray(String[]::new));
  }

  @Test
  void deletingTheOrganizationTakesItsManagedMembersWithTheirRowsAndNobodyElse() {
    // bob is pending deletion by an import with a restore window: leaving with his organization,
    // he must not leave his mark behind (Keycloak publishes only UserPreRemovedEvent here).
    JsonNode scheduled = flow.scheduleDelete(List.of("bob"), "P1D", Duration.ofSeconds(60));
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    String importId = scheduled.get("id").asText();

    TestResponse deleted = academy.admin().delete(orgPath(orgA, ""));

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertThat(academy.master().get(orgPath(orgA, "")).status()).isEqualTo(404);
    // bob is an unmanaged member of B as well: the managed membership of A decides, he goes.
    assertGone(managed.get("ann"));
    assertGone(managed.get("bob"));
    assertKept(managed.get("cat"), unmanagedA, unmanagedAandB, plain);
    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_PENDING_DELETION where IMPORT_ID = ?", importId))
        .isZero();
    assertThat(flow.get(importId).get("status").asText()).isEqualTo("COMPLETED");
    JsonNode row = flow.rows(importId).get(0);
    assertThat(row.get("outcome").asText()).isEqualTo("GONE");
    assertThat(row.get("messageKey").asText()).isEqualTo("bulk.outcome.removed-elsewhere");
    assertThat(membershipTypes(orgB))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(managed.get("cat"), "MANAGED", unmanagedAandB, "UNMANAGED"));
  }

  private List<String> allUsers() {
    return List.of(
        managed.get("ann"),
        managed.get("bob"),
        managed.get("cat"),
        unmanagedA,
        unmanagedAandB,
        plain);
  }

  /**
   * Signs in to the academy realm's account console as a browser does, through the organization
   * that owns the e-mail's domain; returns the id of the user Keycloak created.
   */
  private String firstLoginThroughOrganization(String username, String email) {
    assertThat(academy.usersNamed(username)).isEmpty();
    BrowserSession browser = new BrowserSession(kc);
    String accountUrl = kc.baseUrl() + "/realms/" + academy.name() + "/account/";
    BrowserSession.Page identityFirst =
        browser.authorize(academy.name(), "account-console", accountUrl);
    // The organization's identity-first page asks for the e-mail alone; its domain picks the
    // organization and the identity provider linked to it.
    BrowserSession.Page providerLogin =
        browser.submit(identityFirst, "kc-form-login", Map.of("username", email));
    assertThat(providerLogin.url())
        .as("redirected to the identity provider's login:\n%s", browser.trace())
        .startsWith(kc.baseUrl() + "/realms/" + identities.name() + "/");
    BrowserSession.Page back =
        browser.submit(
            providerLogin,
            "kc-form-login",
            Map.of("username", username, "password", TestRealm.PASSWORD, "credentialId", ""));
    assertThat(back.url())
        .as("back at the account console with a code:\n%s\n%s", browser.trace(), back.html())
        .startsWith(accountUrl)
        .contains("code=");

    List<JsonNode> users = academy.usersNamed(username);
    assertThat(users).as("user made by the first broker login").hasSize(1);
    String id = users.get(0).get("id").asText();
    assertThat(users.get(0).get("email").asText()).isEqualTo(email);
    TestResponse links = academy.master().get(academy.path("/users/" + id + "/federated-identity"));
    assertThat(links.json()).hasSize(1);
    return id;
  }

  private String createOrganization(String name, String domain) {
    TestResponse r =
        academy
            .master()
            .post(
                academy.path("/organizations"),
                Map.of("name", name, "alias", name, "domains", List.of(Map.of("name", domain))));
    expect(r, 201, "create organization " + name);
    String location = r.location();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Links a new identity provider to the organization, redirecting the domain's e-mails to it. */
  private void linkIdentityProvider(String orgId, String alias, String domain) {
    OidcIdentityProvider idp = OidcIdentityProvider.add(kc, academy, identities, alias);
    expect(
        academy.master().post(orgPath(orgId, "/identity-providers"), alias), 204, "link " + alias);
    idp.configure(
        Map.of("kc.org.domain", domain, "kc.org.broker.redirect.mode.email-matches", "true"));
  }

  private void addMember(String orgId, String userId) {
    expect(academy.master().post(orgPath(orgId, "/members"), userId), 201, "add member " + userId);
  }

  /** The organization's members: user id → membership type (MANAGED / UNMANAGED). */
  private Map<String, String> membershipTypes(String orgId) {
    TestResponse r = academy.master().get(orgPath(orgId, "/members?max=100"));
    expect(r, 200, "list members");
    Map<String, String> types = new LinkedHashMap<>();
    r.json().forEach(m -> types.put(m.get("id").asText(), m.get("membershipType").asText()));
    return types;
  }

  private String orgPath(String orgId, String suffix) {
    return academy.path("/organizations/" + orgId + suffix);
  }

  /**
   * The user is deleted and its rows went with it, in the same request (no reconciliation): the
   * organization removes a managed member through the user storage, which publishes {@code
   * UserPreRemovedEvent}.
   */
  private void assertGone(String userId) {
    assertThat(academy.master().get(academy.path("/users/" + userId)).status()).isEqualTo(404);
    assertThat(kc.database().count("select count(*) from USER_ENTITY where ID = ?", userId))
        .isZero();
    assertThat(kc.database().academyRows(userId)).as("academy rows of %s", userId).isZero();
    assertThat(kc.log()).contains("User " + userId + " removed (UserPreRemovedEvent)");
  }

  private void assertKept(String... userIds) {
    for (String userId : userIds) {
      assertThat(academy.master().get(academy.path("/users/" + userId)).status())
          .as("user %s", userId)
          .isEqualTo(200);
      assertThat(kc.database().academyRows(userId)).as("academy rows of %s", userId).isEqualTo(2);
    }
  }

  private static void expect(TestResponse r, int status, String what) {
    assertThat(r.status()).as("%s: %s", what, r).isEqualTo(status);
  }
}
