package io.github.academyoffboarding.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.BasicAttributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.jboss.logging.Logger;

/**
 * A throw-away OpenLDAP server ({@code slapd} from Debian's {@code slapd} package) of the test run:
 * its own configuration and {@code mdb} database in a directory under {@code target/}, listening
 * only on a free loopback port, base DN {@value #BASE_DN} with a root DN and password. Entries are
 * written and read with JNDI, so the tests need no LDAP client tools.
 *
 * <p>Tests keep apart by organizational unit: each one puts its learners under an {@code ou} of its
 * own ({@link #createUnit}) and points its realm's federation provider there.
 *
 * <p>The configuration is a {@code slapd.conf} read with {@code -f}: {@code slaptest -u} converts
 * nothing, and converting without {@code -u} fails on a database not created yet. {@code slapd}
 * runs in the foreground ({@code -d 0}) as a child of the test JVM, so it cannot outlive the run.
 */
public final class LdapServer implements AutoCloseable {

  public static final String BASE_DN = "dc=academy,dc=test";
  public static final String ROOT_DN = "cn=admin," + BASE_DN;
  public static final String ROOT_PASSWORD = "ldap-secret";

  private static final Logger LOG = Logger.getLogger(LdapServer.class);
  private static final Path SLAPD = Path.of("/usr/sbin/slapd");
  private static final Path SCHEMAS = Path.of("/etc/ldap/schema");
  private static final Path MODULES = Path.of("/usr/lib/ldap");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final Process process;

  private LdapServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts a server with its files under {@code dir} (created) and the base entry in place. */
  public static LdapServer start(Path dir) {
    if (!Files.isExecutable(SLAPD) || !Files.isDirectory(SCHEMAS)) {
      throw new IllegalStateException(
          "The LDAP integration tests need OpenLDAP's server: install slapd and ldap-utils"
              + " (Debian: apt-get install slapd ldap-utils); "
              + SLAPD
              + " or "
              + SCHEMAS
              + " is missing");
    }
    IllegalStateException last = null;
    // A free port found now may be taken before slapd binds it; a second port then serves.
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return startOnce(dir.resolve("slapd-" + attempt), freePort());
      } catch (IllegalStateException e) {
        last = e;
        LOG.warnf("slapd did not start (attempt %s): %s", attempt + 1, e.getMessage());
      }
    }
    throw last;
  }

  private static LdapServer startOnce(Path dir, int port) {
    Path data = dir.resolve("data");
    Path conf = dir.resolve("slapd.conf");
    Path log = dir.resolve("slapd.log");
    try {
      Files.createDirectories(data);
      Files.writeString(conf, config(dir, data), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process process;
    try {
      process =
          new ProcessBuilder(
                  SLAPD.toString(),
                  "-h",
                  "ldap://127.0.0.1:" + port + "/",
                  "-f",
                  conf.toString(),
                  "-d",
                  "0")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + SLAPD + ": " + e.getMessage(), e);
    }
    LdapServer server = new LdapServer(dir, port, process);
    try {
      server.awaitReady(log);
      server.add(
          BASE_DN,
          attributes(
              "objectClass", List.of("top", "dcObject", "organization"),
              "dc", List.of("academy"),
              "o", List.of("Academy")));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.infof("slapd listening on %s (files in %s)", server.url(), dir);
    return server;
  }

  private static String config(Path dir, Path data) {
    return String.join(
        "\n",
        "include " + SCHEMAS.resolve("core.schema"),
        "include " + SCHEMAS.resolve("cosine.schema"),
        "include " + SCHEMAS.resolve("inetorgperson.schema"),
        "modulepath " + MODULES,
        "moduleload back_mdb",
        "pidfile " + dir.resolve("slapd.pid"),
        "database mdb",
        "maxsize 104857600",
        "suffix \"" + BASE_DN + "\"",
        "rootdn \"" + ROOT_DN + "\"",
        "rootpw " + ROOT_PASSWORD,
        "directory " + data,
        "index objectClass eq",
        "index uid,mail eq",
        "");
  }

  private void awaitReady(Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "slapd exited with " + process.exitValue() + ": " + readLog(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        // Listening is not serving yet: a bind proves the database is open.
        context().close();
        return;
      } catch (IOException | NamingException e) {
        sleep(100);
      }
    }
    throw new IllegalStateException(
        "slapd did not answer on port " + port + " within " + START_TIMEOUT + ": " + readLog(log));
  }

  /** {@code ldap://127.0.0.1:port} as Keycloak's provider config takes it. */
  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  public Path directory() {
    return dir;
  }

  /** The DN of an organizational unit directly under the base. */
  public static String unitDn(String unit) {
    return "ou=" + unit + "," + BASE_DN;
  }

  /** The DN of a learner made by {@link #addLearner}. */
  public static String learnerDn(String unit, String uid) {
    return "uid=" + uid + "," + unitDn(unit);
  }

  /** An {@code organizationalUnit} under the base; returns its DN. */
  public String createUnit(String unit) {
    String dn = unitDn(unit);
    add(dn, attributes("objectClass", List.of("top", "organizationalUnit"), "ou", List.of(unit)));
    return dn;
  }

  /** An {@code inetOrgPerson} in the unit, with the given e-mail and password; returns its DN. */
  public String addLearner(String unit, String uid, String email, String password) {
    String dn = learnerDn(unit, uid);
    add(
        dn,
        attributes(
            "objectClass", List.of("top", "person", "organizationalPerson", "inetOrgPerson"),
            "uid", List.of(uid),
            "cn", List.of("Learner " + uid),
            "sn", List.of(uid),
            "mail", List.of(email),
            "userPassword", List.of(password)));
    return dn;
  }

  public boolean exists(String dn) {
    try {
      DirContext ctx = context();
      try {
        ctx.getAttributes(dn, new String[] {"objectClass"});
        return true;
      } finally {
        ctx.close();
      }
    } catch (NameNotFoundException e) {
      return false;
    } catch (NamingException e) {
      throw new IllegalStateException("LDAP read of " + dn + " failed", e);
    }
  }

  /** The {@code uid}s of the entries directly under the unit. */
  public List<String> uids(String unit) {
    try {
      DirContext ctx = context();
      try {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.ONELEVEL_SCOPE);
        controls.setReturningAttributes(new String[] {"uid"});
        List<String> uids = new ArrayList<>();
        NamingEnumeration<SearchResult> results =
            ctx.search(unitDn(unit), "(objectClass=inetOrgPerson)", controls);
        while (results.hasMore()) {
          Attribute uid = results.next().getAttributes().get("uid");
          uids.add((String) uid.get());
        }
        return uids;
      } finally {
        ctx.close();
      }
    } catch (NamingException e) {
      throw new IllegalStateException("LDAP search under " + unitDn(unit) + " failed", e);
    }
  }

  public void delete(String dn) {
    try {
      DirContext ctx = context();
      try {
        ctx.destroySubcontext(dn);
      } finally {
        ctx.close();
      }
    } catch (NamingException e) {
      throw new IllegalStateException("LDAP delete of " + dn + " failed", e);
    }
  }

  private void add(String dn, Attributes attributes) {
    try {
      DirContext ctx = context();
      try {
        ctx.createSubcontext(dn, attributes).close();
      } finally {
        ctx.close();
      }
    } catch (NamingException e) {
      throw new IllegalStateException("LDAP add of " + dn + " failed", e);
    }
  }

  private static Attributes attributes(Object... namesAndValues) {
    Attributes attributes = new BasicAttributes(true);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      BasicAttribute attribute = new BasicAttribute((String) namesAndValues[i]);
      for (Object value : (List<?>) namesAndValues[i + 1]) {
        attribute.add(value);
      }
      attributes.put(attribute);
    }
    return attributes;
  }

  private DirContext context() throws NamingException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, url());
    env.put(Context.SECURITY_AUTHENTICATION, "simple");
    env.put(Context.SECURITY_PRINCIPAL, ROOT_DN);
    env.put(Context.SECURITY_CREDENTIALS, ROOT_PASSWORD);
    env.put("com.sun.jndi.ldap.connect.timeout", "5000");
    env.put("com.sun.jndi.ldap.read.timeout", "10000");
    return new InitialDirContext(env);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLog(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
