import {
  Alert,
  Button,
  Checkbox,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Icon,
  MultipleFileUpload,
  MultipleFileUploadMain,
} from "@patternfly/react-core";
import { FileExcelIcon, TimesIcon, UploadIcon } from "@patternfly/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ACCEPTED_FILES, isAcceptedFileName } from "../logic";
import { MATCH_BY, type MatchBy } from "../types";
import { StepTitle } from "./StepTitle";

/* 3. Drag & drop or browse for the file. */
export const UploadStep = ({
  file,
  matchBy,
  includeHidden,
  onFile,
  onMatchBy,
  onIncludeHidden,
}: {
  file?: File;
  matchBy: MatchBy;
  includeHidden: boolean;
  onFile: (file: File | undefined) => void;
  onMatchBy: (matchBy: MatchBy) => void;
  onIncludeHidden: (includeHidden: boolean) => void;
}) => {
  const { t } = useTranslation();
  const [rejected, setRejected] = useState(false);
  return (
    <Form onSubmit={(e) => e.preventDefault()}>
      <StepTitle titleKey="bulk.upload.title" />
      <FormGroup label={t("bulk.upload.matchBy")} fieldId="bulk-match-by">
        <FormSelect
          id="bulk-match-by"
          value={matchBy}
          onChange={(_e, value) => onMatchBy(value as MatchBy)}
          data-testid="bulk-match-by"
        >
          {MATCH_BY.map((m) => (
            <FormSelectOption
              key={m}
              value={m}
              label={t(`bulk.matchBy.${m}`)}
            />
          ))}
        </FormSelect>
      </FormGroup>
      <FormGroup label={t("bulk.upload.file")} fieldId="bulk-file" isRequired>
        <MultipleFileUpload
          id="bulk-file"
          data-testid="bulk-dropzone"
          dropzoneProps={{
            accept: ACCEPTED_FILES,
            multiple: false,
            onDropRejected: () => setRejected(true),
          }}
          onFileDrop={(_e, files) => {
            const picked = files[files.length - 1];
            setRejected(!isAcceptedFileName(picked?.name));
            if (picked && isAcceptedFileName(picked.name)) onFile(picked);
          }}
        >
          <MultipleFileUploadMain
            titleIcon={<UploadIcon />}
            titleText={t("bulk.upload.drop")}
            titleTextSeparator={t("bulk.upload.or")}
            infoText={t("bulk.upload.accepted")}
            browseButtonText={t("bulk.upload.browse")}
          />
        </MultipleFileUpload>
      </FormGroup>
      {rejected && (
        <Alert variant="warning" isInline title={t("bulk.upload.wrongType")} />
      )}
      {file && (
        <Flex
          alignItems={{ default: "alignItemsCenter" }}
          data-testid="bulk-file-chosen"
        >
          <FlexItem>
            <Icon>
              <FileExcelIcon />
            </Icon>
          </FlexItem>
          <FlexItem>
            {t("bulk.upload.chosen", {
              name: file.name,
              size: Math.ceil(file.size / 1024),
            })}
          </FlexItem>
          <FlexItem>
            <Button
              variant="plain"
              aria-label={t("bulk.upload.remove", { name: file.name })}
              onClick={() => onFile(undefined)}
            >
              <TimesIcon />
            </Button>
          </FlexItem>
        </Flex>
      )}
      <FormGroup fieldId="bulk-include-hidden">
        <Checkbox
          id="bulk-include-hidden"
          data-testid="bulk-include-hidden"
          isChecked={includeHidden}
          onChange={(_e, checked) => onIncludeHidden(checked)}
          label={t("bulk.upload.includeHidden")}
          description={t("bulk.upload.includeHidden.help")}
        />
      </FormGroup>
      {includeHidden && (
        <Alert
          variant="warning"
          isInline
          title={t("bulk.upload.includeHidden.warning")}
          data-testid="bulk-include-hidden-warning"
        />
      )}
    </Form>
  );
};
