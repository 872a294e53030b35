import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Title,
} from "@patternfly/react-core";
import { DownloadIcon } from "@patternfly/react-icons";
import { useRealm } from "@keycloak/keycloak-admin-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { toUsersTab } from "../../users/paths";
import type { BulkApi } from "../api";
import { ImportProgressBar, RestoreProgressBar, StatusLabel } from "../labels";
import {
  formatDateTime,
  hasJobEnded,
  type Notice,
  outcomeCounts,
  reportState,
  undoneCount,
} from "../logic";
import { type BulkImport } from "../types";
import type { FollowedRestore } from "../restoreProgress";
import { UndoneRows } from "./UndoneRows";

/* 5. Start: follow the job, then the result and the report. */
export const StartStep = ({
  api,
  imp,
  restoring,
  restored = [],
  onDismissRestored,
  onError,
  onStop,
}: {
  api: BulkApi;
  imp?: BulkImport;
  /** A restore of the import's pending users under way, as last read. */
  restoring?: FollowedRestore;
  /** What a restore this page followed did, once it is done. */
  restored?: Notice[];
  onDismissRestored?: () => void;
  onError: (e: unknown) => void;
  onStop: () => void;
}) => {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const [busy, setBusy] = useState(false);
  if (!imp) return null;
  const done = hasJobEnded(imp.status);
  const scheduled = imp.status === "SCHEDULED";
  // Dated rows wait for their date: the import is SCHEDULED without (or before) pending deletions.
  const waiting = imp.outcomes?.WAITING ?? 0;
  const report = async (format: "xlsx" | "csv") => {
    setBusy(true);
    try {
      await api.downloadReport(imp.id, format);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const notProcessed =
    (imp.summary?.totalRows ?? 0) - (imp.summary?.toProcess ?? 0);
  const reportIs = reportState(imp);

  return (
    <>
      <Flex
        alignItems={{ default: "alignItemsCenter" }}
        className="pf-v5-u-mb-md"
      >
        <FlexItem>
          <Title headingLevel="h2" size="xl">
            {t(
              scheduled && waiting > 0 && !imp.pendingDeletions
                ? "bulk.start.waitingTitle"
                : scheduled
                  ? "bulk.start.scheduledTitle"
                  : done
                    ? "bulk.start.doneTitle"
                    : "bulk.start.runningTitle",
            )}
          </Title>
        </FlexItem>
        <FlexItem>
          <StatusLabel status={imp.status} />
        </FlexItem>
      </Flex>
      <div aria-live="polite" data-testid="bulk-progress">
        <ImportProgressBar imp={imp} id="bulk-progress-bar" />
      </div>
      {restoring && !restoring.error && (
        <Alert
          variant="info"
          isInline
          className="pf-v5-u-mt-md"
          title={t("bulk.restore.running")}
          data-testid="bulk-restoring"
        >
          <div aria-live="polite">
            <RestoreProgressBar
              counts={restoring.counts}
              id="bulk-restore-progress"
            />
          </div>
        </Alert>
      )}
      {restoring?.error && (
        <Alert
          variant="warning"
          isInline
          className="pf-v5-u-mt-md"
          title={t("bulk.restore.readFailed", { error: restoring.error })}
          data-testid="bulk-restore-read-failed"
        />
      )}
      {restored.length > 0 && (
        <AlertGroup isLiveRegion className="pf-v5-u-mt-md">
          {restored.map((n) => (
            <Alert
              key={n.key}
              variant={n.variant}
              isInline
              title={t(n.key, { count: n.count })}
              data-testid={`bulk-notice-${n.key}`}
              actionClose={
                onDismissRestored && (
                  <AlertActionCloseButton onClose={onDismissRestored} />
                )
              }
            />
          ))}
        </AlertGroup>
      )}
      {!done && (
        <Button
          variant="secondary"
          className="pf-v5-u-mt-md"
          onClick={onStop}
          data-testid="bulk-stop"
        >
          {t("bulk.start.stop")}
        </Button>
      )}
      {done && (
        <>
          {imp.status === "FAILED" && imp.errorMessage && (
            <Alert
              variant="danger"
              isInline
              className="pf-v5-u-mt-md"
              title={t("bulk.start.failed")}
              data-testid="bulk-job-error"
            >
              {imp.errorMessage}
            </Alert>
          )}
          {imp.deletionDueAt && (imp.pendingDeletions ?? 0) > 0 && (
            <Alert
              variant="warning"
              isInline
              className="pf-v5-u-mt-md"
              data-testid="bulk-scheduled"
              title={t("bulk.start.scheduled", {
                count: imp.pendingDeletions ?? 0,
                date: formatDateTime(imp.deletionDueAt, i18n.language),
              })}
            >
              <p>{t("bulk.start.scheduled.help")}</p>
              <Link
                to={toUsersTab(realm, "scheduled")}
                data-testid="bulk-pending-link"
              >
                {t("bulk.start.showPending")}
              </Link>
            </Alert>
          )}
          {waiting > 0 && (
            <Alert
              variant="info"
              isInline
              className="pf-v5-u-mt-md"
              data-testid="bulk-waiting"
              title={t("bulk.start.waiting", { count: waiting })}
            >
              <p>{t("bulk.start.waiting.help")}</p>
              <Link
                to={toUsersTab(realm, "scheduled")}
                data-testid="bulk-waiting-link"
              >
                {t("bulk.start.showScheduled")}
              </Link>
            </Alert>
          )}
          <DescriptionList
            isHorizontal
            className="pf-v5-u-mt-lg"
            data-testid="bulk-result"
          >
            {outcomeCounts(imp).map(([outcome, count]) => (
              <DescriptionListGroup key={outcome}>
                <DescriptionListTerm>
                  {t(`bulk.rowOutcome.${outcome}`)}
                </DescriptionListTerm>
                <DescriptionListDescription
                  data-testid={`bulk-outcome-${outcome}`}
                >
                  {count}
                </DescriptionListDescription>
              </DescriptionListGroup>
            ))}
            <DescriptionListGroup>
              <DescriptionListTerm>
                {t("bulk.outcome.notProcessed")}
              </DescriptionListTerm>
              <DescriptionListDescription data-testid="bulk-result-skipped">
                {Math.max(0, notProcessed)}
              </DescriptionListDescription>
            </DescriptionListGroup>
          </DescriptionList>
          {reportIs === "available" && undoneCount(imp) > 0 && (
            <UndoneRows api={api} imp={imp} />
          )}
          {reportIs === "erased" ? (
            <Alert
              variant="info"
              isInline
              className="pf-v5-u-mt-lg"
              data-testid="bulk-report-erased"
              title={t("bulk.start.reportErased", {
                date: formatDateTime(imp.historyErasedAt, i18n.language),
              })}
            >
              {t("bulk.start.reportErased.help")}
            </Alert>
          ) : (
            <Flex className="pf-v5-u-mt-lg">
              <FlexItem>
                <Button
                  variant="primary"
                  icon={<DownloadIcon />}
                  isLoading={busy}
                  onClick={() => report("xlsx")}
                  data-testid="bulk-report-xlsx"
                >
                  {t("bulk.start.report")}
                </Button>
              </FlexItem>
              <FlexItem>
                <Button
                  variant="link"
                  onClick={() => report("csv")}
                  data-testid="bulk-report-csv"
                >
                  {t("bulk.start.reportCsv")}
                </Button>
              </FlexItem>
            </Flex>
          )}
        </>
      )}
    </>
  );
};
