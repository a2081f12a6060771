package dev.revgraph.shared.spendcontrol;

import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.error.UserErrorCode;
import java.util.List;

/**
 * A spend write refused by a STOP control: a {@code BudgetExceededError} per month it would take
 * over its budget, each naming the budget, the actual the write would make and the amount over.
 */
public class BudgetExceededException extends DomainException {

    private final List<BudgetWarning> months;

    public BudgetExceededException(String field, List<BudgetWarning> months) {
        super(months.stream()
                .map(m -> new Problem(
                        UserErrorCode.BUDGET_EXCEEDED, field, message(m), null, m.month(), m.currency(), null))
                .toList());
        this.months = List.copyOf(months);
    }

    public List<BudgetWarning> months() {
        return months;
    }

    static String message(BudgetWarning m) {
        return "the write would take " + m.describe()
                + "; the department's spend control is STOP: record less, move budget to the month or credit it first";
    }

    @Override
    public List<UserError> userErrors(String root) {
        List<String> path = problems().get(0).path(root);
        return months.stream()
                .<UserError>map(m -> new UserError.BudgetExceededError(
                        message(m),
                        path,
                        UserErrorCode.BUDGET_EXCEEDED,
                        m.departmentCode(),
                        m.month(),
                        m.budget(),
                        m.actual(),
                        m.over(),
                        m.currency()))
                .toList();
    }
}
