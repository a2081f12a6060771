package dev.revgraph.dimension;

import dev.revgraph.shared.spendcontrol.SpendControl;

/** The GraphQL input types of the dimension mutations. */
public final class DimensionInputs {

    private DimensionInputs() {}

    public record CreateDepartmentInput(String code, String name, DepartmentKind kind) {}

    public record UpdateDepartmentInput(String code, String name, DepartmentKind kind) {}

    public record SetSpendControlInput(String departmentCode, SpendControl control) {}

    public record ArchiveInput(String code, Boolean archived) {
        public boolean archive() {
            return archived == null || archived;
        }
    }

    public record CreateTreeNodeInput(String code, String name, String parentCode) {}

    public record MoveTreeNodeInput(String code, String parentCode) {}

    public record RenameInput(String code, String name) {}

    public record CreateProductInput(String code, String name) {}

    public record CreateChannelInput(String code, String name, Boolean paid) {}

    public record UpdateChannelInput(String code, String name, Boolean paid) {}
}
