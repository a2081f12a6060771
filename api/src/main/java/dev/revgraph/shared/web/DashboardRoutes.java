package dev.revgraph.shared.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The profitability dashboard is a static bundle ({@code static/dashboard/} in the
 * revgraph-client-typescript jar); Spring Boot serves its files but only the root has a welcome
 * page, so {@code /dashboard} and {@code /dashboard/} are routed to its {@code index.html} here.
 */
@Configuration(proxyBeanMethods = false)
class DashboardRoutes implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
    }
}
