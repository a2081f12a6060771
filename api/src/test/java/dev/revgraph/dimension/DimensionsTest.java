package dev.revgraph.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DimensionsTest extends IntegrationTest {

    @Test
    void createsRenamesAndArchivesADepartment() {
        String code = unique("OPS");
        Map<String, Object> created = api.ok(
                "createDepartment", "department", Map.of("code", code, "name", "Operations", "kind", "OPERATIONS"));
        assertThat(created)
                .containsEntry("code", code)
                .containsEntry("kind", "OPERATIONS")
                .containsEntry("archived", false);

        Map<String, Object> renamed =
                api.ok("updateDepartment", "department", Map.of("code", code, "name", "Customer Operations"));
        assertThat(renamed).containsEntry("name", "Customer Operations").containsEntry("kind", "OPERATIONS");

        Map<String, Object> archived = api.ok("archiveDepartment", "department", Map.of("code", code));
        assertThat(archived).containsEntry("archived", true);
        assertThat(archived.get("archivedAt")).isNotNull();

        graphQl.documentName("dimensionLists")
                .execute()
                .path("departments[*].code")
                .entityList(String.class)
                .doesNotContain(code)
                .path("allDepartments[*].code")
                .entityList(String.class)
                .contains(code);

        Map<String, Object> restored =
                api.ok("archiveDepartment", "department", Map.of("code", code, "archived", false));
        assertThat(restored).containsEntry("archived", false);
    }

    @Test
    void createIsIdempotentForTheSameValuesAndAConflictForOthers() {
        String code = unique("FIN");
        Map<String, Object> input = Map.of("code", code, "name", "Finance", "kind", "FINANCE");
        String id = (String) api.ok("createDepartment", "department", input).get("id");
        assertThat(api.ok("createDepartment", "department", input).get("id")).isEqualTo(id);

        api.mutate("createDepartment", Map.of("code", code, "name", "Finance", "kind", "SALES"))
                .path("createDepartment.department")
                .valueIsNull()
                .path("createDepartment.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("createDepartment.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(id)
                .path("createDepartment.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "code");
    }

    @Test
    void rejectsMalformedCodesAndBlankNamesNamingEveryField() {
        api.mutate("createDepartment", Map.of("code", "no spaces!", "name", " ", "kind", "SALES"))
                .path("createDepartment.department")
                .valueIsNull()
                .path("createDepartment.errors[*].field[1]")
                .entityList(String.class)
                .containsExactly("code", "name")
                .path("createDepartment.errors[*].code")
                .entityList(String.class)
                .containsExactly("INVALID", "INVALID");
    }

    @Test
    void rejectsAnUnknownKindAsAGraphQlError() {
        api.mutate("createDepartment", Map.of("code", unique("X"), "name", "X", "kind", "ASTROLOGY"))
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).contains("ASTROLOGY")));
    }

    @Test
    void buildsASegmentTreeWithParentChildrenAndPath() {
        String root = unique("ENT");
        String child = unique("ENT-NA");
        String grandchild = unique("ENT-NA-US");
        api.segment(root, null);
        api.segment(child, root);
        Map<String, Object> leaf = api.ok(
                "createSegment", "segment", Map.of("code", grandchild, "name", "Enterprise US", "parentCode", child));
        assertThat(leaf).containsEntry("path", List.of(root, child, grandchild)).containsEntry("depth", 2);

        graphQl.documentName("segmentTree")
                .variable("code", root)
                .execute()
                .path("segment.parent")
                .valueIsNull()
                .path("segment.depth")
                .entity(Integer.class)
                .isEqualTo(0)
                .path("segment.children[*].code")
                .entityList(String.class)
                .containsExactly(child)
                .path("segment.children[0].children[0].path")
                .entityList(String.class)
                .containsExactly(root, child, grandchild);
        graphQl.documentName("segmentTree")
                .variable("code", grandchild)
                .execute()
                .path("segment.parent.code")
                .entity(String.class)
                .isEqualTo(child);
    }

    @Test
    void movesASubtreeAndRefusesCycles() {
        String a = unique("A");
        String b = unique("B");
        String c = unique("C");
        api.segment(a, null);
        api.segment(b, a);
        api.segment(c, null);

        api.mutate("moveSegment", Map.of("code", a, "parentCode", b))
                .path("moveSegment.segment")
                .valueIsNull()
                .path("moveSegment.errors[0].code")
                .entity(String.class)
                .isEqualTo("INVALID")
                .path("moveSegment.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "parentCode")
                .path("moveSegment.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains("cycle"));
        api.mutate("moveSegment", Map.of("code", a, "parentCode", a))
                .path("moveSegment.errors[0].code")
                .entity(String.class)
                .isEqualTo("INVALID");

        Map<String, Object> moved = api.ok("moveSegment", "segment", Map.of("code", a, "parentCode", c));
        assertThat(moved).containsEntry("path", List.of(c, a)).containsEntry("depth", 1);
        graphQl.documentName("segmentTree")
                .variable("code", b)
                .execute()
                .path("segment.path")
                .entityList(String.class)
                .containsExactly(c, a, b);

        java.util.Map<String, Object> toRoot = new java.util.HashMap<>();
        toRoot.put("code", a);
        toRoot.put("parentCode", null);
        assertThat(api.ok("moveSegment", "segment", toRoot)).containsEntry("depth", 0);
    }

    @Test
    void archivingASegmentNeedsItsChildrenArchivedFirst() {
        String parent = unique("SMB");
        String child = unique("SMB-EU");
        api.segment(parent, null);
        api.segment(child, parent);

        api.mutate("archiveSegment", Map.of("code", parent))
                .path("archiveSegment.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains("active children"));
        api.ok("archiveSegment", "segment", Map.of("code", child));
        graphQl.documentName("segmentTree")
                .variable("code", parent)
                .execute()
                .path("segment.children")
                .entityList(Object.class)
                .hasSize(0)
                .path("segment.allChildren[0].archived")
                .entity(Boolean.class)
                .isEqualTo(true);
        assertThat(api.ok("archiveSegment", "segment", Map.of("code", parent))).containsEntry("archived", true);

        api.mutate("createSegment", Map.of("code", unique("SMB-X"), "name", "x", "parentCode", parent))
                .path("createSegment.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ArchivedError")
                .path("createSegment.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "parentCode");
    }

    @Test
    void unknownParentIsNotFound() {
        api.mutate("createSegment", Map.of("code", unique("S"), "name", "s", "parentCode", "NO-SUCH-SEGMENT"))
                .path("createSegment.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("createSegment.errors[0].message")
                .entity(String.class)
                .isEqualTo("no segment has code NO-SUCH-SEGMENT");
    }

    @Test
    void regionsFormATreeToo() {
        String emea = unique("EMEA");
        String dach = unique("DACH");
        api.region(emea, null);
        Map<String, Object> region =
                api.ok("createRegion", "region", Map.of("code", dach, "name", "DACH", "parentCode", emea));
        assertThat(region).containsEntry("path", List.of(emea, dach));
        api.mutate("moveRegion", Map.of("code", emea, "parentCode", dach))
                .path("moveRegion.errors[0].code")
                .entity(String.class)
                .isEqualTo("INVALID");
    }

    @Test
    void productsAndChannelsAreCreatedRenamedAndArchived() {
        String product = unique("PRO");
        api.product(product);
        assertThat(api.ok("renameProduct", "product", Map.of("code", product, "name", "Pro plan")))
                .containsEntry("name", "Pro plan");
        assertThat(api.ok("archiveProduct", "product", Map.of("code", product))).containsEntry("archived", true);

        String channel = unique("SEARCH");
        assertThat(api.ok("createChannel", "channel", Map.of("code", channel, "name", "Paid search", "paid", true)))
                .containsEntry("paid", true);
        assertThat(api.ok("updateChannel", "channel", Map.of("code", channel, "paid", false)))
                .containsEntry("paid", false)
                .containsEntry("name", "Paid search");
        graphQl.documentName("dimensionLists")
                .execute()
                .path("products[*].code")
                .entityList(String.class)
                .doesNotContain(product)
                .path("channels[*].code")
                .entityList(String.class)
                .contains(channel);
    }
}
