import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, listOf, show } from './format';

/** Unique table and column names, and a primary key on every published table. */
export const checkTables: Rule = (t) => {
  const issues: ValidationIssue[] = [];
  const firstTable = new Map<string, number>();
  const publishers = new Map<string, string[]>();
  for (const pub of t.publications) {
    if (pub.name === undefined) continue;
    for (const table of pub.tables)
      publishers.set(table.value, [...(publishers.get(table.value) ?? []), pub.name]);
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
          `table ${show(table.name ?? '')} is published in ${listOf(new Set(pubs))} but has no primary key column: logical replication of UPDATE/DELETE needs a primary key or replica identity; mark a column primaryKey: true`,
        ),
      );
    }
  }
  return issues;
};
