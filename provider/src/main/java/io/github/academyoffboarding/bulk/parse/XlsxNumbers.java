package io.github.academyoffboarding.bulk.parse;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * Numeric cells as text. Dates are formatted as Excel shows them; every other number is written out
 * plainly (10000000, 42, 0.5) whatever its display format, because an identifier such as an
 * employee number must not turn into {@code 1.0E7} or {@code 42.0}.
 */
final class XlsxNumbers {

  /** Larger exponents are not identifiers; writing them out plainly would only cost memory. */
  private static final int MAX_PLAIN_DIGITS = 40;

  private final DataFormatter dateFormatter = new DataFormatter(Locale.US);
  private final boolean date1904;

  XlsxNumbers(boolean date1904) {
    this.date1904 = date1904;
  }

  String format(String raw, XlsxStyles.Format format) {
    String text = raw.trim();
    if (format.isDate()) {
      try {
        double value = Double.parseDouble(text);
        if (DateUtil.isValidExcelDate(value)) {
          return dateFormatter.formatRawCellContents(
              value, format.id(), format.pattern(), date1904);
        }
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return plain(text);
  }

  /**
   * A cell of a date column: a whole-day number with a date format is its ISO date ({@code
   * 2027-01-31}); one with a time of day reads as an ISO date-time (which is not accepted as a
   * date); any other number is written out plainly (not a date either).
   */
  String isoDate(String raw, XlsxStyles.Format format) {
    String text = raw.trim();
    if (format.isDate()) {
      try {
        double value = Double.parseDouble(text);
        if (DateUtil.isValidExcelDate(value)) {
          LocalDateTime at = DateUtil.getLocalDateTime(value, date1904, true);
          return at.toLocalTime().equals(LocalTime.MIDNIGHT)
              ? at.toLocalDate().toString()
              : at.toString();
        }
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return plain(text);
  }

  /**
   * A {@code t="d"} cell (strict OOXML, some writers) holds ISO 8601 text; midnight of a day is
   * that day.
   */
  static String isoDateCell(String raw) {
    String text = raw.trim();
    return text.matches("\\d{4}-\\d{2}-\\d{2}T00:00(:00(\\.0+)?)?Z?")
        ? text.substring(0, 10)
        : text;
  }

  static String plain(String text) {
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return text;
    }
    if (Math.abs((long) number.scale()) > MAX_PLAIN_DIGITS
        || number.precision() > MAX_PLAIN_DIGITS) {
      return text;
    }
    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
  }
}
