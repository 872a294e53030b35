import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";
import { bulkApi } from "./api";

/** The bulk-users API of the realm the console shows. */
export function useBulkApi() {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  return useMemo(() => bulkApi(adminClient, realm), [adminClient, realm]);
}
