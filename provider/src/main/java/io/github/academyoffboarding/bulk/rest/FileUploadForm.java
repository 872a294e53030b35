package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The fields of the upload form, for the OpenAPI document only: the resource reads them from
 * Keycloak's form API (so that it can bound the file's size itself) rather than binding them to
 * parameters the scanner could see.
 */
@Schema(name = "BulkImportUpload")
final class FileUploadForm {

  @Schema(
      required = true,
      type = SchemaType.STRING,
      format = "binary",
      description = "The filled-in template: .xlsx or .csv (UTF-8, comma or semicolon).")
  public String file;

  @Schema(
      required = true,
      enumeration = {"DELETE", "DEACTIVATE", "REACTIVATE"})
  public String action;

  @Schema(
      enumeration = {"EMAIL", "USERNAME", "ID"},
      defaultValue = "EMAIL")
  public String matchBy;

  @Schema(description = "The file name to show, when the file part carries none.")
  public String fileName;

  @Schema(
      enumeration = {"true", "false"},
      defaultValue = "false",
      description =
          "Rows hidden in the spreadsheet (by a filter or by hand) are HIDDEN and left out unless"
              + " this is true; then they are planned like any other row.")
  public String includeHidden;

  @Schema(
      description =
          "DELETE only: the restore window, an ISO-8601 duration (P30D, PT12H). The users are"
              + " deactivated at commit and deleted when it ends, unless restored; PT0S deletes at"
              + " once. Default: the server's restore-window (P30D).")
  public String deleteAfter;

  private FileUploadForm() {}
}
