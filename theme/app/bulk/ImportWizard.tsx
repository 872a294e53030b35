import { ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  PageSection,
  Wizard,
  WizardFooterWrapper,
  WizardStep,
} from "@patternfly/react-core";
import type { WizardFooterProps, WizardStepType } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  allowsDeleteNow,
  deleteAfterOf,
  errorStatus,
  errorText,
  hasJobEnded,
  isCommitted,
  minimumWindowDays,
  type Notice,
  parseWindowDays,
  restoreNotices,
  windowDays,
} from "./logic";
import { isBeingRestored } from "./restoreProgress";
import { ActionStep } from "./steps/ActionStep";
import { CheckStep } from "./steps/CheckStep";
import type { DeleteWindow } from "./steps/deleteWindow";
import { StartStep } from "./steps/StartStep";
import { TemplateStep } from "./steps/TemplateStep";
import { UploadStep } from "./steps/UploadStep";
import type { BulkAction, BulkImport, MatchBy } from "./types";
import { useBulkApi } from "./useBulkApi";
import { useRestoreProgress } from "./useRestoreProgress";

const POLL_MS = 1000;
/** The window field's days when the server's window is zero and the admin picks a window anyway. */
const DEFAULT_WINDOW_DAYS = 30;

type Props = {
  initial?: BulkImport;
  onCreated: (imp: BulkImport) => void;
  onClose: () => void;
};

export function ImportWizard({ initial, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const api = useBulkApi();
  const [action, setAction] = useState<BulkAction | undefined>(initial?.action);
  const [matchBy, setMatchBy] = useState<MatchBy>(initial?.matchBy ?? "EMAIL");
  const [file, setFile] = useState<File>();
  const [includeHidden, setIncludeHidden] = useState(
    initial?.includeHidden ?? false,
  );
  const [imp, setImp] = useState<BulkImport | undefined>(initial);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // The server's default restore window, for step 1's promise; unknown if it cannot be read.
  const [restoreWindow, setRestoreWindow] = useState<string>();
  // The server's restore-window-min: the check step offers no shorter window, and no Delete now.
  const [restoreWindowMin, setRestoreWindowMin] = useState<string>();
  // The check step's choice for a DELETE: the window in days (as typed) or at once.
  const [deleteWindow, setDeleteWindow] = useState<DeleteWindow>();

  const committed = isCommitted(imp?.status);
  const ended = hasJobEnded(imp?.status);

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (settings) => {
        if (!live) return;
        setRestoreWindow(settings?.restoreWindow);
        setRestoreWindowMin(settings?.restoreWindowMin);
      },
      // Step 1 then says less; the upload still gets the server's default.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  // Each new preview starts from its own window: the upload's, which is the server's default.
  const previewId = imp?.status === "PREVIEW" ? imp.id : undefined;
  const previewWindow = imp?.deleteAfter ?? restoreWindow;
  useEffect(() => {
    if (!previewId) return;
    const days = windowDays(previewWindow);
    const nowAllowed = allowsDeleteNow(restoreWindowMin);
    setDeleteWindow({
      now: days === 0 && nowAllowed,
      days: String(
        Math.max(
          days || DEFAULT_WINDOW_DAYS,
          minimumWindowDays(restoreWindowMin),
        ),
      ),
    });
    setConfirmed(false);
  }, [previewId, previewWindow, restoreWindowMin]);

  // The preview belongs to one action and one file: choosing again asks for a new upload.
  const forgetPreview = () => {
    setImp(undefined);
    setConfirmed(false);
  };

  // A restore of the import under way (started from the Bulk imports tab, by anyone): its progress,
  // read with the import itself, so that the counts and outcomes on this page move with it.
  const [restored, setRestored] = useState<Notice[]>([]);
  const restores = useRestoreProgress((_id, counts) =>
    setRestored(restoreNotices(counts)),
  );
  const { follow, followed } = restores;
  const restoring = imp ? followed[imp.id] : undefined;
  useEffect(() => {
    if (!imp || !isBeingRestored(imp) || followed[imp.id]) return;
    const id = imp.id;
    const last = imp.restore!;
    follow(id, last, async () => {
      const now = await api.getImport(id);
      setImp(now);
      return now?.restore ?? { ...last, remaining: 0, done: true };
    });
  }, [api, imp, followed, follow]);

  // Follow the job until the server says it is done.
  useEffect(() => {
    if (!imp || !committed || ended) return;
    const timer = setTimeout(() => {
      api.getImport(imp.id).then(setImp, (e) => setError(errorText(t, e)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [api, imp, committed, ended, t]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const upload = (next: () => unknown) =>
    run(async () => {
      const created = await api.createImport(
        file!,
        action!,
        matchBy,
        includeHidden,
      );
      setImp(created);
      setConfirmed(false);
      onCreated(created);
      await next();
    });

  const start = (next: () => unknown) =>
    run(async () => {
      const id = imp!.id;
      await api.commit(
        id,
        imp!.action === "DELETE" ? commitDeleteAfter() : undefined,
      );
      setImp(await api.getImport(id));
      await next();
    });

  const discardAndClose = () => {
    if (imp?.status === "PREVIEW") {
      // Best effort: an abandoned preview also expires on the server.
      api.cancel(imp.id).catch(() => undefined);
    }
    onClose();
  };

  const toProcess = imp?.summary?.toProcess ?? 0;
  const minDays = minimumWindowDays(restoreWindowMin);
  const windowValid =
    !!deleteWindow &&
    (deleteWindow.now
      ? allowsDeleteNow(restoreWindowMin)
      : parseWindowDays(deleteWindow.days, minDays) !== undefined);
  const commitDeleteAfter = () =>
    deleteWindow &&
    deleteAfterOf({
      now: deleteWindow.now,
      days: parseWindowDays(deleteWindow.days, minDays),
    });
  const startKey =
    action === "DELETE" && deleteWindow && !deleteWindow.now
      ? "bulk.wizard.start.DELETE_LATER"
      : `bulk.wizard.start.${action}`;

  type Go = WizardFooterProps["onNext"];
  const footer = (activeStep: WizardStepType, next: Go, back: Go) => {
    const cancel = (
      <Button variant="link" onClick={discardAndClose}>
        {t("bulk.wizard.cancel")}
      </Button>
    );
    const backButton = (
      <Button variant="secondary" onClick={back} data-testid="bulk-back">
        {t("bulk.wizard.back")}
      </Button>
    );
    const nextButton = (
      text: string,
      onClick: Go,
      disabled: boolean,
      variant: "primary" | "danger" = "primary",
      describedBy?: string,
    ) => (
      <Button
        variant={variant}
        aria-describedby={describedBy}
        onClick={onClick}
        isDisabled={disabled}
        isLoading={busy}
        data-testid="bulk-next"
      >
        {text}
      </Button>
    );
    switch (activeStep.id) {
      case "action":
        return (
          <WizardFooterWrapper>
            {nextButton(
              t("bulk.wizard.next"),
              next,
              !action,
              "primary",
              // The step's hint says why Next waits.
              action ? undefined : "bulk-action-hint",
            )}
            {cancel}
          </WizardFooterWrapper>
        );
      case "template":
        return (
          <WizardFooterWrapper>
            {backButton}
            {nextButton(t("bulk.wizard.next"), next, false)}
            {cancel}
          </WizardFooterWrapper>
        );
      case "upload":
        return (
          <WizardFooterWrapper>
            {backButton}
            {nextButton(
              t("bulk.wizard.uploadAndCheck"),
              (e) => upload(() => next(e)),
              !file || !action || busy,
            )}
            {cancel}
          </WizardFooterWrapper>
        );
      case "check":
        return (
          <WizardFooterWrapper>
            {backButton}
            {nextButton(
              action
                ? t(startKey, { count: toProcess })
                : t("bulk.wizard.next"),
              (e) => start(() => next(e)),
              !imp ||
                imp.status !== "PREVIEW" ||
                toProcess === 0 ||
                busy ||
                (action === "DELETE" && (!confirmed || !windowValid)),
              action === "DELETE" ? "danger" : "primary",
            )}
            {cancel}
          </WizardFooterWrapper>
        );
      default:
        return (
          <WizardFooterWrapper>
            <Button
              variant="primary"
              onClick={onClose}
              data-testid="bulk-close"
            >
              {t("bulk.wizard.close")}
            </Button>
          </WizardFooterWrapper>
        );
    }
  };

  return (
    <>
      <ViewHeader titleKey="bulk.wizard.title" subKey="bulk.wizard.help" />
      <PageSection variant="light" className="pf-v5-u-p-0">
        {error && (
          <Alert
            variant="danger"
            isInline
            title={error}
            className="pf-v5-u-m-md"
            data-testid="bulk-error"
          />
        )}
        <Wizard
          className="academy-wizard"
          navAriaLabel={t("bulk.wizard.steps")}
          startIndex={committed ? 5 : imp ? 4 : 1}
          isVisitRequired
          onClose={discardAndClose}
          onStepChange={() => setError(undefined)}
          footer={footer}
        >
          <WizardStep
            id="action"
            name={t("bulk.step.action")}
            isDisabled={committed}
          >
            <ActionStep
              action={action}
              restoreWindow={restoreWindow}
              onChange={(value) => {
                if (value !== action) forgetPreview();
                setAction(value);
              }}
            />
          </WizardStep>
          <WizardStep
            id="template"
            name={t("bulk.step.template")}
            isDisabled={committed}
          >
            <TemplateStep
              api={api}
              onError={(e) => setError(errorText(t, e))}
            />
          </WizardStep>
          <WizardStep
            id="upload"
            name={t("bulk.step.upload")}
            isDisabled={committed}
          >
            <UploadStep
              file={file}
              matchBy={matchBy}
              onFile={(f) => {
                forgetPreview();
                setFile(f);
              }}
              onMatchBy={(m) => {
                forgetPreview();
                setMatchBy(m);
              }}
              includeHidden={includeHidden}
              onIncludeHidden={(value) => {
                forgetPreview();
                setIncludeHidden(value);
              }}
            />
          </WizardStep>
          <WizardStep
            id="check"
            name={t("bulk.step.check")}
            isDisabled={committed}
          >
            <CheckStep
              api={api}
              imp={imp}
              confirmed={confirmed}
              onConfirm={setConfirmed}
              deleteWindow={deleteWindow}
              restoreWindowMin={restoreWindowMin}
              onDeleteWindow={(value) => {
                // A confirmation is of one choice: the admin confirms again after changing it.
                if (value.now !== deleteWindow?.now) setConfirmed(false);
                setDeleteWindow(value);
              }}
              onError={(e) => setError(errorText(t, e))}
            />
          </WizardStep>
          <WizardStep id="start" name={t("bulk.step.start")}>
            <StartStep
              api={api}
              imp={imp}
              restoring={restoring}
              restored={restored}
              onDismissRestored={() => setRestored([])}
              onError={(e) => {
                setError(errorText(t, e));
                // 410: history retention erased the report meanwhile; show the import as it is now.
                if (errorStatus(e) === 410 && imp) {
                  api.getImport(imp.id).then(setImp, () => undefined);
                }
              }}
              onStop={() =>
                run(async () => {
                  await api.cancel(imp!.id);
                  setImp(await api.getImport(imp!.id));
                })
              }
            />
          </WizardStep>
        </Wizard>
      </PageSection>
    </>
  );
}
