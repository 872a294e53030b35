package io.github.academyoffboarding.bulk.job;

import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A node's view of a database outage, as its scheduler's polls see it: the first poll that cannot
 * reach the database logs one WARN (the cause in one line, and what the node does meanwhile), the
 * polls after it only at DEBUG, and the first poll that reaches it again one INFO line with the
 * outage's length, its failed polls and the imports claimed. Other failures are not an outage: the
 * scheduler logs them as before.
 *
 * <p>Not thread-safe: one scheduler thread polls ({@code JobScheduler}'s ticker).
 */
public final class DatabaseOutage {

  private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

  private final String nodeId;
  private final Duration pollInterval;
  private final Duration lease;

  /** When the outage began (millis), or -1 outside one. */
  private long since = -1;

  private int failedPolls;

  DatabaseOutage(String nodeId, Duration pollInterval, Duration lease) {
    this.nodeId = nodeId;
    this.pollInterval = pollInterval;
    this.lease = lease;
  }

  /**
   * Whether {@code e} says the database cannot be reached: no connection could be had (refused,
   * timed out, the pool's acquisition timeout, a host not found) or the connection was lost
   * (SQLSTATE class 08, PostgreSQL's 57P01–57P03 of a server shutting down or starting, 53300 too
   * many connections). Not a statement that timed out (57014), a lock or a constraint: the database
   * answered those.
   */
  public static boolean isUnreachable(Throwable e) {
    for (Throwable t : FailureTree.of(e)) {
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && (s.getSQLState().equals("57014") || s.getSQLState().startsWith("40"))) {
        return false; // the database answered: a statement timeout, a deadlock
      }
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException
          || message.contains("acquisition timeout") // Agroal: "Sorry, acquisition timeout!"
          || message.startsWith("Acquisition timeout")) {
        return true;
      }
    }
    return FailureKind.isConnectionProblem(e);
  }

  /**
   * A poll failed because the database is unreachable; returns the WARN line when it begins an
   * outage (and logs it), null for the polls after it (logged at DEBUG).
   */
  String pollFailed(Throwable e, long now) {
    failedPolls++;
    if (since >= 0) {
      LOG.debugf(
          "Node %s: the database is still unreachable (%s, %d polls failed)",
          nodeId, summary(e), failedPolls);
      return null;
    }
    since = now;
    String line =
        String.format(
            "Node %s cannot reach the database (%s). Bulk jobs, purges and leave-date sweeps"
                + " pause on this node; it polls again every %d s and logs once when the database"
                + " is back, and the jobs resume by themselves (within the lease, %d s). Check the"
                + " database and the network to it; nothing needs to be done on Keycloak's side.",
            nodeId, summary(e), pollInterval.toSeconds(), lease.toSeconds());
    LOG.warn(line);
    LOG.debugf(e, "Node %s: database unreachable", nodeId);
    return line;
  }

  /**
   * A poll reached the database (and claimed {@code claimed} imports); returns the INFO line when
   * this ends an outage (and logs it), else null.
   */
  String pollSucceeded(long now, int claimed) {
    if (since < 0) {
      return null;
    }
    String line =
        String.format(
            "Node %s reaches the database again after %d s: %d polls failed during the outage;"
                + " this poll claimed %d bulk import(s), and jobs paused by the outage resume"
                + " when their lease ends (at most %d s).",
            nodeId, Math.max(0, (now - since) / 1000), failedPolls, claimed, lease.toSeconds());
    LOG.info(line);
    since = -1;
    failedPolls = 0;
    return line;
  }

  boolean ongoing() {
    return since >= 0;
  }

  /**
   * The cause in one line: the innermost exception's class and SQLSTATE ({@link FailureKind#name})
   * and its message's first line, shortened (a connection failure's message names the host, never a
   * user).
   */
  static String summary(Throwable e) {
    Throwable root = FailureTree.root(e);
    String message = root.getMessage() == null ? "" : root.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline).strip();
    }
    if (message.length() > 160) {
      message = message.substring(0, 160) + "…";
    }
    return message.isEmpty() ? FailureKind.name(e) : FailureKind.name(e) + ": " + message;
  }
}
