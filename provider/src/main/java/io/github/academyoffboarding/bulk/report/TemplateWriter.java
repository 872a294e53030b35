package io.github.academyoffboarding.bulk.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The file an admin downloads, fills in and uploads: a {@code users} sheet headed {@code email},
 * {@code date}, {@code until} and an {@code instructions} sheet (xlsx), or a one-line CSV.
 */
public final class TemplateWriter {

  static final String USERS_SHEET = "users";
  static final String INSTRUCTIONS_SHEET = "instructions";

  /** The header row: the identifier, then the optional dates. */
  static final List<String> COLUMNS = List.of("email", "date", "until");

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private TemplateWriter() {}

  public static void writeXlsx(OutputStream out, int maxRows) throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      Font bold = workbook.createFont();
      bold.setBold(true);
      XSSFCellStyle headerStyle = workbook.createCellStyle();
      headerStyle.setFont(bold);
      // Text format, so that typed identifiers stay as written (no 1E+07, no dates, leading zeros
      // kept).
      XSSFCellStyle textStyle = workbook.createCellStyle();
      textStyle.setDataFormat(workbook.createDataFormat().getFormat("@"));

      // The date columns show ISO dates whatever the spreadsheet's language: a date typed in the
      // admin's own format becomes a date cell, read as its day, and reads back unambiguously.
      XSSFCellStyle dateStyle = workbook.createCellStyle();
      dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));

      Sheet users = workbook.createSheet(USERS_SHEET);
      users.setColumnWidth(0, 40 * 256);
      users.setDefaultColumnStyle(0, textStyle);
      for (int column = 1; column < 3; column++) {
        users.setColumnWidth(column, 16 * 256);
        users.setDefaultColumnStyle(column, dateStyle);
      }
      users.setColumnWidth(3, 40 * 256);
      users.setDefaultColumnStyle(3, textStyle);
      Row header = users.createRow(0);
      for (int column = 0; column < COLUMNS.size(); column++) {
        header.createCell(column).setCellValue(COLUMNS.get(column));
        header.getCell(column).setCellStyle(headerStyle);
      }
      users.createFreezePane(0, 1);
      addNote(
          workbook,
          users,
          0,
          "One e-mail address per row below this header. To match by username or "
              + "user id instead, add a column headed \"username\" or \"id\" and choose that option when "
              + "uploading. See the instructions sheet.");
      addNote(
          workbook,
          users,
          1,
          "Optional, YYYY-MM-DD. Deactivate or delete: the last day the user may sign in; the"
              + " action happens at the end of that day. Reactivate: the first day back. Empty:"
              + " when you start the job.");
      addNote(
          workbook,
          users,
          2,
          "Optional, Deactivate only, YYYY-MM-DD: the last day of a leave; the user is"
              + " reactivated at the end of that day.");

      Sheet instructions = workbook.createSheet(INSTRUCTIONS_SHEET);
      instructions.setColumnWidth(0, 22 * 256);
      instructions.setColumnWidth(1, 100 * 256);
      int rowIndex = 0;
      for (List<String> line : instructions(maxRows)) {
        Row row = instructions.createRow(rowIndex++);
        for (int i = 0; i < line.size(); i++) {
          row.createCell(i).setCellValue(line.get(i));
        }
        if (line.size() == 1 || line.get(0).endsWith(":")) {
          row.getCell(0).setCellStyle(headerStyle);
        }
      }
      workbook.setActiveSheet(0);
      workbook.write(out);
      out.flush();
    }
  }

  private static void addNote(XSSFWorkbook workbook, Sheet sheet, int column, String text) {
    CreationHelper factory = workbook.getCreationHelper();
    Drawing<?> drawing = sheet.createDrawingPatriarch();
    ClientAnchor anchor = factory.createClientAnchor();
    anchor.setCol1(column + 1);
    anchor.setCol2(column + 5);
    anchor.setRow1(0);
    anchor.setRow2(5);
    Comment comment = drawing.createCellComment(anchor);
    comment.setString(factory.createRichTextString(text));
    comment.setAuthor("Academy Offboarding");
    sheet.getRow(0).getCell(column).setCellComment(comment);
  }

  static List<List<String>> instructions(int maxRows) {
    String rows = NumberFormat.getIntegerInstance(Locale.US).format(maxRows);
    return List.of(
        List.of("How to use this file"),
        List.of("1.", "On the \"users\" sheet, write one user per row below the header \"email\"."),
        List.of(
            "2.",
            "In the admin console, choose the action and how users are matched, upload the file "
                + "and check the preview. Nothing changes until you start the job."),
        List.of("3.", "After the job, download the report: it has one line per row of this file."),
        List.of(""),
        List.of("Actions:"),
        List.of(
            "Delete",
            "Removes the user account, the user's learning history and certificates. "
                + "This cannot be undone."),
        List.of(
            "Deactivate",
            "The user can no longer sign in and their sessions end. The account, learning "
                + "history and certificates are kept."),
        List.of(
            "Reactivate",
            "Enables a deactivated user again, so they can sign in. Nothing else changes."),
        List.of(""),
        List.of("Match by:"),
        List.of(
            "Email",
            "The default: the column \"email\" (or \"e-mail\"). Upper and lower case do not "
                + "matter."),
        List.of("Username", "Add a column \"username\" and choose Match by: Username."),
        List.of("ID", "Add a column \"id\" with Keycloak user ids and choose Match by: ID."),
        List.of(
            "",
            "Only the column of the chosen option and the columns \"date\" and \"until\" are read;"
                + " other columns are ignored."),
        List.of(""),
        List.of("Dates (optional):"),
        List.of(
            "date",
            "Leave empty to act when you start the job. Deactivate and Delete: the last day the"
                + " user may sign in; they are deactivated at the end of that day (Delete: deleted"
                + " when the restore window, counted from then, ends). Reactivate: the first day"
                + " back; they are reactivated at the start of that day. A date already past acts"
                + " when you start the job."),
        List.of(
            "until",
            "Deactivate only: the last day of a leave. The user is reactivated at the end of that"
                + " day."),
        List.of(
            "Format",
            "Write dates as YYYY-MM-DD (2027-01-31) or as a date cell. Any other form, such as"
                + " 01/02/2027, makes the row invalid: it could be January or February. Days end in"
                + " the server's time zone."),
        List.of(""),
        List.of("Good to know:"),
        List.of("Sheet", "The sheet named \"users\" is read, or else the first visible sheet."),
        List.of("Rows", "Blank rows are skipped. At most " + rows + " rows per file."),
        List.of(
            "Hidden rows",
            "Rows hidden in the sheet, for example by a filter or with Hide, are left out: the "
                + "preview lists them as hidden and they are not changed. To act on them too, show "
                + "them before saving the file, or upload it with the option includeHidden."),
        List.of(
            "Shared e-mails",
            "If the realm allows several users with the same e-mail address, a row with such an "
                + "address matches none of them: use their usernames or ids instead."),
        List.of("Duplicates", "A user listed twice is processed once."),
        List.of(
            "Protected",
            "Your own account, service accounts and (unless configured otherwise) realm "
                + "administrators are never changed."),
        List.of("Formats", "Excel Workbook (.xlsx) or CSV UTF-8 (comma or semicolon delimited)."));
  }

  /**
   * A CSV template: the header line only, with a byte-order mark so that Excel opens it as UTF-8.
   */
  public static void writeCsv(OutputStream out) throws IOException {
    out.write(UTF8_BOM);
    out.write((String.join(",", COLUMNS) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
