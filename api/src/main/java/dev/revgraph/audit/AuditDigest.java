package dev.revgraph.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the audit trail keeps of a refused mutation's input or outcome: the JSON itself when it is
 * small, otherwise its first {@value #HEAD_CHARACTERS} characters with its size and SHA-256. A
 * refused call wrote nothing, so the trail needs to say who tried what, not to keep megabytes of
 * it (an ANALYST's refused mutation once stored a 5 MB memo).
 */
final class AuditDigest {

    /** The most characters of a refused call's JSON kept whole, and the head kept of a larger one. */
    static final int HEAD_CHARACTERS = 4096;

    private AuditDigest() {}

    static String of(String json, JsonMapper mapper) {
        if (json == null || json.length() <= HEAD_CHARACTERS) {
            return json;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> digest = new LinkedHashMap<>();
        digest.put("truncated", true);
        digest.put("bytes", bytes.length);
        digest.put("sha256", sha256(bytes));
        int end = Character.isHighSurrogate(json.charAt(HEAD_CHARACTERS - 1)) ? HEAD_CHARACTERS - 1 : HEAD_CHARACTERS;
        digest.put("head", json.substring(0, end));
        return mapper.writeValueAsString(digest);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
