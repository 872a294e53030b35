package io.github.academyoffboarding.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OIDC client's back-channel logout endpoint on loopback (a free port): records the claims of
 * every {@code logout_token} Keycloak posts to it and answers 200, as an LMS would.
 */
public final class LogoutTokenListener implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/backchannel-logout";

  private final HttpServer server;
  private final List<JsonNode> tokens = new CopyOnWriteArrayList<>();

  private LogoutTokenListener(HttpServer server) {
    this.server = server;
  }

  public static LogoutTokenListener start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LogoutTokenListener listener = new LogoutTokenListener(server);
      server.createContext(
          PATH,
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
              String[] kv = pair.split("=", 2);
              if (kv.length == 2 && kv[0].equals("logout_token")) {
                listener.tokens.add(claims(URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
              }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.start();
      return listener;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to register as the client's {@code backchannel.logout.url}. */
  public String url() {
    return rootUrl() + PATH;
  }

  /** The listener's root, for a client whose back-channel logout URL is relative to it. */
  public String rootUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The path a relative {@code backchannel.logout.url} names. */
  public static String path() {
    return PATH;
  }

  /** The claims of the logout tokens received so far, in order of arrival. */
  public List<JsonNode> tokens() {
    return List.copyOf(tokens);
  }

  /** A loopback URL nothing listens on: a client whose back-channel endpoint is down. */
  public static String deadUrl() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort() + PATH;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Registers a confidential OIDC client {@code clientId} (secret {@code clientId-secret}) with
   * password grants and back-channel logout (session required) to {@code backchannelUrl}.
   */
  public static void createClient(TestRealm realm, String clientId, String backchannelUrl) {
    createClient(realm, clientId, null, backchannelUrl);
  }

  /** As {@link #createClient(TestRealm, String, String)}, with the client's root URL. */
  public static void createClient(
      TestRealm realm, String clientId, String rootUrl, String backchannelUrl) {
    Map<String, Object> client = new java.util.HashMap<>();
    if (rootUrl != null) {
      client.put("rootUrl", rootUrl);
    }
    TestResponse r =
        realm
            .master()
            .post(
                realm.path("/clients"),
                withAll(
                    client,
                    "clientId",
                    clientId,
                    "protocol",
                    "openid-connect",
                    "publicClient",
                    false,
                    "secret",
                    clientId + "-secret",
                    "directAccessGrantsEnabled",
                    true,
                    "frontchannelLogout",
                    false,
                    "attributes",
                    Map.of(
                        "backchannel.logout.url",
                        backchannelUrl,
                        "backchannel.logout.session.required",
                        "true")));
    if (r.status() != 201) {
      throw new IllegalStateException("create client " + clientId + ": " + r);
    }
  }

  private static Map<String, Object> withAll(Map<String, Object> map, Object... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  /** The claims of a JWT (not verified: the test only reads what Keycloak sent). */
  public static JsonNode claims(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof java.util.concurrent.ExecutorService pool) {
      pool.shutdownNow();
    }
  }
}
