// What the academy and pending-deletion endpoints answer (docs/openapi.yaml, issue 12's contract).

export type LearningStatus =
  "ENROLLED" | "IN_PROGRESS" | "COMPLETED" | "FAILED";

export type LearningRecord = {
  id: string;
  courseId: string;
  courseName?: string | null;
  status: LearningStatus;
  score?: number | null;
  startedAt?: string | null;
  completedAt?: string | null;
  createdAt?: string | null;
};

export type Certificate = {
  id: string;
  courseId?: string | null;
  title: string;
  serial: string;
  issuedAt?: string | null;
  expiresAt?: string | null;
  createdAt?: string | null;
};

export type AcademySummary = { learningRecords: number; certificates: number };

/** One page of a list and the size of the whole list (X-Total-Count). */
export type Page<T> = { items: T[]; total: number };

export type PendingDeletion = {
  userId: string;
  username: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  dueAt: string;
  importId: string;
  requestedBy?: string | null;
  enabledBefore: boolean;
};

/** What a restore of the user did (the bulk API's restore counts). */
export type RestoreResult = {
  restored: number;
  notPending: number;
  notAllowed: number;
  /** Its restore failed every attempt: still pending. */
  failed?: number;
};
