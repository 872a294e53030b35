package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * How a committed import's run ends ({@link ImportLife#endJob}): CANCELLED when an admin asked,
 * after the batch under way; FAILED when the admin who committed it no longer exists; COMPLETED
 * when no row is left. A DELETE that scheduled users stays SCHEDULED until none is pending, then
 * ends as this.
 */
final class JobEnd implements LeasedRounds.RunEnd {

  private static final Logger LOG = Logger.getLogger(JobEnd.class);

  private final BulkSettings settings;

  JobEnd(BulkSettings settings) {
    this.settings = settings;
  }

  @Override
  public boolean goesOn(KeycloakSession session, BulkImportEntity job, RealmModel realm) {
    if (job.isCancelRequested()) {
      end(session, job, ImportStatus.CANCELLED, null);
      LOG.infof(
          "Bulk import %s cancelled after %d of %d users",
          job.getId(), job.getProcessed(), job.getToProcess());
      return false;
    }
    if (UserActor.forJob(session, realm, job, settings) == null) {
      end(session, job, ImportStatus.FAILED, "The admin who started the import no longer exists.");
      return false;
    }
    return true;
  }

  @Override
  public void noWorkLeft(KeycloakSession session, BulkImportEntity job, JobLease lease) {
    end(session, job, ImportStatus.COMPLETED, null);
    LOG.infof(
        "Bulk import %s completed: %d processed, %d succeeded, %d failed",
        job.getId(), job.getProcessed(), job.getSucceeded(), job.getFailed());
  }

  private static void end(
      KeycloakSession session, BulkImportEntity job, ImportStatus ending, String error) {
    new ImportLife(session.getProvider(JpaConnectionProvider.class).getEntityManager())
        .endJob(job.getId(), job.getLeaseOwner(), ending, error);
  }
}
