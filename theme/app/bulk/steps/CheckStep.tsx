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
  Pagination,
  Spinner,
  Text,
  TextContent,
  Title,
  ToggleGroup,
  ToggleGroupItem,
} from "@patternfly/react-core";
import { useRealm } from "@keycloak/keycloak-admin-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { academyCounts } from "../../academyCounts";
import type { BulkApi } from "../api";
import { RowStatusLabel } from "../labels";
import {
  countsByStatus,
  errorText,
  filterStatuses,
  headerPlace,
  leftOutNotices,
} from "../logic";
import {
  PROBLEM_STATUSES,
  type BulkImport,
  type ImportRow,
  type RowStatus,
} from "../types";
import { calendarDays } from "../schedule";
import { importName, useImports } from "../useImports";
import { CalendarTable } from "./CalendarTable";
import { RowDue, RowMove } from "./RowSchedule";
import { StepTitle } from "./StepTitle";
import { RowsTable } from "./RowsTable";
import { DeleteWhen } from "./DeleteWhen";
import { windowDueDate, type DeleteWindow } from "./deleteWindow";

const PAGE_SIZES = [10, 20, 50, 100];

/* 4. Check the import file. */
export const CheckStep = ({
  api,
  imp,
  confirmed,
  onConfirm,
  deleteWindow,
  onDeleteWindow,
  restoreWindowMin,
  onError,
}: {
  api: BulkApi;
  imp?: BulkImport;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  deleteWindow?: DeleteWindow;
  onDeleteWindow: (value: DeleteWindow) => void;
  /** The server's restore-window-min, when known. */
  restoreWindowMin?: string;
  onError: (e: unknown) => void;
}) => {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
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
  // The imports whose schedules the rows shown move: their file names for the sentence.
  const moved = useImports(
    api,
    (rows ?? []).flatMap((r) =>
      r.replacesImportId ? [r.replacesImportId] : [],
    ),
  );

  if (!imp) {
    return <Alert variant="info" isInline title={t("bulk.check.noFile")} />;
  }
  const toProcess = counts.MATCHED;
  const statuses: RowStatus[] = ["MATCHED", ...PROBLEM_STATUSES];
  // The filter offers the statuses that have rows (eight buttons would not fit beside each other).
  const filters = filterStatuses(counts, status);
  const shown = rows?.slice(0, max) ?? [];
  // An import with dates shows its calendar and every row's due time.
  const dated = (imp.summary?.dated ?? 0) > 0 || calendarDays(imp).length > 0;
  const moves = imp.summary?.moves ?? 0;
  const place = headerPlace(imp);

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

      {place && (
        <Alert
          variant="info"
          isInline
          className="pf-v5-u-mb-md"
          data-testid="bulk-header-place"
          title={t(place.key, { sheet: place.sheet, row: place.row })}
        />
      )}

      {dated && (
        <section
          aria-labelledby="bulk-calendar-title"
          data-testid="bulk-calendar-section"
        >
          <Title
            headingLevel="h3"
            size="md"
            className="pf-v5-u-mb-sm"
            id="bulk-calendar-title"
          >
            {t("bulk.check.calendar")}
          </Title>
          <TextContent className="pf-v5-u-mb-sm">
            <Text data-testid="bulk-dated">
              {t("bulk.check.calendar.help", {
                count: imp.summary?.dated ?? 0,
              })}
            </Text>
          </TextContent>
          <CalendarTable imp={imp} />
        </section>
      )}
      {moves > 0 && (
        <Alert
          variant="info"
          isInline
          className="pf-v5-u-mb-md"
          data-testid="bulk-moves"
          title={t("bulk.check.movesNotice", { count: moves })}
        />
      )}

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
          minimum={restoreWindowMin}
          onChange={onDeleteWindow}
          onError={onError}
        />
      )}
      {toProcess > 0 && imp.action === "DELETE" && dated && deleteWindow && (
        <Alert
          variant="info"
          isInline
          className="pf-v5-u-mb-md"
          data-testid="bulk-window-from-date"
          title={t("bulk.check.windowFromDate")}
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
          <p>{t("bulk.check.deleteData", academyCounts(t, imp.summary))}</p>
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
              {t("bulk.check.deleteData", academyCounts(t, imp.summary))}{" "}
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
          due={dated ? (row) => <RowDue row={row} /> : undefined}
          more={(row) =>
            row.replacesImportId && (
              <RowMove
                row={row}
                realm={realm}
                importName={importName(moved, row.replacesImportId)}
              />
            )
          }
        />
      )}
    </>
  );
};
