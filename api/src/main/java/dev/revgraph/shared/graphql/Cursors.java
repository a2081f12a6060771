package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Opaque keyset cursors of the connections: a date and an id, base64-encoded. Decoding
 * accepts exactly that shape and nothing else, so a forged cursor is a clear input error.
 */
public final class Cursors {

    /** A position in a list ordered by date then id. */
    public record DateIdKey(LocalDate date, long id) {}

    private Cursors() {}

    public static String encode(LocalDate date, long id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((date + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor of a list ordered by id alone. */
    public static String encodeId(long id) {
        return encode(LocalDate.EPOCH, id);
    }

    public static Long decodeId(String field, String cursor) {
        DateIdKey key = decode(field, cursor);
        if (key != null && !key.date().equals(LocalDate.EPOCH)) {
            throw DomainException.invalid(
                    field, field + " is not a cursor of this list: pass an endCursor it returned");
        }
        return key == null ? null : key.id();
    }

    public static DateIdKey decode(String field, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() > 64) {
                throw new IllegalArgumentException();
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new DateIdKey(LocalDate.parse(text.substring(0, bar)), Long.parseLong(text.substring(bar + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeParseException e) {
            throw DomainException.invalid(
                    field, field + " is not a cursor of this list: pass an endCursor it returned");
        }
    }
}
