package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.bulk.pending.NeedsAttention;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Removes academy rows of users that no longer exist, in all realms: the safety net for removal
 * paths that publish no event (a federation provider's "remove imported users", removing a
 * federation provider). Runs on one node per interval ({@code ClusterAwareScheduledTaskRunner});
 * each batch commits on its own so a large backlog neither holds locks long nor grows one
 * persistence context.
 */
final class AcademyReconciliationTask implements ScheduledTask {

  static final String TASK_NAME = "academy-orphan-reconciliation";

  private static final Logger LOG = Logger.getLogger(AcademyReconciliationTask.class);

  private final int batchSize;

  AcademyReconciliationTask(int batchSize) {
    this.batchSize = batchSize;
  }

  @Override
  public void run(KeycloakSession session) {
    AcademyCounts total = AcademyCounts.ZERO;
    int users = 0;
    AcademyStore.OrphanBatch batch;
    do {
      batch =
          KeycloakModelUtils.runJobInTransactionWithResult(
              session.getKeycloakSessionFactory(),
              s -> AcademyStore.of(s).removeOrphanBatch(null, batchSize));
      total = total.plus(batch.removed());
      users += batch.users();
    } while (batch.more());
    // Users needing attention go with their user too (the list hides them meanwhile).
    int entries =
        KeycloakModelUtils.runJobInTransactionWithResult(
            session.getKeycloakSessionFactory(),
            s ->
                new NeedsAttention(s.getProvider(JpaConnectionProvider.class).getEntityManager())
                    .removeOrphans());
    if (entries > 0) {
      LOG.infof(
          "Academy reconciliation: removed %s needs-attention entries of users that no longer exist",
          entries);
    }
    if (total.isEmpty()) {
      LOG.debug("Academy reconciliation: no orphaned rows");
    } else {
      LOG.infof(
          "Academy reconciliation: removed %s learning records and %s certificates of %s users that no longer exist",
          total.learningRecords(), total.certificates(), users);
    }
  }

  @Override
  public String getTaskName() {
    return TASK_NAME;
  }
}
