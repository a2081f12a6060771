package dev.revgraph.attribution;

/** How a customer came into contact with a campaign. */
public enum TouchpointKind {
    IMPRESSION,
    CLICK,
    FORM,
    EMAIL,
    MEETING,
    DEMO,
    OTHER
}
