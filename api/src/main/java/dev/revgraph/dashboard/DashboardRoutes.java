package dev.revgraph.dashboard;

import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The profitability dashboard is a static bundle ({@code static/dashboard/} in the
 * revgraph-client-typescript jar); Spring Boot serves its files but only the root has a welcome
 * page, so {@code /dashboard} and {@code /dashboard/} are routed to its {@code index.html} here.
 * A build without Node has no bundle: {@code /dashboard/} then says so and how to get it, instead
 * of a bare 404, since the API and GraphiQL work without it.
 */
@Configuration(proxyBeanMethods = false)
class DashboardRoutes implements WebMvcConfigurer {

    static final String NOT_BUILT = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Revgraph dashboard not built</title></head>
            <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
            <h1>The dashboard is not in this build</h1>
            <p>This Revgraph was built without Node.js, so the dashboard bundle was skipped. The API at
            <code>/graphql</code> and GraphiQL at <a href="/graphiql">/graphiql</a> work as usual.</p>
            <p>To get the dashboard, install Node.js 20 or newer with npm and build again:
            <code>./mvnw -B -DskipTests package</code>, then start it again</p>
            </body></html>
            """;

    private final boolean built = new ClassPathResource("static/dashboard/index.html").exists();

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        if (built) {
            registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
        }
    }

    /** Answers {@code /dashboard/} when the bundle is missing; matches nothing when it is there. */
    @Bean
    RouterFunction<ServerResponse> dashboardNotBuilt() {
        return RouterFunctions.route()
                .GET(
                        "/dashboard/",
                        request -> !built,
                        request -> ServerResponse.status(HttpStatus.NOT_FOUND)
                                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                                .body(NOT_BUILT))
                .build();
    }
}
