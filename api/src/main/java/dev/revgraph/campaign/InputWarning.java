package dev.revgraph.campaign;

import java.util.List;

/** Something accepted but suspicious in a mutation's input; the GraphQL type of the same name. */
public record InputWarning(String message, List<String> field) {}
