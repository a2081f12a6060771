package dev.revgraph.shared.limits;

import dev.revgraph.shared.web.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests per token ({@code revgraph.http.rate-limit}): each bearer token has a bucket of
 * {@code requests} requests that refills evenly over {@code period}; a request finding it empty is
 * answered 429 with {@code Retry-After} (whole seconds until the next request is allowed), before
 * its body is read. Tokens are told apart by a hash of the bearer credential, so two API tokens
 * with the same name, or two JWTs, count apart; anonymous requests never reach here with a token.
 */
final class RateLimit extends OncePerRequestFilter {

    /** Buckets kept before full (idle) ones are dropped. */
    private static final int MAX_BUCKETS = 10_000;

    private final int requests;
    private final long periodNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimit(HttpProperties.RateLimit limit, LongSupplier clock) {
        this.requests = limit.requests();
        this.periodNanos = limit.period().toNanos();
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return requests <= 0;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String authorization = request.getHeader("Authorization");
        if (caller == null || !caller.isAuthenticated() || authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        long now = clock.getAsLong();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        long wait = buckets.computeIfAbsent(key(authorization), k -> new Bucket(now))
                .take(now);
        if (wait > 0) {
            long seconds = Math.max(1, Duration.ofNanos(wait).toSeconds() + (wait % 1_000_000_000L == 0 ? 0 : 1));
            response.setHeader("Retry-After", Long.toString(seconds));
            HttpErrors.write(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "RATE_LIMITED",
                    "this token sent more than "
                            + requests + " requests in "
                            + Duration.ofNanos(periodNanos).toSeconds() + " s; retry in "
                            + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String key(String authorization) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A token bucket holding up to {@code requests} requests, one more every {@code period / requests}. */
    private final class Bucket {

        private double tokens = requests;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        /** Takes one request: 0 when allowed, else the nanoseconds until one is. */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * periodNanos / requests);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= requests;
        }

        private void refill(long now) {
            tokens = Math.min(requests, tokens + (double) (now - updated) * requests / periodNanos);
            updated = now;
        }
    }
}
