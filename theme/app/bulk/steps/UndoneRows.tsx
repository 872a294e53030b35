import {
  Alert,
  Spinner,
  Text,
  TextContent,
  Title,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BulkApi } from "../api";
import { OutcomeLabel } from "../labels";
import { errorText, undoneCount, undoneRows } from "../logic";
import { type BulkImport, type ImportRow } from "../types";
import { RowsTable } from "./RowsTable";

/** How many matched rows the result reads to find the ones to explain; the report has them all. */
const UNDONE_SCAN = 1000;
const UNDONE_SHOWN = 20;

/** The rows the job skipped, found gone or failed, each with its reason. */
export const UndoneRows = ({ api, imp }: { api: BulkApi; imp: BulkImport }) => {
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
