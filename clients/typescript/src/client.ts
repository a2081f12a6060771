import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** How to reach the API. */
export interface RevgraphClientOptions {
  /** The GraphQL endpoint, for example `http://localhost:8080/graphql` (or `/graphql` in a page served by the API). */
  endpoint: string;
  /** A bearer token, sent as `Authorization: Bearer <token>` when given (needed once authentication is switched on). */
  token?: string | (() => string | undefined);
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** The fetch implementation; default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Send each operation by its hash (`extensions.persistedQuery.sha256Hash`, the trusted document
   * the server knows from this client's build) instead of its text; default `true`. A server that
   * does not know the hash answers `PERSISTED_QUERY_NOT_FOUND`, and the request is sent again once
   * with the document's text.
   */
  trustedDocuments?: boolean;
  /**
   * The WebSocket endpoint of the subscriptions (graphql-ws protocol); default: the endpoint's
   * URL with `ws:`/`wss:` and `-ws` appended to its path (`http://host/graphql` gives `ws://host/graphql-ws`).
   */
  webSocketEndpoint?: string;
  /** The WebSocket implementation; default: the global `WebSocket` (browsers, Node 22+). */
  WebSocket?: typeof WebSocket;
}

/** What a subscription calls: each event's data, then an error or the end. */
export interface SubscriptionHandlers<TResult> {
  next(data: TResult): void;
  error?(error: RevgraphError): void;
  complete?(): void;
}

/** One error of a GraphQL response (not a typed user error of a mutation payload, which is data). */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** Thrown when the response has GraphQL errors or the HTTP status is not 2xx. */
export class RevgraphError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: ReadonlyArray<GraphQLErrorEntry> = [],
  ) {
    super(message);
    this.name = 'RevgraphError';
  }
}

/** Variables are optional when the operation declares none or all have defaults. */
type VariablesArg<TVariables> = Record<string, never> extends TVariables
  ? [variables?: TVariables]
  : [variables: TVariables];

/** A typed client: `client.request(ProfitAndLossDocument, { from, to })` resolves to the typed `data`. */
export interface RevgraphClient {
  request<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    ...variables: VariablesArg<TVariables>
  ): Promise<TResult>;
  /**
   * Opens a subscription (`MonthClosedDocument`, `MonthReopenedDocument`, `ImportFinishedDocument`, `BudgetExceededDocument`)
   * on its own WebSocket, the token sent in `connection_init`, the document as text; returns the
   * function that ends it.
   */
  subscribe<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    handlers: SubscriptionHandlers<TResult>,
    variables?: TVariables,
  ): () => void;
}

/** The SHA-256 (hex) of a generated document, from the codegen's persisted-documents manifest. */
export function documentHash(document: unknown): string | undefined {
  const meta = (document as { __meta__?: { hash?: unknown } }).__meta__;
  return typeof meta?.hash === 'string' ? meta.hash.replace(/^sha256:/, '') : undefined;
}

export function createClient(options: RevgraphClientOptions): RevgraphClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async request(document, ...[variables]) {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        ...options.headers,
      };
      const token = typeof options.token === 'function' ? options.token() : options.token;
      if (token) {
        headers.Authorization = `Bearer ${token}`;
      }
      const hash = documentHash(document);
      const send = async (byHash: boolean) => {
        const request = byHash
          ? { variables: variables ?? {}, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }
          : { query: document.toString(), variables: variables ?? {} };
        const response = await doFetch(options.endpoint, { method: 'POST', headers, body: JSON.stringify(request) });
        let body: { data?: unknown; errors?: GraphQLErrorEntry[] } | undefined;
        try {
          body = (await response.json()) as typeof body;
        } catch {
          body = undefined;
        }
        return { response, body };
      };
      const byHash = options.trustedDocuments !== false && hash !== undefined;
      let { response, body } = await send(byHash);
      if (byHash && body?.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) {
        ({ response, body } = await send(false));
      }
      const errors = body?.errors ?? [];
      if (!response.ok || errors.length > 0 || body?.data == null) {
        const detail = errors.length > 0 ? errors.map((e) => e.message).join('; ') : `HTTP ${response.status}`;
        throw new RevgraphError(`Revgraph request failed: ${detail}`, response.status, errors);
      }
      return body.data as never;
    },
    subscribe(document, handlers, variables) {
      const Socket = options.WebSocket ?? globalThis.WebSocket;
      const socket = new Socket(webSocketUrl(options), 'graphql-transport-ws');
      // the text, always: the WebSocket transport requires a query in each subscribe message
      const payload = { query: document.toString(), variables: variables ?? {} };
      let done = false;
      const finish = (error?: RevgraphError) => {
        if (done) return;
        done = true;
        if (error) handlers.error?.(error);
        else handlers.complete?.();
        socket.close(1000);
      };
      socket.onopen = () => {
        const token = typeof options.token === 'function' ? options.token() : options.token;
        socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { Authorization: `Bearer ${token}` } : {} }));
      };
      socket.onmessage = (event: MessageEvent) => {
        const message = JSON.parse(String(event.data)) as { type: string; id?: string; payload?: unknown };
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        } else if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        } else if (message.type === 'next') {
          const result = message.payload as { data?: TResultOf<typeof handlers>; errors?: GraphQLErrorEntry[] };
          if (result.errors?.length) {
            finish(new RevgraphError(`Revgraph subscription failed: ${result.errors.map((e) => e.message).join('; ')}`, 0, result.errors));
          } else if (result.data != null) {
            handlers.next(result.data as never);
          }
        } else if (message.type === 'error') {
          const errors = (message.payload as GraphQLErrorEntry[]) ?? [];
          finish(new RevgraphError(`Revgraph subscription failed: ${errors.map((e) => e.message).join('; ')}`, 0, errors));
        } else if (message.type === 'complete') {
          finish();
        }
      };
      socket.onclose = (event: CloseEvent) => {
        if (!done) finish(event.code === 1000 ? undefined : new RevgraphError(`Revgraph subscription closed: ${event.code} ${event.reason}`, 0));
      };
      return () => {
        if (!done && socket.readyState === Socket.OPEN) socket.send(JSON.stringify({ id: '1', type: 'complete' }));
        done = true;
        socket.close(1000);
      };
    },
  };
}

type TResultOf<H> = H extends SubscriptionHandlers<infer R> ? R : never;

/** The subscriptions' WebSocket URL: `webSocketEndpoint`, or the endpoint's with `ws(s):` and `-ws`. */
export function webSocketUrl(options: Pick<RevgraphClientOptions, 'endpoint' | 'webSocketEndpoint'>): string {
  if (options.webSocketEndpoint) return options.webSocketEndpoint;
  const base = typeof location === 'undefined' ? undefined : location.href;
  const url = new URL(options.endpoint, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}-ws`;
  return url.toString();
}
