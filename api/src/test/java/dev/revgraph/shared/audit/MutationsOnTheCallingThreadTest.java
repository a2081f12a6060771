package dev.revgraph.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.graphql.data.method.HandlerMethod;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;

/**
 * With an executor that prefers long tasks (Spring Boot's virtual-thread executor on Java 21 and
 * later), Spring for GraphQL would run blocking controller methods on it; mutations must stay on
 * the calling thread, inside the transaction their audit row shares. This machine's Java 17 has no
 * virtual threads, so the executor is set here as Boot would set it there.
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
        configurer.setExecutor(new SimpleAsyncTaskExecutor());
        Method async = configurer.getClass().getSuperclass().getDeclaredMethod("shouldInvokeAsync", HandlerMethod.class);
        async.setAccessible(true);
        HandlerMethod mutation = new HandlerMethod(new Controller(), Controller.class.getDeclaredMethod("change"));
        HandlerMethod query = new HandlerMethod(new Controller(), Controller.class.getDeclaredMethod("read"));
        assertThat(async.invoke(configurer, mutation)).as("Spring's default, without the rule").isEqualTo(true);

        MutationsOnTheCallingThread.mutationsRunOnTheCallingThread().postProcessBeforeInitialization(configurer, "c");

        assertThat(async.invoke(configurer, mutation)).isEqualTo(false);
        assertThat(async.invoke(configurer, query)).isEqualTo(true);
    }
}
