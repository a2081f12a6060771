package dev.revgraph.shared.spendcontrol;

/**
 * What a write of spend does when it takes one of a department's budgeted months over its budget
 * (docs/metrics.md, Spend controls). A department's setting; the budget feature applies it to every
 * spend write, so it lives beside the contract that feature implements.
 */
public enum SpendControl {
    /** Nothing stops or flags the write; a live event still tells subscribers. */
    NONE,
    /** The write succeeds and its payload (or import result) carries a warning. */
    WARN,
    /** The write is refused whole, naming budget, actual and the amount over; credits still pass. */
    STOP
}
