package dev.revgraph.shared.graphql;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The live events the GraphQL subscriptions serve (month closed or reopened, file imported, month over budget). A
 * feature publishes an event inside the transaction that causes it; subscribers receive it only
 * after that transaction commits, never for one that rolls back. A subscriber too slow to keep up
 * misses events rather than holding up a write.
 */
@Component
public class LiveEvents {

    private final Sinks.Many<Object> sink = Sinks.many().multicast().directBestEffort();

    /** Sends {@code event} to the subscribers once the current transaction commits (at once when none is active). */
    public void afterCommit(Object event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    emit(event);
                }
            });
        } else {
            emit(event);
        }
    }

    /** The events of one type, from now on. */
    public <T> Flux<T> of(Class<T> type) {
        return sink.asFlux().ofType(type);
    }

    private synchronized void emit(Object event) {
        // serialised: the sink refuses concurrent emissions
        sink.tryEmitNext(event);
    }
}
