package dev.revgraph.shared.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A read that joins the caller's transaction when there is one and otherwise runs its statements
 * on one connection in autocommit, without a transaction of its own: the API token lookup, a list
 * page and the name lookups and batches a list request makes.
 *
 * <p>A read-only transaction around such a read adds a {@code BEGIN}, a {@code COMMIT} and, per
 * statement, a {@code SET LOCAL statement_timeout} round trip to statements that each already see
 * their own snapshot under READ COMMITTED, so it bought no consistency: a first page of a list
 * ran eight statements, three of them its own. Without it the request's deadline still bounds
 * every statement (the JDBC query timeout, see {@code StatementTimeouts}) and authorisation is
 * unchanged: it is checked before the method runs, not by the transaction. Never on a method that
 * writes or that needs a transaction-scoped lock or setting.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
public @interface ReadWithoutTransaction {}
