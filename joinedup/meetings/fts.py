"""Full-text search storage for decisions of joint bodies, on each database.

A decision is found by its agenda item's title (weight A), its resolution (B) and the item's
summary (C). Two of the three live on the agenda item, so the triggers watch both tables.

PostgreSQL: `meetings_decision.search_vector` (a tsvector, English) is computed by a trigger
when a decision is inserted or updated (looking up its item's title and summary), and
recomputed by a trigger on the agenda item when the item's title or summary changes; it is
indexed with GIN.

SQLite: an FTS5 table holding its own copy of the three texts (rowid = the decision's id): the
texts come from two tables, so it cannot be an external-content table over either, and a copy
means a row can always be deleted by its rowid. Triggers on both tables keep it up to date.
Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers, so
`ensure()` runs after every migrate and puts back whatever is missing, rebuilding the index if
any trigger had gone (which also fills it from existing decisions the first time).
"""

from joinedup.fulltext import Index

FTS_TABLE = "meetings_decision_fts"

SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS meetings_decision_fts USING fts5(
    title, outcome, description, tokenize='porter unicode61'
)"""
SQLITE_REBUILD = [
    "DELETE FROM meetings_decision_fts",
    """
INSERT INTO meetings_decision_fts(rowid, title, outcome, description)
SELECT d.id, i.title, d.outcome, i.description
FROM meetings_decision d JOIN meetings_agendaitem i ON i.id = d.item_id""",
]
SQLITE_TRIGGERS = {
    "meetings_decision_fts_insert": """
CREATE TRIGGER IF NOT EXISTS meetings_decision_fts_insert AFTER INSERT ON meetings_decision
BEGIN
    INSERT INTO meetings_decision_fts(rowid, title, outcome, description)
    SELECT new.id, i.title, new.outcome, i.description
    FROM meetings_agendaitem i WHERE i.id = new.item_id;
END""",
    "meetings_decision_fts_delete": """
CREATE TRIGGER IF NOT EXISTS meetings_decision_fts_delete AFTER DELETE ON meetings_decision
BEGIN
    DELETE FROM meetings_decision_fts WHERE rowid = old.id;
END""",
    "meetings_decision_fts_update": """
CREATE TRIGGER IF NOT EXISTS meetings_decision_fts_update
AFTER UPDATE OF outcome, item_id ON meetings_decision
WHEN old.outcome IS NOT new.outcome OR old.item_id IS NOT new.item_id
BEGIN
    DELETE FROM meetings_decision_fts WHERE rowid = old.id;
    INSERT INTO meetings_decision_fts(rowid, title, outcome, description)
    SELECT new.id, i.title, new.outcome, i.description
    FROM meetings_agendaitem i WHERE i.id = new.item_id;
END""",
    "meetings_agendaitem_fts_update": """
CREATE TRIGGER IF NOT EXISTS meetings_agendaitem_fts_update
AFTER UPDATE OF title, description ON meetings_agendaitem
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
BEGIN
    UPDATE meetings_decision_fts SET title = new.title, description = new.description
    WHERE rowid IN (SELECT id FROM meetings_decision WHERE item_id = new.id);
END""",
}

POSTGRES_TRIGGERS = ("meetings_decision_search_vector", "meetings_agendaitem_search_vector")
POSTGRES = [
    """
CREATE OR REPLACE FUNCTION meetings_decision_search_vector(title text, outcome text,
    description text) RETURNS tsvector AS $$
    SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(outcome, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(description, '')), 'C')
$$ LANGUAGE sql IMMUTABLE""",
    """
CREATE OR REPLACE FUNCTION meetings_decision_search_vector_update() RETURNS trigger AS $$
BEGIN
    SELECT meetings_decision_search_vector(i.title, NEW.outcome, i.description)
    INTO NEW.search_vector
    FROM meetings_agendaitem i WHERE i.id = NEW.item_id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS meetings_decision_search_vector ON meetings_decision",
    """
CREATE TRIGGER meetings_decision_search_vector BEFORE INSERT OR UPDATE ON meetings_decision
FOR EACH ROW EXECUTE FUNCTION meetings_decision_search_vector_update()""",
    """
CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector_update() RETURNS trigger AS $$
BEGIN
    UPDATE meetings_decision
    SET search_vector = meetings_decision_search_vector(NEW.title, outcome, NEW.description)
    WHERE item_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON meetings_agendaitem",
    """
CREATE TRIGGER meetings_agendaitem_search_vector
AFTER UPDATE OF title, description ON meetings_agendaitem
FOR EACH ROW
WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
EXECUTE FUNCTION meetings_agendaitem_search_vector_update()""",
    "UPDATE meetings_decision SET outcome = outcome",
    """CREATE INDEX IF NOT EXISTS meetings_decision_search_gin ON meetings_decision
USING gin (search_vector)""",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS meetings_decision_search_gin",
    "DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON meetings_agendaitem",
    "DROP TRIGGER IF EXISTS meetings_decision_search_vector ON meetings_decision",
    "DROP FUNCTION IF EXISTS meetings_agendaitem_search_vector_update()",
    "DROP FUNCTION IF EXISTS meetings_decision_search_vector_update()",
    "DROP FUNCTION IF EXISTS meetings_decision_search_vector(text, text, text)",
]


INDEX = Index(
    fts_table=FTS_TABLE,
    sqlite_table=SQLITE_TABLE,
    sqlite_triggers=SQLITE_TRIGGERS,
    sqlite_rebuild=tuple(SQLITE_REBUILD),
    postgres=tuple(POSTGRES),
    postgres_triggers=POSTGRES_TRIGGERS,
    postgres_reverse=tuple(POSTGRES_REVERSE),
)
ensure, drop = INDEX.ensure, INDEX.drop
