package dev.revgraph.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Where the embedded database lives when nobody says, bound the way Spring binds the settings at
 * start-up. The first release's default was an annotation value holding {@code ${user.home}},
 * which no binder resolves; every other test set the directory, so only a user saw it.
 */
class EmbeddedDataDirectoryTest {

    private static RevgraphProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("revgraph", RevgraphProperties.class);
    }

    @Test
    void withNoSettingTheDataLivesInRevgraphDataUnderHome() {
        RevgraphProperties properties = bind(Map.of());
        String home = System.getenv("HOME") != null && !System.getenv("HOME").isBlank()
                ? System.getenv("HOME")
                : System.getProperty("user.home");
        assertThat(properties.embedded().dataDir()).isEqualTo(Path.of(home, ".revgraph", "data"));
        assertThat(properties.embedded().adminTokenFile()).isEqualTo(Path.of(home, ".revgraph", "admin-token"));
        assertThat(properties.embedded().dataDir().toString()).doesNotContain("${");
    }

    @Test
    void homeIsTheShellsHomeAndTheJvmsOnlyWhenItIsUnset() {
        assertThat(RevgraphProperties.Embedded.defaultDataDir("/home/ana", "/root"))
                .isEqualTo(Path.of("/home/ana/.revgraph/data"));
        assertThat(RevgraphProperties.Embedded.defaultDataDir(null, "/root"))
                .isEqualTo(Path.of("/root/.revgraph/data"));
        assertThat(RevgraphProperties.Embedded.defaultDataDir(" ", "/root")).isEqualTo(Path.of("/root/.revgraph/data"));
    }

    @Test
    void aRelativeDirectoryBecomesAbsoluteAndSpacesAreFine() {
        RevgraphProperties properties = bind(Map.of("revgraph.embedded.data-dir", "Revgraph data & co; (2026)/pg"));
        assertThat(properties.embedded().dataDir())
                .isAbsolute()
                .isEqualTo(Path.of("Revgraph data & co; (2026)/pg").toAbsolutePath());
    }

    @Test
    void aDirectoryTheShellWouldInterpretIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"/srv/${user.home}/data", "/srv/`id`", "/srv/\"quoted\"", "/srv/back\\slash"}) {
            assertThatThrownBy(() -> bind(Map.of("revgraph.embedded.data-dir", bad)))
                    .isInstanceOf(BindException.class)
                    .rootCause()
                    .hasMessageContaining("revgraph.embedded.data-dir must not contain the character");
        }
    }
}
