package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.CHANNEL;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.PRODUCT;

import dev.revgraph.shared.spendcontrol.SpendControl;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes the dimension tables. */
@Repository
class DimensionRepository {

    private final DSLContext dsl;

    DimensionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // ---- departments

    List<Department> departments(boolean includeArchived, Collection<String> codes) {
        Condition condition = includeArchived ? DSL.noCondition() : DEPARTMENT.ARCHIVED_AT.isNull();
        if (codes != null) {
            condition = condition.and(DEPARTMENT.CODE.in(codes));
        }
        return dsl.selectFrom(DEPARTMENT)
                .where(condition)
                .orderBy(DEPARTMENT.CODE)
                .fetch(r -> new Department(
                        r.getId(),
                        r.getCode(),
                        r.getName(),
                        DepartmentKind.valueOf(r.getKind()),
                        r.getArchivedAt(),
                        SpendControl.valueOf(r.getSpendControl())));
    }

    Map<Long, Department> departmentsByIds(Collection<Long> ids) {
        return dsl
                .selectFrom(DEPARTMENT)
                .where(DEPARTMENT.ID.in(ids))
                .fetch(r -> new Department(
                        r.getId(),
                        r.getCode(),
                        r.getName(),
                        DepartmentKind.valueOf(r.getKind()),
                        r.getArchivedAt(),
                        SpendControl.valueOf(r.getSpendControl())))
                .stream()
                .collect(Collectors.toMap(Department::id, Function.identity()));
    }

    Long insertDepartment(String code, String name, DepartmentKind kind) {
        return dsl.insertInto(DEPARTMENT, DEPARTMENT.CODE, DEPARTMENT.NAME, DEPARTMENT.KIND)
                .values(code, name, kind.name())
                .onConflict(DEPARTMENT.CODE)
                .doNothing()
                .returning(DEPARTMENT.ID)
                .fetchOptional(DEPARTMENT.ID)
                .orElse(null);
    }

    void updateDepartment(long id, String name, DepartmentKind kind) {
        dsl.update(DEPARTMENT)
                .set(DEPARTMENT.NAME, name)
                .set(DEPARTMENT.KIND, kind.name())
                .where(DEPARTMENT.ID.eq(id))
                .execute();
    }

    void setSpendControl(long id, SpendControl control) {
        dsl.update(DEPARTMENT)
                .set(DEPARTMENT.SPEND_CONTROL, control.name())
                .where(DEPARTMENT.ID.eq(id))
                .execute();
    }

    void archiveDepartment(long id, boolean archived) {
        dsl.update(DEPARTMENT)
                .set(
                        DEPARTMENT.ARCHIVED_AT,
                        archived ? DSL.coalesce(DEPARTMENT.ARCHIVED_AT, DSL.currentOffsetDateTime()) : null)
                .where(DEPARTMENT.ID.eq(id))
                .execute();
    }

    // ---- products

    List<Product> products(boolean includeArchived, String code) {
        Condition condition = includeArchived ? DSL.noCondition() : PRODUCT.ARCHIVED_AT.isNull();
        if (code != null) {
            condition = condition.and(PRODUCT.CODE.eq(code));
        }
        return dsl.selectFrom(PRODUCT)
                .where(condition)
                .orderBy(PRODUCT.CODE)
                .fetch(r -> new Product(r.getId(), r.getCode(), r.getName(), r.getArchivedAt()));
    }

    Map<Long, Product> productsByIds(Collection<Long> ids) {
        return dsl
                .selectFrom(PRODUCT)
                .where(PRODUCT.ID.in(ids))
                .fetch(r -> new Product(r.getId(), r.getCode(), r.getName(), r.getArchivedAt()))
                .stream()
                .collect(Collectors.toMap(Product::id, Function.identity()));
    }

    Long insertProduct(String code, String name) {
        return dsl.insertInto(PRODUCT, PRODUCT.CODE, PRODUCT.NAME)
                .values(code, name)
                .onConflict(PRODUCT.CODE)
                .doNothing()
                .returning(PRODUCT.ID)
                .fetchOptional(PRODUCT.ID)
                .orElse(null);
    }

    void renameProduct(long id, String name) {
        dsl.update(PRODUCT).set(PRODUCT.NAME, name).where(PRODUCT.ID.eq(id)).execute();
    }

    void archiveProduct(long id, boolean archived) {
        dsl.update(PRODUCT)
                .set(
                        PRODUCT.ARCHIVED_AT,
                        archived ? DSL.coalesce(PRODUCT.ARCHIVED_AT, DSL.currentOffsetDateTime()) : null)
                .where(PRODUCT.ID.eq(id))
                .execute();
    }

    // ---- channels

    List<Channel> channels(boolean includeArchived, String code) {
        Condition condition = includeArchived ? DSL.noCondition() : CHANNEL.ARCHIVED_AT.isNull();
        if (code != null) {
            condition = condition.and(CHANNEL.CODE.eq(code));
        }
        return dsl.selectFrom(CHANNEL)
                .where(condition)
                .orderBy(CHANNEL.CODE)
                .fetch(r -> new Channel(r.getId(), r.getCode(), r.getName(), r.getPaid(), r.getArchivedAt()));
    }

    Map<Long, Channel> channelsByIds(Collection<Long> ids) {
        return dsl
                .selectFrom(CHANNEL)
                .where(CHANNEL.ID.in(ids))
                .fetch(r -> new Channel(r.getId(), r.getCode(), r.getName(), r.getPaid(), r.getArchivedAt()))
                .stream()
                .collect(Collectors.toMap(Channel::id, Function.identity()));
    }

    Long insertChannel(String code, String name, boolean paid) {
        return dsl.insertInto(CHANNEL, CHANNEL.CODE, CHANNEL.NAME, CHANNEL.PAID)
                .values(code, name, paid)
                .onConflict(CHANNEL.CODE)
                .doNothing()
                .returning(CHANNEL.ID)
                .fetchOptional(CHANNEL.ID)
                .orElse(null);
    }

    void updateChannel(long id, String name, boolean paid) {
        dsl.update(CHANNEL)
                .set(CHANNEL.NAME, name)
                .set(CHANNEL.PAID, paid)
                .where(CHANNEL.ID.eq(id))
                .execute();
    }

    void archiveChannel(long id, boolean archived) {
        dsl.update(CHANNEL)
                .set(
                        CHANNEL.ARCHIVED_AT,
                        archived ? DSL.coalesce(CHANNEL.ARCHIVED_AT, DSL.currentOffsetDateTime()) : null)
                .where(CHANNEL.ID.eq(id))
                .execute();
    }

    // ---- trees (segments, regions)

    /** Every node with its path from the top, computed by one recursive query. */
    private static String tree(TreeKind kind) {
        String table = kind.table.getName();
        return "with recursive t as ("
                + " select id, code, name, parent_id, archived_at, array[code] as path, 0 as depth from " + table
                + " where parent_id is null"
                + " union all"
                + " select c.id, c.code, c.name, c.parent_id, c.archived_at, t.path || c.code, t.depth + 1 from "
                + table + " c join t on c.parent_id = t.id) ";
    }

    private static TreeNode node(TreeKind kind, Record r) {
        return new TreeNode(
                kind,
                r.get("id", Long.class),
                r.get("code", String.class),
                r.get("name", String.class),
                r.get("parent_id", Long.class),
                Arrays.asList(r.get("path", String[].class)),
                r.get("depth", Integer.class),
                r.get("archived_at", OffsetDateTime.class));
    }

    List<TreeNode> nodes(TreeKind kind, boolean includeArchived, boolean rootsOnly) {
        String where = " where true" + (includeArchived ? "" : " and archived_at is null")
                + (rootsOnly ? " and parent_id is null" : "");
        return dsl.resultQuery(tree(kind) + "select * from t" + where + " order by path")
                .fetch(r -> node(kind, r));
    }

    Optional<TreeNode> nodeByCode(TreeKind kind, String code) {
        return dsl.resultQuery(tree(kind) + "select * from t where code = {0}", DSL.val(code))
                .fetchOptional(r -> node(kind, r));
    }

    Map<Long, TreeNode> nodesByIds(TreeKind kind, Collection<Long> ids) {
        return dsl
                .resultQuery(tree(kind) + "select * from t where id = any({0})", DSL.val(ids.toArray(Long[]::new)))
                .fetch(r -> node(kind, r))
                .stream()
                .collect(Collectors.toMap(TreeNode::id, Function.identity()));
    }

    /** The children of each parent, ordered by code; parents without children are absent. */
    Map<Long, List<TreeNode>> childrenOf(TreeKind kind, Collection<Long> parentIds) {
        return dsl
                .resultQuery(
                        tree(kind) + "select * from t where parent_id = any({0}) order by code",
                        DSL.val(parentIds.toArray(Long[]::new)))
                .fetch(r -> node(kind, r))
                .stream()
                .collect(Collectors.groupingBy(TreeNode::parentId));
    }

    /** The ids of a node and everything below it. */
    List<Long> subtreeIds(TreeKind kind, long rootId) {
        String table = kind.table.getName();
        return dsl.resultQuery(
                        "with recursive s as (select id from " + table + " where id = {0}"
                                + " union all select c.id from " + table + " c join s on c.parent_id = s.id)"
                                + " select id from s",
                        DSL.val(rootId))
                .fetch(r -> r.get(0, Long.class));
    }

    boolean hasActiveChildren(TreeKind kind, long id) {
        return dsl.fetchExists(kind.table, kind.parentId.eq(id).and(kind.archivedAt.isNull()));
    }

    /** Serialises moves within one tree, so two concurrent moves cannot build a cycle together. */
    void lockTree(TreeKind kind) {
        dsl.execute("select pg_advisory_xact_lock(hashtext({0}))", DSL.val("tree:" + kind.table.getName()));
    }

    Long insertNode(TreeKind kind, String code, String name, Long parentId) {
        return dsl.insertInto(kind.table)
                .set(kind.code, code)
                .set(kind.name, name)
                .set(kind.parentId, parentId)
                .onConflict(kind.code)
                .doNothing()
                .returningResult(kind.id)
                .fetchOptional(r -> r.value1())
                .orElse(null);
    }

    void renameNode(TreeKind kind, long id, String name) {
        dsl.update(kind.table).set(kind.name, name).where(kind.id.eq(id)).execute();
    }

    void moveNode(TreeKind kind, long id, Long parentId) {
        dsl.update(kind.table)
                .set(kind.parentId, parentId)
                .where(kind.id.eq(id))
                .execute();
    }

    void archiveNode(TreeKind kind, long id, boolean archived) {
        dsl.update(kind.table)
                .set(kind.archivedAt, archived ? DSL.coalesce(kind.archivedAt, DSL.currentOffsetDateTime()) : null)
                .where(kind.id.eq(id))
                .execute();
    }
}
