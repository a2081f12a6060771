package dev.revgraph.importing;

import dev.revgraph.shared.error.UserErrorCode;

/**
 * One bad row (or header) of an import: the file, the line (1 is the header; null when the
 * problem is not one line's), the column (null when not one column's) and why.
 */
public record RowError(String file, Long line, String column, String reason, UserErrorCode code) {

    /** {@code spend.csv line 12, column amount: must not be zero}. */
    public String message() {
        StringBuilder message = new StringBuilder(file);
        if (line != null) {
            message.append(" line ").append(line);
        }
        if (column != null) {
            message.append(line != null ? ", column " : " column ").append(column);
        }
        return message.append(": ").append(reason).toString();
    }
}
