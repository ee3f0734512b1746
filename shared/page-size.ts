/** Page sizes of every paged list (no decorators here: the gateway imports this without type-graphql). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
