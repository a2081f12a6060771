package dev.revgraph.importing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma separator, fields optionally in double quotes, a quote inside
 * a quoted field doubled, line breaks (CRLF or LF) allowed inside quotes. It holds one record at a
 * time, so a file of any size reads in constant memory. A leading UTF-8 byte order mark is dropped.
 *
 * <p>Each record remembers the physical line it starts on (the header is line 1), which is the
 * line number an import error names. A field is {@code null} when the cell is empty and unquoted
 * or quoted-empty: the contract gives both the meaning "no value".
 */
final class CsvReader implements AutoCloseable {

    /** A record and the line it starts on. */
    record Row(long line, List<String> fields) {}

    /** A record that breaks RFC 4180 (an unterminated quote, text after a closing quote). */
    static final class MalformedCsv extends RuntimeException {
        final long line;

        MalformedCsv(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private boolean first = true;
    private final StringBuilder field = new StringBuilder();

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of the input. A blank last line is no record. */
    Row next() {
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            field.setLength(0);
            if (c == '"') {
                while (true) {
                    c = read();
                    if (c == -1) {
                        throw new MalformedCsv(start, "a quoted field opened on line " + start + " is never closed");
                    }
                    if (c == '"') {
                        c = read();
                        if (c == '"') {
                            field.append('"');
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    throw new MalformedCsv(
                            start,
                            "text follows a closing quote; a quote inside a quoted field" + " must be doubled (\"\")");
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    if (c == '"') {
                        throw new MalformedCsv(
                                start,
                                "a quote inside an unquoted field; quote the whole field and"
                                        + " double the quote (\"\")");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.isEmpty() ? null : field.toString());
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                line++;
                if (read() != '\n') {
                    unread();
                }
            } else if (c == '\n') {
                line++;
            }
            return new Row(start, fields);
        }
    }

    /** The physical line the reader is on. */
    long line() {
        return line;
    }

    private int read() {
        if (position == limit) {
            try {
                limit = in.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private void unread() {
        // only ever called right after a successful read, so the character is still in the buffer
        if (limit > 0) {
            position--;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
