import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, listOf, show } from './format';

/** The three ways to publish a table without a primary key, with what each costs. */
export const IDENTITY_CHOICES =
  'replicaIdentity { "<table>": "full" } (every UPDATE/DELETE logs the whole old row, so WAL grows, and each subscriber finds the row by scanning the table unless it has an index to use: slow on big tables), replicaIdentity { "<table>": { "index": "<unique index>" } } (as cheap as a key; the index must be unique on NOT NULL columns), or publish: ["insert"] (insert-only: UPDATE and DELETE are then not replicated at all)';

/** Unique table and column names, and a primary key on every published table. */
export const checkTables: Rule = (t) => {
  const issues: ValidationIssue[] = [];
  const firstTable = new Map<string, number>();
  // Publications that publish UPDATE or DELETE of a table without naming its replica identity.
  const publishers = new Map<string, string[]>();
  for (const pub of t.publications) {
    if (pub.name === undefined) continue;
    if (pub.publish && !pub.publish.some((op) => op === 'update' || op === 'delete')) continue;
    for (const table of pub.tables) {
      if (pub.identityTables.includes(table.value)) continue;
      publishers.set(table.value, [...(publishers.get(table.value) ?? []), pub.name]);
    }
  }

  for (const table of t.tables) {
    if (table.name !== undefined) {
      const first = firstTable.get(table.name);
      if (first === undefined) firstTable.set(table.name, table.at);
      else
        issues.push(
          issue(
            ['tables', table.at, 'name'],
            `table ${show(table.name)} is already defined at tables.${first}; give each table its own name`,
          ),
        );
    }
    if (table.columns === undefined) continue;

    const firstColumn = new Map<string, number>();
    for (const column of table.columns) {
      if (column.name === undefined) continue;
      const first = firstColumn.get(column.name);
      if (first === undefined) firstColumn.set(column.name, column.at);
      else
        issues.push(
          issue(
            ['tables', table.at, 'columns', column.at, 'name'],
            `column ${show(column.name)} is already defined at columns.${first}; give each column its own name`,
          ),
        );
    }

    const pubs = table.name === undefined ? undefined : publishers.get(table.name);
    if (pubs && table.columns.length > 0 && !table.columns.some((c) => c.primaryKey)) {
      issues.push(
        issue(
          ['tables', table.at, 'columns'],
          `table ${show(table.name ?? '')} is published in ${listOf(new Set(pubs))} but has no primary key column: logical replication of UPDATE/DELETE needs a primary key or replica identity; mark a column primaryKey: true, or choose in the publication: ${IDENTITY_CHOICES}`,
        ),
      );
    }
  }
  return issues;
};
