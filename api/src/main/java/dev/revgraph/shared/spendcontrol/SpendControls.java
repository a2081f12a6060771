package dev.revgraph.shared.spendcontrol;

import java.time.YearMonth;
import java.util.Collection;
import java.util.List;

/**
 * The spend controls as the spend ledger and the import engine apply them around a write, in the
 * write's transaction. The budget feature implements it (budgets are its, and the spend ledger
 * sits below it), so the writers depend only on this contract.
 */
public interface SpendControls {

    /** One department's month a write adds lines to. */
    record DepartmentMonth(long departmentId, YearMonth month) {}

    /**
     * Before the write: locks the department-months until the transaction ends (two writes into one
     * month take turns, so they cannot both pass a STOP) and reads their figures.
     */
    Write before(Collection<DepartmentMonth> months);

    /** A write under way, between {@link #before} and its check. */
    interface Write {

        /**
         * After the write, in its transaction: every month it took over its budget. A STOP month
         * throws {@link BudgetExceededException} naming {@code field} (the transaction then rolls
         * back); the others are returned (WARN ones are the payload's warnings) and published as
         * live events once the transaction commits.
         */
        List<BudgetWarning> after(String field);
    }
}
