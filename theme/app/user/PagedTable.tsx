// A read-only table of one page of a server-paged list, with PatternFly's pagination above and
// below it (keyboard: every control is a button or a menu of buttons).
import {
  Alert,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Pagination,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../bulk/logic";
import { firstOf, pageOf } from "./logic";
import type { Page } from "./types";

export type Column<T> = { title: string; cell: (row: T) => ReactNode };

type Props<T> = {
  label: string;
  emptyText: string;
  testId: string;
  columns: Column<T>[];
  load: (first: number, max: number) => Promise<Page<T>>;
};

export function PagedTable<T extends { id: string }>({
  label,
  emptyText,
  testId,
  columns,
  load,
}: Props<T>) {
  const { t } = useTranslation();
  const [first, setFirst] = useState(0);
  const [max, setMax] = useState(10);
  const [page, setPage] = useState<Page<T>>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    load(first, max).then(
      (p) => {
        if (!live) return;
        setPage(p);
        setError(undefined);
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [load, first, max, t]);

  const total = page?.total ?? 0;
  const pagination = (variant: "top" | "bottom") => (
    <Pagination
      variant={variant}
      isCompact={variant === "top"}
      itemCount={total}
      perPage={max}
      page={pageOf(first, max)}
      onSetPage={(_e, p) => setFirst(firstOf(p, max, total))}
      onPerPageSelect={(_e, perPage) => {
        setMax(perPage);
        setFirst(0);
      }}
      titles={{
        paginationAriaLabel: t("academy.learning.pagination", { label }),
      }}
      data-testid={`${testId}-pagination-${variant}`}
    />
  );

  if (error) {
    return <Alert variant="danger" isInline title={error} />;
  }
  if (!page) {
    return <Spinner size="lg" aria-label={t("bulk.loading")} />;
  }
  if (total === 0) {
    return (
      <EmptyState variant="xs" data-testid={`${testId}-empty`}>
        <EmptyStateHeader titleText={emptyText} headingLevel="h3" />
        <EmptyStateBody>{t("academy.learning.emptyHelp")}</EmptyStateBody>
      </EmptyState>
    );
  }
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem variant="pagination">{pagination("top")}</ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Table aria-label={label} variant="compact" data-testid={testId}>
        <Thead>
          <Tr>
            {columns.map((c) => (
              <Th key={c.title}>{c.title}</Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {page.items.map((row) => (
            <Tr key={row.id}>
              {columns.map((c) => (
                <Td key={c.title} dataLabel={c.title}>
                  {c.cell(row)}
                </Td>
              ))}
            </Tr>
          ))}
        </Tbody>
      </Table>
      {pagination("bottom")}
    </>
  );
}
