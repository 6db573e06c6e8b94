import { z } from 'zod';
import { identifierSchema, qualifiedTableSchema } from './schema';

/** What "Change schema" takes: the SQL, and the tables to add to publications once it has run. */
export const schemaChangeRequestSchema = z.strictObject({
  sql: z.string('must be the SQL to run, as text').max(100_000, 'at most 100,000 characters').refine((v) => v.trim() !== '', 'the SQL is empty: write the statements to run'),
  publish: z
    .array(
      z.strictObject({
        publication: identifierSchema,
        tables: z.array(z.union([identifierSchema, qualifiedTableSchema], { error: 'must be a table as schema.name (or a name in public)' })).min(1, 'name at least one table').max(100),
      }),
    )
    .max(50)
    .optional(),
});

export type SchemaChangeRequest = z.infer<typeof schemaChangeRequestSchema>;
