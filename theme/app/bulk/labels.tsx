import {
  Label,
  Progress,
  ProgressMeasureLocation,
  ProgressSize,
} from "@patternfly/react-core";
import type { LabelProps } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { progressPercent } from "./logic";
import { restorePercent, restoreProcessed } from "./restoreProgress";
import type {
  BulkImport,
  ImportStatus,
  RestoreCounts,
  RowOutcome,
  RowStatus,
} from "./types";

const STATUS_COLOR: Record<ImportStatus, LabelProps["color"]> = {
  PREVIEW: "blue",
  RUNNING: "cyan",
  SCHEDULED: "gold",
  COMPLETED: "green",
  FAILED: "red",
  CANCELLED: "orange",
  EXPIRED: "grey",
};

export const StatusLabel = ({ status }: { status: ImportStatus }) => {
  const { t } = useTranslation();
  return (
    <Label color={STATUS_COLOR[status] ?? "grey"}>
      {t(`bulk.status.${status}`)}
    </Label>
  );
};

const ROW_STATUS_COLOR: Record<RowStatus, LabelProps["color"]> = {
  MATCHED: "green",
  NOT_FOUND: "grey",
  DUPLICATE: "blue",
  INVALID: "red",
  PROTECTED: "purple",
  UNCHANGED: "grey",
  HIDDEN: "orange",
  AMBIGUOUS: "gold",
};

/** A row's status in the check step's list. */
export const RowStatusLabel = ({ status }: { status: RowStatus }) => {
  const { t } = useTranslation();
  return (
    <Label
      isCompact
      color={ROW_STATUS_COLOR[status] ?? "grey"}
      data-testid={`bulk-row-status-${status}`}
    >
      {t(`bulk.rowStatus.${status}`)}
    </Label>
  );
};

const OUTCOME_COLOR: Record<RowOutcome, LabelProps["color"]> = {
  DELETED: "green",
  SCHEDULED: "gold",
  RESTORED: "blue",
  KEPT: "blue",
  DEACTIVATED: "green",
  REACTIVATED: "green",
  SKIPPED: "orange",
  GONE: "grey",
  FAILED: "red",
  WAITING: "cyan",
  RETURNED: "green",
  CANCELLED: "orange",
  MOVED: "blue",
};

/** A row's outcome in the result's list. */
export const OutcomeLabel = ({ outcome }: { outcome: RowOutcome }) => {
  const { t } = useTranslation();
  return (
    <Label isCompact color={OUTCOME_COLOR[outcome] ?? "grey"}>
      {t(`bulk.rowOutcome.${outcome}`)}
    </Label>
  );
};

export const ImportProgressBar = ({
  imp,
  size,
  id,
  stacked = false,
}: {
  imp: BulkImport;
  size?: ProgressSize;
  id: string;
  /** The count above the bar rather than beside it, for a narrow table cell. */
  stacked?: boolean;
}) => {
  const { t } = useTranslation();
  const processed = imp.progress?.processed ?? 0;
  const total = imp.progress?.total ?? imp.summary?.toProcess ?? 0;
  const count = t("bulk.progress.count", { processed, count: total });
  return (
    <Progress
      id={id}
      value={progressPercent(imp)}
      size={size}
      title={stacked ? count : undefined}
      measureLocation={
        stacked ? ProgressMeasureLocation.none : ProgressMeasureLocation.outside
      }
      label={stacked ? undefined : count}
      valueText={count}
      aria-label={t("bulk.progress.label")}
      variant={
        imp.status === "FAILED"
          ? "danger"
          : imp.status === "COMPLETED" || imp.status === "SCHEDULED"
            ? "success"
            : undefined
      }
    />
  );
};

/** "Restoring 1,000 of 20,000 users" above or beside its bar, while the engine restores. */
export const RestoreProgressBar = ({
  counts,
  id,
  size,
  stacked = false,
}: {
  counts: RestoreCounts;
  id: string;
  size?: ProgressSize;
  /** The count above the bar rather than beside it, for a narrow table cell. */
  stacked?: boolean;
}) => {
  const { t } = useTranslation();
  const text = t("bulk.restore.progress", {
    processed: restoreProcessed(counts),
    count: counts.asked,
  });
  return (
    <Progress
      id={id}
      data-testid={id}
      value={restorePercent(counts)}
      size={size}
      title={stacked ? text : undefined}
      measureLocation={
        stacked ? ProgressMeasureLocation.none : ProgressMeasureLocation.outside
      }
      label={stacked ? undefined : text}
      valueText={text}
      aria-label={t("bulk.restore.label")}
    />
  );
};
