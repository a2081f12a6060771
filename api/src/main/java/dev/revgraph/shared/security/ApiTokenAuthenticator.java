package dev.revgraph.shared.security;

import java.util.Optional;

/**
 * Authenticates the API tokens the application issues itself. The security configuration owns
 * this contract and the token feature implements it, so that authenticating a request needs no
 * dependency from {@code shared} up into a feature.
 */
public interface ApiTokenAuthenticator {

    /**
     * True when the bearer token has the form of an API token; any other bearer token is left to
     * the JWT provider.
     */
    boolean recognizes(String bearerToken);

    /** The caller an active (neither revoked nor expired) API token with this secret stands for. */
    Optional<RevgraphAuthentication> authenticate(String secret);
}
