// The Learning tab of the user details page: what a delete of this user would destroy, and the
// user's learning records and certificates, read-only.
import {
  Alert,
  PageSection,
  Stack,
  StackItem,
  Title,
} from "@patternfly/react-core";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { academyCounts } from "../academyCounts";
import { formatDateTime } from "../bulk/logic";
import { PagedTable, type Column } from "./PagedTable";
import { deleteImpact } from "./logic";
import type { AcademySummary, Certificate, LearningRecord } from "./types";
import { useUserAcademyApi } from "./useUserAcademyApi";

type Props = { userId: string; summary?: AcademySummary };

export function LearningTab({ userId, summary }: Props) {
  const { t, i18n } = useTranslation();
  const api = useUserAcademyApi();
  const date = (iso?: string | null) => formatDateTime(iso, i18n.language);

  const loadRecords = useCallback(
    (first: number, max: number) => api.learningRecords(userId, first, max),
    [api, userId],
  );
  const loadCertificates = useCallback(
    (first: number, max: number) => api.certificates(userId, first, max),
    [api, userId],
  );

  const recordColumns: Column<LearningRecord>[] = [
    {
      title: t("academy.learning.course"),
      cell: (r) => r.courseName || r.courseId,
    },
    { title: t("academy.learning.courseId"), cell: (r) => r.courseId },
    {
      title: t("academy.learning.status"),
      cell: (r) =>
        t(`academy.learningStatus.${r.status}`, { defaultValue: r.status }),
    },
    {
      title: t("academy.learning.score"),
      cell: (r) => (r.score ?? "\u2014").toString(),
    },
    { title: t("academy.learning.startedAt"), cell: (r) => date(r.startedAt) },
    {
      title: t("academy.learning.completedAt"),
      cell: (r) => date(r.completedAt),
    },
  ];
  const certificateColumns: Column<Certificate>[] = [
    { title: t("academy.learning.certificateTitle"), cell: (c) => c.title },
    {
      title: t("academy.learning.courseId"),
      cell: (c) => c.courseId || "\u2014",
    },
    { title: t("academy.learning.serial"), cell: (c) => c.serial },
    { title: t("academy.learning.issuedAt"), cell: (c) => date(c.issuedAt) },
    { title: t("academy.learning.expiresAt"), cell: (c) => date(c.expiresAt) },
  ];

  const impact = summary && deleteImpact(summary);
  return (
    <PageSection variant="light">
      <Stack hasGutter>
        {impact && (
          <StackItem>
            <Alert
              variant="info"
              isInline
              isPlain
              title={t(impact.key, academyCounts(t, summary))}
              data-testid="academy-learning-impact"
            />
          </StackItem>
        )}
        <StackItem>
          <Title headingLevel="h2" size="lg">
            {t("academy.learning.records")}
          </Title>
          <PagedTable
            label={t("academy.learning.records")}
            emptyText={t("academy.learning.noRecords")}
            testId="academy-learning-records"
            columns={recordColumns}
            load={loadRecords}
          />
        </StackItem>
        <StackItem>
          <Title headingLevel="h2" size="lg">
            {t("academy.learning.certificates")}
          </Title>
          <PagedTable
            label={t("academy.learning.certificates")}
            emptyText={t("academy.learning.noCertificates")}
            testId="academy-certificates"
            columns={certificateColumns}
            load={loadCertificates}
          />
        </StackItem>
      </Stack>
    </PageSection>
  );
}
