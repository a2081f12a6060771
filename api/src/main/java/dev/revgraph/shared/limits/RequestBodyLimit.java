package dev.revgraph.shared.limits;

import dev.revgraph.shared.security.RevgraphAuthentication;
import dev.revgraph.shared.security.Role;
import dev.revgraph.shared.web.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the request body before anything parses it: a body declared larger than the caller's limit
 * is refused with 413 unread, and one sent without a length is read only up to the limit. The
 * limit is {@code revgraph.http.max-body-size}, or {@code max-import-body-size} for a caller whose
 * role may import (the import mutation carries a whole CSV file). A body that is the JSON value
 * {@code null} is answered 400 (Spring for GraphQL would fail on it with an internal error).
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    private final HttpProperties properties;

    RequestBodyLimit(HttpProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        long limit = limitFor(SecurityContextHolder.getContext().getAuthentication());
        if (declared > limit) {
            tooLarge(response, limit);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            tooLarge(response, limit);
            return;
        }
        if (isJsonNull(body)) {
            HttpErrors.write(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "BAD_REQUEST",
                    "the request body must be a JSON object with a query, not null");
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private long limitFor(Authentication caller) {
        boolean mayImport = caller instanceof RevgraphAuthentication revgraph
                && (revgraph.role() == Role.ADMIN || revgraph.role() == Role.FINANCE);
        long base = properties.maxBodySize().toBytes();
        return mayImport ? Math.max(base, properties.maxImportBodySize().toBytes()) : base;
    }

    private static void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");
        HttpErrors.write(
                response,
                HttpStatus.CONTENT_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                "the request body is larger than the limit of " + limit + " bytes");
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while (total < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    private static boolean isJsonNull(byte[] body) {
        return body.length < 64
                && new String(body, StandardCharsets.UTF_8).strip().equals("null");
    }

    /** The request with its body already read into memory; one stream over it, as a servlet has. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;
        private final ServletInputStream stream;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            this.stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
