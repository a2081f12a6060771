package dev.revgraph.importing.files;

import dev.revgraph.dimension.DepartmentKind;
import dev.revgraph.spend.SpendCategory;
import java.util.Arrays;
import java.util.List;

/** The enum values the files accept, taken from the domain's own enums so they cannot drift. */
final class Names {

    static final List<String> CATEGORIES =
            Arrays.stream(SpendCategory.values()).map(Enum::name).toList();
    static final List<String> DEPARTMENT_KINDS =
            Arrays.stream(DepartmentKind.values()).map(Enum::name).toList();

    private Names() {}
}
