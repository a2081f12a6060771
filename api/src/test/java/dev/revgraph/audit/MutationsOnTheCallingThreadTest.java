package dev.revgraph.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.data.method.HandlerMethod;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;

/**
 * Where virtual threads exist (Java 21+) and the executor does not prefer short-lived tasks (a
 * virtual-thread executor), Spring for GraphQL runs blocking controller methods on that executor;
 * mutations must stay on the calling thread, inside the transaction their audit row shares. The
 * test sets such an executor itself and checks the rule on whichever Java runs it.
 */
class MutationsOnTheCallingThreadTest {

    static class Controller {
        @MutationMapping
        String change() {
            return "changed";
        }

        @QueryMapping
        String read() {
            return "read";
        }
    }

    @Test
    void mutationsRunOnTheCallingThreadWhileQueriesMayUseTheExecutor() throws Exception {
        AnnotatedControllerConfigurer configurer = new AnnotatedControllerConfigurer();
        configurer.setExecutor(Runnable::run);
        Method async =
                configurer.getClass().getSuperclass().getDeclaredMethod("shouldInvokeAsync", HandlerMethod.class);
        async.setAccessible(true);
        HandlerMethod mutation = new HandlerMethod(new Controller(), Controller.class.getDeclaredMethod("change"));
        HandlerMethod query = new HandlerMethod(new Controller(), Controller.class.getDeclaredMethod("read"));
        // Spring's default: blocking methods go to the executor wherever virtual threads exist (Java 21+)
        boolean virtualThreads = Runtime.version().feature() >= 21;
        assertThat(async.invoke(configurer, mutation)).isEqualTo(virtualThreads);

        MutationsOnTheCallingThread.mutationsRunOnTheCallingThread().postProcessBeforeInitialization(configurer, "c");

        assertThat(async.invoke(configurer, mutation)).isEqualTo(false);
        assertThat(async.invoke(configurer, query))
                .as("queries keep Spring's default")
                .isEqualTo(virtualThreads);
    }
}
