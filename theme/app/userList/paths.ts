// The user list's links, without JSX: pages import these, never the route table. The user page and
// the list's tab come from their own path files; Add user is the stock route
// (js/apps/admin-ui/src/user/routes/AddUser.tsx: "/:realm/users/add-user").
import { toUserDetails } from "../user/paths";
import { toUsersTab } from "../users/paths";

export const toUser = toUserDetails;

export const toAddUser = (realm: string) =>
  `/${encodeURIComponent(realm)}/users/add-user`;

export const toUserList = (realm: string) => toUsersTab(realm, "list");
