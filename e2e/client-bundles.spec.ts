// Nothing of the database reaches the browser: no client chunk of the production build carries drizzle's code or
// the name of one of our tables. Enums that client components need live in lib/domain/enums.ts for this reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { getTableName, isTable } from 'drizzle-orm';
import * as schema from '../db/schema';

const STATIC_DIR = path.join(process.cwd(), '.next', 'static');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const tableNames = Object.values(schema)
  .filter((v) => isTable(v))
  .map((t) => getTableName(t));

test('no client chunk contains drizzle or a table name', () => {
  expect(tableNames.length, 'the schema exports its tables').toBeGreaterThan(10);
  const chunks = filesUnder(STATIC_DIR).filter((f) => f.endsWith('.js'));
  expect(chunks.length, 'the build has client chunks').toBeGreaterThan(5);
  // drizzle tags every entity with Symbol.for("drizzle:…"); its table and column builders keep these names too.
  const drizzle = /drizzle[:\-_]|sqliteTable|SQLiteTable|entityKind/;
  // A table name as a string literal: how a schema or a query would carry it. Prose such as "teams" in the UI is unquoted.
  const quotedTable = new RegExp(`["'\`](${tableNames.join('|')})["'\`]`);
  const offenders: string[] = [];
  for (const file of chunks) {
    const text = readFileSync(file, 'utf8');
    const d = drizzle.exec(text);
    if (d) offenders.push(`${path.relative(STATIC_DIR, file)}: drizzle (“…${text.slice(Math.max(0, d.index - 40), d.index + 40)}…”)`);
    const t = quotedTable.exec(text);
    if (t) offenders.push(`${path.relative(STATIC_DIR, file)}: table name ${t[0]} (“…${text.slice(Math.max(0, t.index - 40), t.index + 40)}…”)`);
  }
  console.log(`client bundles: ${chunks.length} chunks checked for drizzle and ${tableNames.length} table names`);
  expect(offenders).toEqual([]);
});
