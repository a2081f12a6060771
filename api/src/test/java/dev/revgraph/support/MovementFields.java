package dev.revgraph.support;

import java.util.List;

/** The amount and count fields of an MRR movements row (`MrrMovementRow`), in the schema's order. */
public final class MovementFields {

    private MovementFields() {}

    /** Every movement figure, amounts then customer counts; the identities of the movements hold over them. */
    public static final List<String> ALL = List.of(
            "startMrr",
            "newMrr",
            "expansion",
            "contraction",
            "churned",
            "reactivated",
            "transferIn",
            "transferOut",
            "endMrr",
            "activeCustomers",
            "startCustomers",
            "churnedCustomers",
            "transferInCustomers",
            "transferOutCustomers");
}
