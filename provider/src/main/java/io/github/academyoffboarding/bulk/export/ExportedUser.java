package io.github.academyoffboarding.bulk.export;

/**
 * Whom a line of the academy-data export belongs to.
 *
 * @param id the Keycloak user id
 * @param username the username
 * @param email the e-mail address; may be null
 */
public record ExportedUser(String id, String username, String email) {}
