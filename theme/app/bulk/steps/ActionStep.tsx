import {
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Radio,
} from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { dueDate, formatDate, parseDuration } from "../logic";
import { ACTIONS, type BulkAction } from "../types";
import { StepTitle } from "./StepTitle";

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
