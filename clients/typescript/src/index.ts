export * from './client';
export * from './gql/graphql';
