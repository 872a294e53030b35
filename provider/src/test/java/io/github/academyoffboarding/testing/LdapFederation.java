package io.github.academyoffboarding.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An LDAP user federation provider of a {@link TestRealm}, added through the admin REST API as the
 * admin console adds one: import on, writable (so that Keycloak removes a deleted user's LDAP entry
 * too), no periodic sync, users under one organizational unit of the {@link LdapServer}.
 */
public final class LdapFederation {

  public static final String PROVIDER_TYPE = "org.keycloak.storage.UserStorageProvider";

  private final TestRealm realm;
  private final String id;

  private LdapFederation(TestRealm realm, String id) {
    this.realm = realm;
    this.id = id;
  }

  /** Adds the provider for the learners under {@code ou=unit}; returns it (not synced yet). */
  public static LdapFederation add(
      KeycloakServer kc, TestRealm realm, LdapServer ldap, String unit) {
    if (kc instanceof ContainerKeycloak) {
      // The container cannot reach the test machine's loopback interface, where slapd listens.
      throw new IllegalStateException(
          "the LDAP integration tests need Keycloak from the distribution: run them with"
              + " -Dkc.it.runtime=dist");
    }
    Map<String, List<String>> config = new LinkedHashMap<>();
    config.put("enabled", List.of("true"));
    config.put("priority", List.of("0"));
    config.put("vendor", List.of("other"));
    config.put("connectionUrl", List.of(ldap.url()));
    config.put("usersDn", List.of(LdapServer.unitDn(unit)));
    config.put("authType", List.of("simple"));
    config.put("bindDn", List.of(LdapServer.ROOT_DN));
    config.put("bindCredential", List.of(LdapServer.ROOT_PASSWORD));
    config.put("searchScope", List.of("1"));
    config.put("usernameLDAPAttribute", List.of("uid"));
    config.put("rdnLDAPAttribute", List.of("uid"));
    config.put("uuidLDAPAttribute", List.of("entryUUID"));
    config.put("userObjectClasses", List.of("inetOrgPerson, organizationalPerson"));
    config.put("editMode", List.of("WRITABLE"));
    config.put("importEnabled", List.of("true"));
    config.put("syncRegistrations", List.of("false"));
    config.put("trustEmail", List.of("true"));
    config.put("pagination", List.of("false"));
    config.put("connectionPooling", List.of("false"));
    config.put("useTruststoreSpi", List.of("always"));
    config.put("validatePasswordPolicy", List.of("false"));
    config.put("allowKerberosAuthentication", List.of("false"));
    config.put("useKerberosForPasswordAuthentication", List.of("false"));
    config.put("batchSizeForSync", List.of("1000"));
    config.put("fullSyncPeriod", List.of("-1"));
    config.put("changedSyncPeriod", List.of("-1"));
    config.put("cachePolicy", List.of("DEFAULT"));
    TestResponse r =
        realm
            .master()
            .post(
                realm.path("/components"),
                Map.of(
                    "name",
                    "ldap-" + unit,
                    "providerId",
                    "ldap",
                    "providerType",
                    PROVIDER_TYPE,
                    "parentId",
                    realm.id(),
                    "config",
                    config));
    TestRealm.expect(r, 201, "add LDAP provider for " + unit);
    String location = r.location();
    return new LdapFederation(realm, location.substring(location.lastIndexOf('/') + 1));
  }

  public String id() {
    return id;
  }

  /** A full sync (imports every learner of the unit); returns Keycloak's sync result. */
  public JsonNode syncAll() {
    return sync("triggerFullSync");
  }

  private JsonNode sync(String action) {
    TestResponse r =
        realm.master().post(realm.path("/user-storage/" + id + "/sync?action=" + action), null);
    TestRealm.expect(r, 200, "LDAP " + action);
    JsonNode result = r.json();
    if (result.path("failed").asInt() > 0) {
      throw new IllegalStateException("LDAP " + action + " failed for some users: " + result);
    }
    return result;
  }

  /** "Remove imported users" of the admin console. */
  public void removeImportedUsers() {
    TestRealm.expect(
        realm.master().post(realm.path("/user-storage/" + id + "/remove-imported-users"), null),
        204,
        "remove imported users");
  }

  /** Deletes the provider (Keycloak removes its imported users with it). */
  public void delete() {
    TestRealm.expect(
        realm.master().delete(realm.path("/components/" + id)), 204, "delete LDAP provider");
  }

  /** The Keycloak ids of imported LDAP learners of {@code realm}, by uid (= username). */
  public static Map<String, String> importedIds(TestRealm realm, Iterable<String> uids) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String uid : uids) {
      List<JsonNode> users = realm.usersNamed(uid);
      if (users.size() != 1 || users.get(0).path("federationLink").asText().isEmpty()) {
        throw new AssertionError("expected one imported LDAP user " + uid + ", found " + users);
      }
      ids.put(uid, users.get(0).get("id").asText());
    }
    return ids;
  }
}
