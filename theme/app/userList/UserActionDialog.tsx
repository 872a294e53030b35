// The one dialog behind every console door that deletes, deactivates or reactivates chosen users:
// the user list's row kebab and toolbar, and the user page's Action menu. It asks the server for a
// preview of exactly these users (an import of origin USER_LIST), says what goes and who is left
// alone, and on confirmation commits the import and follows its job. Cancel and Escape discard the
// preview. A delete goes through the realm's restore window unless the admin chooses Delete now.
import {
  Alert,
  Button,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  Progress,
  Radio,
  Spinner,
  Stack,
  StackItem,
} from "@patternfly/react-core";
import { DownloadIcon } from "@patternfly/react-icons";
import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { academyCounts } from "../academyCounts";
import { allowsDeleteNow, durationWords, errorText } from "../bulk/logic";
import type { BulkAction, BulkImport } from "../bulk/types";
import { useBulkApi } from "../bulk/useBulkApi";
import { createUserListImport } from "./api";
import {
  commitDeleteAfter,
  dialogTitle,
  dueDateText,
  hasWindow,
  isSettled,
  pollDelay,
  previewSentences,
  progressOf,
  sentenceText,
  type ChosenUser,
  type DeleteMode,
} from "./logic";

export type ActionResult = { imp: BulkImport; mode: DeleteMode };

type Props = {
  action: BulkAction;
  users: ChosenUser[];
  /** The admin cancelled: nothing happened (the preview is discarded). */
  onCancel: () => void;
  /** The job is done with the users (finished, or a delete's users wait for their due time). */
  onDone: (result: ActionResult) => void;
};

const TEST_ID = "academy-user-action";

export function UserActionDialog({ action, users, onCancel, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const api = useBulkApi();
  const [imp, setImp] = useState<BulkImport>();
  const [restoreWindow, setRestoreWindow] = useState<string | null>();
  // The server's restore-window-min: no Delete now below it (unknown: the server still refuses).
  const [restoreWindowMin, setRestoreWindowMin] = useState<string>();
  const [mode, setMode] = useState<DeleteMode>("window");
  const [phase, setPhase] = useState<"preview" | "running">("preview");
  const [error, setError] = useState<string>();
  const [downloading, setDownloading] = useState(false);
  // The preview to discard if the dialog goes away before it is committed.
  const open = useRef<string>();

  useEffect(() => {
    let live = true;
    createUserListImport(
      adminClient,
      realm,
      action,
      users.map((u) => u.id),
    ).then(
      async (created) => {
        if (!live) {
          await api.cancel(created.id).catch(() => undefined);
          return;
        }
        open.current = created.id;
        setImp(created);
        if (action === "DELETE") {
          // The preview carries the realm's window; older servers leave it to the settings.
          const settings = await api.getSettings().catch(() => undefined);
          const fromSettings = created.deleteAfter ?? settings?.restoreWindow;
          if (!live) return;
          setRestoreWindowMin(settings?.restoreWindowMin);
          setRestoreWindow(fromSettings ?? null);
          setMode(hasWindow(fromSettings) ? "window" : "now");
        }
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
      if (open.current) {
        void api.cancel(open.current).catch(() => undefined);
        open.current = undefined;
      }
    };
    // The dialog is opened for one action on one set of users.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const cancel = () => {
    if (phase === "running") return;
    if (open.current) {
      void api.cancel(open.current).catch(() => undefined);
      open.current = undefined;
    }
    onCancel();
  };

  const confirm = async () => {
    if (!imp) return;
    setPhase("running");
    setError(undefined);
    const id = imp.id;
    open.current = undefined;
    try {
      let current =
        (await api.commit(
          id,
          commitDeleteAfter(action, mode, restoreWindow),
        )) ?? imp;
      for (let attempt = 0; !isSettled(current); attempt++) {
        await new Promise((r) => setTimeout(r, pollDelay(attempt)));
        current = await api.getImport(id);
        setImp(current);
      }
      onDone({ imp: current, mode });
    } catch (e) {
      setError(errorText(t, e));
      setPhase("preview");
      // A failed commit leaves the preview as it was: Cancel still discards it.
      open.current = id;
    }
  };

  const download = async () => {
    if (!imp) return;
    setDownloading(true);
    try {
      await api.downloadAcademyData(imp.id, "xlsx");
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setDownloading(false);
    }
  };

  const title = dialogTitle(action, users);
  const nowAllowed = allowsDeleteNow(restoreWindowMin);
  const minimumWords = durationWords(restoreWindowMin);
  const windowed = action === "DELETE" && hasWindow(restoreWindow);
  const due = windowed ? dueDateText(restoreWindow, i18n.language) : undefined;
  const effectiveMode: DeleteMode =
    action === "DELETE" && !windowed ? "now" : mode;
  const ready =
    imp !== undefined && (action !== "DELETE" || restoreWindow !== undefined);
  const toProcess = imp?.summary?.toProcess ?? 0;
  const danger = action === "DELETE" && effectiveMode === "now";
  const progress = progressOf(imp);

  const confirmLabel =
    action === "DELETE"
      ? t(danger ? "userList.confirm.DELETE.now" : "userList.confirm.DELETE")
      : t(`userList.confirm.${action}`);

  return (
    <Modal
      variant={ModalVariant.medium}
      title={t(title.key, title.values)}
      titleIconVariant={action === "DELETE" ? "warning" : undefined}
      isOpen
      onClose={cancel}
      data-testid={TEST_ID}
      actions={[
        <Button
          key="confirm"
          variant={danger ? "danger" : "primary"}
          isLoading={phase === "running"}
          isDisabled={!ready || toProcess === 0 || phase === "running"}
          onClick={() => void confirm()}
          data-testid={`${TEST_ID}-confirm`}
        >
          {confirmLabel}
        </Button>,
        <Button
          key="cancel"
          variant="link"
          isDisabled={phase === "running"}
          onClick={cancel}
          data-testid={`${TEST_ID}-cancel`}
        >
          {t("bulk.wizard.cancel")}
        </Button>,
      ]}
    >
      <Stack hasGutter>
        {error && (
          <StackItem>
            <Alert
              variant="danger"
              isInline
              title={error}
              data-testid={`${TEST_ID}-error`}
            />
          </StackItem>
        )}
        {!ready && !error && (
          <StackItem>
            <Spinner size="md" aria-label={t("userList.loading")} />{" "}
            {t("userList.loading")}
          </StackItem>
        )}
        {ready && imp && (
          <StackItem data-testid={`${TEST_ID}-sentences`}>
            {previewSentences(action, imp, effectiveMode, due).map((s, i) => (
              <p
                key={s.key}
                className={i === 0 ? "pf-v5-u-font-weight-bold" : undefined}
              >
                {sentenceText(t, s)}
              </p>
            ))}
          </StackItem>
        )}
        {ready && imp && action === "DELETE" && toProcess > 0 && (
          <StackItem>
            <Form onSubmit={(e) => e.preventDefault()}>
              {windowed && (
                <FormGroup
                  role="radiogroup"
                  isStack
                  fieldId="academy-delete-when"
                  label={t("userList.when")}
                >
                  <Radio
                    id="academy-delete-window"
                    name="academy-delete-when"
                    data-testid={`${TEST_ID}-window`}
                    isChecked={mode === "window"}
                    isDisabled={phase === "running"}
                    onChange={() => setMode("window")}
                    label={t("userList.window")}
                    description={t("bulk.check.dueDate", { date: due })}
                  />
                  <Radio
                    id="academy-delete-now"
                    name="academy-delete-when"
                    data-testid={`${TEST_ID}-now`}
                    isChecked={mode === "now"}
                    isDisabled={phase === "running" || !nowAllowed}
                    onChange={() => setMode("now")}
                    label={
                      <span className="pf-v5-u-danger-color-100 pf-v5-u-font-weight-bold">
                        {t("bulk.check.now")}
                      </span>
                    }
                    description={
                      nowAllowed
                        ? t("bulk.check.now.help")
                        : t("bulk.check.now.notAllowed", {
                            minimum: minimumWords
                              ? t(minimumWords.key, {
                                  count: minimumWords.count,
                                })
                              : "",
                          })
                    }
                  />
                </FormGroup>
              )}
              <FormGroup fieldId="academy-delete-data">
                <Button
                  id="academy-delete-data"
                  variant="secondary"
                  icon={<DownloadIcon />}
                  isLoading={downloading}
                  isDisabled={downloading || phase === "running"}
                  onClick={() => void download()}
                  data-testid={`${TEST_ID}-academy-data`}
                  aria-describedby="academy-delete-data-help"
                >
                  {t("bulk.check.academyData")}
                </Button>
                <HelperText id="academy-delete-data-help">
                  <HelperTextItem>
                    {t(
                      "userList.academyData.help",
                      academyCounts(t, imp.summary),
                    )}
                  </HelperTextItem>
                </HelperText>
              </FormGroup>
            </Form>
          </StackItem>
        )}
        {phase === "running" && (
          <StackItem data-testid={`${TEST_ID}-progress`}>
            {progress ? (
              <Progress
                value={progress.processed}
                min={0}
                max={progress.total}
                title={t("userList.running")}
                label={t("userList.progress", {
                  processed: progress.processed,
                  count: progress.total,
                })}
                valueText={t("userList.progress", {
                  processed: progress.processed,
                  count: progress.total,
                })}
              />
            ) : (
              <>
                <Spinner size="md" aria-label={t("userList.running")} />{" "}
                {t("userList.running")}
              </>
            )}
          </StackItem>
        )}
      </Stack>
    </Modal>
  );
}
