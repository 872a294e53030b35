import {
  Button,
  Flex,
  FlexItem,
  Text,
  TextContent,
} from "@patternfly/react-core";
import { DownloadIcon } from "@patternfly/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BulkApi } from "../api";
import { StepTitle } from "./StepTitle";

/* 2. Download the template. */
export const TemplateStep = ({
  api,
  onError,
}: {
  api: BulkApi;
  onError: (e: unknown) => void;
}) => {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string>();
  const get = async (format: "xlsx" | "csv") => {
    setBusy(format);
    try {
      await api.downloadTemplate(format);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <StepTitle titleKey="bulk.template.title" />
      <TextContent className="pf-v5-u-mb-lg">
        <Text>{t("bulk.template.help")}</Text>
        <Text data-testid="bulk-template-dates">
          {t("bulk.template.dates")}
        </Text>
      </TextContent>
      <Flex>
        <FlexItem>
          <Button
            variant="primary"
            icon={<DownloadIcon />}
            isLoading={busy === "xlsx"}
            onClick={() => get("xlsx")}
            data-testid="bulk-template-xlsx"
          >
            {t("bulk.template.xlsx")}
          </Button>
        </FlexItem>
        <FlexItem>
          <Button
            variant="secondary"
            icon={<DownloadIcon />}
            isLoading={busy === "csv"}
            onClick={() => get("csv")}
            data-testid="bulk-template-csv"
          >
            {t("bulk.template.csv")}
          </Button>
        </FlexItem>
      </Flex>
    </>
  );
};
