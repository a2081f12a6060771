package dev.revgraph.shared.cache;

import java.util.List;

/**
 * What a report's result is kept under besides the data version: the document as printed back from
 * its syntax tree (so layout, comments and unused definitions' spacing do not matter), the operation
 * chosen, the variables as canonical JSON (keys sorted) and the caller's scope: the role, and for a
 * DEPARTMENT caller its departments, sorted. Nothing else of the caller changes what a report shows
 * (docs/security.md: the reports are every role's, and only DEPARTMENT callers are narrowed).
 */
record ReportKey(String document, String operationName, String variables, String role, List<String> departments) {

    /** About the memory the key takes (two bytes a character, and the objects around them). */
    long bytes() {
        long characters = document.length()
                + (operationName == null ? 0 : operationName.length())
                + variables.length()
                + role.length()
                + departments.stream().mapToInt(String::length).sum();
        return 2 * characters + 64L * (6 + departments.size());
    }
}
