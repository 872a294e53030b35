package io.github.academyoffboarding.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * "A running LDAP server" for integration tests, as {@link KeycloakServerExtension} is for
 * Keycloak: started by the first test class that needs it, closed by JUnit after the last test of
 * the run, injected as {@link LdapServer}. Its files are under {@code kc.it.work} ({@code
 * target/it-work}).
 */
public final class LdapServerExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LdapServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static LdapServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RunningLdap.class, k -> RunningLdap.start(), RunningLdap.class)
        .server;
  }

  private static final class RunningLdap
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final LdapServer server;

    private RunningLdap(LdapServer server) {
      this.server = server;
    }

    static RunningLdap start() {
      String work = System.getProperty("kc.it.work", "target/it-work");
      return new RunningLdap(
          LdapServer.start(Path.of(work).resolve("ldap-" + System.currentTimeMillis())));
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
