// The heading each step of the wizard starts with.
import { Title } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";

export const StepTitle = ({ titleKey }: { titleKey: string }) => {
  const { t } = useTranslation();
  return (
    <Title headingLevel="h2" size="xl" className="pf-v5-u-mb-md">
      {t(titleKey)}
    </Title>
  );
};
