"""Every Cypher statement the stores send, in one place.

Values are always parameters. Labels and relationship types are spliced in
only from kg.schema, never from input text. The same text runs on Neo4j and on
FalkorDB; the one dialect difference (schema statements) is in `schema_statements`.
"""

from __future__ import annotations

from kg.schema import ENTITY_LABELS, STORED_TYPES

# Union of a stored list and new items without duplicates, in Cypher both engines accept. `old` is
# a variable that a WITH bound once to the stored list (`coalesce(r.sources, []) AS sources`): with
# the property read inside the comprehension, Neo4j read the stored list again for every new item,
# which made a chunk's update of relationships with ~900 sources 3-4x slower (bench/README.md).
_UNION = "{old} + [x IN {new} WHERE NOT x IN {old}]"


def _union(old: str, new: str) -> str:
    return _UNION.format(old=old, new=new)


WRITE_ARTICLES = """\
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row.props"""


def write_entities(label: str) -> str:
    assert label in ENTITY_LABELS, label
    # The name first stored stays the name; another name of the same node (an event written two
    # ways in two articles) joins its aliases, as in kg.graph.
    return f"""\
UNWIND $rows AS row
MERGE (n:Entity:{label} {{id: row.id}})
WITH row, n, coalesce(n.name, row.props.name) AS name,
     coalesce(n.aliases, []) + [row.props.name] + row.aliases AS names
SET n += row.props, n.name = name,
    n.aliases = reduce(acc = [], a IN names | CASE WHEN a = name OR a IN acc THEN acc ELSE acc + a END)"""


WRITE_MENTIONS = """\
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (e:Entity {id: row.entity})
MERGE (a)-[m:MENTIONS]->(e)
SET m.count = row.count"""

# Recomputed from the MENTIONS of every article, so a re-run never double counts.
UPDATE_ENTITY_STATS = """\
UNWIND $ids AS id
MATCH (e:Entity {id: id})<-[m:MENTIONS]-(a:Article)
WITH e, toInteger(sum(m.count)) AS mentions, min(a.published) AS first, max(a.published) AS last
SET e.mention_count = mentions, e.first_seen = first, e.last_seen = last"""


def write_relations(rel_type: str) -> str:
    assert rel_type in STORED_TYPES, rel_type
    return f"""\
UNWIND $rows AS row
MATCH (s:Entity {{id: row.source}})
MATCH (t:Entity {{id: row.target}})
MERGE (s)-[r:{rel_type} {{key: row.key}}]->(t)
WITH row, r, coalesce(r.sources, []) AS sources, coalesce(r.evidence, []) AS evidence
SET r += row.props,
    r.sources = {_union("sources", "row.sources")},
    r.evidence = {_union("evidence", "row.evidence")},
    r.first_seen = CASE WHEN row.first_seen IS NULL THEN r.first_seen
                        WHEN r.first_seen IS NULL OR row.first_seen < r.first_seen THEN row.first_seen
                        ELSE r.first_seen END,
    r.last_seen = CASE WHEN row.last_seen IS NULL THEN r.last_seen
                       WHEN r.last_seen IS NULL OR row.last_seen > r.last_seen THEN row.last_seen
                       ELSE r.last_seen END"""


COUNT_LABELS = """\
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label"""

COUNT_RELATIONSHIPS = """\
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type"""

READ_NODES = """\
MATCH (n)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id
SKIP $skip LIMIT $limit"""

READ_RELATIONSHIPS = """\
MATCH (s)-[r]->(t)
RETURN s.id AS source, type(r) AS type, t.id AS target, properties(r) AS props
ORDER BY source, type, target, r.key
SKIP $skip LIMIT $limit"""

# The id schemes of the stored articles (kg.schema.ID_SCHEME); articles written before it was recorded are 1.
READ_ID_SCHEMES = """\
MATCH (a:Article)
RETURN DISTINCT coalesce(a.id_scheme, 1) AS scheme"""

DELETE_ALL = """\
MATCH (n)
DETACH DELETE n"""

# Neo4j: the same in transactions of RESET_BATCH nodes, so that a large graph does not have to fit
# in one transaction's memory. Needs an implicit (auto-commit) transaction: Neo4jStore.reset.
RESET_BATCH = 10_000
DELETE_ALL_IN_BATCHES = f"""\
MATCH (n)
CALL (n) {{
  DETACH DELETE n
}} IN TRANSACTIONS OF {RESET_BATCH} ROWS"""


FULLTEXT_INDEX = "entity_names"


def schema_statements(dialect: str) -> list[str]:
    """Uniqueness of ids, an index on names and a full-text index over them, in each engine's syntax."""
    labels = ("Entity", "Article", *ENTITY_LABELS)
    if dialect == "neo4j":
        return [
            *(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
              for label in labels),
            *(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
              for label in ENTITY_LABELS),
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.name_en]",
        ]
    # FalkorDB: exact-match indexes (MERGE needs them to be fast) and its full-text procedure;
    # uniqueness constraints are a Redis command there, sent by FalkorStore.
    return [
        *(f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in labels),
        *(f"CREATE INDEX FOR (n:{label}) ON (n.name)" for label in ENTITY_LABELS),
        "CALL db.idx.fulltext.createNodeIndex('Entity', 'name', 'name_en')",
    ]


def all_statements() -> list[str]:
    """Every statement the code can send, for linting with Neo4j's parser."""
    return [
        WRITE_ARTICLES, WRITE_MENTIONS, UPDATE_ENTITY_STATS, COUNT_LABELS, COUNT_RELATIONSHIPS,
        READ_NODES, READ_RELATIONSHIPS, READ_ID_SCHEMES, DELETE_ALL, DELETE_ALL_IN_BATCHES,
        *(write_entities(label) for label in ENTITY_LABELS),
        *(write_relations(t) for t in STORED_TYPES),
        *schema_statements("neo4j"),
    ]
