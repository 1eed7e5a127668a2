// Lint Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
//
//   node lint.mjs ['{"labels": [...], "relationshipTypes": [...]}'] < statements.json
//
// stdin:  [{"name": str, "query": str, "params": {...}}, ...]
// stdout: [{"name": str, "diagnostics": [{"message", "severity", "line", "column"}]}, ...]
// severity is "error", "warning", "information" or "hint"; line and column count from 1.
// The optional argument declares the database's labels and relationship types, so that
// unknown (misspelled) ones are reported. Always exits 0 on success: the caller decides.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ESM build uses extensionless imports that Node cannot load; its CommonJS build works.
const { lintCypherQuery, testData } = createRequire(import.meta.url)('@neo4j-cypher/language-support');

// Neo4j's function and procedure signatures, from the Neo4j 5 dump the package ships, keeping only
// built-ins (no APOC or GDS: FalkorDB has neither), so that unknown functions are errors.
const builtin = (registry, keep) => Object.fromEntries(Object.entries(registry).filter(([name, v]) => keep(name, v)));
const dump = testData.mockSchema;
const functions = { 'CYPHER 5': builtin(dump.functions['CYPHER 5'], (_, f) => f.isBuiltIn) };
const procedures = { 'CYPHER 5': builtin(dump.procedures['CYPHER 5'], (name) => !/^(apoc|gds)\./.test(name)) };

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const declared = JSON.parse(process.argv[2] ?? '{}');
const statements = JSON.parse(readFileSync(0, 'utf8'));

const results = statements.map(({ name, query, params }) => {
  const schema = { ...declared, functions, procedures, defaultLanguage: 'CYPHER 5', parameters: params ?? {} };
  const diagnostics = lintCypherQuery(query, schema).map((d) => ({
    message: d.message,
    severity: SEVERITY[d.severity] ?? String(d.severity),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
  return { name, diagnostics };
});
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
