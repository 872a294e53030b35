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
import { errorStatus, errorText, isCommitted, isFinished } from "./logic";
import {
  ActionStep,
  CheckStep,
  StartStep,
  TemplateStep,
  UploadStep,
} from "./steps";
import type { BulkAction, BulkImport, MatchBy } from "./types";
import { useBulkApi } from "./useBulkApi";

const POLL_MS = 1000;

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

  const committed = isCommitted(imp?.status);
  const finished = isFinished(imp?.status);

  // The preview belongs to one action and one file: choosing again asks for a new upload.
  const forgetPreview = () => {
    setImp(undefined);
    setConfirmed(false);
  };

  // Follow the job until the server says it is done.
  useEffect(() => {
    if (!imp || !committed || finished) return;
    const timer = setTimeout(() => {
      api.getImport(imp.id).then(setImp, (e) => setError(errorText(t, e)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [api, imp, committed, finished, t]);

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
      await api.commit(id);
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
    ) => (
      <Button
        variant={variant}
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
            {nextButton(t("bulk.wizard.next"), next, !action)}
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
                ? t(`bulk.wizard.start.${action}`, { count: toProcess })
                : t("bulk.wizard.next"),
              (e) => start(() => next(e)),
              !imp ||
                imp.status !== "PREVIEW" ||
                toProcess === 0 ||
                busy ||
                (action === "DELETE" && !confirmed),
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
            />
          </WizardStep>
          <WizardStep id="start" name={t("bulk.step.start")}>
            <StartStep
              api={api}
              imp={imp}
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
