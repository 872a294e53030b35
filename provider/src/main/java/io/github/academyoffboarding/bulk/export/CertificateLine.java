package io.github.academyoffboarding.bulk.export;

import io.github.academyoffboarding.academy.CertificateRepresentation;

/** One certificate of the export, with its user; the certificate's fields as the API gives them. */
public record CertificateLine(ExportedUser user, CertificateRepresentation certificate) {}
