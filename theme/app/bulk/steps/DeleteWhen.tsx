import {
  Button,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Radio,
  TextInput,
} from "@patternfly/react-core";
import { DownloadIcon } from "@patternfly/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { academyCounts } from "../../academyCounts";
import type { BulkApi } from "../api";
import {
  allowsDeleteNow,
  durationWords,
  MAX_WINDOW_DAYS,
  minimumWindowDays,
  parseWindowDays,
} from "../logic";
import { type BulkImport } from "../types";
import { windowDueDate, type DeleteWindow } from "./deleteWindow";

/** A DELETE's restore window, the due date it gives, and the export of what the delete destroys. */
export const DeleteWhen = ({
  api,
  imp,
  value,
  minimum,
  onChange,
  onError,
}: {
  api: BulkApi;
  imp: BulkImport;
  value: DeleteWindow;
  /** The server's restore-window-min: fewer days and Delete now are not offered below it. */
  minimum?: string;
  onChange: (value: DeleteWindow) => void;
  onError: (e: unknown) => void;
}) => {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const minDays = minimumWindowDays(minimum);
  const nowAllowed = allowsDeleteNow(minimum);
  const words = durationWords(minimum);
  const minimumText = words ? t(words.key, { count: words.count }) : "";
  const daysValid = parseWindowDays(value.days, minDays) !== undefined;
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
                  min={minDays}
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
                      {nowAllowed
                        ? t("bulk.check.windowDays.invalid", {
                            max: MAX_WINDOW_DAYS,
                          })
                        : t("bulk.check.windowDays.atLeast", {
                            min: minDays,
                            max: MAX_WINDOW_DAYS,
                            minimum: minimumText,
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
          isChecked={value.now && nowAllowed}
          isDisabled={!nowAllowed}
          onChange={() => onChange({ ...value, now: true })}
          label={
            <span className="pf-v5-u-danger-color-100 pf-v5-u-font-weight-bold">
              {t("bulk.check.now")}
            </span>
          }
          description={
            nowAllowed
              ? t("bulk.check.now.help")
              : t("bulk.check.now.notAllowed", { minimum: minimumText })
          }
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
            {t("bulk.check.academyData.help", academyCounts(t, imp.summary))}
          </HelperTextItem>
        </HelperText>
      </FormGroup>
    </Form>
  );
};
