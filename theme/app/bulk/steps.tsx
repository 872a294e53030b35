// The five steps of the bulk import wizard.
import {
  Alert,
  Button,
  Checkbox,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Icon,
  MultipleFileUpload,
  MultipleFileUploadMain,
  Pagination,
  Radio,
  Spinner,
  Text,
  TextContent,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
} from "@patternfly/react-core";
import {
  DownloadIcon,
  FileExcelIcon,
  TimesIcon,
  UploadIcon,
} from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useRealm } from "@keycloak/keycloak-admin-ui";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { toUsersTab } from "../routes";
import type { BulkApi } from "./api";
import {
  ImportProgressBar,
  OutcomeLabel,
  RowStatusLabel,
  StatusLabel,
} from "./labels";
import {
  ACCEPTED_FILES,
  countsByStatus,
  dueDate,
  errorText,
  filterStatuses,
  formatDate,
  formatDateTime,
  hasJobEnded,
  isAcceptedFileName,
  MAX_WINDOW_DAYS,
  parseDuration,
  parseWindowDays,
  leftOutNotices,
  outcomeCounts,
  reportState,
  rowMessageText,
  undoneCount,
  undoneRows,
} from "./logic";
import {
  ACTIONS,
  MATCH_BY,
  PROBLEM_STATUSES,
  type BulkAction,
  type BulkImport,
  type ImportRow,
  type MatchBy,
  type RowStatus,
} from "./types";

const StepTitle = ({ titleKey }: { titleKey: string }) => {
  const { t } = useTranslation();
  return (
    <Title headingLevel="h2" size="xl" className="pf-v5-u-mb-md">
      {t(titleKey)}
    </Title>
  );
};

/* 1. Choose the action. */
export const ActionStep = ({
  action,
  restoreWindow,
  onChange,
}: {
  action?: BulkAction;
  /** The server's default restore window (ISO-8601), if known. */
  restoreWindow?: string;
  onChange: (action: BulkAction) => void;
}) => {
  const { t, i18n } = useTranslation();
  const description = (value: BulkAction) => {
    if (value !== "DELETE") return t(`bulk.action.${value}.description`);
    const window = parseDuration(restoreWindow);
    if (window === 0) return t("bulk.action.DELETE.description.now");
    const due = dueDate(restoreWindow);
    return due
      ? t("bulk.action.DELETE.description.window", {
          date: formatDate(due, i18n.language),
        })
      : t("bulk.action.DELETE.description");
  };
  return (
    <Form onSubmit={(e) => e.preventDefault()}>
      <StepTitle titleKey="bulk.action.title" />
      <FormGroup
        role="radiogroup"
        isStack
        fieldId="bulk-action"
        label={t("bulk.action.label")}
      >
        {ACTIONS.map((value) => (
          <Radio
            key={value}
            id={`bulk-action-${value}`}
            name="bulk-action"
            data-testid={`bulk-action-${value}`}
            isChecked={action === value}
            onChange={() => onChange(value)}
            label={t(`bulk.action.${value}`)}
            description={
              <span data-testid={`bulk-action-${value}-description`}>
                {description(value)}
              </span>
            }
          />
        ))}
        {!action && (
          <HelperText id="bulk-action-hint" data-testid="bulk-action-hint">
            <HelperTextItem variant="indeterminate">
              {t("bulk.action.hint")}
            </HelperTextItem>
          </HelperText>
        )}
      </FormGroup>
    </Form>
  );
};

/* 2. Download the template. */
export const TemplateStep = ({
  api,
  onError,
}: {
  api: BulkApi;
  onError: (e: unknown) => void;
}) => {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string>();
  const get = async (format: "xlsx" | "csv") => {
    setBusy(format);
    try {
      await api.downloadTemplate(format);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <StepTitle titleKey="bulk.template.title" />
      <TextContent className="pf-v5-u-mb-lg">
        <Text>{t("bulk.template.help")}</Text>
      </TextContent>
      <Flex>
        <FlexItem>
          <Button
            variant="primary"
            icon={<DownloadIcon />}
            isLoading={busy === "xlsx"}
            onClick={() => get("xlsx")}
            data-testid="bulk-template-xlsx"
          >
            {t("bulk.template.xlsx")}
          </Button>
        </FlexItem>
        <FlexItem>
          <Button
            variant="secondary"
            icon={<DownloadIcon />}
            isLoading={busy === "csv"}
            onClick={() => get("csv")}
            data-testid="bulk-template-csv"
          >
            {t("bulk.template.csv")}
          </Button>
        </FlexItem>
      </Flex>
    </>
  );
};

/* 3. Drag & drop or browse for the file. */
export const UploadStep = ({
  file,
  matchBy,
  includeHidden,
  onFile,
  onMatchBy,
  onIncludeHidden,
}: {
  file?: File;
  matchBy: MatchBy;
  includeHidden: boolean;
  onFile: (file: File | undefined) => void;
  onMatchBy: (matchBy: MatchBy) => void;
  onIncludeHidden: (includeHidden: boolean) => void;
}) => {
  const { t } = useTranslation();
  const [rejected, setRejected] = useState(false);
  return (
    <Form onSubmit={(e) => e.preventDefault()}>
      <StepTitle titleKey="bulk.upload.title" />
      <FormGroup label={t("bulk.upload.matchBy")} fieldId="bulk-match-by">
        <FormSelect
          id="bulk-match-by"
          value={matchBy}
          onChange={(_e, value) => onMatchBy(value as MatchBy)}
          data-testid="bulk-match-by"
        >
          {MATCH_BY.map((m) => (
            <FormSelectOption
              key={m}
              value={m}
              label={t(`bulk.matchBy.${m}`)}
            />
          ))}
        </FormSelect>
      </FormGroup>
      <FormGroup label={t("bulk.upload.file")} fieldId="bulk-file" isRequired>
        <MultipleFileUpload
          id="bulk-file"
          data-testid="bulk-dropzone"
          dropzoneProps={{
            accept: ACCEPTED_FILES,
            multiple: false,
            onDropRejected: () => setRejected(true),
          }}
          onFileDrop={(_e, files) => {
            const picked = files[files.length - 1];
            setRejected(!isAcceptedFileName(picked?.name));
            if (picked && isAcceptedFileName(picked.name)) onFile(picked);
          }}
        >
          <MultipleFileUploadMain
            titleIcon={<UploadIcon />}
            titleText={t("bulk.upload.drop")}
            titleTextSeparator={t("bulk.upload.or")}
            infoText={t("bulk.upload.accepted")}
            browseButtonText={t("bulk.upload.browse")}
          />
        </MultipleFileUpload>
      </FormGroup>
      {rejected && (
        <Alert variant="warning" isInline title={t("bulk.upload.wrongType")} />
      )}
      {file && (
        <Flex
          alignItems={{ default: "alignItemsCenter" }}
          data-testid="bulk-file-chosen"
        >
          <FlexItem>
            <Icon>
              <FileExcelIcon />
            </Icon>
          </FlexItem>
          <FlexItem>
            {t("bulk.upload.chosen", {
              name: file.name,
              size: Math.ceil(file.size / 1024),
            })}
          </FlexItem>
          <FlexItem>
            <Button
              variant="plain"
              aria-label={t("bulk.upload.remove", { name: file.name })}
              onClick={() => onFile(undefined)}
            >
              <TimesIcon />
            </Button>
          </FlexItem>
        </Flex>
      )}
      <FormGroup fieldId="bulk-include-hidden">
        <Checkbox
          id="bulk-include-hidden"
          data-testid="bulk-include-hidden"
          isChecked={includeHidden}
          onChange={(_e, checked) => onIncludeHidden(checked)}
          label={t("bulk.upload.includeHidden")}
          description={t("bulk.upload.includeHidden.help")}
        />
      </FormGroup>
      {includeHidden && (
        <Alert
          variant="warning"
          isInline
          title={t("bulk.upload.includeHidden.warning")}
          data-testid="bulk-include-hidden-warning"
        />
      )}
    </Form>
  );
};

const PAGE_SIZES = [10, 20, 50, 100];

/* 4. Check the import file. */
export const CheckStep = ({
  api,
  imp,
  confirmed,
  onConfirm,
  deleteWindow,
  onDeleteWindow,
  onError,
}: {
  api: BulkApi;
  imp?: BulkImport;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  deleteWindow?: DeleteWindow;
  onDeleteWindow: (value: DeleteWindow) => void;
  onError: (e: unknown) => void;
}) => {
  const { t, i18n } = useTranslation();
  const counts = countsByStatus(imp);
  const firstProblem = PROBLEM_STATUSES.find((s) => counts[s] > 0) ?? "MATCHED";
  const [status, setStatus] = useState<RowStatus>(firstProblem);
  const [first, setFirst] = useState(0);
  const [max, setMax] = useState(10);
  const [rows, setRows] = useState<ImportRow[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!imp) return;
    let live = true;
    setRows(undefined);
    api.listRows(imp.id, status, first, max + 1).then(
      (r) => live && (setRows(r), setError(undefined)),
      (e) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [api, imp?.id, status, first, max, t]);

  if (!imp) {
    return <Alert variant="info" isInline title={t("bulk.check.noFile")} />;
  }
  const toProcess = counts.MATCHED;
  const statuses: RowStatus[] = ["MATCHED", ...PROBLEM_STATUSES];
  // The filter offers the statuses that have rows (eight buttons would not fit beside each other).
  const filters = filterStatuses(counts, status);
  const shown = rows?.slice(0, max) ?? [];

  return (
    <>
      <StepTitle titleKey="bulk.check.title" />
      <DescriptionList
        isHorizontal
        isCompact
        columnModifier={{ default: "2Col" }}
        className="academy-wizard__counts"
        data-testid="bulk-counts"
      >
        <DescriptionListGroup>
          <DescriptionListTerm>{t("bulk.check.totalRows")}</DescriptionListTerm>
          <DescriptionListDescription>
            {imp.summary?.totalRows ?? 0}
          </DescriptionListDescription>
        </DescriptionListGroup>
        {statuses.map((s) => (
          <DescriptionListGroup key={s}>
            <DescriptionListTerm>
              {t(`bulk.rowStatus.${s}`)}
            </DescriptionListTerm>
            <DescriptionListDescription data-testid={`bulk-count-${s}`}>
              {counts[s]}
            </DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>

      {leftOutNotices(imp).map(({ key, count, status: s }) => (
        <Alert
          key={key}
          variant="warning"
          isInline
          className="pf-v5-u-mb-md"
          data-testid={`bulk-left-out-${s}`}
          title={t(key, { count })}
        >
          <Button
            variant="link"
            isInline
            onClick={() => {
              setStatus(s);
              setFirst(0);
            }}
            data-testid={`bulk-show-${s}`}
          >
            {t("bulk.check.showRows", { count })}
          </Button>
        </Alert>
      ))}
      {imp.includeHidden && (
        <Alert
          variant="warning"
          isInline
          className="pf-v5-u-mb-md"
          data-testid="bulk-hidden-included"
          title={t("bulk.check.hiddenIncluded")}
        />
      )}

      {toProcess === 0 && (
        <Alert
          variant="warning"
          isInline
          title={t("bulk.check.nothingToDo")}
          className="pf-v5-u-mb-md"
        />
      )}
      {toProcess > 0 && imp.action === "DELETE" && deleteWindow && (
        <DeleteWhen
          api={api}
          imp={imp}
          value={deleteWindow}
          onChange={onDeleteWindow}
          onError={onError}
        />
      )}
      {toProcess > 0 && imp.action === "DELETE" && deleteWindow?.now && (
        <Alert
          variant="danger"
          isInline
          className="pf-v5-u-mb-md"
          data-testid="bulk-delete-warning"
          title={t("bulk.check.deleteImpact", { count: toProcess })}
        >
          <p>
            {t("bulk.check.deleteData", {
              learningRecords: imp.summary?.learningRecords ?? 0,
              certificates: imp.summary?.certificates ?? 0,
            })}
          </p>
          <Checkbox
            id="bulk-confirm-delete"
            className="pf-v5-u-mt-md"
            data-testid="bulk-confirm-delete"
            isChecked={confirmed}
            onChange={(_e, checked) => onConfirm(checked)}
            label={t("bulk.check.confirmDelete", { count: toProcess })}
          />
        </Alert>
      )}
      {toProcess > 0 &&
        imp.action === "DELETE" &&
        deleteWindow &&
        !deleteWindow.now && (
          <Alert
            variant="warning"
            isInline
            className="pf-v5-u-mb-md"
            data-testid="bulk-delete-warning"
            title={t("bulk.check.scheduleImpact", {
              count: toProcess,
              date: windowDueDate(deleteWindow, i18n.language),
            })}
          >
            <p>
              {t("bulk.check.deleteData", {
                learningRecords: imp.summary?.learningRecords ?? 0,
                certificates: imp.summary?.certificates ?? 0,
              })}{" "}
              {t("bulk.check.scheduleKept")}
            </p>
            <Checkbox
              id="bulk-confirm-delete"
              className="pf-v5-u-mt-md"
              data-testid="bulk-confirm-delete"
              isChecked={confirmed}
              onChange={(_e, checked) => onConfirm(checked)}
              label={t("bulk.check.confirmSchedule", {
                count: toProcess,
                date: windowDueDate(deleteWindow, i18n.language),
              })}
            />
          </Alert>
        )}
      {toProcess > 0 && imp.action !== "DELETE" && (
        <Alert
          variant="info"
          isInline
          className="pf-v5-u-mb-md"
          title={t(`bulk.check.impact.${imp.action}`, { count: toProcess })}
        />
      )}

      <Title headingLevel="h3" size="md" className="pf-v5-u-mb-sm">
        {t("bulk.check.rows")}
      </Title>
      <Flex
        justifyContent={{ default: "justifyContentSpaceBetween" }}
        className="pf-v5-u-mb-sm"
      >
        <FlexItem>
          <ToggleGroup aria-label={t("bulk.check.filter")}>
            {filters.map((s) => (
              <ToggleGroupItem
                key={s}
                buttonId={`bulk-filter-${s}`}
                data-testid={`bulk-filter-${s}`}
                text={t("bulk.check.filterOption", {
                  status: t(`bulk.rowStatus.${s}`),
                  count: counts[s],
                })}
                isSelected={status === s}
                onChange={() => {
                  setStatus(s);
                  setFirst(0);
                }}
              />
            ))}
          </ToggleGroup>
        </FlexItem>
        <FlexItem>
          <Pagination
            isCompact
            perPage={max}
            perPageOptions={PAGE_SIZES.map((n) => ({
              title: `${n}`,
              value: n,
            }))}
            page={Math.floor(first / max) + 1}
            itemCount={counts[status]}
            onSetPage={(_e, page) => setFirst((page - 1) * max)}
            onPerPageSelect={(_e, perPage) => {
              setMax(perPage);
              setFirst(0);
            }}
            titles={{ paginationAriaLabel: t("bulk.check.pagination") }}
          />
        </FlexItem>
      </Flex>
      {error && <Alert variant="danger" isInline title={error} />}
      {!rows && !error && <Spinner size="lg" aria-label={t("bulk.loading")} />}
      {rows && shown.length === 0 && (
        <TextContent>
          <Text>{t("bulk.check.noRows")}</Text>
        </TextContent>
      )}
      {shown.length > 0 && (
        <RowsTable
          rows={shown}
          label={t("bulk.check.rows")}
          testId="bulk-rows"
          thirdHeader="bulk.check.column.status"
          third={(row) => <RowStatusLabel status={row.status} />}
          fourthHeader="bulk.check.column.detail"
        />
      )}
    </>
  );
};

/** The check step's choice of when a DELETE's users go: after a window of days (as typed), or now. */
export type DeleteWindow = { now: boolean; days: string };

/** The due date of a window chosen now, or a dash while the days typed are not a number of days. */
function windowDueDate(value: DeleteWindow, lang: string) {
  const days = parseWindowDays(value.days);
  return days === undefined ? "\u2014" : formatDate(dueDate(`P${days}D`), lang);
}

/** A DELETE's restore window, the due date it gives, and the export of what the delete destroys. */
const DeleteWhen = ({
  api,
  imp,
  value,
  onChange,
  onError,
}: {
  api: BulkApi;
  imp: BulkImport;
  value: DeleteWindow;
  onChange: (value: DeleteWindow) => void;
  onError: (e: unknown) => void;
}) => {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const daysValid = parseWindowDays(value.days) !== undefined;
  const download = async () => {
    setBusy(true);
    try {
      await api.downloadAcademyData(imp.id, "xlsx");
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      onSubmit={(e) => e.preventDefault()}
      className="pf-v5-u-mb-md"
      data-testid="bulk-delete-when"
    >
      <FormGroup
        role="radiogroup"
        isStack
        fieldId="bulk-delete-when"
        label={t("bulk.check.when")}
      >
        <Radio
          id="bulk-delete-later"
          name="bulk-delete-when"
          data-testid="bulk-delete-later"
          isChecked={!value.now}
          onChange={() => onChange({ ...value, now: false })}
          label={t("bulk.check.later")}
          description={t("bulk.check.later.help")}
          body={
            !value.now && (
              <FormGroup
                label={t("bulk.check.windowDays")}
                fieldId="bulk-window-days"
                isRequired
              >
                <TextInput
                  id="bulk-window-days"
                  data-testid="bulk-window-days"
                  type="number"
                  min={1}
                  max={MAX_WINDOW_DAYS}
                  value={value.days}
                  validated={daysValid ? "default" : "error"}
                  onChange={(_e, days) => onChange({ ...value, days })}
                  aria-describedby="bulk-due-date"
                  className="academy-wizard__days"
                />
                <HelperText id="bulk-due-date" data-testid="bulk-due-date">
                  {daysValid ? (
                    <HelperTextItem>
                      {t("bulk.check.dueDate", {
                        date: windowDueDate(value, i18n.language),
                      })}
                    </HelperTextItem>
                  ) : (
                    <HelperTextItem variant="error">
                      {t("bulk.check.windowDays.invalid", {
                        max: MAX_WINDOW_DAYS,
                      })}
                    </HelperTextItem>
                  )}
                </HelperText>
              </FormGroup>
            )
          }
        />
        <Radio
          id="bulk-delete-now"
          name="bulk-delete-when"
          data-testid="bulk-delete-now"
          isChecked={value.now}
          onChange={() => onChange({ ...value, now: true })}
          label={
            <span className="pf-v5-u-danger-color-100 pf-v5-u-font-weight-bold">
              {t("bulk.check.now")}
            </span>
          }
          description={t("bulk.check.now.help")}
        />
      </FormGroup>
      <FormGroup fieldId="bulk-academy-data">
        <Button
          id="bulk-academy-data"
          variant="secondary"
          icon={<DownloadIcon />}
          isLoading={busy}
          onClick={download}
          data-testid="bulk-academy-data"
          aria-describedby="bulk-academy-data-help"
        >
          {t("bulk.check.academyData")}
        </Button>
        <HelperText id="bulk-academy-data-help">
          <HelperTextItem>
            {t("bulk.check.academyData.help", {
              learningRecords: imp.summary?.learningRecords ?? 0,
              certificates: imp.summary?.certificates ?? 0,
            })}
          </HelperTextItem>
        </HelperText>
      </FormGroup>
    </Form>
  );
};

/* 5. Start: follow the job, then the result and the report. */
export const StartStep = ({
  api,
  imp,
  onError,
  onStop,
}: {
  api: BulkApi;
  imp?: BulkImport;
  onError: (e: unknown) => void;
  onStop: () => void;
}) => {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const [busy, setBusy] = useState(false);
  if (!imp) return null;
  const done = hasJobEnded(imp.status);
  const scheduled = imp.status === "SCHEDULED";
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
              scheduled
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
                to={toUsersTab(realm, "pending")}
                data-testid="bulk-pending-link"
              >
                {t("bulk.start.showPending")}
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

/** How many matched rows the result reads to find the ones to explain; the report has them all. */
const UNDONE_SCAN = 1000;
const UNDONE_SHOWN = 20;

/** The rows the job skipped, found gone or failed, each with its reason. */
const UndoneRows = ({ api, imp }: { api: BulkApi; imp: BulkImport }) => {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ImportRow[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    // The rows endpoint filters by status only: the job acts on MATCHED rows, so their outcomes
    // are read and filtered here.
    api.listRows(imp.id, "MATCHED", 0, UNDONE_SCAN).then(
      (r) => live && (setRows(undoneRows(r)), setError(undefined)),
      (e) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [api, imp.id, t]);

  const total = undoneCount(imp);
  const shown = rows?.slice(0, UNDONE_SHOWN) ?? [];
  return (
    <div className="pf-v5-u-mt-lg" data-testid="bulk-undone">
      <Title headingLevel="h3" size="md" className="pf-v5-u-mb-sm">
        {t("bulk.start.undoneTitle", { count: total })}
      </Title>
      {error && <Alert variant="danger" isInline title={error} />}
      {!rows && !error && <Spinner size="lg" aria-label={t("bulk.loading")} />}
      {shown.length > 0 && (
        <RowsTable
          rows={shown}
          label={t("bulk.start.undoneTitle", { count: total })}
          testId="bulk-undone-rows"
          thirdHeader="bulk.start.column.outcome"
          third={(row) => row.outcome && <OutcomeLabel outcome={row.outcome} />}
          fourthHeader="bulk.start.column.reason"
        />
      )}
      {rows && total > shown.length && (
        <TextContent className="pf-v5-u-mt-sm">
          <Text>{t("bulk.start.undoneMore")}</Text>
        </TextContent>
      )}
    </div>
  );
};

/** Rows of an import: number, identifier, a status or outcome label, and the row's message. */
const RowsTable = ({
  rows,
  label,
  testId,
  thirdHeader,
  third,
  fourthHeader,
}: {
  rows: ImportRow[];
  label: string;
  testId: string;
  thirdHeader: string;
  third: (row: ImportRow) => ReactNode;
  fourthHeader: string;
}) => {
  const { t } = useTranslation();
  return (
    <Table variant="compact" aria-label={label} data-testid={testId}>
      <Thead>
        <Tr>
          <Th width={10}>{t("bulk.check.column.row")}</Th>
          <Th>{t("bulk.check.column.identifier")}</Th>
          <Th>{t(thirdHeader)}</Th>
          <Th>{t(fourthHeader)}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, i) => (
          <Tr key={`${row.rowNumber ?? i}`}>
            <Td dataLabel={t("bulk.check.column.row")}>
              {row.rowNumber ?? "—"}
            </Td>
            <Td dataLabel={t("bulk.check.column.identifier")}>
              {row.identifier || "—"}
            </Td>
            <Td dataLabel={t(thirdHeader)}>{third(row)}</Td>
            {/* The bundle's text of the row's message key; the server's English only as a fallback. */}
            <Td dataLabel={t(fourthHeader)}>{rowMessageText(t, row)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
