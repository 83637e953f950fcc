/** A node-postgres client or pool (the verify command runs outside Prisma, on one connection). */
export type Queryable = {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
};
