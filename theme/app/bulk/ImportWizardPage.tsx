// The bulk import wizard as a page under Users. With an import id in the address it shows that
// import where it stands: its preview, or the progress and result of its job.
import { useRealm } from "@keycloak/keycloak-admin-ui";
import { Alert, Button, PageSection, Spinner } from "@patternfly/react-core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { toUsersTab } from "../users/paths";
import { toImport } from "./paths";
import { ImportWizard } from "./ImportWizard";
import { errorText } from "./logic";
import type { BulkImport } from "./types";
import { useBulkApi } from "./useBulkApi";

export default function ImportWizardPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const [search] = useSearchParams();
  const id = search.get("id") ?? undefined;
  const navigate = useNavigate();
  const api = useBulkApi();
  // Imports this page created itself: putting their id into the address must not reload them.
  const ownIds = useRef(new Set<string>());
  const [loaded, setLoaded] = useState<BulkImport>();
  const [error, setError] = useState<string>();

  const mustLoad = !!id && !ownIds.current.has(id) && loaded?.id !== id;
  useEffect(() => {
    if (!mustLoad || !id) return;
    let live = true;
    setError(undefined);
    api.getImport(id).then(
      (imp) => live && setLoaded(imp),
      (e) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [api, id, mustLoad, t]);

  const close = () => navigate(toUsersTab(realm, "imports"));

  if (error) {
    return (
      <PageSection variant="light">
        <Alert variant="danger" isInline title={error}>
          <Button variant="link" isInline onClick={close}>
            {t("bulk.wizard.backToImports")}
          </Button>
        </Alert>
      </PageSection>
    );
  }
  if (mustLoad) {
    return (
      <PageSection variant="light">
        <Spinner aria-label={t("bulk.loading")} />
      </PageSection>
    );
  }
  return (
    <ImportWizard
      // A new wizard for each import opened from the address; ours keep their state.
      key={id && !ownIds.current.has(id) ? id : "new"}
      initial={id && loaded?.id === id ? loaded : undefined}
      onCreated={(imp) => {
        ownIds.current.add(imp.id);
        navigate(toImport(realm, imp.id), { replace: true });
      }}
      onClose={close}
    />
  );
}
