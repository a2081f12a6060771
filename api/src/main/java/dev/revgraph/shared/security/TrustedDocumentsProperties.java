package dev.revgraph.shared.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trusted documents, under {@code revgraph.graphql}: the operations the clients' build hashed
 * (their {@code persisted-documents.json} manifests), which the endpoint accepts by hash.
 *
 * @param trustedDocumentsOnly when true, a caller other than ADMIN may run only a trusted document
 *     (sent by its hash or as its exact text); any other document is refused with
 *     {@code TRUSTED_DOCUMENT_REQUIRED}
 * @param trustedDocumentManifests where the manifests are (Spring resource locations; each a JSON
 *     object from {@code sha256:<hex>} or {@code <hex>} to the document); the TypeScript client's
 *     build puts its own at {@code classpath:trusted-documents/typescript-client.json}
 */
@ConfigurationProperties("revgraph.graphql")
public record TrustedDocumentsProperties(
        @DefaultValue("false") boolean trustedDocumentsOnly,
        @DefaultValue("classpath*:trusted-documents/*.json") List<String> trustedDocumentManifests) {}
