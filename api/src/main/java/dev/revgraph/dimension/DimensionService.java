package dev.revgraph.dimension;

import dev.revgraph.dimension.DimensionInputs.ArchiveInput;
import dev.revgraph.dimension.DimensionInputs.CreateChannelInput;
import dev.revgraph.dimension.DimensionInputs.CreateDepartmentInput;
import dev.revgraph.dimension.DimensionInputs.CreateProductInput;
import dev.revgraph.dimension.DimensionInputs.CreateTreeNodeInput;
import dev.revgraph.dimension.DimensionInputs.MoveTreeNodeInput;
import dev.revgraph.dimension.DimensionInputs.RenameInput;
import dev.revgraph.dimension.DimensionInputs.SetSpendControlInput;
import dev.revgraph.dimension.DimensionInputs.UpdateChannelInput;
import dev.revgraph.dimension.DimensionInputs.UpdateDepartmentInput;
import dev.revgraph.shared.db.ReadWithoutTransaction;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Departments, segments, products, regions and channels: their rules (unique codes, no cycles,
 * no new use of archived members) and the lookups the ledgers use to resolve codes.
 */
@Service
@Transactional(readOnly = true)
public class DimensionService {

    private final DimensionRepository repository;

    DimensionService(DimensionRepository repository) {
        this.repository = repository;
    }

    // ---- reads

    public List<Department> departments(boolean includeArchived) {
        return repository.departments(includeArchived, null);
    }

    public Department department(String code) {
        return repository.departments(true, List.of(code)).stream().findFirst().orElse(null);
    }

    @ReadWithoutTransaction
    public Map<Long, Department> departmentsByIds(Collection<Long> ids) {
        return repository.departmentsByIds(ids);
    }

    public List<TreeNode> nodes(TreeKind kind, boolean includeArchived, boolean rootsOnly) {
        return repository.nodes(kind, includeArchived, rootsOnly);
    }

    public TreeNode node(TreeKind kind, String code) {
        return repository.nodeByCode(kind, code).orElse(null);
    }

    @ReadWithoutTransaction
    public Map<Long, TreeNode> nodesByIds(TreeKind kind, Collection<Long> ids) {
        return repository.nodesByIds(kind, ids);
    }

    public Map<Long, List<TreeNode>> childrenOf(TreeKind kind, Collection<Long> parentIds) {
        return repository.childrenOf(kind, parentIds);
    }

    public List<Product> products(boolean includeArchived) {
        return repository.products(includeArchived, null);
    }

    public Product product(String code) {
        return repository.products(true, code).stream().findFirst().orElse(null);
    }

    @ReadWithoutTransaction
    public Map<Long, Product> productsByIds(Collection<Long> ids) {
        return repository.productsByIds(ids);
    }

    public List<Channel> channels(boolean includeArchived) {
        return repository.channels(includeArchived, null);
    }

    public Channel channel(String code) {
        return repository.channels(true, code).stream().findFirst().orElse(null);
    }

    // ---- code resolution for the ledgers

    /** The id of an active department, for a new line; a clear error names the field otherwise. */
    public long activeDepartmentId(String field, String code) {
        Department department = requireDepartment(field, code);
        if (department.archived()) {
            throw DomainException.archived(field, "department " + code + " is archived");
        }
        return department.id();
    }

    /** The ids of existing departments (archived ones too), for filters; every code must exist. */
    @ReadWithoutTransaction
    public List<Long> departmentIds(String field, Collection<String> codes) {
        Set<String> wanted = new LinkedHashSet<>(codes);
        Map<String, Long> found = repository.departments(true, wanted).stream()
                .collect(Collectors.toMap(Department::code, Department::id));
        for (String code : wanted) {
            if (!found.containsKey(code)) {
                throw DomainException.notFound(field, "no department has code " + code);
            }
        }
        return List.copyOf(found.values());
    }

    /** The id of an active tree member, or null when no code is given. */
    public Long activeNodeId(TreeKind kind, String field, String code) {
        if (code == null) {
            return null;
        }
        TreeNode node = requireNode(kind, field, code);
        if (node.archived()) {
            throw DomainException.archived(field, kind.label() + " " + code + " is archived");
        }
        return node.id();
    }

    /** The ids of a tree member and everything below it, for filters. */
    @ReadWithoutTransaction
    public List<Long> subtreeIds(TreeKind kind, String field, String code) {
        return repository.subtreeIds(kind, requireNode(kind, field, code).id());
    }

    /** The id of an active product, or null when no code is given. */
    public Long activeProductId(String field, String code) {
        if (code == null) {
            return null;
        }
        Product product = requireProduct(field, code);
        if (product.archived()) {
            throw DomainException.archived(field, "product " + code + " is archived");
        }
        return product.id();
    }

    /** The id of an active channel, for a new campaign; a clear error names the field otherwise. */
    public long activeChannelId(String field, String code) {
        Channel channel = requireChannel(field, code);
        if (channel.archived()) {
            throw DomainException.archived(field, "channel " + code + " is archived");
        }
        return channel.id();
    }

    /** The ids of existing products (archived too), for filters; every code must exist. */
    public List<Long> productIds(String field, Collection<String> codes) {
        List<Long> ids = new java.util.ArrayList<>();
        for (String code : new LinkedHashSet<>(codes)) {
            ids.add(requireProduct(field, code).id());
        }
        return ids;
    }

    /** The ids of existing channels (archived too), for filters; every code must exist. */
    @ReadWithoutTransaction
    public List<Long> channelIds(String field, Collection<String> codes) {
        List<Long> ids = new java.util.ArrayList<>();
        for (String code : new LinkedHashSet<>(codes)) {
            ids.add(requireChannel(field, code).id());
        }
        return ids;
    }

    /** The ids of these tree members and everything below them, for filters; every code must exist. */
    @ReadWithoutTransaction
    public List<Long> subtreeIds(TreeKind kind, String field, Collection<String> codes) {
        return codes.stream()
                .distinct()
                .flatMap(code -> subtreeIds(kind, field, code).stream())
                .distinct()
                .toList();
    }

    @ReadWithoutTransaction
    public Map<Long, Channel> channelsByIds(Collection<Long> ids) {
        return repository.channelsByIds(ids);
    }

    /** The id of an existing product (archived too), for filters. */
    @ReadWithoutTransaction
    public long productId(String field, String code) {
        return requireProduct(field, code).id();
    }

    // ---- departments

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Department createDepartment(CreateDepartmentInput input) {
        new Validation().code("code", input.code()).name("name", input.name()).throwIfAny();
        Long id = repository.insertDepartment(input.code(), input.name().strip(), input.kind());
        Department department = department(input.code());
        if (id == null && !(department.name().equals(input.name().strip()) && department.kind() == input.kind())) {
            throw DomainException.conflict(
                    "code",
                    "a department with code " + input.code() + " already exists with other values",
                    department.id());
        }
        return department;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Department updateDepartment(UpdateDepartmentInput input) {
        if (input.name() != null) {
            new Validation().name("name", input.name()).throwIfAny();
        }
        Department department = requireDepartment("code", input.code());
        try {
            repository.updateDepartment(
                    department.id(),
                    input.name() == null ? department.name() : input.name().strip(),
                    input.kind() == null ? department.kind() : input.kind());
        } catch (RuntimeException e) { // the schema's guard (0031): its spend in a closed month keeps its kind
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("kind", m))
                    .orElseThrow(() -> e);
        }
        return department(input.code());
    }

    /**
     * Sets what a spend write that takes one of the department's budgeted months over its budget
     * does (docs/metrics.md, Spend controls); an archived department keeps its setting and may
     * change it. Finance arbitrates the budget, so the setting is finance's.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Department setSpendControl(SetSpendControlInput input) {
        repository.setSpendControl(
                requireDepartment("departmentCode", input.departmentCode()).id(), input.control());
        return department(input.departmentCode());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Department archiveDepartment(ArchiveInput input) {
        repository.archiveDepartment(requireDepartment("code", input.code()).id(), input.archive());
        return department(input.code());
    }

    // ---- trees

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public TreeNode createNode(TreeKind kind, CreateTreeNodeInput input) {
        new Validation().code("code", input.code()).name("name", input.name()).throwIfAny();
        Long parentId = activeNodeId(kind, "parentCode", input.parentCode());
        Long id = repository.insertNode(kind, input.code(), input.name().strip(), parentId);
        TreeNode node = node(kind, input.code());
        if (id == null && !(node.name().equals(input.name().strip()) && Objects.equals(node.parentId(), parentId))) {
            throw DomainException.conflict(
                    "code",
                    "a " + kind.label() + " with code " + input.code() + " already exists with other values",
                    node.id());
        }
        return node;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public TreeNode renameNode(TreeKind kind, RenameInput input) {
        new Validation().name("name", input.name()).throwIfAny();
        repository.renameNode(
                kind, requireNode(kind, "code", input.code()).id(), input.name().strip());
        return node(kind, input.code());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public TreeNode moveNode(TreeKind kind, MoveTreeNodeInput input) {
        repository.lockTree(kind);
        TreeNode node = requireNode(kind, "code", input.code());
        Long parentId = activeNodeId(kind, "parentCode", input.parentCode());
        if (parentId != null && repository.subtreeIds(kind, node.id()).contains(parentId)) {
            throw DomainException.invalid(
                    "parentCode",
                    "cannot move " + kind.label() + " " + node.code() + " under "
                            + input.parentCode() + ": " + input.parentCode() + " is " + node.code()
                            + " itself or below it, which would make a cycle");
        }
        try {
            repository.moveNode(kind, node.id(), parentId);
        } catch (RuntimeException e) { // the schema's guard (0032): a closed month keeps its tree
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("parentCode", m))
                    .orElseThrow(() -> e);
        }
        return node(kind, input.code());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public TreeNode archiveNode(TreeKind kind, ArchiveInput input) {
        repository.lockTree(kind);
        TreeNode node = requireNode(kind, "code", input.code());
        if (input.archive() && repository.hasActiveChildren(kind, node.id())) {
            throw DomainException.invalid(
                    "code", kind.label() + " " + node.code() + " has active children: archive or move them first");
        }
        if (!input.archive()
                && node.parentId() != null
                && repository
                        .nodesByIds(kind, List.of(node.parentId()))
                        .get(node.parentId())
                        .archived()) {
            throw DomainException.archived(
                    "code", "the parent of " + kind.label() + " " + node.code() + " is archived: restore it first");
        }
        repository.archiveNode(kind, node.id(), input.archive());
        return node(kind, input.code());
    }

    // ---- products

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Product createProduct(CreateProductInput input) {
        new Validation().code("code", input.code()).name("name", input.name()).throwIfAny();
        Long id = repository.insertProduct(input.code(), input.name().strip());
        Product product = product(input.code());
        if (id == null && !product.name().equals(input.name().strip())) {
            throw DomainException.conflict(
                    "code", "a product with code " + input.code() + " already exists with other values", product.id());
        }
        return product;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Product renameProduct(RenameInput input) {
        new Validation().name("name", input.name()).throwIfAny();
        repository.renameProduct(
                requireProduct("code", input.code()).id(), input.name().strip());
        return product(input.code());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Product archiveProduct(ArchiveInput input) {
        repository.archiveProduct(requireProduct("code", input.code()).id(), input.archive());
        return product(input.code());
    }

    // ---- channels

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Channel createChannel(CreateChannelInput input) {
        new Validation().code("code", input.code()).name("name", input.name()).throwIfAny();
        Long id = repository.insertChannel(input.code(), input.name().strip(), input.paid());
        Channel channel = channel(input.code());
        if (id == null && !(channel.name().equals(input.name().strip()) && channel.paid() == input.paid())) {
            throw DomainException.conflict(
                    "code", "a channel with code " + input.code() + " already exists with other values", channel.id());
        }
        return channel;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Channel updateChannel(UpdateChannelInput input) {
        if (input.name() != null) {
            new Validation().name("name", input.name()).throwIfAny();
        }
        Channel channel = requireChannel("code", input.code());
        repository.updateChannel(
                channel.id(),
                input.name() == null ? channel.name() : input.name().strip(),
                input.paid() == null ? channel.paid() : input.paid());
        return channel(input.code());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Channel archiveChannel(ArchiveInput input) {
        repository.archiveChannel(requireChannel("code", input.code()).id(), input.archive());
        return channel(input.code());
    }

    // ---- lookups that fail with a clear error

    private Department requireDepartment(String field, String code) {
        Department department = code == null ? null : department(code);
        if (department == null) {
            throw DomainException.notFound(field, "no department has code " + code);
        }
        return department;
    }

    private TreeNode requireNode(TreeKind kind, String field, String code) {
        TreeNode node = code == null ? null : node(kind, code);
        if (node == null) {
            throw DomainException.notFound(field, "no " + kind.label() + " has code " + code);
        }
        return node;
    }

    private Product requireProduct(String field, String code) {
        Product product = code == null ? null : product(code);
        if (product == null) {
            throw DomainException.notFound(field, "no product has code " + code);
        }
        return product;
    }

    private Channel requireChannel(String field, String code) {
        Channel channel = code == null ? null : channel(code);
        if (channel == null) {
            throw DomainException.notFound(field, "no channel has code " + code);
        }
        return channel;
    }
}
