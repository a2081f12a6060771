package dev.revgraph.shared.security;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trusted documents: the operations the clients' build hashed into their
 * {@code persisted-documents.json} manifests. A request may name one by its SHA-256 in
 * {@code extensions.persistedQuery.sha256Hash} (the persisted-query wire format; {@code query} may
 * then be left out), and with {@code revgraph.graphql.trusted-documents-only=true} a caller other
 * than ADMIN may run nothing else: any other document is answered {@code TRUSTED_DOCUMENT_REQUIRED}
 * before it is parsed. ADMIN, GraphiQL included, may still send any document.
 */
@Configuration(proxyBeanMethods = false)
class TrustedDocuments {

    private static final Logger log = LoggerFactory.getLogger(TrustedDocuments.class);

    /** A hash named in a request that no manifest holds; the code persisted-query clients look for. */
    static final ErrorClassification NOT_FOUND = ErrorClassification.errorClassification("PERSISTED_QUERY_NOT_FOUND");

    /** A document that is not trusted, sent while only trusted documents are accepted. */
    static final ErrorClassification REQUIRED = ErrorClassification.errorClassification("TRUSTED_DOCUMENT_REQUIRED");

    /** A request whose text and hash disagree. */
    static final ErrorClassification MISMATCH =
            ErrorClassification.errorClassification("PERSISTED_QUERY_HASH_MISMATCH");

    /** Before the report cache (the last interceptor), which keys the document a hash names. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 1)
    WebGraphQlInterceptor trustedDocumentsInterceptor(TrustedDocumentsProperties properties) {
        Map<String, String> documents = load(properties);
        Set<String> texts = Set.copyOf(documents.values());
        boolean only = properties.trustedDocumentsOnly();
        if (only) {
            log.info(
                    "Only trusted documents are accepted from callers other than ADMIN: {} document(s) in {}",
                    documents.size(),
                    properties.trustedDocumentManifests());
        }
        return (request, chain) -> {
            String hash = requestedHash(request);
            if (hash != null) {
                String document = documents.get(hash);
                if (document == null) {
                    return refuse(
                            request,
                            NOT_FOUND,
                            "no trusted document has the hash " + hash
                                    + " (extensions.persistedQuery.sha256Hash); send the document's text, or use a"
                                    + " client built from this server's schema");
                }
                String sent = request.getDocument();
                if (hasText(sent) && !texts.contains(sent) && !hash.equals(sha256(sent))) {
                    return refuse(request, MISMATCH, "the query sent is not the document of hash " + hash);
                }
                request.configureExecutionInput(
                        (input, builder) -> builder.query(document).build());
                return chain.next(request);
            }
            if (only && !isAdmin() && !texts.contains(request.getDocument())) {
                return refuse(
                        request,
                        REQUIRED,
                        "this server accepts only trusted documents from "
                                + roleName() + " callers: send the hash of one of the clients' operations in"
                                + " extensions.persistedQuery.sha256Hash (their persisted-documents.json), or use an"
                                + " ADMIN token");
            }
            return chain.next(request);
        };
    }

    private static String requestedHash(WebGraphQlRequest request) {
        if (request.getExtensions().get("persistedQuery") instanceof Map<?, ?> persisted
                && persisted.get("sha256Hash") instanceof String hash) {
            return normalize(hash);
        }
        return null;
    }

    private static boolean hasText(String document) {
        // Spring puts a marker in place of a query left out beside extensions.persistedQuery
        return document != null && !document.isBlank() && !document.equals("PersistedQueryMarker");
    }

    private static Mono<WebGraphQlResponse> refuse(
            WebGraphQlRequest request, ErrorClassification code, String message) {
        return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
                request.toExecutionInput(),
                ExecutionResult.newExecutionResult()
                        .addError(GraphqlErrorBuilder.newError()
                                .errorType(code)
                                .message(message)
                                .extensions(Map.of("code", code.toString()))
                                .build())
                        .build())));
    }

    private static boolean isAdmin() {
        return current() instanceof RevgraphAuthentication caller && caller.role() == Role.ADMIN;
    }

    private static String roleName() {
        return current() instanceof RevgraphAuthentication caller
                ? caller.role().name()
                : "unauthenticated";
    }

    private static Authentication current() {
        return SecurityContextHolder.getContext().getAuthentication();
    }

    /** Every manifest's hash (lower-case hex, without a {@code sha256:} prefix) and document. */
    static Map<String, String> load(TrustedDocumentsProperties properties) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> documents = new HashMap<>();
        for (String location : properties.trustedDocumentManifests()) {
            Resource[] resources;
            try {
                resources = resolver.getResources(location);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "revgraph.graphql.trusted-document-manifests: cannot read " + location, e);
            }
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    Map<String, String> manifest = json.readValue(in, new TypeReference<Map<String, String>>() {});
                    manifest.forEach((hash, document) -> {
                        String key = normalize(hash);
                        if (!key.equals(sha256(document))) {
                            throw new IllegalStateException("revgraph.graphql.trusted-document-manifests: in "
                                    + resource + ", " + hash + " is not the SHA-256 of its document");
                        }
                        documents.put(key, document);
                    });
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "revgraph.graphql.trusted-document-manifests: cannot read " + resource, e);
                }
            }
        }
        return Map.copyOf(documents);
    }

    private static String normalize(String hash) {
        String hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
        return hex.toLowerCase(java.util.Locale.ROOT);
    }

    static String sha256(String document) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
