package io.github.academyoffboarding.bulk.parse;

/**
 * What was read.
 *
 * @param format the detected format
 * @param sheetName the sheet read (null for CSV)
 * @param sheetCount how many visible worksheets the workbook has (0 for CSV)
 * @param headerRowNumber the row number of the header row
 * @param columnHeader the header cell of the column read, as written in the file
 * @param rows how many data rows were handed to the consumer
 * @param hiddenRows how many of them are hidden in the spreadsheet (the preview can warn about
 *     them, e.g. rows hidden by a filter)
 */
public record ParseResult(
    FileFormat format,
    String sheetName,
    int sheetCount,
    int headerRowNumber,
    String columnHeader,
    int rows,
    int hiddenRows) {}
