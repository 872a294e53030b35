// Past bulk imports of the realm, newest first, each linking to its preview or progress.
import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Flex,
  FlexItem,
  Pagination,
  ProgressSize,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import { DownloadIcon, SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ConfirmModal } from "../bulk/ConfirmModal";
import {
  ImportProgressBar,
  RestoreProgressBar,
  StatusLabel,
} from "../bulk/labels";
import {
  canDeleteNow,
  deleteNowFrom,
  deleteNowNotices,
  durationWords,
  errorStatus,
  errorText,
  formatDateTime,
  hasJobEnded,
  hasPendingDeletions,
  type Notice,
  reportState,
  restoreNotices,
  waitingChoices,
  waitingCount,
} from "../bulk/logic";
import { restoresToFollow } from "../bulk/restoreProgress";
import type { BulkImport, RestoreCounts } from "../bulk/types";
import { useBulkApi } from "../bulk/useBulkApi";
import { useRestoreProgress } from "../bulk/useRestoreProgress";
import { toImport } from "../bulk/paths";
import { toUsersTab } from "./paths";

const REFRESH_MS = 3000;

export function BulkImportsTab() {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const api = useBulkApi();
  const [first, setFirst] = useState(0);
  const [max, setMax] = useState(10);
  const [imports, setImports] = useState<BulkImport[]>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const [downloading, setDownloading] = useState<string>();
  const { hasAccess } = useAccess();
  const canManage = hasAccess("manage-users");
  // The scheduled import whose Restore, Delete now, Deactivate now or Cancel schedule waits for
  // the admin's confirmation.
  const [confirm, setConfirm] = useState<{
    kind: "restore" | "deleteNow" | "deactivateNow" | "cancelWaiting";
    imp: BulkImport;
  }>();
  const [acting, setActing] = useState(false);
  const [notices, setNotices] = useState<(Notice & { id: number })[]>([]);
  // The server's restore-window-min: Delete now waits for it after the commit.
  const [restoreWindowMin, setRestoreWindowMin] = useState<string>();

  // Restores the engine carries out, each followed by its import's id until done: started here,
  // or found running when the list was read (reload-safe). Those that ended while this page
  // watched are not taken up again from a list read before their end.
  const ended = useRef(new Set<string>());
  const showNotices = (counts: Partial<RestoreCounts>) => {
    const now = Date.now();
    setNotices(restoreNotices(counts).map((n, i) => ({ ...n, id: now + i })));
  };
  const restores = useRestoreProgress((importId, counts) => {
    ended.current.add(importId);
    showNotices(counts);
    setTick((n) => n + 1);
  });
  const { follow, followed, forget, isFollowing } = restores;

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (settings) => live && setRestoreWindowMin(settings?.restoreWindowMin),
      // Unknown: Delete now is offered, and the server still refuses one too soon.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  const load = useCallback(async () => {
    try {
      // One more than shown tells whether there is a next page.
      setImports(await api.listImports(first, max + 1));
      setError(undefined);
    } catch (e) {
      setError(errorText(t, e));
    }
  }, [api, first, max, t]);

  useEffect(() => {
    void load();
  }, [load, tick]);

  useEffect(() => {
    for (const imp of restoresToFollow(
      imports,
      new Set(Object.keys(followed)),
      ended.current,
    )) {
      const last = imp.restore!;
      follow(imp.id, last, async () => {
        const now = await api.getImport(imp.id);
        return now?.restore ?? { ...last, remaining: 0, done: true };
      });
    }
  }, [api, imports, followed, follow]);

  const refresh = () => {
    // A restore whose progress could not be read is taken up again from the list.
    for (const [importId, entry] of Object.entries(followed)) {
      if (entry.error) forget(importId);
    }
    ended.current.clear();
    setTick((n) => n + 1);
  };

  // Follow running imports without a manual refresh.
  // SCHEDULED imports wait for days: no need to poll for them.
  const running = imports?.some(
    (imp) => !hasJobEnded(imp.status) && imp.status !== "PREVIEW",
  );
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearTimeout(timer);
  }, [running, imports]);

  const formatDate = (iso?: string | null) =>
    formatDateTime(iso, i18n.language);

  const downloadReport = async (imp: BulkImport) => {
    setDownloading(imp.id);
    setError(undefined);
    try {
      await api.downloadReport(imp.id, "xlsx");
    } catch (e) {
      setError(errorText(t, e));
      // 410: history retention erased it since the list was read; the reload shows that.
      if (errorStatus(e) === 410) setTick((n) => n + 1);
    } finally {
      setDownloading(undefined);
    }
  };

  const act = async () => {
    if (!confirm) return;
    setActing(true);
    setError(undefined);
    try {
      const importId = confirm.imp.id;
      if (confirm.kind === "restore") {
        // Accepted at once: the engine restores in batches; the row shows how far it has come and
        // the counts follow when it is done.
        const restore = await api.restore(importId);
        setNotices([]);
        follow(importId, restore, () => api.getRestore(importId, restore.id));
      } else if (confirm.kind === "deleteNow") {
        const found = deleteNowNotices(await api.deleteNow(importId));
        const now = Date.now();
        setNotices(found.map((n, i) => ({ ...n, id: now + i })));
      } else {
        // The waiting users: carried out now, or their schedule cancelled (the import's cancel).
        if (confirm.kind === "deactivateNow") await api.deactivateNow(importId);
        else await api.cancel(importId);
        setNotices([
          {
            key: `bulk.imports.${confirm.kind}.done`,
            count: waitingCount(confirm.imp),
            variant: "success",
            id: Date.now(),
          },
        ]);
      }
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setActing(false);
      setConfirm(undefined);
      setTick((n) => n + 1);
    }
  };

  const scheduledCell = (imp: BulkImport) => (
    <div data-testid={`bulk-scheduled-${imp.id}`}>
      {(imp.pendingDeletions ?? 0) > 0 && (
        <>
          {/* Dated deletes have a due time per user, not one for the import. */}
          {imp.deletionDueAt && (
            <div>
              {t("bulk.imports.dueAt", {
                date: formatDate(imp.deletionDueAt),
              })}
            </div>
          )}
          <div>
            <Link to={toUsersTab(realm, "scheduled")}>
              {t("bulk.imports.pending", { count: imp.pendingDeletions ?? 0 })}
            </Link>
          </div>
        </>
      )}
      {waitingCount(imp) > 0 && (
        <div>
          <Link
            to={toUsersTab(realm, "scheduled")}
            data-testid={`bulk-waiting-${imp.id}`}
          >
            {t("bulk.imports.waiting", { count: waitingCount(imp) })}
          </Link>
        </div>
      )}
    </div>
  );

  const deleteNowButton = (imp: BulkImport) => {
    const allowed = canDeleteNow(imp, restoreWindowMin);
    const button = (
      <Button
        variant="danger"
        size="sm"
        // Focusable while disabled, so that the keyboard reaches the tooltip saying why.
        isAriaDisabled={!allowed || isFollowing(imp.id)}
        onClick={() => setConfirm({ kind: "deleteNow", imp })}
        aria-label={t("bulk.imports.deleteNowOf", {
          name: imp.fileName || imp.id,
        })}
        data-testid={`bulk-delete-now-${imp.id}`}
      >
        {t("bulk.imports.deleteNow")}
      </Button>
    );
    if (allowed) return button;
    const words = durationWords(restoreWindowMin);
    return (
      <Tooltip
        content={t("bulk.imports.deleteNow.notYet", {
          date: formatDate(deleteNowFrom(imp, restoreWindowMin)?.toISOString()),
          minimum: words ? t(words.key, { count: words.count }) : "",
        })}
      >
        {button}
      </Tooltip>
    );
  };

  const actionsCell = (imp: BulkImport) =>
    canManage &&
    (hasPendingDeletions(imp) || waitingChoices(imp).length > 0) ? (
      // One above the other, so that the column stays as narrow as its widest button.
      <Flex
        direction={{ default: "column" }}
        alignItems={{ default: "alignItemsFlexStart" }}
        spaceItems={{ default: "spaceItemsSm" }}
      >
        {waitingChoices(imp).map((kind) => (
          <FlexItem key={kind}>
            <Button
              variant={kind === "deactivateNow" ? "secondary" : "link"}
              isInline={kind === "cancelWaiting"}
              size="sm"
              onClick={() => setConfirm({ kind, imp })}
              aria-label={t(`bulk.imports.${kind}Of`, {
                name: imp.fileName || imp.id,
              })}
              data-testid={`bulk-${kind}-${imp.id}`}
            >
              {t(`bulk.imports.${kind}`)}
            </Button>
          </FlexItem>
        ))}
        {hasPendingDeletions(imp) && (
          <>
            <FlexItem>
              <Button
                variant="secondary"
                size="sm"
                // While the engine restores, the row's bar says why it waits.
                isAriaDisabled={isFollowing(imp.id)}
                onClick={() => setConfirm({ kind: "restore", imp })}
                aria-label={t("bulk.imports.restoreOf", {
                  name: imp.fileName || imp.id,
                })}
                data-testid={`bulk-restore-${imp.id}`}
              >
                {t("bulk.imports.restore")}
              </Button>
            </FlexItem>
            <FlexItem>{deleteNowButton(imp)}</FlexItem>
          </>
        )}
      </Flex>
    ) : (
      "—"
    );

  const reportCell = (imp: BulkImport) => {
    switch (reportState(imp)) {
      case "erased":
        return (
          <span data-testid={`bulk-report-erased-${imp.id}`}>
            {t("bulk.imports.reportErased", {
              date: formatDate(imp.historyErasedAt),
            })}
          </span>
        );
      case "available":
        return (
          <Button
            variant="link"
            isInline
            icon={<DownloadIcon />}
            isLoading={downloading === imp.id}
            isDisabled={downloading !== undefined}
            onClick={() => downloadReport(imp)}
            aria-label={t("bulk.imports.downloadReportOf", {
              name: imp.fileName || imp.id,
            })}
            data-testid={`bulk-report-${imp.id}`}
          >
            {t("bulk.imports.downloadReport")}
          </Button>
        );
      default:
        return "—";
    }
  };

  /** The users a confirmation is about: those pending deletion, or those waiting for their date. */
  const confirmCount = (c: NonNullable<typeof confirm>) =>
    c.kind === "restore" || c.kind === "deleteNow"
      ? (c.imp.pendingDeletions ?? 0)
      : waitingCount(c.imp);

  const shown = imports?.slice(0, max) ?? [];
  const pagination = (variant: "top" | "bottom") => (
    <Pagination
      variant={variant}
      isCompact={variant === "top"}
      perPage={max}
      page={Math.floor(first / max) + 1}
      itemCount={first + (imports?.length ?? 0)}
      toggleTemplate={({ firstIndex, lastIndex }) => (
        <b>
          {firstIndex} - {lastIndex}
        </b>
      )}
      onSetPage={(_e, page) => setFirst((page - 1) * max)}
      onPerPageSelect={(_e, perPage) => {
        setMax(perPage);
        setFirst(0);
      }}
      titles={{ paginationAriaLabel: t("bulk.imports.pagination") }}
    />
  );

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button
              variant="secondary"
              icon={<SyncAltIcon />}
              onClick={refresh}
              data-testid="bulk-imports-refresh"
            >
              {t("bulk.imports.refresh")}
            </Button>
          </ToolbarItem>
          <ToolbarItem variant="pagination">{pagination("top")}</ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && (
        <Alert
          variant="danger"
          isInline
          title={error}
          className="pf-v5-u-m-md"
        />
      )}
      {Object.entries(followed)
        .filter(([, entry]) => entry.error)
        .map(([importId, entry]) => (
          <Alert
            key={importId}
            variant="warning"
            isInline
            className="pf-v5-u-m-md"
            title={t("bulk.restore.readFailed", { error: entry.error })}
            data-testid={`bulk-restore-read-failed-${importId}`}
            actionClose={
              <AlertActionCloseButton onClose={() => forget(importId)} />
            }
          />
        ))}
      <AlertGroup isLiveRegion className="pf-v5-u-mx-md">
        {notices.map((n) => (
          <Alert
            key={n.id}
            variant={n.variant}
            isInline
            title={t(n.key, { count: n.count })}
            data-testid={`bulk-notice-${n.key}`}
            actionClose={
              <AlertActionCloseButton
                onClose={() =>
                  setNotices((all) => all.filter((x) => x.id !== n.id))
                }
              />
            }
          />
        ))}
      </AlertGroup>
      {confirm && (
        <ConfirmModal
          testId={`bulk-confirm-${confirm.kind}`}
          danger={
            confirm.kind === "deleteNow" || confirm.kind === "deactivateNow"
          }
          busy={acting}
          title={t(`bulk.imports.${confirm.kind}.title`, {
            count: confirmCount(confirm),
          })}
          confirmLabel={t(`bulk.imports.${confirm.kind}.confirm`, {
            count: confirmCount(confirm),
          })}
          dismissLabel={
            confirm.kind === "cancelWaiting"
              ? t("bulk.scheduled.keep")
              : undefined
          }
          onConfirm={act}
          onCancel={() => setConfirm(undefined)}
        >
          {t(`bulk.imports.${confirm.kind}.body`, {
            count: confirmCount(confirm),
            name: confirm.imp.fileName || confirm.imp.id,
            date: formatDate(confirm.imp.deletionDueAt),
          })}
        </ConfirmModal>
      )}
      {!imports && !error && (
        <Spinner aria-label={t("bulk.loading")} className="pf-v5-u-m-md" />
      )}
      {imports && shown.length === 0 && (
        <EmptyState>
          <EmptyStateHeader
            titleText={t("bulk.imports.empty")}
            headingLevel="h2"
          />
          <EmptyStateBody>{t("bulk.imports.emptyHelp")}</EmptyStateBody>
        </EmptyState>
      )}
      {shown.length > 0 && (
        <Table
          aria-label={t("bulk.imports.tab")}
          variant="compact"
          className="academy-imports"
          data-testid="bulk-imports-table"
        >
          {/* Eight columns in the console's content width (1440 px windows and up): headers and
              cells wrap (academy-imports in styles.css), long file names break, the progress puts
              its count above its bar. */}
          <Thead>
            <Tr>
              <Th modifier="wrap">{t("bulk.imports.column.action")}</Th>
              <Th modifier="wrap">{t("bulk.imports.column.file")}</Th>
              <Th modifier="wrap">{t("bulk.imports.column.createdBy")}</Th>
              <Th modifier="wrap">{t("bulk.imports.column.createdAt")}</Th>
              <Th modifier="wrap">{t("bulk.imports.column.status")}</Th>
              <Th modifier="wrap" width={15}>
                {t("bulk.imports.column.progress")}
              </Th>
              <Th modifier="wrap">{t("bulk.imports.column.report")}</Th>
              <Th modifier="wrap">{t("bulk.imports.column.actions")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((imp) => (
              <Tr key={imp.id}>
                <Td dataLabel={t("bulk.imports.column.action")}>
                  {t(`bulk.action.${imp.action}.short`)}
                </Td>
                <Td
                  dataLabel={t("bulk.imports.column.file")}
                  modifier="breakWord"
                >
                  <Link to={toImport(realm, imp.id)}>
                    {imp.origin === "USER_LIST" ? (
                      <span data-testid="bulk-import-origin-USER_LIST">
                        {t("bulk.imports.origin.USER_LIST")}
                      </span>
                    ) : (
                      imp.fileName || imp.id
                    )}
                  </Link>
                </Td>
                <Td
                  dataLabel={t("bulk.imports.column.createdBy")}
                  modifier="breakWord"
                >
                  {imp.createdBy ?? "—"}
                </Td>
                <Td
                  dataLabel={t("bulk.imports.column.createdAt")}
                  modifier="nowrap"
                >
                  {formatDate(imp.createdAt)}
                </Td>
                <Td dataLabel={t("bulk.imports.column.status")}>
                  <StatusLabel status={imp.status} />
                  {imp.status === "SCHEDULED" && scheduledCell(imp)}
                </Td>
                <Td dataLabel={t("bulk.imports.column.progress")}>
                  {isFollowing(imp.id) ? (
                    <RestoreProgressBar
                      counts={followed[imp.id].counts}
                      id={`bulk-restore-progress-${imp.id}`}
                      size={ProgressSize.sm}
                      stacked
                    />
                  ) : imp.status === "PREVIEW" ? (
                    t("bulk.imports.awaitingStart")
                  ) : (
                    <ImportProgressBar
                      imp={imp}
                      id={`progress-${imp.id}`}
                      size={ProgressSize.sm}
                      stacked
                    />
                  )}
                </Td>
                <Td dataLabel={t("bulk.imports.column.report")}>
                  {reportCell(imp)}
                </Td>
                <Td dataLabel={t("bulk.imports.column.actions")}>
                  {actionsCell(imp)}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {shown.length > 0 && pagination("bottom")}
    </>
  );
}
