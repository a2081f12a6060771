package dev.revgraph.shared.limits;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the HTTP limits as servlet filters right after Spring Security's (they need the
 * authenticated caller): first the rate limit, then the body cap, so a limited token's body is
 * never read.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class HttpLimits {

    @Bean
    FilterRegistrationBean<RateLimit> rateLimit(HttpProperties properties) {
        FilterRegistrationBean<RateLimit> registration =
                new FilterRegistrationBean<>(new RateLimit(properties.rateLimit(), System::nanoTime));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HttpProperties properties) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(properties));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 2);
        return registration;
    }
}
