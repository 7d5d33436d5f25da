#!/usr/bin/env node
// Offline Neo4j 5 Cypher linter for tietrace.
//
// Usage: node lint.mjs [input.json | -]      (stdin when the argument is "-" or absent)
//
// Input:  {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//          "queries": [{"name": "...", "text": "..."}, ...]}
// Output: one line per diagnostic "<name>:<line>:<col>: <Error|Warning>: <message>"
//         then "cypher-lint: N queries, E errors, W warnings".
// Exit:   0 = no errors (warnings allowed), 1 = at least one Error, 2 = malformed input / usage.
//
// Diagnostics come from @neo4j-cypher/language-support (Neo4j's own parser and semantic
// analysis). "Parameter $x is not defined." diagnostics are dropped: parameters are
// supplied at run time.

import { readFileSync } from 'node:fs';
import { lintCypherQuery, isNotParamError, testData } from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5';
// vscode-languageserver-types DiagnosticSeverity: 1 = Error, 2 = Warning, 3 = Information, 4 = Hint
const SEVERITY_NAMES = { 1: 'Error', 2: 'Warning', 3: 'Information', 4: 'Hint' };

function fail(message) {
  process.stderr.write(`cypher-lint: malformed input: ${message}\n`);
  process.exit(2);
}

function readInput(arg) {
  try {
    if (arg === undefined || arg === '-') return readFileSync(0, 'utf8');
    return readFileSync(arg, 'utf8');
  } catch (err) {
    fail(`cannot read ${arg === undefined || arg === '-' ? 'stdin' : arg}: ${err.message}`);
  }
}

function isStringArray(value) {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function parseInput(raw) {
  let doc;
  try {
    doc = JSON.parse(raw);
  } catch (err) {
    fail(`not valid JSON: ${err.message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    fail('top level must be a JSON object with keys "schema" and "queries"');
  }
  const { schema, queries } = doc;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    fail('missing or non-object "schema"');
  }
  for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
    if (!(key in schema)) fail(`missing "schema.${key}"`);
    if (!isStringArray(schema[key])) fail(`"schema.${key}" must be an array of strings`);
  }
  if (!Array.isArray(queries)) fail('missing or non-array "queries"');
  queries.forEach((q, i) => {
    if (q === null || typeof q !== 'object' || Array.isArray(q)) fail(`queries[${i}] must be an object`);
    if (typeof q.name !== 'string' || q.name.length === 0) fail(`queries[${i}].name must be a non-empty string`);
    if (typeof q.text !== 'string') fail(`queries[${i}].text must be a string`);
  });
  return { schema, queries };
}

function main() {
  const { schema, queries } = parseInput(readInput(process.argv[2]));

  const dbSchema = {
    labels: schema.labels,
    relationshipTypes: schema.relationshipTypes,
    propertyKeys: schema.propertyKeys,
    // Built-in Neo4j 5 functions/procedures, keyed by Cypher version ({'CYPHER 5': {...}, 'CYPHER 25': {...}}).
    functions: testData.mockSchema.functions,
    procedures: testData.mockSchema.procedures,
    defaultLanguage: CYPHER_VERSION,
  };

  let errors = 0;
  let warnings = 0;
  const out = [];

  for (const { name, text } of queries) {
    if (text.trim() === '') {
      // lintCypherQuery returns nothing for an empty string; an empty query is a bug for us.
      errors += 1;
      out.push(`${name}:1:1: Error: empty query text`);
      continue;
    }
    let diagnostics;
    try {
      // consoleCommandsEnabled: false -> ":param"/":use" lines are Cypher syntax errors,
      // as they would be when the text is sent through a driver.
      ({ diagnostics } = lintCypherQuery(text, dbSchema, { consoleCommandsEnabled: false }));
    } catch (err) {
      errors += 1;
      out.push(`${name}:1:1: Error: internal linter failure: ${err && err.message ? err.message : err}`);
      continue;
    }
    for (const d of diagnostics) {
      if (!isNotParamError(d)) continue; // "Parameter $x is not defined." -> runtime parameters
      const severity = SEVERITY_NAMES[d.severity] ?? 'Error';
      if (severity === 'Error') errors += 1;
      else if (severity === 'Warning') warnings += 1;
      const line = Math.max(0, d.range?.start?.line ?? 0) + 1;
      const col = Math.max(0, d.range?.start?.character ?? 0) + 1;
      const message = String(d.message).replace(/\s*\r?\n\s*/g, ' ').trim();
      out.push(`${name}:${line}:${col}: ${severity}: ${message}`);
    }
  }

  out.push(`cypher-lint: ${queries.length} queries, ${errors} errors, ${warnings} warnings`);
  process.stdout.write(out.join('\n') + '\n');
  process.exitCode = errors > 0 ? 1 : 0;
}

main();
