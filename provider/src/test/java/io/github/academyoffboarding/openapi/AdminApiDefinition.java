package io.github.academyoffboarding.openapi;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.servers.ServerVariable;

/**
 * The OpenAPI document's info (the scanner reads it from an {@link Application}); documentation
 * only, never deployed.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Academy Offboarding for Keycloak: admin REST API",
            version = "1.0.0",
            description =
                "Extensions of Keycloak's admin REST API: academy data of users (/academy) and bulk offboarding by"
                    + " file (/bulk-users). Bearer token of a realm admin or a master admin; reads need view-users, writes"
                    + " manage-users of the realm. Errors are JSON {\"error\": \"<message-key>\", \"errorDescription\": \"…\"}."),
    servers =
        @Server(
            url = "{keycloak}",
            variables = @ServerVariable(name = "keycloak", defaultValue = "http://localhost:8080")),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public final class AdminApiDefinition extends Application {}
