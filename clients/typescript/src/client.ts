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
      const response = await doFetch(options.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      });
      let body: { data?: unknown; errors?: GraphQLErrorEntry[] } | undefined;
      try {
        body = (await response.json()) as typeof body;
      } catch {
        body = undefined;
      }
      const errors = body?.errors ?? [];
      if (!response.ok || errors.length > 0 || body?.data == null) {
        const detail = errors.length > 0 ? errors.map((e) => e.message).join('; ') : `HTTP ${response.status}`;
        throw new RevgraphError(`Revgraph request failed: ${detail}`, response.status, errors);
      }
      return body.data as never;
    },
  };
}
