// Addresses of the stock console's user pages, as its route files write them
// (js/apps/admin-ui/src/user/routes/User.tsx, AddUser.tsx). No JSX: pages import these, not routes.
export const toUser = (realm: string, id: string) =>
  `/${encodeURIComponent(realm)}/users/${encodeURIComponent(id)}/settings`;

export const toAddUser = (realm: string) =>
  `/${encodeURIComponent(realm)}/users/add-user`;

export const toUserList = (realm: string) =>
  `/${encodeURIComponent(realm)}/users/list`;
