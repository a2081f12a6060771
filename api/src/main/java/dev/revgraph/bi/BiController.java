package dev.revgraph.bi;

import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** BI credentials over GraphQL: the PostgreSQL roles that read the schema {@code reporting}. */
@Controller
class BiController {

    record CreateBiCredentialsInput(String name) {}

    record RevokeBiCredentialsInput(String name) {}

    record CreateBiCredentialsPayload(
            BiCredential biCredential, String password, String database, List<UserError> errors) {}

    record BiCredentialsPayload(BiCredential biCredential, List<UserError> errors) {}

    private final BiService service;

    BiController(BiService service) {
        this.service = service;
    }

    @QueryMapping
    List<BiCredential> biCredentials() {
        return service.list();
    }

    @MutationMapping
    CreateBiCredentialsPayload createBiCredentials(@Argument CreateBiCredentialsInput input) {
        return Payloads.of(
                () -> service.create(input.name()),
                (created, errors) -> created == null
                        ? new CreateBiCredentialsPayload(null, null, null, errors)
                        : new CreateBiCredentialsPayload(
                                created.credential(), created.password(), created.database(), errors));
    }

    @MutationMapping
    BiCredentialsPayload revokeBiCredentials(@Argument RevokeBiCredentialsInput input) {
        return Payloads.of(() -> service.revoke(input.name()), BiCredentialsPayload::new);
    }
}
