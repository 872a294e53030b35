import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";
import { userAcademyApi } from "./api";

/** The academy API of the realm the console shows. */
export function useUserAcademyApi() {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  return useMemo(
    () => userAcademyApi(adminClient, realm),
    [adminClient, realm],
  );
}
