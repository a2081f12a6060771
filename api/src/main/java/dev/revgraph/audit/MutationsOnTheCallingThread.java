package dev.revgraph.audit;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.graphql.data.method.HandlerMethod;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;
import org.springframework.util.ClassUtils;

/**
 * Keeps mutation controller methods on the thread that calls their data fetcher. Spring for
 * GraphQL runs a blocking controller method on the application's executor when that executor
 * prefers long tasks (virtual threads, on Java 21 and later); the mutation would then run outside
 * the transaction that {@link AuditInstrumentation} opened for it and its audit row. Queries keep
 * Spring's default.
 */
@Configuration(proxyBeanMethods = false)
class MutationsOnTheCallingThread {

    private static final boolean VIRTUAL_THREADS = ClassUtils.hasMethod(Thread.class, "ofVirtual");

    @Bean
    static BeanPostProcessor mutationsRunOnTheCallingThread() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof AnnotatedControllerConfigurer configurer) {
                    configurer.setBlockingMethodPredicate(method -> !isMutation(method) && isBlocking(method));
                }
                return bean;
            }
        };
    }

    static boolean isMutation(HandlerMethod method) {
        SchemaMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), SchemaMapping.class);
        return mapping != null && "Mutation".equals(mapping.typeName());
    }

    /**
     * Spring's own default: where virtual threads exist, a method that returns no reactive or
     * asynchronous type blocks; without them nothing is treated as blocking.
     */
    private static boolean isBlocking(HandlerMethod method) {
        return VIRTUAL_THREADS
                && ReactiveAdapterRegistry.getSharedInstance()
                                .getAdapter(method.getReturnType().getParameterType())
                        == null;
    }
}
