package dev.revgraph.fiscal;

/**
 * Which stored close a report over a closed month reads. A month reopened and closed again keeps
 * every close, so finance can show what was first reported beside the restated figures; an open
 * month has no stored figures and reads the same under both.
 */
public enum CloseVersion {
    AS_FIRST_REPORTED,
    LATEST;

    /** Null (argument absent) means the schema's default, LATEST. */
    public static boolean firstReported(CloseVersion version) {
        return version == AS_FIRST_REPORTED;
    }
}
