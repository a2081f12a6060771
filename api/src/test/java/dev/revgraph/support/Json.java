package dev.revgraph.support;

import java.util.List;
import java.util.Map;

/** The shapes a GraphQL response's JSON reads as in tests: objects as maps, arrays of objects as lists. */
public final class Json {

    private Json() {}

    /** A JSON object of a response. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A JSON array of objects of a response. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
