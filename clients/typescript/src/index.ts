export * from './client.js';
export * from './gql/graphql.js';
