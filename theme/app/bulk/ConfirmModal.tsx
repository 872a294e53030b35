// A confirmation before Restore or Delete now: PatternFly's modal traps the focus, closes on Escape
// and puts the confirming button right after its close button in the Tab order.
import { Button, Modal, ModalVariant } from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** The dismissing button's text, where "Cancel" would read as the action itself. */
  dismissLabel?: string;
  testId: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
};

export function ConfirmModal({
  title,
  confirmLabel,
  danger = false,
  busy = false,
  dismissLabel,
  testId,
  onConfirm,
  onCancel,
  children,
}: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      variant={ModalVariant.small}
      title={title}
      titleIconVariant={danger ? "danger" : undefined}
      isOpen
      onClose={onCancel}
      data-testid={testId}
      actions={[
        <Button
          key="confirm"
          variant={danger ? "danger" : "primary"}
          isLoading={busy}
          isDisabled={busy}
          onClick={onConfirm}
          data-testid={`${testId}-confirm`}
        >
          {confirmLabel}
        </Button>,
        <Button
          key="cancel"
          variant="link"
          onClick={onCancel}
          data-testid={`${testId}-cancel`}
        >
          {dismissLabel ?? t("bulk.wizard.cancel")}
        </Button>,
      ]}
    >
      {children}
    </Modal>
  );
}
