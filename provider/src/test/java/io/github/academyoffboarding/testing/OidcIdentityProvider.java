package io.github.academyoffboarding.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OpenID Connect identity provider of a {@link TestRealm} (the consumer) served by a second
 * realm of the same server (the provider), both made through the admin REST API as the admin
 * console makes them: a confidential client in the provider realm whose only redirect URI is the
 * consumer's broker endpoint, and an {@code oidc} identity provider in the consumer that signs in
 * with it (authorization code, client secret, signatures checked against the provider's keys).
 */
public final class OidcIdentityProvider {

  private final TestRealm consumer;
  private final String alias;

  private OidcIdentityProvider(TestRealm consumer, String alias) {
    this.consumer = consumer;
    this.alias = alias;
  }

  /** Adds the client to {@code provider} and the identity provider {@code alias} to consumer. */
  public static OidcIdentityProvider add(
      KeycloakServer kc, TestRealm consumer, TestRealm provider, String alias) {
    if (kc instanceof ContainerKeycloak) {
      // The consumer fetches tokens and keys from the provider over the URLs below, which are the
      // test machine's view of the server: a container cannot reach them.
      throw new IllegalStateException(
          "the identity-provider integration tests need Keycloak from the distribution: run them"
              + " with -Dkc.it.runtime=dist");
    }
    String clientId = "broker-" + consumer.name() + "-" + alias;
    String secret = UUID.randomUUID().toString();
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("protocol", "openid-connect");
    client.put("publicClient", false);
    client.put("clientAuthenticatorType", "client-secret");
    client.put("secret", secret);
    client.put("standardFlowEnabled", true);
    client.put("directAccessGrantsEnabled", false);
    client.put(
        "redirectUris",
        List.of(kc.baseUrl() + "/realms/" + consumer.name() + "/broker/" + alias + "/endpoint"));
    TestRealm.expect(
        provider.master().post(provider.path("/clients"), client),
        201,
        "add client " + clientId + " to " + provider.name());

    String issuer = kc.baseUrl() + "/realms/" + provider.name();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("clientId", clientId);
    config.put("clientSecret", secret);
    config.put("clientAuthMethod", "client_secret_post");
    config.put("authorizationUrl", issuer + "/protocol/openid-connect/auth");
    config.put("tokenUrl", issuer + "/protocol/openid-connect/token");
    config.put("userInfoUrl", issuer + "/protocol/openid-connect/userinfo");
    config.put("logoutUrl", issuer + "/protocol/openid-connect/logout");
    config.put("jwksUrl", issuer + "/protocol/openid-connect/certs");
    config.put("useJwksUrl", "true");
    config.put("validateSignature", "true");
    config.put("issuer", issuer);
    config.put("defaultScope", "openid profile email");
    config.put("syncMode", "IMPORT");
    Map<String, Object> idp = new LinkedHashMap<>();
    idp.put("alias", alias);
    idp.put("providerId", "oidc");
    idp.put("enabled", true);
    idp.put("trustEmail", true);
    idp.put("config", config);
    TestRealm.expect(
        consumer.master().post(consumer.path("/identity-provider/instances"), idp),
        201,
        "add identity provider " + alias + " to " + consumer.name());
    return new OidcIdentityProvider(consumer, alias);
  }

  public String alias() {
    return alias;
  }

  /** Adds (or replaces) entries of the identity provider's {@code config}. */
  public void configure(Map<String, String> entries) {
    String path = consumer.path("/identity-provider/instances/" + alias);
    TestResponse current = consumer.master().get(path);
    TestRealm.expect(current, 200, "read identity provider " + alias);
    JsonNode representation = current.json();
    ObjectNode config = (ObjectNode) representation.get("config");
    entries.forEach(config::put);
    TestRealm.expect(
        consumer.master().put(path, representation), 204, "update identity provider " + alias);
  }
}
