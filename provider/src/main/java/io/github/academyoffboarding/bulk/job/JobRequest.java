package io.github.academyoffboarding.bulk.job;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The request a background job acts for: the base URI of the request that committed the import, and
 * nothing else (no headers, cookies or body). Keycloak's logout of a user session ({@code
 * AuthenticationManager.backchannelLogout}) reads the session context's URI to resolve relative
 * back-channel logout URLs and the realm's URLs, and its headers for the browser's cookie; a job
 * thread has no request, and its context would throw {@code ContextNotActiveException}. Through
 * this request the context's URIs go through the hostname settings (and a realm's frontend URL) as
 * the commit's did, so the logout happens as if the admin had pressed "Sign out" at commit.
 */
final class JobRequest implements HttpRequest {

  /** No headers: no browser cookie to expire, no language, no forwarded host. */
  static final HttpHeaders NO_HEADERS = NoHeaders.INSTANCE;

  private final UriInfo uri;

  JobRequest(URI baseUri) {
    this.uri = new BaseOnly(baseUri);
  }

  @Override
  public String getHttpMethod() {
    return "POST";
  }

  @Override
  public MultivaluedMap<String, String> getDecodedFormParameters() {
    return new MultivaluedHashMap<>();
  }

  @Override
  public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
    return new MultivaluedHashMap<>();
  }

  @Override
  public HttpHeaders getHttpHeaders() {
    return NoHeaders.INSTANCE;
  }

  @Override
  public X509Certificate[] getClientCertificateChain() {
    return null;
  }

  @Override
  public UriInfo getUri() {
    return uri;
  }

  @Override
  public boolean isProxyTrusted() {
    return false;
  }

  /** A request for the base URI itself: no path of its own, no parameters. */
  private record BaseOnly(URI base) implements UriInfo {

    @Override
    public String getPath() {
      return "/";
    }

    @Override
    public String getPath(boolean decode) {
      return "/";
    }

    @Override
    public List<PathSegment> getPathSegments() {
      return List.of();
    }

    @Override
    public List<PathSegment> getPathSegments(boolean decode) {
      return List.of();
    }

    @Override
    public URI getRequestUri() {
      return base;
    }

    @Override
    public UriBuilder getRequestUriBuilder() {
      return UriBuilder.fromUri(base);
    }

    @Override
    public URI getAbsolutePath() {
      return base;
    }

    @Override
    public UriBuilder getAbsolutePathBuilder() {
      return UriBuilder.fromUri(base);
    }

    @Override
    public URI getBaseUri() {
      return base;
    }

    @Override
    public UriBuilder getBaseUriBuilder() {
      return UriBuilder.fromUri(base);
    }

    @Override
    public MultivaluedMap<String, String> getPathParameters() {
      return new MultivaluedHashMap<>();
    }

    @Override
    public MultivaluedMap<String, String> getPathParameters(boolean decode) {
      return new MultivaluedHashMap<>();
    }

    @Override
    public MultivaluedMap<String, String> getQueryParameters() {
      return new MultivaluedHashMap<>();
    }

    @Override
    public MultivaluedMap<String, String> getQueryParameters(boolean decode) {
      return new MultivaluedHashMap<>();
    }

    @Override
    public List<String> getMatchedURIs() {
      return List.of();
    }

    @Override
    public List<String> getMatchedURIs(boolean decode) {
      return List.of();
    }

    @Override
    public List<Object> getMatchedResources() {
      return List.of();
    }

    @Override
    public URI resolve(URI other) {
      return base.resolve(other);
    }

    @Override
    public URI relativize(URI other) {
      return base.relativize(other);
    }
  }

  /** No headers: no browser cookie to expire, no language, no forwarded host. */
  private enum NoHeaders implements HttpHeaders {
    INSTANCE;

    @Override
    public List<String> getRequestHeader(String name) {
      return List.of();
    }

    @Override
    public String getHeaderString(String name) {
      return null;
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
      return new MultivaluedHashMap<>();
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
      return List.of(MediaType.WILDCARD_TYPE);
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
      return List.of();
    }

    @Override
    public MediaType getMediaType() {
      return null;
    }

    @Override
    public Locale getLanguage() {
      return null;
    }

    @Override
    public Map<String, Cookie> getCookies() {
      return Map.of();
    }

    @Override
    public Date getDate() {
      return null;
    }

    @Override
    public int getLength() {
      return -1;
    }
  }
}
